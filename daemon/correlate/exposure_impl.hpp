// SPDX-License-Identifier: GPL-3.0-or-later
// Private to correlate/: the ExposureEngine's state, shared by exposure.cpp (flights, airport
// matching) and route_exposure.cpp (route crossing).
#pragma once

#include "correlate/exposure.hpp"
#include "correlate/hazard_area.hpp"
#include "correlate/hazard_footprint.hpp"
#include "correlate/route_index.hpp"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

namespace aerowatch::correlate {

constexpr std::uint32_t no_airport = std::numeric_limits<std::uint32_t>::max();

inline std::int64_t seconds(UtcTime t) {
    return t.time_since_epoch().count();
}

inline UtcTime utc(std::int64_t s) {
    return UtcTime{std::chrono::seconds{s}};
}

/// The engine's flight records by slot, in chunks of 1024: their addresses stay put as flights
/// are added (ExposedFlight points at them), and a slot's address is one read of a table of a
/// few hundred chunk pointers. std::deque kept two records a block, and reading its map of
/// 100,000 block pointers at 200,000 flights was a cache miss for each exposure handed over.
class RecordStore {
  public:
    std::size_t size() const { return size_; }
    FlightRecord& operator[](std::size_t i) { return chunks_[i >> shift][i & mask]; }
    const FlightRecord& operator[](std::size_t i) const { return chunks_[i >> shift][i & mask]; }
    void push_back(FlightRecord record) {
        if ((size_ >> shift) == chunks_.size()) {
            chunks_.push_back(std::make_unique<FlightRecord[]>(chunk));
        }
        (*this)[size_] = std::move(record);
        ++size_;
    }
    void clear() {
        chunks_.clear();
        size_ = 0;
    }

  private:
    static constexpr std::size_t shift = 10;
    static constexpr std::size_t chunk = std::size_t{1} << shift;
    static constexpr std::size_t mask = chunk - 1;
    std::vector<std::unique_ptr<FlightRecord[]>> chunks_;
    std::size_t size_ = 0;
};

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

/// What the route checks read of a flight, packed apart from FlightMeta: a pass reads it for
/// millions of candidates in no particular order, and 24 bytes a flight stay in cache where
/// FlightMeta's 120 would not.
struct FlightKey {
    std::int64_t departure = 0;
    std::int64_t end = 0; // arrival, never before departure
    std::uint32_t origin = no_airport;
    std::uint32_t destination = no_airport;
};

/// A flight that crosses a FIR, with its key so that a scan reads the list in order only.
struct Crossing {
    FlightKey key;
    std::uint32_t slot = 0;
    bool operator<(const Crossing& o) const {
        return std::tie(key.departure, slot) < std::tie(o.key.departure, o.slot);
    }
};

/// A flight whose route crosses a hazard's area, and its scheduled departure.
struct RouteMatch {
    std::uint32_t slot = 0;
    std::int64_t departure = 0;
};

/// Airport codes to ids. Codes are short: packed into an integer they hash and compare in a
/// fraction of what std::string costs, and a pass looks up millions of them.
class CodeMap {
  public:
    std::optional<std::uint32_t> find(std::string_view code) const {
        if (const auto key = pack(code)) {
            auto it = packed_.find(*key);
            return it == packed_.end() ? std::nullopt : std::optional(it->second);
        }
        auto it = long_.find(std::string(code));
        return it == long_.end() ? std::nullopt : std::optional(it->second);
    }
    /// Adds `code` unless it is there; returns its id either way.
    std::uint32_t add(std::string_view code, std::uint32_t id) {
        if (const auto key = pack(code)) {
            return packed_.try_emplace(*key, id).first->second;
        }
        return long_.try_emplace(std::string(code), id).first->second;
    }

  private:
    static std::optional<std::uint64_t> pack(std::string_view code) {
        if (code.size() > 8) {
            return std::nullopt;
        }
        std::uint64_t key = 0;
        for (char c : code) {
            if (c == '\0') {
                return std::nullopt; // would collide with a shorter code
            }
            key = (key << 8) | static_cast<unsigned char>(c);
        }
        return key;
    }

    std::unordered_map<std::uint64_t, std::uint32_t> packed_;
    std::unordered_map<std::string, std::uint32_t> long_;
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

/// Flights crossing a FIR, sorted, and the longest of them (end - departure): a scan for a
/// window [from, to] starts at departures from - longest.
struct CrossingList {
    std::vector<Crossing> flights;
    std::int64_t longest = 0;

