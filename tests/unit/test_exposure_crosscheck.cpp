// SPDX-License-Identifier: GPL-3.0-or-later
// The exposure engine's spherical geometry against slower, independent answers: airports in
// random polygons against Boost.Geometry's covered_by; route crossing against points sampled
// every 2 NM along each great circle. Areas are spread over the world, a third of them over the
// antimeridian.
#include "correlate/disruption.hpp"
#include "correlate/exposure.hpp"
#include "refdata/refdata.hpp"

#define BOOST_ALLOW_DEPRECATED_HEADERS
#include <boost/geometry.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <numbers>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

using namespace aerowatch;

namespace {

namespace bg = boost::geometry;
using SpherePoint = bg::model::point<double, 2, bg::cs::spherical_equatorial<bg::degree>>;
using SpherePolygon = bg::model::polygon<SpherePoint>;

constexpr double rad = std::numbers::pi / 180;
constexpr double earth_nm = 3440.065;
const UtcTime t0{std::chrono::seconds{1763683200}}; // 2025-11-21T00:00Z

std::shared_ptr<const RefData> shipped() {
    static const auto data = RefData::load(default_data_directory());
    return data;
}

struct Vec {
    double x, y, z;
};

Vec vec(double lat, double lon) {
    return {std::cos(lat * rad) * std::cos(lon * rad), std::cos(lat * rad) * std::sin(lon * rad),
            std::sin(lat * rad)};
}

double angle(const Vec& a, const Vec& b) {
    const Vec c{a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
    return std::atan2(std::sqrt(c.x * c.x + c.y * c.y + c.z * c.z),
                      a.x * b.x + a.y * b.y + a.z * b.z);
}

Vec cross(const Vec& a, const Vec& b) {
    return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}

double dot(const Vec& a, const Vec& b) {
    return a.x * b.x + a.y * b.y + a.z * b.z;
}

/// The angular distance from c to the minor arc a-b.
double arc_distance(const Vec& c, const Vec& a, const Vec& b) {
    const Vec n = cross(a, b);
    const double len = std::sqrt(dot(n, n));
    if (len > 1e-12 && dot(cross(a, c), n) >= 0 && dot(cross(c, b), n) >= 0) {
        return std::asin(std::min(1.0, std::abs(dot(c, n)) / len));
    }
    return std::min(angle(c, a), angle(c, b));
}

/// The cap (centre, radius in radians) holding every point of `rings`.
std::pair<Vec, double> bounding_cap(const std::vector<std::vector<GeoPoint>>& rings) {
    Vec sum{0, 0, 0};
    for (const auto& ring : rings) {
        for (const GeoPoint& p : ring) {
            const Vec v = vec(p.lat, p.lon);
            sum = {sum.x + v.x, sum.y + v.y, sum.z + v.z};
        }
    }
    const double n = std::sqrt(dot(sum, sum));
    const Vec c{sum.x / n, sum.y / n, sum.z / n};
    double radius = 0;
    for (const auto& ring : rings) {
        for (const GeoPoint& p : ring) {
            radius = std::max(radius, angle(c, vec(p.lat, p.lon)));
        }
    }
    return {c, radius};
}

/// Points every `step_nm` or less along the great circle from a to b, ends included.
std::vector<GeoPoint> samples(const Airport& a, const Airport& b, double step_nm) {
    const Vec p = vec(a.lat, a.lon);
    const Vec q = vec(b.lat, b.lon);
    const double theta = angle(p, q);
    const int n = std::max(1, static_cast<int>(std::ceil(theta * earth_nm / step_nm)));
    std::vector<GeoPoint> out;
    for (int i = 0; i <= n; ++i) {
        const double t = static_cast<double>(i) / n;
        const double s = std::sin(theta);
        const double u = std::sin((1 - t) * theta) / s;
        const double v = std::sin(t * theta) / s;
        const Vec r{u * p.x + v * q.x, u * p.y + v * q.y, u * p.z + v * q.z};
        out.push_back({std::atan2(r.z, std::hypot(r.x, r.y)) / rad, std::atan2(r.y, r.x) / rad});
    }
    return out;
}

SpherePolygon boost_polygon(const std::vector<GeoPoint>& ring,
                            const std::vector<std::vector<GeoPoint>>& holes = {}) {
    SpherePolygon polygon;
    for (const GeoPoint& p : ring) {
        bg::append(polygon.outer(), SpherePoint(p.lon, p.lat));
    }
    for (const auto& hole : holes) {
        polygon.inners().emplace_back();
        for (const GeoPoint& p : hole) {
            bg::append(polygon.inners().back(), SpherePoint(p.lon, p.lat));
        }
    }
    bg::correct(polygon);
    return polygon;
}

/// Airports with an IATA code, a sample of them.
std::vector<const Airport*> airport_pool() {
    std::vector<const Airport*> pool;
    std::size_t i = 0;
    shipped()->for_each_airport([&](const Airport& a) {
        if (!a.iata.empty() && i++ % 5 == 0) {
            pool.push_back(&a);
        }
    });
    return pool;
}

/// A random irregular hexagon, closed; one in three centred on the antimeridian.
std::vector<GeoPoint> random_ring(std::mt19937& rng, const std::vector<const Airport*>& pool,
                                  int i) {
    std::uniform_real_distribution<double> u(0, 1);
    double lat = 0;
    double lon = 0;
    if (i % 3 == 0) {
        lat = -60 + 120 * u(rng);
        lon = 180 + (u(rng) - 0.5) * 4;
    } else {
        const Airport& a = *pool[rng() % pool.size()];
        lat = std::clamp(a.lat + (u(rng) - 0.5) * 6, -70.0, 70.0);
        lon = a.lon + (u(rng) - 0.5) * 6;
    }
    const double size = 0.5 + 4 * u(rng);
    std::vector<GeoPoint> ring;
    for (int k = 0; k < 6; ++k) {
        const double r = size * (0.5 + 0.5 * u(rng));
        const double a = k * std::numbers::pi / 3;
        ring.push_back({lat + r * std::sin(a),
                        std::remainder(lon + r * std::cos(a) / std::cos(lat * rad), 360.0)});
    }
    ring.push_back(ring.front());
    return ring;
}

Hazard area_hazard() {
    Hazard h;
    h.key =
        std::string("crosscheck"); // a temporary: GCC 12 misreads assigning a literal (bug 105329)
    h.valid_from = t0;
    h.valid_to = t0 + std::chrono::days{1};
    return h;
}

} // namespace

TEST_CASE("airports in polygons agree with Boost.Geometry", "[exposure]") {
    ExposureEngine engine(shipped());
    const auto pool = airport_pool();
    std::mt19937 rng(11);
    std::vector<const Airport*> all;
    shipped()->for_each_airport([&](const Airport& a) { all.push_back(&a); });
    auto check = [&](const std::vector<GeoPoint>& ring) {
        Hazard h = area_hazard();
        h.geometry.type = Geometry::Type::polygon;
        h.geometry.rings = {ring};
        const SpherePolygon polygon = boost_polygon(ring);
        std::vector<std::string> expected;
        for (const Airport* a : all) {
            if (bg::covered_by(SpherePoint(a->lon, a->lat), polygon)) {
                expected.push_back(a->icao);
            }
        }
        std::sort(expected.begin(), expected.end());
        expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
        CHECK(engine.footprint(h).airports == expected);
    };
    int nonempty = 0;
    for (int i = 0; i < 40; ++i) {
        const auto ring = random_ring(rng, pool, i);
        check(ring);
        Hazard h = area_hazard();
        h.geometry.type = Geometry::Type::polygon;
        h.geometry.rings = {ring};
        nonempty += !engine.footprint(h).airports.empty();
    }
    CHECK(nonempty > 10); // the comparison is not only of empty sets
    // Wider than a quarter circle from its centre: the engine hands these to Boost itself.
    check({{-60, -100}, {-60, 100}, {60, 100}, {60, -100}, {-60, -100}});
}

TEST_CASE("route crossing agrees with sampling the great circles", "[exposure]") {
    const auto pool = airport_pool();
    std::mt19937 rng(17);
    std::vector<FlightRecord> flights;
    for (int i = 0; i < 800; ++i) {
        FlightRecord f;
        f.id = i;
        f.origin = pool[rng() % pool.size()]->icao;
        f.destination = pool[rng() % pool.size()]->icao;
        f.scheduled_departure = t0 + std::chrono::hours{2};
        f.scheduled_arrival = t0 + std::chrono::hours{12};
        flights.push_back(f);
    }
    ExposureEngine engine(shipped());
    engine.set_flights(flights);

    // `inside(p)` decides a sampled point; `skip(a, b)` is true for flights the comparison
    // leaves out (too close to call at the sampling step, or a gap the engine documents). Only
    // routes that come into the area's bounding cap are sampled, and only there.
    auto compare = [&](const Hazard& h, std::pair<Vec, double> cap, auto inside, auto skip) {
        const auto [centre, radius] = cap;
        const auto fp = engine.footprint(h);
        std::set<std::int64_t> got;
        for (const auto& e : engine.exposed(h, fp, t0, true)) {
            if (e.via == ExposureVia::route) {
                got.insert(e.flight->id);
            }
        }
        std::set<std::int64_t> expected;
        std::size_t compared = 0;
        for (const auto& f : flights) {
            const Airport& a = **shipped()->airport(f.origin);
            const Airport& b = **shipped()->airport(f.destination);
            if (f.origin == f.destination ||
                std::binary_search(fp.airports.begin(), fp.airports.end(), f.origin) ||
                std::binary_search(fp.airports.begin(), fp.airports.end(), f.destination)) {
                CHECK(got.count(f.id) == 0);
                continue;
            }
            if (skip(a, b)) {
                got.erase(f.id);
                continue;
            }
            ++compared;
            if (arc_distance(centre, vec(a.lat, a.lon), vec(b.lat, b.lon)) > radius) {
                continue;
            }
            const auto points = samples(a, b, 2);
            if (std::any_of(points.begin(), points.end(), [&](const GeoPoint& p) {
                    return angle(centre, vec(p.lat, p.lon)) <= radius && inside(p);
                })) {
                expected.insert(f.id);
            }
        }
        std::vector<std::int64_t> missed;
        std::set_difference(expected.begin(), expected.end(), got.begin(), got.end(),
                            std::back_inserter(missed));
        std::vector<std::int64_t> extra;
        std::set_difference(got.begin(), got.end(), expected.begin(), expected.end(),
                            std::back_inserter(extra));
        INFO("expected " << expected.size() << ", got " << got.size() << " of " << compared);
        CHECK(missed.empty());
        // A corner clipped between two samples 2 NM apart is a crossing the sampling misses.
        CHECK(extra.size() <= std::max<std::size_t>(1, expected.size() / 50));
        return expected.size();
    };

    std::size_t crossings = 0;
    for (int i = 0; i < 24; ++i) {
        Hazard h = area_hazard();
        h.geometry.type = Geometry::Type::polygon;
        h.geometry.rings = {random_ring(rng, pool, i)};
        const SpherePolygon polygon = boost_polygon(h.geometry.rings.front());
        crossings += compare(
            h, bounding_cap(h.geometry.rings),
            [&](const GeoPoint& p) { return bg::covered_by(SpherePoint(p.lon, p.lat), polygon); },
            [](const Airport&, const Airport&) { return false; });
    }
    for (int i = 0; i < 24; ++i) {
        const auto ring = random_ring(rng, pool, i); // only for a centre
        Hazard h = area_hazard();
        h.geometry.type = Geometry::Type::circle;
        h.geometry.center = ring.front();
        h.geometry.radius_nm = 20 + 280 * (rng() % 1000) / 1000.0;
        const Vec c = vec(h.geometry.center.lat, h.geometry.center.lon);
        const double r = h.geometry.radius_nm;
        auto distance = [&](const GeoPoint& p) {
            return angle(c, vec(p.lat, p.lon)) * earth_nm;
        };
        crossings += compare(
            h, {c, r / earth_nm}, [&](const GeoPoint& p) { return distance(p) <= r; },
            [&](const Airport& a, const Airport& b) {
                // Samples 2 NM apart come within 1 NM of every point of the arc.
                const double closest = arc_distance(c, vec(a.lat, a.lon), vec(b.lat, b.lon));
                return std::abs(closest * earth_nm - r) < 1;
            });
    }
    for (const char* fir : {"SVZM", "NFFF", "PAZA", "UHMM"}) {
        Hazard h = area_hazard();
        h.firs = {fir};
        std::vector<SpherePolygon> polygons;
        std::vector<std::vector<GeoPoint>> outers;
        for (const auto& part : shipped()->fir_boundary(fir)) {
            polygons.push_back(boost_polygon(part.outer, part.holes));
            outers.push_back(part.outer);
        }
        REQUIRE_FALSE(polygons.empty());
        auto inside = [&](const GeoPoint& p) {
            return std::any_of(polygons.begin(), polygons.end(), [&](const SpherePolygon& poly) {
                return bg::covered_by(SpherePoint(p.lon, p.lat), poly);
            });
        };
        // An end inside the boundary whose airport the reference data files under another FIR
        // (VATSpy's curated list beside its polygons) is not compared: see exposure.hpp.
        crossings +=
            compare(h, bounding_cap(outers), inside, [&](const Airport& a, const Airport& b) {
                return inside({a.lat, a.lon}) || inside({b.lat, b.lon});
            });
    }
    CHECK(crossings > 100);
}

namespace {

/// Flights over four days between airports of the pool, of every length, some without an
/// arrival.
std::vector<FlightRecord> random_flights(std::mt19937& rng, const std::vector<const Airport*>& pool,
                                         int count, std::int64_t first_id) {
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<FlightRecord> flights;
    for (int i = 0; i < count; ++i) {
        FlightRecord f;
        f.id = first_id + i;
        f.origin = pool[rng() % pool.size()]->icao;
        f.destination = pool[rng() % pool.size()]->icao;
        f.scheduled_departure = t0 + std::chrono::seconds{static_cast<long>(u(rng) * 4 * 86400)};
        if (u(rng) < 0.8) {
            f.scheduled_arrival =
                f.scheduled_departure + std::chrono::seconds{static_cast<long>(u(rng) * 50000)};
        }
        flights.push_back(f);
    }
    return flights;
}

/// Hazards of every kind (circle, polygon, FIR only, FIR and airport, high above the airports,
/// permanent) with validities that start before, inside and after the days of the flights.
std::vector<Hazard> mixed_hazards(std::mt19937& rng, const std::vector<const Airport*>& pool) {
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<Hazard> hazards;
    for (int i = 0; i < 60; ++i) {
        Hazard h = area_hazard();
        const Airport& a = *pool[rng() % pool.size()];
        switch (i % 5) {
        case 0:
            h.geometry.type = Geometry::Type::circle;
            h.geometry.center = {a.lat, a.lon};
            h.geometry.radius_nm = 5 + 300 * u(rng);
            break;
        case 1:
            h.geometry.type = Geometry::Type::polygon;
            h.geometry.rings = {random_ring(rng, pool, i)};
            break;
        case 2:
            h.firs = {a.fir};
            break;
        case 3:
            h.firs = {a.fir};
            h.airports = {a.icao};
            break;
        default:
            h.firs = {a.fir};
            h.lower_ft = 30000; // above the airports: routes from them count
            break;
        }
        h.valid_from = t0 + std::chrono::seconds{static_cast<long>((u(rng) * 5 - 0.5) * 86400)};
        h.valid_to = *h.valid_from + std::chrono::seconds{static_cast<long>(u(rng) * 2 * 86400)};
        h.permanent = i % 7 == 0;
        hazards.push_back(std::move(h));
    }
    return hazards;
}

using ExposureKey = std::tuple<std::int64_t, std::string, int, std::int64_t, int>;

/// An answer as a sorted list: (flight, airport, via, at, flight state).
std::vector<ExposureKey> exposure_keys(const std::vector<ExposedFlight>& found) {
    std::vector<ExposureKey> out;
    for (const auto& e : found) {
        out.emplace_back(e.flight->id, std::string(e.airport), static_cast<int>(e.via),
                         e.at.time_since_epoch().count(), static_cast<int>(e.flight->state));
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

TEST_CASE("a window on `at` equals filtering the full answer", "[exposure]") {
    const auto pool = airport_pool();
    std::mt19937 rng(29);
    ExposureEngine engine(shipped());
    engine.set_flights(random_flights(rng, pool, 3000, 0));
    const auto hazards = mixed_hazards(rng, pool);
    const UtcTime now = t0 + std::chrono::days{2};
    std::size_t compared = 0;
    std::size_t via_route = 0;
    for (const Hazard& h : hazards) {
        const auto fp = engine.footprint(h);
        for (const bool route : {false, true}) {
            const auto all = engine.exposed(h, fp, now, route);
            for (const auto window : {std::chrono::hours{6}, std::chrono::hours{30}}) {
                const TimeRange only{now - window, now + window / 2};
                std::vector<ExposedFlight> expected;
                std::copy_if(
                    all.begin(), all.end(), std::back_inserter(expected),
                    [&](const ExposedFlight& e) { return e.at >= only.from && e.at < only.to; });
                const auto got = engine.exposed(h, fp, now, route, only);
                CHECK(exposure_keys(got) == exposure_keys(expected));
                compared += expected.size();
                via_route += static_cast<std::size_t>(
                    std::count_if(expected.begin(), expected.end(), [](const ExposedFlight& e) {
                        return e.via == ExposureVia::route;
                    }));
            }
        }
        CHECK(engine.exposed(h, fp, now, true, TimeRange{now, now}).empty());
    }
    CHECK(compared > 500); // the comparison is not only of empty answers
    CHECK(via_route > 100);
}

TEST_CASE("for_each_exposed hands over what exposed returns, in its order", "[exposure]") {
    const auto pool = airport_pool();
    std::mt19937 rng(31);
    ExposureEngine engine(shipped());
    engine.set_flights(random_flights(rng, pool, 3000, 0));
    const auto hazards = mixed_hazards(rng, pool);
    const UtcTime now = t0 + std::chrono::days{2};
    std::size_t compared = 0;
    std::size_t via_route = 0;
    for (const Hazard& h : hazards) {
        const auto fp = engine.footprint(h);
        for (const bool route : {false, true}) {
            for (const std::optional<TimeRange> only :
                 {std::optional<TimeRange>{},
                  std::optional<TimeRange>{TimeRange{now - std::chrono::hours{30}, now}}}) {
                const auto expected = engine.exposed(h, fp, now, route, only);
                std::vector<ExposedFlight> got;
                engine.for_each_exposed(h, fp, now, route, only,
                                        [&](const ExposedFlight& e) { got.push_back(e); });
                REQUIRE(got.size() == expected.size());
                for (std::size_t i = 0; i < got.size(); ++i) {
                    CHECK(got[i].flight == expected[i].flight);
                    CHECK(got[i].airport == expected[i].airport);
                    CHECK(got[i].via == expected[i].via);
                    CHECK(got[i].at == expected[i].at);
                    via_route += got[i].via == ExposureVia::route;
                }
                compared += got.size();
            }
        }
    }
    CHECK(compared > 500);
    CHECK(via_route > 100);
}

TEST_CASE("a new snapshot applied as changes answers as one built afresh", "[exposure]") {
    const auto pool = airport_pool();
    std::mt19937 rng(31);
    const auto hazards = mixed_hazards(rng, pool);
    const UtcTime now = t0 + std::chrono::days{2};
    auto before = random_flights(rng, pool, 3000, 0);
    ExposureEngine kept(shipped());
    kept.set_flights(before);
    std::size_t warm = 0;
    for (const Hazard& h : hazards) { // FIR crossings worked out for the old snapshot
        warm += kept.exposed(h, kept.footprint(h), now, true).size();
    }
    CHECK(warm > 1000);
    auto compare = [&](const std::vector<FlightRecord>& snapshot) {
        kept.set_flights(snapshot);
        ExposureEngine fresh(shipped());
        fresh.set_flights(snapshot);
        CHECK(kept.flight_count() == fresh.flight_count());
        std::size_t compared = 0;
        for (const Hazard& h : hazards) {
            const auto fp = fresh.footprint(h);
            for (const bool route : {false, true}) {
                const auto expected = exposure_keys(fresh.exposed(h, fp, now, route));
                CHECK(exposure_keys(kept.exposed(h, fp, now, route)) == expected);
                compared += expected.size();
            }
        }
        CHECK(compared > 1000);
    };
    // A few flights gone, new, moved, sent elsewhere; many with a new state; one id twice
    // (the later copy wins).
    std::uniform_int_distribution<std::size_t> any(0, before.size() - 1);
    auto after = before;
    const auto extra = random_flights(rng, pool, 30, 10000);
    for (std::size_t k = 0; k < 30; ++k) {
        after[any(rng)] = extra[k];
        after[any(rng)].scheduled_departure += std::chrono::minutes{40};
        after[any(rng)].destination = pool[rng() % pool.size()]->icao;
    }
    for (std::size_t i = 0; i < after.size(); i += 3) {
        after[i].state = FlightState::cancelled;
    }
    FlightRecord twice = after[7];
    twice.state = FlightState::diverted;
    twice.scheduled_arrival = twice.scheduled_departure + std::chrono::hours{3};
    after.push_back(twice);
    compare(after);
    compare(after); // nothing changed
    // Then new flights in the slots the gone ones left, and most changed (built afresh).
    auto again = after;
    const auto more = random_flights(rng, pool, 40, 20000);
    for (std::size_t k = 0; k < more.size(); ++k) {
        again[any(rng)] = more[k];
    }
    compare(again);
    compare(random_flights(rng, pool, 2000, 30000));
}

TEST_CASE("kept route crossings of hazard areas follow every flight change", "[exposure]") {
    // Circles and polygons keep their route crossings between queries; upsert_flight() and a
    // new snapshot must leave them as an engine built afresh would find them, for windows the
    // kept lists were worked out for, later ones, and wider ones (worked out again).
    const auto pool = airport_pool();
    std::mt19937 rng(37);
    const auto hazards = mixed_hazards(rng, pool);
    const UtcTime now = t0 + std::chrono::days{2};
    const TimeRange first_window{now - std::chrono::hours{30}, now + std::chrono::hours{30}};
    const TimeRange later_window{now, now + std::chrono::hours{40}};
    std::map<std::int64_t, FlightRecord> flights;
    for (const auto& f : random_flights(rng, pool, 3000, 0)) {
        flights[f.id] = f;
    }
    auto snapshot = [&] {
        std::vector<FlightRecord> out;
        for (const auto& [id, f] : flights) {
            out.push_back(f);
        }
        return out;
    };
    ExposureEngine kept(shipped());
    kept.set_flights(snapshot());
    std::size_t warm = 0;
    for (const Hazard& h : hazards) {
        warm += kept.exposed(h, kept.footprint(h), now, true, first_window).size();
    }
    CHECK(warm > 500);

    auto compare = [&](std::initializer_list<std::optional<TimeRange>> windows) {
        ExposureEngine fresh(shipped());
        fresh.set_flights(snapshot());
        std::size_t compared = 0;
        std::size_t via_route = 0;
        for (const Hazard& h : hazards) {
            const auto fp = fresh.footprint(h);
            for (const auto& only : windows) {
                const auto expected = fresh.exposed(h, fp, now, true, only);
                CHECK(exposure_keys(kept.exposed(h, fp, now, true, only)) ==
                      exposure_keys(expected));
                compared += expected.size();
                via_route += static_cast<std::size_t>(
                    std::count_if(expected.begin(), expected.end(), [](const ExposedFlight& e) {
                        return e.via == ExposureVia::route;
                    }));
            }
        }
        CHECK(compared > 500);
        CHECK(via_route > 100);
    };

    // One at a time: moved, sent elsewhere, new, shortened.
    auto any = [&](std::mt19937& r) -> FlightRecord& {
        return std::next(flights.begin(), static_cast<long>(r() % flights.size()))->second;
    };
    const auto extra = random_flights(rng, pool, 60, 10000);
    for (std::size_t k = 0; k < 60; ++k) {
        FlightRecord& moved = any(rng);
        moved.scheduled_departure += std::chrono::minutes{90};
        kept.upsert_flight(moved);
        FlightRecord& redirected = any(rng);
        redirected.destination = pool[rng() % pool.size()]->icao;
        kept.upsert_flight(redirected);
        flights[extra[k].id] = extra[k];
        kept.upsert_flight(extra[k]);
        FlightRecord& shortened = any(rng);
        shortened.scheduled_arrival = shortened.scheduled_departure + std::chrono::minutes{20};
        kept.upsert_flight(shortened);
    }
    compare({first_window, later_window});
    compare({std::nullopt, first_window}); // wider than kept: worked out again

    // A new snapshot applied as changes, then one in which half the hazards were not asked for
    // since the one before (their kept crossings are let go) and flights moved again.
    for (std::size_t k = 0; k < 30; ++k) {
        any(rng).scheduled_departure -= std::chrono::minutes{50};
        flights.erase(any(rng).id);
    }
    kept.set_flights(snapshot());
    compare({first_window});
    for (std::size_t i = 0; i < hazards.size(); i += 2) {
        kept.exposed(hazards[i], kept.footprint(hazards[i]), now, true, later_window);
    }
    kept.set_flights(snapshot());
    for (std::size_t k = 0; k < 30; ++k) {
        any(rng).scheduled_departure += std::chrono::minutes{25};
    }
    kept.set_flights(snapshot());
    compare({later_window, first_window, std::nullopt});
}

namespace {

/// Every `cancelled`-th flight cancelled, every `diverted`-th of the others diverted, the rest
/// scheduled.
void set_states(std::vector<FlightRecord>& flights, std::size_t cancelled, std::size_t diverted) {
    for (std::size_t i = 0; i < flights.size(); ++i) {
        flights[i].state = i % cancelled == 0  ? FlightState::cancelled
                           : i % diverted == 0 ? FlightState::diverted
                                               : FlightState::scheduled;
    }
}

/// New states for every third flight, as the correlator's next snapshot brings them.
void next_states(std::vector<FlightRecord>& flights) {
    for (std::size_t i = 0; i < flights.size(); i += 3) {
        flights[i].state = flights[i].state == FlightState::scheduled ? FlightState::cancelled
                                                                      : FlightState::landed;
    }
}

/// 3000 random flights with states, the engine over them and a mix of hazards: where the
/// counting and grouping cross-checks run.
struct Scene {
    Scene(unsigned seed, std::size_t cancelled, std::size_t diverted) : rng(seed) {
        set_states(flights, cancelled, diverted);
        engine.set_flights(flights);
    }

    /// Runs `check`, then again after a new snapshot with new states and one flight (at
    /// `index`) changed alone to `state`.
    template <typename Check>
    void check_before_and_after_changes(std::size_t index, FlightState state, Check check) {
        check();
        next_states(flights);
        engine.set_flights(flights);
        flights[index].state = state;
        engine.upsert_flight(flights[index]);
        check();
    }

    // In this order: the flights and then the hazards draw from rng.
    const std::vector<const Airport*> pool = airport_pool();
    std::mt19937 rng;
    std::vector<FlightRecord> flights = random_flights(rng, pool, 3000, 0);
    ExposureEngine engine{shipped()};
    const std::vector<Hazard> hazards = mixed_hazards(rng, pool);
    const UtcTime now = t0 + std::chrono::days{2};
};

} // namespace

TEST_CASE("counting routes hands over what for_each_exposed does, routes only if notable",
          "[exposure]") {
    Scene scene(41, 4, 9);
    ExposureEngine& engine = scene.engine;
    const UtcTime now = scene.now;
    std::size_t counted = 0;
    std::size_t listed = 0;
    scene.check_before_and_after_changes(5, FlightState::diverted, [&] {
        for (const Hazard& h : scene.hazards) {
            const auto fp = engine.footprint(h);
            for (const bool route : {false, true}) {
                for (const std::optional<TimeRange> only :
                     {std::optional<TimeRange>{},
                      std::optional<TimeRange>{TimeRange{now - std::chrono::hours{30}, now}}}) {
                    std::vector<ExposedFlight> expected;
                    std::size_t routes = 0;
                    engine.for_each_exposed(h, fp, now, route, only, [&](const ExposedFlight& e) {
                        if (e.via == ExposureVia::route) {
                            ++routes;
                            if (e.flight->state != FlightState::cancelled &&
                                e.flight->state != FlightState::diverted) {
                                return;
                            }
                        }
                        expected.push_back(e);
                    });
                    std::vector<ExposedFlight> got;
                    CHECK(engine.for_each_exposed_counting_routes(
                              h, fp, now, route, only,
                              [&](const ExposedFlight& e) { got.push_back(e); }) == routes);
                    REQUIRE(got.size() == expected.size());
                    for (std::size_t i = 0; i < got.size(); ++i) {
                        CHECK(got[i].flight == expected[i].flight);
                        CHECK(got[i].airport == expected[i].airport);
                        CHECK(got[i].via == expected[i].via);
                        CHECK(got[i].at == expected[i].at);
                        CHECK(got[i].cancelled == expected[i].cancelled);
                        CHECK(got[i].cancelled == (got[i].flight->state == FlightState::cancelled));
                        listed += got[i].via == ExposureVia::route;
                    }
                    counted += routes;
                }
            }
        }
    });
    CHECK(listed > 50);
    CHECK(counted > 2 * listed);
}

TEST_CASE("exposure groups hold what a map by airport of the handed-over exposures holds",
          "[exposure][correlator]") {
    Scene scene(43, 5, 7);
    ExposureEngine& engine = scene.engine;
    const UtcTime now = scene.now;
    // Kept across hazards, as the correlator keeps it across a pass: reuse must not leak.
    ExposureGroups groups;
    std::size_t grouped = 0;
    std::size_t with_cancellations = 0;
    scene.check_before_and_after_changes(6, FlightState::cancelled, [&] {
        for (const Hazard& h : scene.hazards) {
            const auto fp = engine.footprint(h);
            for (const bool route : {false, true}) {
                for (const TimeRange window :
                     {TimeRange{now - std::chrono::hours{30}, now},
                      TimeRange{now - std::chrono::days{9}, now + std::chrono::days{9}}}) {
                    // What the correlator made of them before: a map keyed by airport, "route:"
                    // for route exposures, cancellations counted in a second walk.
                    std::map<std::string, std::vector<FlightAt>> by_airport;
                    const std::string route_key = "route:" + h.key;
                    const std::size_t routes = engine.for_each_exposed_counting_routes(
                        h, fp, now, route, window, [&](const ExposedFlight& e) {
                            by_airport[e.via == ExposureVia::route ? route_key
                                                                   : std::string(e.airport)]
                                .push_back({e.flight, e.at});
                        });
                    if (routes > 0) {
                        by_airport.try_emplace(route_key);
                    }
                    groups.collect(engine, h, fp, now, route, window);
                    CHECK(groups.routes() == routes);
                    REQUIRE(groups.size() == by_airport.size());
                    for (std::size_t i = 0; i < groups.size(); ++i) {
                        const auto& g = groups[i];
                        CHECK(g.airport.empty() == g.route);
                        const auto found =
                            by_airport.find(g.route ? route_key : std::string(g.airport));
                        REQUIRE(found != by_airport.end());
                        const auto& want = found->second;
                        REQUIRE(g.flights.size() == want.size());
                        for (std::size_t j = 0; j < want.size(); ++j) {
                            CHECK(g.flights[j].flight == want[j].flight);
                            CHECK(g.flights[j].at == want[j].at);
                        }
                        const auto cancelled =
                            std::count_if(want.begin(), want.end(), [&](const FlightAt& f) {
                                return f.flight->state == FlightState::cancelled &&
                                       f.at >= window.from && f.at < window.to;
                            });
                        CHECK(g.cancelled == cancelled);
                        ++grouped;
                        with_cancellations += cancelled > 0;
                    }
                }
            }
        }
    });
    CHECK(grouped > 100);
    CHECK(with_cancellations > 50);
}

TEST_CASE("a shared footprint is the footprint, whatever the altitude limits", "[exposure]") {
    const auto pool = airport_pool();
    std::mt19937 rng(47);
    ExposureEngine engine(shipped());
    auto hazards = mixed_hazards(rng, pool);
    const std::size_t first = hazards.size();
    // The same areas again at other limits: each band gets its own flags from one cached area.
    for (std::size_t i = 0; i < first; ++i) {
        Hazard h = hazards[i];
        h.lower_ft = i % 2 == 0 ? std::optional<int>{30000} : std::nullopt;
        h.upper_ft = i % 3 == 0 ? std::optional<int>{5000} : std::nullopt;
        hazards.push_back(std::move(h));
    }
    for (const bool all_parts : {false, true}) {
        for (const Hazard& h : hazards) {
            const auto copy = engine.footprint(h, all_parts);
            const auto shared = engine.shared_footprint(h, all_parts);
            REQUIRE(shared != nullptr);
            CHECK(shared->airports == copy.airports);
            CHECK(shared->firs == copy.firs);
            CHECK(shared->countries == copy.countries);
            CHECK(shared->reaches_terminal == copy.reaches_terminal);
            CHECK(shared->reaches_cruise == copy.reaches_cruise);
            CHECK(engine.shared_footprint(h, all_parts) == shared); // kept, not made again
        }
    }
    // Some hazards of each band, or the test shows nothing.
    CHECK(std::any_of(hazards.begin(), hazards.end(), [&](const Hazard& h) {
        return !engine.shared_footprint(h)->reaches_cruise;
    }));
    CHECK(std::any_of(hazards.begin(), hazards.end(), [&](const Hazard& h) {
        return !engine.shared_footprint(h)->reaches_terminal;
    }));
}
