// SPDX-License-Identifier: GPL-3.0-or-later
#include "correlate/exposure.hpp"
#include "refdata/refdata.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <numbers>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

using namespace aerowatch;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::seconds;

namespace {

const UtcTime t0{seconds{1763683200}}; // 2025-11-21T00:00Z

std::shared_ptr<const RefData> shipped() {
    static const auto data = RefData::load(default_data_directory());
    return data;
}

const Airport& airport(std::string_view code) {
    auto found = shipped()->airport(code);
    REQUIRE(found.ok());
    return **found;
}

double distance_nm(const Airport& a, const Airport& b) {
    constexpr double rad = std::numbers::pi / 180;
    const double dlat = (b.lat - a.lat) * rad;
    const double dlon = (b.lon - a.lon) * rad;
    const double h = std::pow(std::sin(dlat / 2), 2) + std::cos(a.lat * rad) *
                                                           std::cos(b.lat * rad) *
                                                           std::pow(std::sin(dlon / 2), 2);
    return 2 * 3440.065 * std::asin(std::sqrt(h));
}

FlightRecord flight(std::int64_t id, std::string origin, std::string destination, UtcTime departure,
                    std::optional<UtcTime> arrival = std::nullopt) {
    FlightRecord f;
    f.id = id;
    f.airline = "IBE";
    f.flight_number = std::to_string(id);
    f.origin = std::move(origin);
    f.destination = std::move(destination);
    f.scheduled_departure = departure;
    f.scheduled_arrival = arrival;
    f.state = FlightState::scheduled;
    return f;
}

/// In force for a day from t0.
Hazard hazard_at(std::vector<std::string> firs, std::vector<std::string> airports = {}) {
    Hazard h;
    h.key = "TEST A0001/25";
    h.firs = std::move(firs);
    h.airports = std::move(airports);
    h.valid_from = t0;
    h.valid_to = t0 + days{1};
    return h;
}

Hazard polygon(std::vector<GeoPoint> ring) {
    Hazard h = hazard_at({});
    if (!(ring.front() == ring.back())) {
        ring.push_back(ring.front());
    }
    h.geometry.type = Geometry::Type::polygon;
    h.geometry.rings.push_back(std::move(ring));
    return h;
}

/// A lon/lat box as a closed ring; west > east runs over the antimeridian.
Hazard box(double south, double west, double north, double east) {
    return polygon({{south, west}, {south, east}, {north, east}, {north, west}, {south, west}});
}

Hazard circle(double lat, double lon, double radius_nm) {
    Hazard h = hazard_at({});
    h.geometry.type = Geometry::Type::circle;
    h.geometry.center = {lat, lon};
    h.geometry.radius_nm = radius_nm;
    return h;
}

bool holds(const HazardFootprint& fp, const std::string& code) {
    return std::binary_search(fp.airports.begin(), fp.airports.end(), code);
}

struct Match {
    std::int64_t id;
    std::string airport;
    ExposureVia via;
    UtcTime at;
    bool operator==(const Match&) const = default;
};

std::vector<Match> matches(const ExposureEngine& engine, const Hazard& h, bool route,
                           UtcTime now = t0) {
    std::vector<Match> out;
    for (const auto& e : engine.exposed(h, engine.footprint(h), now, route)) {
        out.push_back(Match{e.flight->id, std::string(e.airport), e.via, e.at});
    }
    std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) {
        return std::tie(a.id, a.airport) < std::tie(b.id, b.airport);
    });
    return out;
}

std::vector<std::int64_t> ids(const std::vector<Match>& list, ExposureVia via) {
    std::vector<std::int64_t> out;
    for (const auto& m : list) {
        if (m.via == via) {
            out.push_back(m.id);
        }
    }
    return out;
}

/// Whether some point along the great circle from a to b lies in `fir` by the reference data.
bool great_circle_passes(const Airport& a, const Airport& b, const std::string& fir) {
    constexpr double rad = std::numbers::pi / 180;
    auto vec = [](double lat, double lon) {
        return std::array{std::cos(lat * rad) * std::cos(lon * rad),
                          std::cos(lat * rad) * std::sin(lon * rad), std::sin(lat * rad)};
    };
    const auto p = vec(a.lat, a.lon);
    const auto q = vec(b.lat, b.lon);
    for (int i = 1; i < 200; ++i) {
        const double t = i / 200.0;
        std::array<double, 3> v{};
        for (int k = 0; k < 3; ++k) {
            v[k] = (1 - t) * p[k] + t * q[k]; // same great circle once normalised
        }
        const double lat = std::atan2(v[2], std::hypot(v[0], v[1])) / rad;
        const double lon = std::atan2(v[1], v[0]) / rad;
        if (shipped()->fir_at(lat, lon) == fir) {
            return true;
        }
    }
    return false;
}

} // namespace