    void insert(const Crossing& c) {
        flights.insert(std::upper_bound(flights.begin(), flights.end(), c), c);
        longest = std::max(longest, c.key.end - c.key.departure);
    }
    void erase(const Crossing& c) {
        auto it = std::lower_bound(flights.begin(), flights.end(), c);
        if (it != flights.end() && it->slot == c.slot) {
            flights.erase(it);
        }
    }
};

/// A FIR as route crossing sees it: its boundary, and which flights of the snapshot cross it
/// at any time, worked out on first use. Every hazard on the FIR shares that work; only the
/// time window differs between them. Flights with an end at one of the FIR's own airports
/// (`inner`) are kept apart: a hazard on the FIR has those airports in its footprint, so it
/// skips them all without reading them (about half of what crosses a FIR's boundary).
struct FirRoutes {
    std::unique_ptr<HazardArea> area;
    bool crossing_known = false;
    std::vector<std::uint32_t> airports; // engine ids of the FIR's airports, when worked out
    CrossingList outer;
    CrossingList inner;
};
/// A circle's, polygon's or line's route crossings for one hazard window, kept between passes:
/// a pass asks for the same hazards every time, and looking their areas up in the route grid
/// (scanning its cells, reading and testing each candidate) was most of a pass with routes.
/// Holds the flights that cross `area`, have no end at one of `ends` (those are exposed at the
/// airport, or below the hazard, without a crossing test), are still in the air at `from` and
/// depart in [first, last]; kept up to date by upsert_flight() through the AreaGrid.
struct AreaRoutes {
    HazardArea area;
    std::vector<std::uint32_t> ends; // engine ids, sorted
    std::int64_t from = 0;
    std::int64_t first = 0;
    std::int64_t last = 0;
    // Sorted by (departure, slot), departures read from the engine's keys: a pass keeps millions
    // of these, and 4 bytes a flight instead of 12 saved ~30 MB at 100,000 hazards for a few
    // ms of reads in cache.
    std::vector<std::uint32_t> slots;
    std::uint64_t used = 0;           // the snapshot generation it was last asked for in
    std::uint64_t stamp = 0;          // the last flight change that looked at it
    std::vector<std::uint32_t> cells; // where it is in the AreaGrid

    bool has_end(std::uint32_t id) const {
        return std::binary_search(ends.begin(), ends.end(), id);
    }
    /// Where the first flight departing at `departure` or later is.
    std::size_t lower(const std::vector<FlightKey>& keys, std::int64_t departure) const {
        return static_cast<std::size_t>(std::lower_bound(slots.begin(), slots.end(), departure,
                                                         [&](std::uint32_t s, std::int64_t t) {
                                                             return keys[s].departure < t;
                                                         }) -
                                        slots.begin());
    }
    /// Where `slot` (departing at `departure`) is or would go.
    std::size_t position(const std::vector<FlightKey>& keys, std::int64_t departure,
                         std::uint32_t slot) const {
        std::size_t i = lower(keys, departure);
        while (i < slots.size() && keys[slots[i]].departure == departure && slots[i] < slot) {
            ++i;
        }
        return i;
    }
    void insert(const std::vector<FlightKey>& keys, std::uint32_t slot) {
        const std::size_t i = position(keys, keys[slot].departure, slot);
        slots.insert(slots.begin() + static_cast<std::ptrdiff_t>(i), slot);
    }
    /// Takes `slot` out, before its key changes.
    void erase(const std::vector<FlightKey>& keys, std::uint32_t slot) {
        const std::size_t i = position(keys, keys[slot].departure, slot);
        if (i < slots.size() && slots[i] == slot) {
            slots.erase(slots.begin() + static_cast<std::ptrdiff_t>(i));
        }
    }
};

/// The kept AreaRoutes by where their areas lie, in 2.5-degree cells: a changed flight is
/// tested only against the areas in the cells its route's pieces meet (a few hundred), not
/// against every kept area (one per hazard with a geometry).
class AreaGrid {
  public:
    AreaGrid() : cells_(static_cast<std::size_t>(columns * rows)) {}

    void add(AreaRoutes& a) {
        for (const auto& box : a.area.boxes()) {
            for_cells(box, [&](std::uint32_t i) {
                if (std::find(a.cells.begin(), a.cells.end(), i) == a.cells.end()) {
                    a.cells.push_back(i);
                    cells_[i].push_back(&a);
                }
            });
        }
    }
    void remove(AreaRoutes& a) {
        for (std::uint32_t i : a.cells) {
            auto& list = cells_[i];
            auto it = std::find(list.begin(), list.end(), &a);
            if (it != list.end()) {
                *it = list.back();
                list.pop_back();
            }
        }
        a.cells.clear();
    }
    void clear() {
        for (auto& list : cells_) {
            list.clear();
        }
    }
    /// Calls visit(AreaRoutes&) for each area in a cell that `box` meets; an area in several
    /// such cells more than once.
    template <typename Visit> void near(const sphere::LonLatBox& box, Visit&& visit) const {
        for_cells(box, [&](std::uint32_t i) {
            for (AreaRoutes* a : cells_[i]) {
                visit(*a);
            }
        });
    }

  private:
    static constexpr double cell_deg = 2.5;
    static constexpr int columns = 144; // 360 / cell_deg
    static constexpr int rows = 72;     // 180 / cell_deg

