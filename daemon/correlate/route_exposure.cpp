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

/// The area of a hazard's own geometry; empty for none.
HazardArea own_area(const Geometry& g) {
    if (g.type == Geometry::Type::circle) {
        return HazardArea::circle(g.center, g.radius_nm);
    }
    if (g.type == Geometry::Type::polygon) {
        auto rings = g.rings;
        for (auto& ring : rings) {
            if (ring.size() > 2 && !(ring.front() == ring.back())) {
                ring.push_back(ring.front());
            }
        }
        return HazardArea::edges(rings);
    }
    if (g.type == Geometry::Type::line) {
        return HazardArea::edges(g.rings);
    }
    return {};
}

/// What an AreaRoutes is kept under: the geometry by its bits, the ends and the window.
std::string area_key(const Geometry& g, const std::vector<std::uint32_t>& ends, std::int64_t from,
                     std::int64_t last) {
    std::string key;
    auto add = [&](const void* data, std::size_t size) {
        key.append(static_cast<const char*>(data), size);
    };
    key += static_cast<char>(g.type);
    add(&from, sizeof from);
    add(&last, sizeof last);
    const std::size_t counts[] = {ends.size(), g.rings.size()};
    add(counts, sizeof counts);
    add(ends.data(), ends.size() * sizeof(std::uint32_t));
    if (g.type == Geometry::Type::circle) {
        add(&g.center.lat, sizeof g.center.lat);
        add(&g.center.lon, sizeof g.center.lon);
        add(&g.radius_nm, sizeof g.radius_nm);
    } else {
        for (const auto& ring : g.rings) {
            const std::size_t size = ring.size();
            add(&size, sizeof size);
            for (const GeoPoint& p : ring) {
                add(&p.lat, sizeof p.lat);
                add(&p.lon, sizeof p.lon);
            }
        }
    }
    return key;
}

/// Calls fn(a) once for each kept area that a piece of the route meets and whose list would
/// hold flight `k` if its route crossed it: departure in the area's span and neither end at
/// one of the area's airports (exposed there without a crossing test). `stamp`
/// is new for each call: an area met by several pieces is visited once.
template <typename F>
void for_each_listing_area(const correlate::AreaGrid& grid, std::uint64_t stamp, const FlightKey& k,
                           const std::vector<std::pair<int, sphere::LonLatBox>>& pieces, F&& fn) {
    for (const auto& piece : pieces) {
        grid.near(piece.second, [&](AreaRoutes& a) {
            if (a.stamp == stamp) {
                return;
            }
            a.stamp = stamp;
            if (k.departure >= a.first && k.departure <= a.last && k.end >= a.from &&
                !a.has_end(k.origin) && !a.has_end(k.destination)) {
                fn(a);
            }
        });
    }
}

} // namespace

bool correlate::route_crosses(const HazardArea& area, const Route& r,
                              const std::vector<std::pair<int, sphere::LonLatBox>>& pieces) {
    const int n = piece_count(r.theta);
    return std::any_of(pieces.begin(), pieces.end(), [&](const auto& piece) {
        const auto& [k, box] = piece;
        if (!area.box_meets(box)) {
            return false;
        }
        return area.prefers_pieces()
                   ? area.piece_crosses(piece_point(r.from, r.to, r.theta, k, n),
                                        piece_point(r.from, r.to, r.theta, k + 1, n), box)
                   : area.crossed_by(r.from, r.to, r.theta);
    });
}

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
    const FlightMeta& m = meta[slot];
    if (!m.routed) {
        return; // in no crossing list
    }
    // A FIR's or a kept area's list holds the flight only if the route crosses its area, and
    // then one of the route's pieces meets the area's boxes (and the area is in a grid cell
    // the piece meets): the other lists need no search.
    std::vector<std::pair<int, sphere::LonLatBox>> pieces;
    RouteIndex::piece_boxes(m.route, pieces);
    // Widened by more than the grid's rounding of boxes (a hundredth of a degree): a list the
    // grid found must not keep a flight by a rounding's width.
    std::vector<sphere::LonLatBox> wide;
    for (const auto& [k, box] : pieces) {
        wide.push_back({box.west - 0.05, box.south - 0.05, box.east + 0.05, box.north + 0.05});
    }
    const Crossing old{keys[slot], slot};
    for (auto& entry : firs) {
        auto& fir = entry.second; // a named reference: clang 14 cannot capture a binding
        if (fir.crossing_known &&
            std::any_of(wide.begin(), wide.end(),
                        [&](const sphere::LonLatBox& box) { return fir.area->box_meets(box); })) {
            fir.outer.erase(old);
            fir.inner.erase(old);
        }
    }
    for_each_listing_area(area_grid, ++area_stamp, keys[slot], pieces,
                          [&](AreaRoutes& a) { a.erase(keys, slot); });
}