namespace Catch {
template <> struct StringMaker<Match> {
    static std::string convert(const Match& m) {
        static const char* const via[] = {"origin", "destination", "route"};
        return "{" + std::to_string(m.id) + " " + m.airport + " " + via[static_cast<int>(m.via)] +
               " " + std::to_string(m.at.time_since_epoch().count()) + "}";
    }
};
} // namespace Catch

TEST_CASE("reference data lists a FIR's airports and boundary", "[exposure][refdata]") {
    const auto in_fir = shipped()->airports_in_fir("svzm");
    auto has = [&](const char* code) {
        return std::any_of(in_fir.begin(), in_fir.end(),
                           [&](const Airport* a) { return a->icao == code; });
    };
    CHECK(has("SVMI"));
    CHECK(has("SVVA"));
    CHECK_FALSE(has("TNCC"));
    CHECK(std::is_sorted(in_fir.begin(), in_fir.end(),
                         [](const Airport* a, const Airport* b) { return a->icao < b->icao; }));
    CHECK(shipped()->airports_in_fir("XXXX").empty());

    const auto boundary = shipped()->fir_boundary("SVZM");
    REQUIRE_FALSE(boundary.empty());
    CHECK(boundary.front().outer.size() > 3);
    CHECK(boundary.front().outer.front() == boundary.front().outer.back());
    CHECK(shipped()->fir_boundary("XXXX").empty());

    std::size_t count = 0;
    shipped()->for_each_airport([&](const Airport&) { ++count; });
    CHECK(count == shipped()->airport_count());
}

TEST_CASE("a FIR hazard covers the FIR's airports and no others", "[exposure]") {
    ExposureEngine engine(shipped());
    const auto fp = engine.footprint(hazard_at({"svzm"}));
    CHECK(holds(fp, "SVMI"));
    CHECK(holds(fp, "SVVA"));
    CHECK_FALSE(holds(fp, "TNCC"));
    CHECK(fp.firs == std::vector<std::string>{"SVZM"});
    // OpenFlights files two small Venezuelan fields under Denmark and Spain (SVFT, SVSJ).
    CHECK(std::binary_search(fp.countries.begin(), fp.countries.end(), "Venezuela"));
    CHECK(std::is_sorted(fp.countries.begin(), fp.countries.end()));
    CHECK(fp.has_area());
    CHECK(std::is_sorted(fp.airports.begin(), fp.airports.end()));

    const auto curacao = engine.footprint(hazard_at({"TNCF"}));
    CHECK(holds(curacao, "TNCC"));
    CHECK_FALSE(holds(curacao, "SVMI"));
}

TEST_CASE("the narrowest part of a hazard's area decides", "[exposure]") {
    ExposureEngine engine(shipped());
    // An aerodrome NOTAM: its Q-line names the FIR and a 5 NM circle around the aerodrome.
    Hazard aerodrome = hazard_at({"SVZM"}, {"ccs"});
    CHECK(engine.footprint(aerodrome).airports == std::vector<std::string>{"SVMI"});
    aerodrome.geometry.type = Geometry::Type::circle;
    aerodrome.geometry.center = {airport("SVMI").lat, airport("SVMI").lon};
    aerodrome.geometry.radius_nm = 5;
    const auto fp = engine.footprint(aerodrome);
    CHECK(fp.airports == std::vector<std::string>{"SVMI"});
    CHECK(fp.firs == std::vector<std::string>{"SVZM"});

    // A watch area written by a person means all of it.
    const auto all = engine.footprint(aerodrome, true);
    CHECK(holds(all, "SVVA"));
    CHECK(holds(all, "SVMI"));

    // Codes the reference data does not know are kept for flights that name them.
    CHECK(engine.footprint(hazard_at({}, {"zzzz"})).airports == std::vector<std::string>{"ZZZZ"});
}

