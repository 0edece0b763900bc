// SPDX-License-Identifier: GPL-3.0-or-later
#include "correlate/exposure.hpp"

#include "correlate/hazard_area.hpp"
#include "correlate/hazard_footprint.hpp"
#include "correlate/route_index.hpp"
#include "refdata/refdata.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <numbers>
#include <unordered_map>
#include <utility>

namespace aerowatch {

using correlate::FootprintBuilder;
using correlate::HazardArea;
using correlate::Route;
using correlate::RouteIndex;

namespace {

constexpr std::uint32_t no_airport = std::numeric_limits<std::uint32_t>::max();
// Only a missing arrival time is estimated, from the distance: 450 kt plus half an hour for
// taxi, climb and descent. A flight whose end is unknown to the reference data gets its
// departure time as arrival.
constexpr double estimate_speed_kt = 450;
constexpr std::int64_t estimate_overhead_s = 1800;

std::int64_t seconds(UtcTime t) {
    return t.time_since_epoch().count();
}

UtcTime utc(std::int64_t s) {
    return UtcTime{std::chrono::seconds{s}};
}

/// A flight at an airport at a time; the per-airport lists are sorted by (time, slot).
struct Visit {
    std::int64_t at = 0;
    std::uint32_t slot = 0;
    auto operator<=>(const Visit&) const = default;
};

struct AirportFlights {
    std::string code; // canonical
    bool located = false;
    sphere::Vec3 position;
    std::vector<Visit> departures;
    std::vector<Visit> arrivals;
};

struct FlightMeta {
    std::uint32_t origin = no_airport;
    std::uint32_t destination = no_airport;
    std::int64_t departure = 0;
    std::int64_t arrival = 0; // scheduled, else estimated
    bool routed = false;
    Route route;
};

/// Stamps that mark items as seen by the current query without clearing an array per query.
class Marks {
  public:
    void next(std::size_t size) {
        if (marks_.size() < size) {
            marks_.resize(size, 0);
        }
        if (++epoch_ == 0) {
            std::fill(marks_.begin(), marks_.end(), 0);
            epoch_ = 1;
        }
    }
    bool test(std::uint32_t i) const { return i < marks_.size() && marks_[i] == epoch_; }
    void set(std::uint32_t i) { marks_[i] = epoch_; }

  private:
    std::vector<std::uint32_t> marks_;
    std::uint32_t epoch_ = 0;
};

template <typename Fn>
void for_each_in(const std::vector<Visit>& visits, std::int64_t from, std::int64_t to, Fn fn) {
    auto it = std::lower_bound(visits.begin(), visits.end(), Visit{from, 0});
    for (; it != visits.end() && it->at <= to; ++it) {
        fn(*it);
    }
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

} // namespace

struct ExposureEngine::Impl {
    explicit Impl(std::shared_ptr<const RefData> data) : footprints(std::move(data)) {}

    FootprintBuilder footprints;
    // A deque so that the records ExposedFlight points at stay put as flights are added.
    std::deque<FlightRecord> records;
    std::vector<FlightMeta> meta; // by slot, as records
    std::unordered_map<std::int64_t, std::uint32_t> slot_of;
    std::unordered_map<std::string, std::uint32_t> airport_ids; // every spelling seen
    std::vector<AirportFlights> airports;
    RouteIndex routes;

    // Per query scratch and caches: the engine is not thread-safe, queries are const.
    mutable Marks footprint_airports;
    mutable Marks flights_seen;
    mutable Marks flights_taken;
    mutable std::unordered_map<std::string, std::unique_ptr<HazardArea>> fir_areas;

    std::uint32_t airport_id(const std::string& code) {
        if (code.empty()) {
            return no_airport;
        }
        if (auto it = airport_ids.find(code); it != airport_ids.end()) {
            return it->second;
        }
        std::string canonical = footprints.canonical_airport(code);
        auto [it, inserted] =
            airport_ids.try_emplace(canonical, static_cast<std::uint32_t>(airports.size()));
        if (inserted) {
            AirportFlights entry;
            if (const Airport* known = footprints.find_airport(canonical)) {
                entry.located = true;
                entry.position = sphere::to_vec(known->lat, known->lon);
            }
            entry.code = std::move(canonical);
            airports.push_back(std::move(entry));
        }
        const std::uint32_t id = it->second;
        airport_ids.emplace(code, id);
        return id;
    }

    std::optional<std::uint32_t> find_airport(const std::string& code) const {
        auto it = airport_ids.find(code);
        if (it == airport_ids.end()) {
            it = airport_ids.find(footprints.canonical_airport(code));
        }
        return it == airport_ids.end() ? std::nullopt : std::optional(it->second);
    }

    FlightMeta describe(const FlightRecord& f) {
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
            m.route = Route{from->position, to->position, theta, m.departure,
                            std::max(m.arrival, m.departure)};
        }
        return m;
    }

