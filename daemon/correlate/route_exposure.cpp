// SPDX-License-Identifier: GPL-3.0-or-later
// Route exposure: flights whose great circle crosses a hazard's area.
#include "correlate/exposure_impl.hpp"
#include "refdata/refdata.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <numbers>

namespace aerowatch {

using namespace correlate;

namespace {

constexpr std::int64_t min_time = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t max_time = std::numeric_limits<std::int64_t>::max();

std::string upper(std::string code) {
    std::transform(code.begin(), code.end(), code.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return code;
}

/// Whether the part of a route that a look-up found meets `area`. Areas with an edge tree
/// are tested piece by piece, only in the cell where the look-up found the route; others once per
/// flight, as a whole (`tested` remembers which were), from its end airports' positions, which stay
/// in cache where the flights' own records would not.
bool hit_crosses(const HazardArea& area, const std::vector<sphere::Vec3>& positions,
                 const FlightMeta& m, const RouteHit& hit, Marks& tested) {
    if (area.prefers_pieces()) {
        const Route& r = m.route;
        const int n = piece_count(r.theta);
        // Each piece point once: they cost two sines each, and a FIR's crossings are worked
        // out again for every new flight snapshot.
        sphere::Vec3 a = piece_point(r.from, r.to, r.theta, hit.first_piece, n);
        for (int k = hit.first_piece; k <= hit.last_piece; ++k) {
            const sphere::Vec3 b = piece_point(r.from, r.to, r.theta, k + 1, n);
            if (area.piece_crosses(a, b, hit.box)) {
                return true;
            }
            a = b;
        }
        return false;
    }
    if (tested.test(hit.slot)) {
        return false;
    }
    tested.set(hit.slot);
    // Without an edge tree the arc's angle is not used.
    return area.crossed_by(positions[hit.origin], positions[hit.destination], 0);
}

} // namespace

FirRoutes* ExposureEngine::Impl::fir_routes(const std::string& code) const {
    auto [it, inserted] = firs.try_emplace(code);
    FirRoutes& fir = it->second;
    if (inserted) {
        fir.area =
            std::make_unique<HazardArea>(HazardArea::fir(footprints.refdata().fir_boundary(code)));
    }
    if (fir.area->empty()) {
        return nullptr;
    }
    if (!fir.crossing_known) {
        fir.airports.clear();
        for (const Airport* airport : footprints.refdata().airports_in_fir(code)) {
            if (const auto id = airport_ids.find(airport->icao)) {
                fir.airports.push_back(*id);
            }
        }
        footprint_airports.next(airports.size());
        for (std::uint32_t id : fir.airports) {
            footprint_airports.set(id);
        }
        flights_seen.next(records.size());
        flights_taken.next(records.size());
        std::vector<Crossing> outer;
        std::vector<Crossing> inner;
        for (const auto& box : fir.area->boxes()) {
            routes.query(
                box, min_time, max_time, min_time, max_time, fir.area->cap(),
                [&](const RouteHit& hit) {
                    if (!flights_taken.test(hit.slot) &&
                        hit_crosses(*fir.area, positions, meta[hit.slot], hit, flights_seen)) {
                        flights_taken.set(hit.slot);
                        const bool is_inner = footprint_airports.test(hit.origin) ||
                                              footprint_airports.test(hit.destination);
                        (is_inner ? inner : outer).push_back(Crossing{keys[hit.slot], hit.slot});
                    }
                });
        }
        for (auto [list, found] : {std::pair(&fir.outer, &outer), std::pair(&fir.inner, &inner)}) {
            std::sort(found->begin(), found->end());
            list->flights = std::move(*found);
            list->longest = 0;
            for (const Crossing& c : list->flights) {
                list->longest = std::max(list->longest, c.key.end - c.key.departure);
            }
        }
        fir.crossing_known = true;
    }
    return &fir;
}

void ExposureEngine::Impl::forget_crossings(std::uint32_t slot) {
    const Crossing old{keys[slot], slot};
    for (auto& [code, fir] : firs) {
        fir.outer.erase(old);
        fir.inner.erase(old);
    }
}

void ExposureEngine::Impl::learn_crossings(std::uint32_t slot) {
    const Route& r = meta[slot].route;
    std::vector<std::pair<int, sphere::LonLatBox>> pieces;
    RouteIndex::piece_boxes(r, pieces);
    const int n = piece_count(r.theta);
    for (auto& [code, fir] : firs) {
        if (!fir.crossing_known) {
            continue;
        }
        const HazardArea& area = *fir.area;
        const bool crosses = std::any_of(pieces.begin(), pieces.end(), [&](const auto& piece) {
            const auto& [k, box] = piece;
            if (!area.box_meets(box)) {
                return false;
            }
            return area.prefers_pieces()
                       ? area.piece_crosses(piece_point(r.from, r.to, r.theta, k, n),
                                            piece_point(r.from, r.to, r.theta, k + 1, n), box)
                       : area.crossed_by(r.from, r.to, r.theta);
        });
        if (crosses) {
            const FlightKey& k = keys[slot];
            const bool is_inner = std::find(fir.airports.begin(), fir.airports.end(), k.origin) !=
                                      fir.airports.end() ||
                                  std::find(fir.airports.begin(), fir.airports.end(),
                                            k.destination) != fir.airports.end();
            (is_inner ? fir.inner : fir.outer).insert(Crossing{k, slot});
        }
    }
}

void ExposureEngine::Impl::find_route_exposure(const Hazard& hazard,
                                               const HazardFootprint& footprint, std::int64_t from,
                                               std::int64_t to, std::int64_t first_departure,
                                               std::int64_t last_departure) const {
    // The area routes cross: the geometry when there is one; else the FIRs, when they stand
    // for the area as they do in the footprint (no airports listed). Airports alone have none.
    HazardArea own;
    const Geometry& g = hazard.geometry;
    if (g.type == Geometry::Type::circle) {
        own = HazardArea::circle(g.center, g.radius_nm);
    } else if (g.type == Geometry::Type::polygon) {
        auto rings = g.rings;
        for (auto& ring : rings) {
            if (ring.size() > 2 && !(ring.front() == ring.back())) {
                ring.push_back(ring.front());
            }
        }
        own = HazardArea::edges(rings);
    } else if (g.type == Geometry::Type::line) {
        own = HazardArea::edges(g.rings);
    }
    std::vector<const FirRoutes*> fir_parts;
    if (own.empty() && hazard.airports.empty()) {
        for (const auto& fir : hazard.firs) {
            if (const FirRoutes* part = fir_routes(upper(fir))) {
                fir_parts.push_back(part);
            }
        }
    }

    footprint_airports.next(airports.size());
    std::vector<std::uint32_t> ends;
    for (const auto& code : footprint.airports) {
        if (const auto id = airport_ids.find(code)) {
            footprint_airports.set(*id);
            ends.push_back(*id);
        }
    }
    flights_taken.next(records.size());
    auto take = [&](std::uint32_t slot, std::int64_t departure) {
        flights_taken.set(slot);
        route_slots.push_back(RouteMatch{slot, departure});
    };
    const std::int64_t earliest = std::max(
        first_departure, from > min_time + longest_flight ? from - longest_flight : min_time);
    const std::int64_t latest = std::min(to, last_departure);

    // A FIR's lists hold a flight once: with one FIR and nothing after it that could take a
    // flight again, the per-flight marks (a cache miss each) are not needed.
    const bool one_list = fir_parts.size() == 1 && own.empty() && footprint.reaches_terminal;
    // Flights with an end in the footprint are exposed there already, or below (in the air).
    auto scan = [&](const CrossingList& list) {
        const std::int64_t start = std::max(
            first_departure, from > min_time + list.longest ? from - list.longest : min_time);
        auto it =
            std::lower_bound(list.flights.begin(), list.flights.end(), start,
                             [](const Crossing& c, std::int64_t t) { return c.key.departure < t; });
        for (; it != list.flights.end() && it->key.departure <= latest; ++it) {
            const FlightKey& k = it->key;
            if (k.end < from || footprint_airports.test(k.origin) ||
                footprint_airports.test(k.destination)) {
                continue;
            }
            if (one_list) {
                route_slots.push_back(RouteMatch{it->slot, k.departure});
            } else if (!flights_taken.test(it->slot)) {
                take(it->slot, k.departure);
            }
        }
    };
    for (const FirRoutes* part : fir_parts) {
        scan(part->outer);
        // Inner flights all have an end in the footprint when it holds the FIR's airports.
        if (!std::all_of(part->airports.begin(), part->airports.end(),
                         [&](std::uint32_t id) { return footprint_airports.test(id); })) {
            scan(part->inner);
        }
    }
    if (!own.empty()) {
        flights_seen.next(records.size());
        for (const auto& box : own.boxes()) {
            routes.query(box, from, to, first_departure, last_departure, own.cap(),
                         [&](const RouteHit& hit) {
                             if (footprint_airports.test(hit.origin) ||
                                 footprint_airports.test(hit.destination)) {
                                 return;
                             }
                             if (!flights_taken.test(hit.slot) &&
                                 hit_crosses(own, positions, meta[hit.slot], hit, flights_seen)) {
                                 take(hit.slot, hit.departure);
                             }
                         });
        }
    }
    // A hazard too high for the airports matched none of them: flights starting or ending in
    // it fly through it instead.
    if (!footprint.reaches_terminal && (!own.empty() || !fir_parts.empty())) {
        for (std::uint32_t id : ends) {
            const AirportFlights& airport = airports[id];
            auto dep = std::lower_bound(airport.departures.begin(), airport.departures.end(),
                                        Visit{earliest, 0});
            for (; dep != airport.departures.end() && dep->at <= latest; ++dep) {
                if (!flights_taken.test(dep->slot) && keys[dep->slot].end >= from) {
                    take(dep->slot, dep->at);
                }
            }
            auto arr =
                std::lower_bound(airport.arrivals.begin(), airport.arrivals.end(), Visit{from, 0});
            for (; arr != airport.arrivals.end() && arr->at - longest_flight <= to; ++arr) {
                const std::int64_t departure = keys[arr->slot].departure;
                if (!flights_taken.test(arr->slot) && departure >= first_departure &&
                    departure <= latest) {
                    take(arr->slot, departure);
                }
            }
        }
    }
}

} // namespace aerowatch