TEST_CASE("a circle holds the airports within its radius", "[exposure]") {
    ExposureEngine engine(shipped());
    const Airport& caracas = airport("SVMI");
    const double to_valencia = distance_nm(caracas, airport("SVVA"));
    const double to_curacao = distance_nm(caracas, airport("TNCC"));
    REQUIRE(to_valencia > 55);
    REQUIRE(to_valencia < 70);
    REQUIRE(to_curacao > 140);

    const auto small = engine.footprint(circle(caracas.lat, caracas.lon, 50));
    CHECK(holds(small, "SVMI"));
    CHECK_FALSE(holds(small, "SVVA"));
    CHECK(small.firs == std::vector<std::string>{"SVZM"}); // the centre's FIR

    const auto wider = engine.footprint(circle(caracas.lat, caracas.lon, to_valencia + 1));
    CHECK(holds(wider, "SVVA"));
    CHECK_FALSE(holds(wider, "TNCC"));
    CHECK(holds(engine.footprint(circle(caracas.lat, caracas.lon, to_curacao + 1)), "TNCC"));
}

TEST_CASE("a polygon holds the airports inside it, in either orientation", "[exposure]") {
    ExposureEngine engine(shipped());
    Hazard h = box(10.0, -67.5, 11.0, -66.5); // Caracas; Valencia is at 67.93 W
    auto fp = engine.footprint(h);
    CHECK(holds(fp, "SVMI"));
    CHECK_FALSE(holds(fp, "SVVA"));
    std::reverse(h.geometry.rings.front().begin(), h.geometry.rings.front().end());
    CHECK(engine.footprint(h).airports == fp.airports);
    // A second ring is a second polygon, not a hole.
    h.geometry.rings.push_back(
        {{10.0, -68.2}, {10.0, -67.7}, {10.4, -67.7}, {10.4, -68.2}, {10.0, -68.2}});
    fp = engine.footprint(h);
    CHECK(holds(fp, "SVMI"));
    CHECK(holds(fp, "SVVA"));
}

TEST_CASE("areas over the antimeridian hold airports on both sides", "[exposure]") {
    ExposureEngine engine(shipped());
    // Fiji (177 E) and Tonga (175 W), not Auckland.
    auto fp = engine.footprint(box(-25, 175, -15, -170));
    CHECK(holds(fp, "NFFN"));
    CHECK(holds(fp, "NFTF"));
    CHECK_FALSE(holds(fp, "NZAA"));
    CHECK_FALSE(holds(fp, "SVMI"));

    fp = engine.footprint(circle(-19.5, -179.0, 300));
    CHECK(holds(fp, "NFFN"));
    CHECK(holds(fp, "NFTF"));
    CHECK_FALSE(holds(fp, "NZAA"));

    // The Bering Sea: Anadyr (177.7 E) and Nome (165.4 W), not Anchorage (150 W).
    fp = engine.footprint(box(60, 170, 70, -160));
    CHECK(holds(fp, "UHMA"));
    CHECK(holds(fp, "PAOM"));
    CHECK_FALSE(holds(fp, "PANC"));
}

TEST_CASE("a great-circle route crosses a polygon or misses it", "[exposure]") {
    ExposureEngine engine(shipped());
    engine.set_flights({flight(1, "LEMD", "SKBO", t0 + hours{10}, t0 + hours{20}),
                        flight(2, "LEMD", "EGLL", t0 + hours{10})});
    // Madrid-Bogota passes 26.9 N 44.3 W at half way; 40 N at that longitude is far north.
    const Hazard on_route = box(25.9, -45.3, 27.9, -43.3);
    CHECK(ids(matches(engine, on_route, true), ExposureVia::route) == std::vector<std::int64_t>{1});
    CHECK(matches(engine, on_route, false).empty());
    CHECK(matches(engine, box(39, -45.3, 41, -43.3), true).empty());

    // Passing within a circle's radius crosses it; 2 degrees north is some 110 NM off the route.
    CHECK(ids(matches(engine, circle(26.9, -44.28, 60), true), ExposureVia::route) ==
          std::vector<std::int64_t>{1});
    CHECK(matches(engine, circle(28.9, -44.28, 60), true).empty());

    // A route is in force from departure to arrival: a hazard ending before it departs misses.
    Hazard early = on_route;
    early.valid_to = t0;
    early.valid_from = t0 - days{1};
    ExposureSettings tight;
    tight.lead = tight.lag = seconds{0};
    ExposureEngine strict(shipped(), tight);
    strict.set_flights({flight(1, "LEMD", "SKBO", t0 + hours{10}, t0 + hours{20})});
    CHECK(matches(strict, early, true).empty());
    early.valid_to = t0 + hours{10};
    CHECK(matches(strict, early, true).size() == 1);
}

