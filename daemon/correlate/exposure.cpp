// SPDX-License-Identifier: GPL-3.0-or-later
#include "correlate/exposure.hpp"

#include "correlate/exposure_impl.hpp"
#include "refdata/refdata.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <utility>

namespace aerowatch {

using namespace correlate;

namespace {

// Only a missing arrival time is estimated, from the distance: 450 kt plus half an hour for
// taxi, climb and descent. A flight whose end is unknown to the reference data gets its
// departure time as arrival.
constexpr double estimate_speed_kt = 450;
constexpr std::int64_t estimate_overhead_s = 1800;

/// The visits with a time in [from, to].
std::pair<std::vector<Visit>::const_iterator, std::vector<Visit>::const_iterator>
visits_in(const std::vector<Visit>& visits, std::int64_t from, std::int64_t to) {
    auto first = std::lower_bound(visits.begin(), visits.end(), Visit{from, 0});
    auto last = std::upper_bound(first, visits.end(), to,
                                 [](std::int64_t t, const Visit& v) { return t < v.at; });
    return {first, last};
}

void insert_sorted(std::vector<Visit>& visits, Visit v) {
    visits.insert(std::upper_bound(visits.begin(), visits.end(), v), v);
}

void erase_sorted(std::vector<Visit>& visits, Visit v) {
    auto it = std::lower_bound(visits.begin(), visits.end(), v);
    if (it != visits.end() && *it == v) {
        visits.erase(it);
    }
}

// Non-zero: cancelled or diverted. Which of them is told apart too, so that a caller that
// counts cancellations need not read the record.
constexpr std::uint8_t notable_cancelled = 1;
constexpr std::uint8_t notable_diverted = 2;

std::uint8_t notable_state(const FlightRecord& f) {
    return f.state == FlightState::cancelled  ? notable_cancelled
           : f.state == FlightState::diverted ? notable_diverted
                                              : 0;
}

FlightKey key_of(const FlightMeta& m) {
    return FlightKey{m.departure, std::max(m.arrival, m.departure), m.origin, m.destination};
}

/// Whether the indexes see the two alike: only where and when a flight flies is indexed, so a
/// new state (the usual change between two snapshots) is a copy of the record.
bool indexed_alike(const FlightRecord& a, const FlightRecord& b) {
    return a.origin == b.origin && a.destination == b.destination &&
           a.scheduled_departure == b.scheduled_departure &&
           a.scheduled_arrival == b.scheduled_arrival;
}

// A snapshot in which more than one flight in this many is new, gone or moved is indexed
// afresh. Measured at 200,000 flights (bench_correlation snapshot_pass): a change costs 0.3-1 ms
// (sorted inserts into the route grid, the visit lists and every FIR's crossing list), a build
// with its FIR crossings worked out again about 3 s; they meet near 2-5% of the snapshot.
constexpr std::size_t rebuild_share = 40;

} // namespace

std::uint32_t ExposureEngine::Impl::airport_id(const std::string& code) {
    if (code.empty()) {
        return no_airport;
    }
    if (const auto id = airport_ids.find(code)) {
        return *id;
    }
    std::string canonical = footprints.canonical_airport(code);
    const auto next = static_cast<std::uint32_t>(airports.size());
    const std::uint32_t id = airport_ids.add(canonical, next);
    if (id == next) {
        AirportFlights entry;
        if (const Airport* known = footprints.find_airport(canonical)) {
            entry.located = true;
            entry.position = sphere::to_vec(known->lat, known->lon);
        }
        codes.push_back(canonical);
        entry.code = std::move(canonical);
        positions.push_back(entry.position);
        airports.push_back(std::move(entry));
    }
    airport_ids.add(code, id);
    return id;
}

std::optional<std::uint32_t> ExposureEngine::Impl::find_airport(const std::string& code) const {
    if (const auto id = airport_ids.find(code)) {
        return id;
    }
    return airport_ids.find(footprints.canonical_airport(code));
}

FlightMeta ExposureEngine::Impl::describe(const FlightRecord& f) {
    FlightMeta m;
    m.origin = airport_id(f.origin);
    m.destination = airport_id(f.destination);
    m.departure = seconds(f.scheduled_departure);
    const AirportFlights* from = m.origin != no_airport ? &airports[m.origin] : nullptr;
    const AirportFlights* to = m.destination != no_airport ? &airports[m.destination] : nullptr;
    const bool located = from && to && from->located && to->located;
    const double theta = located ? sphere::angle(from->position, to->position) : 0;
    if (f.scheduled_arrival) {
        m.arrival = seconds(*f.scheduled_arrival);
    } else if (located) {
        const double hours = theta * sphere::earth_radius_nm / estimate_speed_kt;
        m.arrival = m.departure + estimate_overhead_s + std::llround(hours * 3600);
    } else {
        m.arrival = m.departure;
    }
    // Nearly antipodal ends leave the great circle undecided; no airline flies that.
    if (located && theta > 1e-6 && theta < std::numbers::pi - 1e-3) {
        m.routed = true;
        m.route = Route{
            from->position, to->position, theta, m.departure, std::max(m.arrival, m.departure),
            m.origin,       m.destination};
    }
    return m;
}

void ExposureEngine::Impl::index_airports(std::uint32_t slot, bool sorted) {
    const FlightMeta& m = meta[slot];
    auto add = [&](std::vector<Visit>& visits, std::int64_t at) {
        if (sorted) {
            insert_sorted(visits, Visit{at, slot});
        } else {
            visits.push_back(Visit{at, slot});
        }
    };
    if (m.origin != no_airport) {
        add(airports[m.origin].departures, m.departure);
    }
    if (m.destination != no_airport) {
        add(airports[m.destination].arrivals, m.arrival);
    }
}

void ExposureEngine::Impl::unindex(std::uint32_t slot) {
    const FlightMeta& m = meta[slot];
    if (m.origin != no_airport) {
        erase_sorted(airports[m.origin].departures, Visit{m.departure, slot});
    }
    if (m.destination != no_airport) {
        erase_sorted(airports[m.destination].arrivals, Visit{m.arrival, slot});
    }
    if (m.routed) {
        routes.remove(slot, m.route);
    }
}

void ExposureEngine::Impl::upsert(const FlightRecord& flight) {
    std::uint32_t slot = 0;
    if (auto it = slot_of.find(flight.id); it != slot_of.end()) {
        slot = it->second;
        forget_crossings(slot);
        unindex(slot);
        records[slot] = flight;
        meta[slot] = describe(flight);
        keys[slot] = key_of(meta[slot]);
        notable[slot] = notable_state(flight);
    } else if (!free_slots.empty()) {
        slot = free_slots.back();
        free_slots.pop_back();
        slot_of.emplace(flight.id, slot);
        records[slot] = flight;
        meta[slot] = describe(flight);
        keys[slot] = key_of(meta[slot]);
        notable[slot] = notable_state(flight);
    } else {
        slot = static_cast<std::uint32_t>(records.size());
        if (slot + 1 >= RouteIndex::max_slots) {
            throw std::length_error("ExposureEngine: too many flights");
        }
        slot_of.emplace(flight.id, slot);
        records.push_back(flight);
        meta.push_back(describe(flight));
        keys.push_back(key_of(meta.back()));
        notable.push_back(notable_state(flight));
    }
    index_airports(slot, true);
    const FlightMeta& m = meta[slot];
    longest_flight = std::max(longest_flight, m.arrival - m.departure);
    if (m.routed) {
        routes.insert(slot, m.route);
        learn_crossings(slot);
    }
}

void ExposureEngine::Impl::remove(std::uint32_t slot) {
    forget_crossings(slot);
    unindex(slot);
    slot_of.erase(records[slot].id);
    records[slot] = FlightRecord{};
    meta[slot] = FlightMeta{}; // no airports, no route: nothing refers to the slot
    keys[slot] = key_of(meta[slot]);
    notable[slot] = 0;
    free_slots.push_back(slot);
}

bool ExposureEngine::Impl::update(std::vector<FlightRecord>& flights) {
    if (slot_of.empty()) {
        return false;
    }
    // The later copy of an id wins, as in a build.
    std::unordered_map<std::int64_t, std::size_t> latest;
    latest.reserve(flights.size());
    for (std::size_t i = 0; i < flights.size(); ++i) {
        latest.insert_or_assign(flights[i].id, i);
    }
    std::size_t kept = 0;
    std::size_t changes = 0;
    for (const auto& [id, i] : latest) {
        auto it = slot_of.find(id);
        if (it == slot_of.end()) {
            ++changes;
        } else {
            ++kept;
            changes += !indexed_alike(records[it->second], flights[i]);
        }
    }
    changes += slot_of.size() - kept; // gone
    if (changes * rebuild_share > std::max(latest.size(), slot_of.size())) {
        return false;
    }
    std::vector<std::uint32_t> gone;
    for (const auto& [id, slot] : slot_of) {
        if (latest.count(id) == 0) {
            gone.push_back(slot);
        }
    }
    for (std::uint32_t slot : gone) {
        remove(slot);
    }
    for (std::size_t i = 0; i < flights.size(); ++i) {
        FlightRecord& flight = flights[i];
        if (latest.at(flight.id) != i) {
            continue;
        }
        if (auto it = slot_of.find(flight.id);
            it != slot_of.end() && indexed_alike(records[it->second], flight)) {
            notable[it->second] = notable_state(flight);
            records[it->second] = std::move(flight);
        } else {
            upsert(flight);
        }
    }
    return true;
}

ExposureEngine::ExposureEngine(std::shared_ptr<const RefData> refdata, ExposureSettings settings)
    : impl_(std::make_unique<Impl>(std::move(refdata))), settings_(settings) {}

ExposureEngine::~ExposureEngine() = default;

void ExposureEngine::set_flights(std::vector<FlightRecord> flights) {
    Impl& d = *impl_;
    // The correlator hands over a whole snapshot before every pass, mostly the flights it
    // held before with some new states: keeping the indexes and the FIR crossings worked out
    // for them, and changing only what moved, saves rebuilding them all (most of a pass).
    // Kept route crossings of hazards no pass asked for since the last snapshot are let go
    // before the changes would have to keep them up to date.
    d.drop_areas(false);
    ++d.generation;
    if (d.update(flights)) {
        return;
    }
    d.drop_areas(true);
    d.records.clear();
    d.free_slots.clear();
    d.meta.clear();
    d.keys.clear();
    d.notable.clear();
    d.slot_of.clear();
    d.longest_flight = 0;
    for (auto& [code, fir] : d.firs) {
        fir.crossing_known = false; // the boundary stays; which flights cross it does not
        fir.outer = {};
        fir.inner = {};
    }
    for (AirportFlights& airport : d.airports) {
        airport.departures.clear();
        airport.arrivals.clear();
    }
    d.slot_of.reserve(flights.size());
    for (FlightRecord& flight : flights) {
        auto [it, inserted] =
            d.slot_of.try_emplace(flight.id, static_cast<std::uint32_t>(d.records.size()));
        if (inserted) {
            d.records.push_back(std::move(flight));
        } else {
            d.records[it->second] = std::move(flight); // the later copy of an id wins
        }
    }
    if (d.records.size() >= RouteIndex::max_slots) {
        throw std::length_error("ExposureEngine: too many flights");
    }
    d.meta.reserve(d.records.size());
    std::vector<std::pair<std::uint32_t, Route>> routes;
    routes.reserve(d.records.size());
    for (std::uint32_t slot = 0; slot < d.records.size(); ++slot) {
        d.meta.push_back(d.describe(d.records[slot]));
        d.index_airports(slot, false);
        const FlightMeta& m = d.meta[slot];
        d.keys.push_back(key_of(m));
        d.notable.push_back(notable_state(d.records[slot]));
        d.longest_flight = std::max(d.longest_flight, m.arrival - m.departure);
        if (m.routed) {
            routes.emplace_back(slot, m.route);
        }
    }
    for (AirportFlights& airport : d.airports) {
        std::sort(airport.departures.begin(), airport.departures.end());
        std::sort(airport.arrivals.begin(), airport.arrivals.end());
    }
    d.routes.assign(routes);
}

void ExposureEngine::upsert_flight(const FlightRecord& flight) {
    impl_->upsert(flight);
}

std::size_t ExposureEngine::flight_count() const {
    return impl_->slot_of.size();
}

HazardFootprint ExposureEngine::footprint(const Hazard& hazard, bool all_parts) const {
    return impl_->footprints.build(hazard, settings_, all_parts);
}

std::shared_ptr<const HazardFootprint> ExposureEngine::shared_footprint(const Hazard& hazard,
                                                                        bool all_parts) const {
    return impl_->footprints.shared(hazard, settings_, all_parts);
}

namespace {

/// What exposed() and for_each_exposed() share: works out the matches, tells `reserve` how
/// many there are, then hands each to `emit` in order (airports as listed in the footprint,
/// each airport's departures then arrivals, route matches last).
/// (`Engine` is ExposureEngine::Impl, deduced: the name is private to the engine.)
/// `emit_route` gets the route matches (RouteMatch) instead of `emit`.
template <typename Engine, typename Reserve, typename Emit, typename EmitRoute>
void find_exposed(const Engine& d, const ExposureSettings& settings, const Hazard& hazard,
                  const HazardFootprint& footprint, UtcTime now, bool include_route,
                  std::optional<TimeRange> only_at, Reserve&& reserve, Emit&& emit,
                  EmitRoute&& emit_route) {
    // The closed window [from, to] of scheduled times that count.
    std::int64_t from = std::numeric_limits<std::int64_t>::min();
    if (const auto& start = hazard.valid_from ? hazard.valid_from : hazard.issued) {
        from = seconds(*start) - settings.lead.count();
    }
    const UtcTime end =
        hazard.permanent || !hazard.valid_to ? now + settings.open_end : *hazard.valid_to;
    const std::int64_t to = seconds(end) + settings.lag.count();
    if (from > to) {
        return;
    }
    // The closed range of `at` wanted: an airport's visit time, a route's departure.
    std::int64_t at_first = std::numeric_limits<std::int64_t>::min();
    std::int64_t at_last = std::numeric_limits<std::int64_t>::max();
    if (only_at) {
        if (only_at->to <= only_at->from) {
            return;
        }
        at_first = seconds(only_at->from);
        at_last = seconds(only_at->to) - 1;
    }

    // Ranges and route matches first, so that an output vector is allocated once.
    struct Found {
        std::string_view code;
        std::vector<Visit>::const_iterator dep_first, dep_last, arr_first, arr_last;
    };
    std::vector<Found> found;
    std::size_t count = 0;
    if (footprint.reaches_terminal) {
        for (const auto& code : footprint.airports) {
            const auto id = d.airport_ids.find(code);
            if (!id) {
                continue;
            }
            const AirportFlights& airport = d.airports[*id];
            const std::int64_t first = std::max(from, at_first);
            const std::int64_t last = std::min(to, at_last);
            const auto [dep_first, dep_last] = visits_in(airport.departures, first, last);
            const auto [arr_first, arr_last] = visits_in(airport.arrivals, first, last);
            if (dep_first != dep_last || arr_first != arr_last) {
                count += static_cast<std::size_t>((dep_last - dep_first) + (arr_last - arr_first));
                // The engine's code for it is the footprint's code: both are canonical.
                found.push_back(Found{d.codes[*id], dep_first, dep_last, arr_first, arr_last});
            }
        }
    }
    d.route_slots.clear();
    if (include_route && footprint.reaches_cruise) {
        d.find_route_exposure(hazard, footprint, from, to, at_first, at_last);
    }
    reserve(count + d.route_slots.size());
    for (const Found& f : found) {
        for (auto v = f.dep_first; v != f.dep_last; ++v) {
            emit(ExposedFlight{&d.records[v->slot], f.code, ExposureVia::origin,
                               d.notable[v->slot] == notable_cancelled, utc(v->at)});
        }
        for (auto v = f.arr_first; v != f.arr_last; ++v) {
            emit(ExposedFlight{&d.records[v->slot], f.code, ExposureVia::destination,
                               d.notable[v->slot] == notable_cancelled, utc(v->at)});
        }
    }
    for (const RouteMatch& r : d.route_slots) {
        emit_route(r);
    }
}

/// The ExposedFlight of a route match.
template <typename Engine> ExposedFlight route_exposure(const Engine& d, const RouteMatch& r) {
    return ExposedFlight{&d.records[r.slot],
                         {},
                         ExposureVia::route,
                         d.notable[r.slot] == notable_cancelled,
                         utc(r.departure)};
}

} // namespace

std::vector<ExposedFlight> ExposureEngine::exposed(const Hazard& hazard,
                                                   const HazardFootprint& footprint, UtcTime now,
                                                   bool include_route,
                                                   std::optional<TimeRange> only_at) const {
    std::vector<ExposedFlight> out;
    find_exposed(
        *impl_, settings_, hazard, footprint, now, include_route, only_at,
        [&](std::size_t count) { out.reserve(count); },
        [&](const ExposedFlight& e) { out.push_back(e); },
        [&](const RouteMatch& r) { out.push_back(route_exposure(*impl_, r)); });
    return out;
}

void ExposureEngine::for_each_exposed(const Hazard& hazard, const HazardFootprint& footprint,
                                      UtcTime now, bool include_route,
                                      std::optional<TimeRange> only_at,
                                      const ExposureSink& sink) const {
    find_exposed(
        *impl_, settings_, hazard, footprint, now, include_route, only_at, [](std::size_t) {},
        [&](const ExposedFlight& e) { sink(e); },
        [&](const RouteMatch& r) { sink(route_exposure(*impl_, r)); });
}

std::size_t ExposureEngine::for_each_exposed_counting_routes(const Hazard& hazard,
                                                             const HazardFootprint& footprint,
                                                             UtcTime now, bool include_route,
                                                             std::optional<TimeRange> only_at,
                                                             const ExposureSink& sink) const {
    const Impl& d = *impl_;
    std::size_t routes = 0;
    find_exposed(
        d, settings_, hazard, footprint, now, include_route, only_at, [](std::size_t) {},
        [&](const ExposedFlight& e) { sink(e); },
        [&](const RouteMatch& r) {
            ++routes;
            if (d.notable[r.slot] != 0) {
                sink(route_exposure(d, r));
            }
        });
    return routes;
}

std::vector<const FlightRecord*> ExposureEngine::at_airport(const std::string& airport,
                                                            UtcTime from, UtcTime to) const {
    const Impl& d = *impl_;
    std::vector<const FlightRecord*> out;
    const auto id = d.find_airport(airport);
    if (!id || to <= from) {
        return out;
    }
    const AirportFlights& entry = d.airports[*id];
    std::vector<Visit> visits;
    const std::int64_t first = seconds(from);
    const std::int64_t last = seconds(to) - 1; // [from, to)
    for (const auto* list : {&entry.departures, &entry.arrivals}) {
        const auto [begin, end] = visits_in(*list, first, last);
        visits.insert(visits.end(), begin, end);
    }
    std::sort(visits.begin(), visits.end());
    d.flights_seen.next(d.records.size());
    for (const Visit& v : visits) {
        if (!d.flights_seen.test(v.slot)) { // a flight from the airport back to it: once
            d.flights_seen.set(v.slot);
            out.push_back(&d.records[v.slot]);
        }
    }
    return out;
}

} // namespace aerowatch