void ExposureEngine::Impl::learn_crossings(std::uint32_t slot) {
    const Route& r = meta[slot].route;
    std::vector<std::pair<int, sphere::LonLatBox>> pieces;
    RouteIndex::piece_boxes(r, pieces);
    const FlightKey& k = keys[slot];
    for (auto& [code, fir] : firs) {
        if (fir.crossing_known && route_crosses(*fir.area, r, pieces)) {
            const bool is_inner = std::find(fir.airports.begin(), fir.airports.end(), k.origin) !=
                                      fir.airports.end() ||
                                  std::find(fir.airports.begin(), fir.airports.end(),
                                            k.destination) != fir.airports.end();
            (is_inner ? fir.inner : fir.outer).insert(Crossing{k, slot});
        }
    }
    for_each_listing_area(area_grid, ++area_stamp, k, pieces, [&](AreaRoutes& a) {
        if (route_crosses(a.area, r, pieces)) {
            a.insert(keys, slot);
        }
    });
}

const AreaRoutes& ExposureEngine::Impl::area_routes(const Geometry& geometry,
                                                    const std::vector<std::uint32_t>& ends,
                                                    std::int64_t from, std::int64_t first,
                                                    std::int64_t last) const {
    auto [it, inserted] = areas.try_emplace(area_key(geometry, ends, from, last));
    AreaRoutes& a = it->second;
    a.used = generation;
    if (inserted) {
        a.area = own_area(geometry);
        a.ends = ends;
        a.from = from;
        a.last = last;
        area_grid.add(a);
    } else if (first >= a.first) {
        return a;
    }
    // New, or kept for later departures only (a wider window than before): worked out afresh.
    a.first = first;
    a.slots.clear();
    footprint_airports.next(airports.size());
    for (std::uint32_t id : ends) {
        footprint_airports.set(id);
    }
    flights_seen.next(records.size());
    std::vector<std::pair<std::int64_t, std::uint32_t>> found;
    for (const auto& box : a.area.boxes()) {
        routes.query(box, from, last, first, last, a.area.cap(), [&](const RouteHit& hit) {
            if (!footprint_airports.test(hit.origin) && !footprint_airports.test(hit.destination) &&
                hit_crosses(a.area, positions, meta[hit.slot], hit, flights_seen)) {
                found.emplace_back(hit.departure, hit.slot);
            }
        });
    }
    // Areas tested piece by piece find a flight once per grid cell it crosses them in.
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    a.slots.reserve(found.size());
    for (const auto& match : found) {
        a.slots.push_back(match.second);
    }
    return a;
}

void ExposureEngine::Impl::drop_areas(bool all) {
    if (all) {
        areas.clear();
        area_grid.clear();
        return;
    }
    for (auto it = areas.begin(); it != areas.end();) {
        if (it->second.used != generation) {
            area_grid.remove(it->second);
            it = areas.erase(it);
        } else {
            ++it;
        }
    }
}

void ExposureEngine::Impl::find_route_exposure(const Hazard& hazard,
                                               const HazardFootprint& footprint, std::int64_t from,
                                               std::int64_t to, std::int64_t first_departure,
                                               std::int64_t last_departure) const {
    const std::int64_t latest = std::min(to, last_departure);
    if (first_departure > latest) {
        return;
    }
    // The area routes cross: the geometry when there is one; else the FIRs, when they stand
    // for the area as they do in the footprint (no airports listed). Airports alone have none.
    const AreaRoutes* own = nullptr;
    if (hazard.geometry.type != Geometry::Type::none) {
        std::vector<std::uint32_t> sorted_ends;
        for (const auto& code : footprint.airports) {
            if (const auto id = airport_ids.find(code)) {
                sorted_ends.push_back(*id);
            }
        }
        std::sort(sorted_ends.begin(), sorted_ends.end());
        sorted_ends.erase(std::unique(sorted_ends.begin(), sorted_ends.end()), sorted_ends.end());
        // An open-ended hazard's end moves with now: its crossings are kept for every later
        // departure, and the scan below stops at `latest`.
        const bool open = hazard.permanent || !hazard.valid_to;
        own =
            &area_routes(hazard.geometry, sorted_ends, from, first_departure, open ? max_time : to);
        if (own->area.empty()) {
            own = nullptr;
        }
    }
    std::vector<const FirRoutes*> fir_parts;
    if (own == nullptr && hazard.airports.empty()) {
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

    // A FIR's lists hold a flight once: with one FIR and nothing after it that could take a
    // flight again, the per-flight marks (a cache miss each) are not needed.
    const bool one_list = fir_parts.size() == 1 && footprint.reaches_terminal;
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
    if (own != nullptr) {
        // Kept flights all have their ends outside the footprint: none is taken twice.
        for (std::size_t i = own->lower(keys, first_departure); i < own->slots.size(); ++i) {
            const std::uint32_t slot = own->slots[i];
            const std::int64_t departure = keys[slot].departure;
            if (departure > latest) {
                break;
            }
            route_slots.push_back(RouteMatch{slot, departure});
        }
    }
    // A hazard too high for the airports matched none of them: flights starting or ending in
    // it fly through it instead.
    if (!footprint.reaches_terminal && (own != nullptr || !fir_parts.empty())) {
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