TEST_CASE("routes over the antimeridian cross areas there", "[exposure]") {
    ExposureEngine engine(shipped());
    engine.set_flights({flight(1, "RJAA", "PANC", t0 + hours{2}, t0 + hours{9}),
                        flight(2, "NZAA", "PHNL", t0 + hours{2}, t0 + hours{11}),
                        flight(3, "PANC", "RJAA", t0 + hours{2}, t0 + hours{10})});
    // Tokyo-Anchorage meets the antimeridian near 58 N, Auckland-Honolulu near 26 S.
    CHECK(ids(matches(engine, box(57, 178, 60, -178), true), ExposureVia::route) ==
          std::vector<std::int64_t>{1, 3});
    CHECK(matches(engine, box(45, 178, 48, -178), true).empty());
    CHECK(ids(matches(engine, box(-27, 178, -24, -177), true), ExposureVia::route) ==
          std::vector<std::int64_t>{2});
    CHECK(ids(matches(engine, circle(58.3, 180, 60), true), ExposureVia::route) ==
          std::vector<std::int64_t>{1, 3});
}

TEST_CASE("a route crosses a FIR named without geometry", "[exposure]") {
    ExposureEngine engine(shipped());
    REQUIRE(great_circle_passes(airport("LEMD"), airport("SKBO"), "SVZM"));
    REQUIRE_FALSE(great_circle_passes(airport("LEMD"), airport("SKBO"), "EGTT"));
    engine.set_flights({flight(1, "LEMD", "SKBO", t0 + hours{10}, t0 + hours{20}),
                        flight(2, "SVMI", "LEMD", t0 + hours{10}, t0 + hours{19})});
    const auto found = matches(engine, hazard_at({"SVZM"}), true);
    // Caracas-Madrid starts in the footprint: it is exposed there, not again along its route.
    CHECK(found == std::vector<Match>{{1, "", ExposureVia::route, t0 + hours{10}},
                                      {2, "SVMI", ExposureVia::origin, t0 + hours{10}}});
    CHECK(matches(engine, hazard_at({"EGTT"}), true).empty());

    // What crosses a FIR is worked out once per snapshot; changed flights are followed.
    engine.upsert_flight(flight(3, "LEMD", "SKBO", t0 + hours{11}));
    engine.upsert_flight(flight(1, "LEMD", "EGLL", t0 + hours{10}));
    CHECK(ids(matches(engine, hazard_at({"SVZM"}), true), ExposureVia::route) ==
          std::vector<std::int64_t>{3});
    engine.upsert_flight(flight(3, "LEMD", "SKBO", t0 + days{3})); // out of the window
    CHECK(ids(matches(engine, hazard_at({"SVZM"}), true), ExposureVia::route).empty());
    engine.set_flights({flight(4, "LEMD", "SKBO", t0 + hours{12})});
    CHECK(ids(matches(engine, hazard_at({"SVZM"}), true), ExposureVia::route) ==
          std::vector<std::int64_t>{4});

    // An aerodrome NOTAM's FIR is not an area to cross.
    CHECK(ids(matches(engine, hazard_at({"SVZM"}, {"SVMI"}), true), ExposureVia::route).empty());
}