    void index_airports(std::uint32_t slot, bool sorted) {
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

    void unindex(std::uint32_t slot) {
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

    const HazardArea* fir_area(const std::string& fir) const {
        auto [it, inserted] = fir_areas.try_emplace(fir);
        if (inserted) {
            it->second = std::make_unique<HazardArea>(
                HazardArea::fir(footprints.refdata().fir_boundary(fir)));
        }
        return it->second->empty() ? nullptr : it->second.get();
    }

    void add_route_exposure(const Hazard& hazard, const HazardFootprint& footprint,
                            std::int64_t from, std::int64_t to,
                            std::vector<ExposedFlight>& out) const;
};

ExposureEngine::ExposureEngine(std::shared_ptr<const RefData> refdata, ExposureSettings settings)
    : impl_(std::make_unique<Impl>(std::move(refdata))), settings_(settings) {}

ExposureEngine::~ExposureEngine() = default;

void ExposureEngine::set_flights(std::vector<FlightRecord> flights) {
    Impl& d = *impl_;
    d.records.clear();
    d.meta.clear();
    d.slot_of.clear();
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
    d.meta.reserve(d.records.size());
    std::vector<std::pair<std::uint32_t, Route>> routes;
    routes.reserve(d.records.size());
    for (std::uint32_t slot = 0; slot < d.records.size(); ++slot) {
        d.meta.push_back(d.describe(d.records[slot]));
        d.index_airports(slot, false);
        if (d.meta[slot].routed) {
            routes.emplace_back(slot, d.meta[slot].route);
        }
    }
    for (AirportFlights& airport : d.airports) {
        std::sort(airport.departures.begin(), airport.departures.end());
        std::sort(airport.arrivals.begin(), airport.arrivals.end());
    }
    d.routes.assign(routes);
}

void ExposureEngine::upsert_flight(const FlightRecord& flight) {
    Impl& d = *impl_;
    std::uint32_t slot = 0;
    if (auto it = d.slot_of.find(flight.id); it != d.slot_of.end()) {
        slot = it->second;
        d.unindex(slot);
        d.records[slot] = flight;
        d.meta[slot] = d.describe(flight);
    } else {
        slot = static_cast<std::uint32_t>(d.records.size());
        d.slot_of.emplace(flight.id, slot);
        d.records.push_back(flight);
        d.meta.push_back(d.describe(flight));
    }
    d.index_airports(slot, true);
    if (d.meta[slot].routed) {
        d.routes.insert(slot, d.meta[slot].route);
    }
}

std::size_t ExposureEngine::flight_count() const {
    return impl_->records.size();
}

HazardFootprint ExposureEngine::footprint(const Hazard& hazard, bool all_parts) const {
    return impl_->footprints.build(hazard, settings_, all_parts);
}

std::vector<ExposedFlight> ExposureEngine::exposed(const Hazard& hazard,
                                                   const HazardFootprint& footprint, UtcTime now,
                                                   bool include_route) const {
    const Impl& d = *impl_;
    std::vector<ExposedFlight> out;
    // The closed window [from, to] of scheduled times that count.
    std::int64_t from = std::numeric_limits<std::int64_t>::min();
    if (const auto& start = hazard.valid_from ? hazard.valid_from : hazard.issued) {
        from = seconds(*start) - settings_.lead.count();
    }
    const UtcTime end =
        hazard.permanent || !hazard.valid_to ? now + settings_.open_end : *hazard.valid_to;
    const std::int64_t to = seconds(end) + settings_.lag.count();
    if (from > to) {
        return out;
    }

    if (footprint.reaches_terminal) {
        for (const auto& code : footprint.airports) {
            auto it = d.airport_ids.find(code);
            if (it == d.airport_ids.end()) {
                continue;
            }
            const AirportFlights& airport = d.airports[it->second];
            for_each_in(airport.departures, from, to, [&](const Visit& v) {
                out.push_back(
                    ExposedFlight{&d.records[v.slot], code, ExposureVia::origin, utc(v.at)});
            });
            for_each_in(airport.arrivals, from, to, [&](const Visit& v) {
                out.push_back(
                    ExposedFlight{&d.records[v.slot], code, ExposureVia::destination, utc(v.at)});
            });
        }
    }
    if (include_route && footprint.reaches_cruise) {
        d.add_route_exposure(hazard, footprint, from, to, out);
    }
    return out;
}

void ExposureEngine::Impl::add_route_exposure(const Hazard& hazard,
                                              const HazardFootprint& footprint, std::int64_t from,
                                              std::int64_t to,
                                              std::vector<ExposedFlight>& out) const {
    // The area routes cross: the geometry when there is one; else the FIRs, when they stand
    // for the area as they do in the footprint (no airports listed). Airports alone have none.
    HazardArea own;
    std::vector<const HazardArea*> parts;
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
    if (!own.empty()) {
        parts.push_back(&own);
    } else if (hazard.airports.empty()) {
        for (const auto& fir : hazard.firs) {
            std::string code = fir;
            std::transform(code.begin(), code.end(), code.begin(),
                           [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
            if (const HazardArea* area = fir_area(code)) {
                parts.push_back(area);
            }
        }
    }
    if (parts.empty()) {
        return;
    }

    footprint_airports.next(airports.size());
    for (const auto& code : footprint.airports) {
        if (auto it = airport_ids.find(code); it != airport_ids.end()) {
            footprint_airports.set(it->second);
        }
    }
    // Flights touching a footprint airport are exposed through it already, unless the hazard
    // sits too high for the airports: then those flights fly through it, and count here.
    const bool exclude_ends = footprint.reaches_terminal;
    flights_taken.next(records.size());
    for (const HazardArea* part : parts) {
        flights_seen.next(records.size());
        for (const auto& box : part->boxes()) {
            routes.query(box, from, to, [&](std::uint32_t slot) {
                if (flights_seen.test(slot) || flights_taken.test(slot)) {
                    return;
                }
                flights_seen.set(slot);
                const FlightMeta& m = meta[slot];
                if (m.route.arrival < from || m.route.departure > to) {
                    return;
                }
                const bool end_inside =
                    footprint_airports.test(m.origin) || footprint_airports.test(m.destination);
                if (end_inside ? exclude_ends
                               : !part->crossed_by(m.route.from, m.route.to, m.route.theta)) {
                    return;
                }
                flights_taken.set(slot);
                out.push_back(
                    ExposedFlight{&records[slot], {}, ExposureVia::route, utc(m.departure)});
            });
        }
    }
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
        for_each_in(*list, first, last, [&](const Visit& v) { visits.push_back(v); });
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
