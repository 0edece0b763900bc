// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.hpp"
#include "core/flight.hpp"
#include "core/hazard.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aerowatch {

class RefData;

/// A flight as the correlator sees it: light, copied out of the flight store once per pass.
struct FlightRecord {
    std::int64_t id = 0; // StoredFlight::id
    std::string airline; // the store's airline key (ICAO when known)
    std::string flight_number;
    std::string origin;      // ICAO where known
    std::string destination; // ICAO where known; may be empty
    UtcTime scheduled_departure{};
    std::optional<UtcTime> scheduled_arrival;
    FlightState state = FlightState::unknown;
    UtcTime last_changed{}; // when the store last saw its state change (cancellation time)
};

/// How flights are matched to hazards (the [correlation] config table).
struct ExposureSettings {
    std::chrono::seconds lead{std::chrono::hours{6}}; // before valid_from
    std::chrono::seconds lag{std::chrono::hours{6}};  // after valid_to
    // A hazard whose lower limit is above this does not touch departures and arrivals (it is
    // airspace high above the airports); nullopt lower limit = surface.
    int terminal_ceiling_ft = 10000;
    // A route crosses a hazard only if the hazard reaches cruise: its upper limit (nullopt =
    // unlimited) at or above this.
    int cruise_floor_ft = 25000;
    // Hazards with no end (PERM, no valid_to) are taken to last this long past now for matching.
    std::chrono::seconds open_end{std::chrono::days{30}};
};

/// The airports a hazard's area holds: those listed, those inside its circle or polygon(s)
/// (spherical geometry; rings crossing the antimeridian work), and those inside its FIRs (by the
/// airport's FIR from the reference data) when it has neither geometry nor listed airports:
/// every ICAO NOTAM names its FIR, an aerodrome NOTAM too, so a FIR stands for its airports
/// only when nothing narrower says where. Sorted ICAO codes (IATA codes and lower case are
/// mapped to them; codes unknown to the reference data kept upper-cased), no duplicates.
struct HazardFootprint {
    std::vector<std::string> airports;
    std::vector<std::string> firs;      // the hazard's FIRs, plus the FIRs of its geometry's centre
    std::vector<std::string> countries; // of the airports, sorted, no duplicates
    bool reaches_terminal = true;       // lower limit at or below terminal_ceiling_ft
    bool reaches_cruise = true;         // upper limit at or above cruise_floor_ft
    bool has_area() const { return !airports.empty() || !firs.empty(); }
};

/// Scheduled times [from, to), half-open as the correlator's rule windows.
struct TimeRange {
    UtcTime from{};
    UtcTime to{};
};

/// Why a flight is exposed.
enum class ExposureVia { origin, destination, route };

struct ExposedFlight {
    const FlightRecord* flight = nullptr; // points into the engine's snapshot
    // The hazard airport it touches, a code the engine keeps for its lifetime; empty for
    // route. A view: a pass returns tens of millions of these, and a string each doubled the
    // cost of a route pass.
    std::string_view airport;
    ExposureVia via = ExposureVia::origin;
    // flight->state == cancelled, from a copy the engine keeps by the index: a caller counting
    // cancellations over millions of exposures need not read each record (a cache miss). Here,
    // in the padding after `via`, it leaves the struct its size.
    bool cancelled = false;
    UtcTime at{}; // the scheduled time that matched (departure at origin, arrival at destination)
};

/// Receives exposures one at a time (ExposureEngine::for_each_exposed).
using ExposureSink = std::function<void(const ExposedFlight&)>;

/// Matches flights to hazard areas through indexes, never a scan of every flight:
/// flights by airport, sorted by scheduled time; airports in a Boost.Geometry R-tree for
/// circles and polygons; flight routes (great circles, origin to destination) in an R-tree of
/// their bounding boxes for route crossing, refined with a spherical segment/area test.
/// Footprints are kept per distinct area, and which flights cross a FIR, or a hazard's circle,
/// polygon or line over its validity, is worked out on first use and kept up to date by
/// upsert_flight() and set_flights(), so repeated passes mostly look up. A hazard's crossings
/// are let go when no query asked for them between two set_flights() calls.
/// Not thread-safe (queries use scratch space); one per correlator.
class ExposureEngine {
  public:
    ExposureEngine(std::shared_ptr<const RefData> refdata, ExposureSettings settings = {});
    ~ExposureEngine();
    ExposureEngine(const ExposureEngine&) = delete;
    ExposureEngine& operator=(const ExposureEngine&) = delete;