TEST_CASE("altitude limits decide between airports and routes", "[exposure]") {
    ExposureEngine engine(shipped());
    engine.set_flights({flight(1, "LEMD", "SKBO", t0 + hours{10}, t0 + hours{20}),
                        flight(2, "SVMI", "LEMD", t0 + hours{10}, t0 + hours{19}),
                        flight(3, "SVMI", "SVVA", t0 + days{1} + hours{7})});
    Hazard high = hazard_at({"SVZM"});
    high.lower_ft = 30000; // FL300 and up: high above the airports
    auto fp = engine.footprint(high);
    CHECK_FALSE(fp.reaches_terminal);
    CHECK(fp.reaches_cruise);
    CHECK(ids(matches(engine, high, false), ExposureVia::origin).empty());
    // Departing Caracas, flight 2 climbs through it; flight 3 stays inside but departs after
    // the window (one day and 6 h of lag).
    CHECK(ids(matches(engine, high, true), ExposureVia::route) == std::vector<std::int64_t>{1, 2});
    engine.upsert_flight(
        flight(3, "SVMI", "SVVA", t0 + days{1} + hours{5}, t0 + days{1} + hours{6}));
    CHECK(ids(matches(engine, high, true), ExposureVia::route) ==
          std::vector<std::int64_t>{1, 2, 3});

    Hazard low = hazard_at({"SVZM"});
    low.upper_ft = 10000; // up to FL100: below cruise
    fp = engine.footprint(low);
    CHECK(fp.reaches_terminal);
    CHECK_FALSE(fp.reaches_cruise);
    CHECK(matches(engine, low, true) ==
          std::vector<Match>{{2, "SVMI", ExposureVia::origin, t0 + hours{10}},
                             {3, "SVMI", ExposureVia::origin, t0 + days{1} + hours{5}},
                             {3, "SVVA", ExposureVia::destination, t0 + days{1} + hours{6}}});

    Hazard surface = hazard_at({"SVZM"});
    surface.lower_ft = 0;
    surface.upper_ft = 25000; // exactly the cruise floor
    CHECK(engine.footprint(surface).reaches_cruise);
}

TEST_CASE("validity is widened by lead and lag to the second", "[exposure]") {
    ExposureEngine engine(shipped()); // 6 h lead and lag
    const UtcTime from = t0 - hours{6};
    const UtcTime to = t0 + days{1} + hours{6};
    engine.set_flights({flight(1, "SVMI", "", from), flight(2, "SVMI", "", from - seconds{1}),
                        flight(3, "SVMI", "", to), flight(4, "SVMI", "", to + seconds{1}),
                        flight(5, "TNCC", "SVMI", to - hours{1}, to),
                        flight(6, "TNCC", "SVMI", to - hours{1}, to + seconds{1})});
    const Hazard h = hazard_at({}, {"SVMI"});
    CHECK(matches(engine, h, true) ==
          std::vector<Match>{{1, "SVMI", ExposureVia::origin, from},
                             {3, "SVMI", ExposureVia::origin, to},
                             {5, "SVMI", ExposureVia::destination, to}});

    // No end, or a permanent one: taken to last open_end (30 days) past now.
    const UtcTime now = t0 + days{2};
    const UtcTime open_to = now + days{30} + hours{6};
    engine.set_flights(
        {flight(1, "SVMI", "", open_to), flight(2, "SVMI", "", open_to + seconds{1})});
    Hazard perm = h;
    perm.permanent = true;
    CHECK(ids(matches(engine, perm, false, now), ExposureVia::origin) ==
          std::vector<std::int64_t>{1});
    perm.permanent = false;
    perm.valid_to.reset();
    CHECK(ids(matches(engine, perm, false, now), ExposureVia::origin) ==
          std::vector<std::int64_t>{1});

    // No start: the issue time; neither: unbounded before.
    engine.set_flights(
        {flight(1, "SVMI", "", t0 - days{365}), flight(2, "SVMI", "", t0 - hours{2})});
    Hazard unstarted = h;
    unstarted.valid_from.reset();
    unstarted.issued = t0 + hours{3};
    CHECK(ids(matches(engine, unstarted, false), ExposureVia::origin) ==
          std::vector<std::int64_t>{2});
    unstarted.issued.reset();
    CHECK(ids(matches(engine, unstarted, false), ExposureVia::origin) ==
          std::vector<std::int64_t>{1, 2});

    Hazard inverted = h;
    inverted.valid_to = t0 - days{2};
    CHECK(matches(engine, inverted, true).empty());
}

