// SPDX-License-Identifier: GPL-3.0-or-later
#include "correlate/hazard_footprint.hpp"

#include "correlate/hazard_area.hpp"
#include "refdata/refdata.hpp"

#define BOOST_ALLOW_DEPRECATED_HEADERS
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/iterator/function_output_iterator.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

namespace aerowatch::correlate {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using sphere::LonLatBox;

namespace {

using FlatPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using FlatBox = bg::model::box<FlatPoint>;
using SpherePoint = bg::model::point<double, 2, bg::cs::spherical_equatorial<bg::degree>>;
using SpherePolygon = bg::model::polygon<SpherePoint>;

std::string upper(std::string_view code) {
    std::string s(code);
    for (char& c : s) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    return s;
}

void sort_unique(std::vector<std::string>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

bool usable(const GeoPoint& p) {
    return std::isfinite(p.lat) && std::isfinite(p.lon) && std::abs(p.lat) <= 90;
}

} // namespace

struct FootprintBuilder::AirportTree {
    using Value = std::pair<FlatPoint, std::uint32_t>; // lon/lat, index into airports_
    bgi::rtree<Value, bgi::quadratic<16>> tree;

    template <typename Fn> void query(const LonLatBox& box, Fn fn) const {
        const FlatBox flat(FlatPoint(box.west, box.south), FlatPoint(box.east, box.north));
        tree.query(bgi::intersects(flat),
                   boost::make_function_output_iterator([&](const Value& v) { fn(v.second); }));
    }
};

FootprintBuilder::FootprintBuilder(std::shared_ptr<const RefData> refdata)
    : refdata_(std::move(refdata)), tree_(std::make_unique<AirportTree>()) {
    std::vector<AirportTree::Value> values;
    refdata_->for_each_airport([&](const Airport& airport) {
        values.emplace_back(FlatPoint(airport.lon, airport.lat),
                            static_cast<std::uint32_t>(airports_.size()));
        airports_.push_back(&airport);
    });
    tree_->tree = decltype(tree_->tree)(values.begin(), values.end());
}

FootprintBuilder::~FootprintBuilder() = default;

const Airport* FootprintBuilder::find_airport(std::string_view code) const {
    if (code.size() != 3 && code.size() != 4) {
        return nullptr; // RefData formats an error message for these; not worth it here
    }
    auto found = refdata_->airport(code);
    return found ? *found : nullptr;
}

std::string FootprintBuilder::canonical_airport(std::string_view code) const {
    if (const Airport* airport = find_airport(code)) {
        return airport->icao;
    }
    return upper(code);
}

const FootprintBuilder::FirAirports& FootprintBuilder::fir_airports(const std::string& fir) const {
    auto [it, inserted] = fir_cache_.try_emplace(fir);
    if (inserted) {
        for (const Airport* airport : refdata_->airports_in_fir(fir)) {
            it->second.airports.push_back(airport->icao);
            it->second.countries.push_back(airport->country);
        }
        sort_unique(it->second.airports);
        sort_unique(it->second.countries);
    }
    return it->second;
}

HazardFootprint FootprintBuilder::build(const Hazard& hazard, const ExposureSettings& settings,
                                        bool all_parts) const {
    return *shared(hazard, settings, all_parts);
}

std::shared_ptr<const HazardFootprint> FootprintBuilder::shared(const Hazard& hazard,
                                                                const ExposureSettings& settings,
                                                                bool all_parts) const {
    // The correlator asks again for every hazard on every pass, and many hazards share an area
    // (a FIR, an aerodrome's Q-line circle): answers are kept per distinct area.
    std::string key = area_key(hazard, all_parts);
    auto cached = cache_.find(key);
    if (cached == cache_.end()) {
        if (cache_.size() >= max_cached) {
            cache_.clear();
        }
        cached =
            cache_.emplace(std::move(key), CachedArea{build_area(hazard, all_parts), {}}).first;
    }
    const bool terminal = !hazard.lower_ft || *hazard.lower_ft <= settings.terminal_ceiling_ft;
    const bool cruise = !hazard.upper_ft || *hazard.upper_ft >= settings.cruise_floor_ft;
    auto& fp = cached->second.by_flags[(terminal ? 1 : 0) + (cruise ? 2 : 0)];
    if (fp == nullptr) {
        auto made = std::make_shared<HazardFootprint>(cached->second.area);
        made->reaches_terminal = terminal;
        made->reaches_cruise = cruise;
        fp = std::move(made);
    }
    return fp;
}

std::string FootprintBuilder::area_key(const Hazard& hazard, bool all_parts) {
    // Exact: names as given, coordinates by their bits.
    std::string key;
    auto add = [&](const void* data, std::size_t size) {
        key.append(static_cast<const char*>(data), size);
    };
    auto add_text = [&](const std::string& text) {
        const std::size_t size = text.size();
        add(&size, sizeof size);
        key += text;
    };
    auto add_point = [&](const GeoPoint& p) {
        add(&p.lat, sizeof p.lat);
        add(&p.lon, sizeof p.lon);
    };
    key += all_parts ? 'A' : 'N';
    const std::size_t counts[] = {hazard.firs.size(), hazard.airports.size()};
    add(counts, sizeof counts);
    for (const auto& fir : hazard.firs) {
        add_text(fir);
    }
    for (const auto& airport : hazard.airports) {
        add_text(airport);
    }
    const Geometry& g = hazard.geometry;
    key += static_cast<char>(g.type);
    if (g.type == Geometry::Type::circle) {
        add_point(g.center);
        add(&g.radius_nm, sizeof g.radius_nm);
    } else if (g.type != Geometry::Type::none) {
        for (const auto& ring : g.rings) {
            const std::size_t size = ring.size();
            add(&size, sizeof size);
            for (const GeoPoint& p : ring) {
                add_point(p);
            }
        }
    }
    return key;
}

HazardFootprint FootprintBuilder::build_area(const Hazard& hazard, bool all_parts) const {
    HazardFootprint fp;
    for (const auto& fir : hazard.firs) {
        fp.firs.push_back(upper(fir));
    }
    sort_unique(fp.firs); // before the geometry's FIRs join: only the hazard's own expand below

    auto add_airport = [&](const Airport& airport) {
        fp.airports.push_back(airport.icao);
        fp.countries.push_back(airport.country);
    };
    auto add_fir_at = [&](const GeoPoint& p) {
        if (auto fir = refdata_->fir_at(p.lat, p.lon)) {
            fp.firs.push_back(std::move(*fir));
        }
    };
    for (const auto& code : hazard.airports) {
        if (const Airport* airport = find_airport(code)) {
            add_airport(*airport);
        } else if (!code.empty()) {
            fp.airports.push_back(upper(code)); // flights may still name it
        }
    }

    const Geometry& g = hazard.geometry;
    bool has_geometry = false;
    std::vector<LonLatBox> boxes;
    if (g.type == Geometry::Type::circle && g.radius_nm > 0 && std::isfinite(g.radius_nm) &&
        usable(g.center)) {
        has_geometry = true;
        const auto centre = sphere::to_vec(g.center.lat, g.center.lon);
        const double radius = g.radius_nm / sphere::earth_radius_nm;
        circle_boxes(centre, radius, boxes);
        for (const LonLatBox& box : boxes) {
            tree_->query(box, [&](std::uint32_t i) {
                const Airport& a = *airports_[i];
                if (sphere::angle(centre, sphere::to_vec(a.lat, a.lon)) <= radius) {
                    add_airport(a);
                }
            });
        }
        add_fir_at(g.center);
    } else if (g.type == Geometry::Type::polygon || g.type == Geometry::Type::line) {
        for (auto ring : g.rings) {
            ring.erase(std::remove_if(ring.begin(), ring.end(), [](auto& p) { return !usable(p); }),
                       ring.end());
            if (ring.empty()) {
                continue;
            }
            has_geometry = true;
            add_fir_at(ring_centre(ring));
            if (g.type == Geometry::Type::line || ring.size() < 3) {
                continue; // a line holds no airports
            }
            if (!(ring.front() == ring.back())) {
                ring.push_back(ring.front());
            }
            // Each ring is a polygon of its own (AWC "AREAS", CAP polygons), not a hole.
            const RingTest test(ring);
            SpherePolygon polygon;
            if (!test.usable()) {
                for (const GeoPoint& p : ring) {
                    bg::append(polygon.outer(), SpherePoint(p.lon, p.lat));
                }
                // Either orientation comes in; Boost takes the side it makes clockwise as the
                // inside, and correct() picks the smaller one.
                bg::correct(polygon);
            }
            boxes.clear();
            ring_boxes(ring, boxes);
            for (const LonLatBox& box : boxes) {
                tree_->query(box, [&](std::uint32_t i) {
                    const Airport& a = *airports_[i];
                    if (test.usable() ? test.contains(sphere::to_vec(a.lat, a.lon))
                                      : bg::covered_by(SpherePoint(a.lon, a.lat), polygon)) {
                        add_airport(a);
                    }
                });
            }
        }
    }

    // Every ICAO NOTAM names its FIR, an aerodrome NOTAM and one with a 5 NM circle alike: the
    // FIR stands for all of its airports only when nothing narrower says where.
    if (all_parts || (!has_geometry && hazard.airports.empty())) {
        for (const auto& fir : fp.firs) {
            const FirAirports& in_fir = fir_airports(fir);
            fp.airports.insert(fp.airports.end(), in_fir.airports.begin(), in_fir.airports.end());
            fp.countries.insert(fp.countries.end(), in_fir.countries.begin(),
                                in_fir.countries.end());
        }
    }
    sort_unique(fp.airports);
    sort_unique(fp.firs);
    sort_unique(fp.countries);
    return fp;
}

} // namespace aerowatch::correlate