    template <typename F> static void for_cells(const sphere::LonLatBox& box, F&& f) {
        auto cell = [](double v, double origin, int count) {
            return std::clamp(static_cast<int>(std::floor((v + origin) / cell_deg)), 0, count - 1);
        };
        const int y_last = cell(box.north, 90, rows);
        const int x_last = cell(box.east, 180, columns);
        for (int y = cell(box.south, 90, rows); y <= y_last; ++y) {
            for (int x = cell(box.west, 180, columns); x <= x_last; ++x) {
                f(static_cast<std::uint32_t>(y * columns + x));
            }
        }
    }

    std::vector<std::vector<AreaRoutes*>> cells_;
};

/// Whether `route` (cut into `pieces`, RouteIndex::piece_boxes) crosses `area`, as a look-up in
/// the route grid finds it.
bool route_crosses(const HazardArea& area, const Route& route,
                   const std::vector<std::pair<int, sphere::LonLatBox>>& pieces);
} // namespace aerowatch::correlate

namespace aerowatch {

struct ExposureEngine::Impl {
    explicit Impl(std::shared_ptr<const RefData> data) : footprints(std::move(data)) {}

    correlate::FootprintBuilder footprints;
    // Chunked so that the records ExposedFlight points at stay put as flights are added.
    correlate::RecordStore records;
    std::vector<correlate::FlightMeta> meta; // by slot, as records
    std::vector<correlate::FlightKey> keys;  // by slot, as records
    // By slot, as records: cancelled or diverted, what a disruption rule looks at a route
    // exposure for; a byte here stays in cache where the record would not.
    std::vector<std::uint8_t> notable;
    std::unordered_map<std::int64_t, std::uint32_t> slot_of;
    // Slots of flights that left the snapshot, in no index, for the next new flight.
    std::vector<std::uint32_t> free_slots;
    correlate::CodeMap airport_ids; // every spelling seen
    std::vector<correlate::AirportFlights> airports;
    // By airport id, each airport's canonical code where ExposedFlight::airport can view it:
    // a deque, so that the strings stay put as airports are added.
    std::deque<std::string> codes;
    // By airport id as `airports`: route checks read these for millions of hits, and packed
    // apart they stay in cache.
    std::vector<sphere::Vec3> positions;
    correlate::RouteIndex routes;
    // The longest [departure, arrival] of any flight so far: how far before a window a flight
    // may depart and still be in the air in it.
    std::int64_t longest_flight = 0;

    // Per query scratch and caches: the engine is not thread-safe, queries are const.
    mutable correlate::Marks footprint_airports;
    mutable correlate::Marks flights_seen;
    mutable correlate::Marks flights_taken;
    mutable std::unordered_map<std::string, correlate::FirRoutes> firs;
    // A query's route matches, in order, with their departures: the look-ups have them in hand,
    // and reading them again from `keys` was a cache miss for each of millions of matches.
    mutable std::vector<correlate::RouteMatch> route_slots;
    // Route crossings of hazard geometries by area and window (AreaRoutes), and where they are.
    mutable std::unordered_map<std::string, correlate::AreaRoutes> areas;
    mutable correlate::AreaGrid area_grid;
    // Counts set_flights() calls: an area not asked for since the last one is let go.
    std::uint64_t generation = 1;
    std::uint64_t area_stamp = 0;

    // exposure.cpp
    std::uint32_t airport_id(const std::string& code);
    std::optional<std::uint32_t> find_airport(const std::string& code) const;
    correlate::FlightMeta describe(const FlightRecord& f);
    void index_airports(std::uint32_t slot, bool sorted);
    void unindex(std::uint32_t slot);
    /// Adds `flight` or replaces the flight with its id, updating every index.
    void upsert(const FlightRecord& flight);
    /// Takes a flight out of every index and frees its slot.
    void remove(std::uint32_t slot);
    /// Brings the snapshot to `flights` one change at a time, when few differ from what is
    /// held; false (nothing done) when building afresh is cheaper.
    bool update(std::vector<FlightRecord>& flights);

    // route_exposure.cpp
    correlate::FirRoutes* fir_routes(const std::string& code) const;
    /// Drops what the FIR crossing lists know of `slot` (before a change or removal) ...
    void forget_crossings(std::uint32_t slot);
    /// ... and enters it again where its new route crosses.
    void learn_crossings(std::uint32_t slot);
    /// The kept crossings of `geometry` (a circle, polygon or line) for flights with no end at
    /// `ends` (sorted) in the air at `from` departing in [first, last], worked out if not kept.
    const correlate::AreaRoutes& area_routes(const Geometry& geometry,
                                             const std::vector<std::uint32_t>& ends,
                                             std::int64_t from, std::int64_t first,
                                             std::int64_t last) const;
    /// Lets go of the kept areas not asked for since the last snapshot (all with `all`).
    void drop_areas(bool all);
    /// Fills route_slots with the flights whose routes cross the hazard's area while
    /// [from, to] overlaps their flight and that depart in [first_departure, last_departure].
    void find_route_exposure(const Hazard& hazard, const HazardFootprint& footprint,
                             std::int64_t from, std::int64_t to, std::int64_t first_departure,
                             std::int64_t last_departure) const;
};

} // namespace aerowatch