TEST_CASE("upsert_flight changes what the next query sees", "[exposure]") {
    ExposureEngine engine(shipped());
    engine.set_flights(
        {flight(1, "SVMI", "LEMD", t0 + hours{2}), flight(2, "SVVA", "SKBO", t0 + hours{3})});
    const Hazard h = hazard_at({"SVZM"});
    REQUIRE(ids(matches(engine, h, false), ExposureVia::origin) == std::vector<std::int64_t>{1, 2});

    FlightRecord changed = flight(1, "SVMI", "LEMD", t0 + hours{2});
    changed.state = FlightState::cancelled;
    engine.upsert_flight(changed);
    CHECK(engine.flight_count() == 2);
    auto found = engine.exposed(h, engine.footprint(h), t0, false);
    REQUIRE(found.size() == 2);
    for (const auto& e : found) {
        CHECK(e.flight->state ==
              (e.flight->id == 1 ? FlightState::cancelled : FlightState::scheduled));
    }

    engine.upsert_flight(flight(1, "SVMI", "LEMD", t0 + days{3})); // moved out of the window
    CHECK(ids(matches(engine, h, false), ExposureVia::origin) == std::vector<std::int64_t>{2});
    CHECK(engine.at_airport("SVMI", t0, t0 + days{1}).empty());
    CHECK(engine.at_airport("SVMI", t0 + days{3}, t0 + days{4}).size() == 1);

    engine.upsert_flight(flight(2, "TNCC", "SKBO", t0 + hours{3})); // another origin
    engine.upsert_flight(flight(7, "SVVA", "", t0 + hours{5}));     // a new flight
    CHECK(engine.flight_count() == 3);
    CHECK(ids(matches(engine, h, false), ExposureVia::origin) == std::vector<std::int64_t>{7});
    CHECK(engine.at_airport("SVVA", t0, t0 + days{1}).size() == 1);
    REQUIRE(engine.at_airport("TNCC", t0, t0 + days{1}).size() == 1);
    CHECK(engine.at_airport("TNCC", t0, t0 + days{1}).front()->id == 2);

    // The route index follows too.
    const Hazard on_route = box(25.9, -45.3, 27.9, -43.3);
    CHECK(matches(engine, on_route, true).empty());
    engine.upsert_flight(flight(2, "LEMD", "SKBO", t0 + hours{3}));
    CHECK(ids(matches(engine, on_route, true), ExposureVia::route) == std::vector<std::int64_t>{2});
    engine.upsert_flight(flight(2, "LEMD", "EGLL", t0 + hours{3}));
    CHECK(matches(engine, on_route, true).empty());
}

TEST_CASE("a flight between two footprint airports appears once per airport", "[exposure]") {
    ExposureEngine engine(shipped());
    engine.set_flights({flight(1, "SVMI", "SVVA", t0 + hours{2}, t0 + hours{3})});
    CHECK(matches(engine, hazard_at({"SVZM"}), true) ==
          std::vector<Match>{{1, "SVMI", ExposureVia::origin, t0 + hours{2}},
                             {1, "SVVA", ExposureVia::destination, t0 + hours{3}}});
    // Listed twice, or by both its codes, an airport still counts once.
    CHECK(matches(engine, hazard_at({}, {"SVMI", "CCS", "svmi"}), true).size() == 1);
}

TEST_CASE("flights at an airport in a half-open interval", "[exposure]") {
    ExposureEngine engine(shipped());
    engine.set_flights({flight(1, "SVMI", "LEMD", t0), flight(2, "CCS", "SVVA", t0 + hours{1}),
                        flight(3, "TNCC", "SVMI", t0 - hours{1}, t0 + hours{2}),
                        flight(4, "SVMI", "SVMI", t0 + hours{3}, t0 + hours{4}),
                        flight(5, "SVMI", "", t0 + hours{5})});
    auto ids_at = [&](const std::string& code, UtcTime from, UtcTime to) {
        std::vector<std::int64_t> out;
        for (const auto* f : engine.at_airport(code, from, to)) {
            out.push_back(f->id);
        }
        return out;
    };
    CHECK(ids_at("SVMI", t0, t0 + hours{5}) == std::vector<std::int64_t>{1, 2, 3, 4});
    CHECK(ids_at("ccs", t0 + seconds{1}, t0 + hours{5} + seconds{1}) ==
          std::vector<std::int64_t>{2, 3, 4, 5});
    CHECK(ids_at("SVMI", t0 + hours{6}, t0 + hours{5}).empty());
    CHECK(ids_at("XXXX", t0, t0 + days{1}).empty());
    // No scheduled arrival: estimated from the distance, Caracas-Madrid about 9 h.
    const auto madrid = ids_at("LEMD", t0 + hours{8}, t0 + hours{10});
    CHECK(madrid == std::vector<std::int64_t>{1});
}