    /// Replaces the flight snapshot (the whole set the correlator looks at). When few flights
    /// are new, gone or flown at other times or places than the snapshot before (new states
    /// do not count), they are applied one by one and the rest of the indexes and the FIR
    /// crossings are kept; otherwise everything is built afresh.
    void set_flights(std::vector<FlightRecord> flights);
    /// Adds a flight, or replaces the one with the same id (incremental update).
    void upsert_flight(const FlightRecord& flight);
    std::size_t flight_count() const;

    /// With `all_parts`, the union of every part (listed airports, FIRs, geometry) without the
    /// narrowest-part rule: for areas a person writes down (watch areas), where a FIR listed
    /// beside airports means the whole FIR.
    HazardFootprint footprint(const Hazard& hazard, bool all_parts = false) const;
    /// footprint(), shared with every other hazard on the same area and altitude band rather
    /// than copied: it stays valid, and unchanged, for as long as it is held.
    std::shared_ptr<const HazardFootprint> shared_footprint(const Hazard& hazard,
                                                            bool all_parts = false) const;

    /// Flights whose scheduled time at a footprint airport falls in the hazard's validity
    /// widened by lead/lag, bounds included: [valid_from - lead, valid_to + lag] (valid_from
    /// missing: issued; both missing: unbounded before; end missing or permanent: now +
    /// open_end, then + lag), each flight once per airport it touches
    /// (a flight from one footprint airport to another appears twice, once per airport).
    /// With `include_route`, also flights whose great-circle route crosses the hazard's
    /// geometry or FIRs while neither end is in the footprint (via = route, airport empty,
    /// at = scheduled departure; time: [departure, arrival] overlaps the window). The area is
    /// the geometry if any (a circle is crossed by passing within its radius, a polygon or line
    /// by cutting an edge), else the FIR boundaries when the FIRs stand for the footprint; a
    /// hazard with only airports has none. A hazard that does not reach the terminal area
    /// reports no airport matches, so there flights starting or ending in the footprint count
    /// as route exposure instead of being left out. Airport matching needs
    /// footprint.reaches_terminal, route matching footprint.reaches_cruise. A missing
    /// scheduled arrival is estimated from the distance (450 kt + 30 min). Not seen: a route
    /// wholly inside a FIR's boundary whose end airports the reference data files under
    /// other FIRs (VATSpy's curated airport FIRs and its polygons disagree at some borders).
    /// The pointers stay valid until set_flights(); upsert_flight() updates a record in place.
    /// With `only_at`, only the exposures whose `at` falls in it: the same as filtering the
    /// full answer, but flights outside are never looked at (a caller that measures a window
    /// around now need not pay for the rest of a long hazard's validity).
    std::vector<ExposedFlight> exposed(const Hazard& hazard, const HazardFootprint& footprint,
                                       UtcTime now, bool include_route,
                                       std::optional<TimeRange> only_at = std::nullopt) const;
    /// exposed(), handed to `sink` one at a time in the same order, and nothing kept: for a
    /// caller that only counts or groups them (a route pass finds tens of millions) and need not
    /// hold them all at once. `sink` must not call the engine.
    void for_each_exposed(const Hazard& hazard, const HazardFootprint& footprint, UtcTime now,
                          bool include_route, std::optional<TimeRange> only_at,
                          const ExposureSink& sink) const;

    /// for_each_exposed(), except that route exposures of flights neither cancelled nor
    /// diverted are counted and not handed over: a disruption rule needs no more of them than
    /// how many there are, and a route pass finds tens of millions. Returns the number of route
    /// exposures, handed over or not.
    std::size_t for_each_exposed_counting_routes(const Hazard& hazard,
                                                 const HazardFootprint& footprint, UtcTime now,
                                                 bool include_route,
                                                 std::optional<TimeRange> only_at,
                                                 const ExposureSink& sink) const;

    /// Flights scheduled to depart from or arrive at `airport` in [from, to).
    std::vector<const FlightRecord*> at_airport(const std::string& airport, UtcTime from,
                                                UtcTime to) const;

    const ExposureSettings& settings() const { return settings_; }

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    ExposureSettings settings_;
};

} // namespace aerowatch
