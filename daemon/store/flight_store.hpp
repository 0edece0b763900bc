// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/flight.hpp"
#include "lib/sqlite/database.hpp"
#include "lib/sqlite/statement.hpp"
#include "store/baseline.hpp"
#include "store/flight_codes.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace aerowatch {

/// A flight as stored: the merged view of every record seen for it.
struct StoredFlight {
    std::int64_t id = 0;
    std::string airline;          // the key: ICAO designator when known, else IATA
    std::chrono::sys_days date{}; // scheduled departure date, UTC
    FlightStatus flight;          // current view (raw is not kept here: see history())
    std::string source;           // the source of the last change
    UtcTime first_seen{};
    UtcTime last_changed{};

    /// "THY223".
    std::string designator() const { return airline + flight.flight_number; }
};

/// What one ingest did to one flight. Unchanged flights are only counted.
struct FlightChange {
    enum class Type {
        added,         // first seen
        state_changed, // e.g. scheduled -> cancelled, active -> diverted
        reinstated,    // cancelled -> anything but cancelled
        time_changed,  // same state, a scheduled/estimated/actual time moved
        updated,       // same state and times; destination, delay or codeshares changed
    };
    Type type = Type::added;
    StoredFlight flight; // after the change
    std::optional<FlightState> previous_state;
    bool times_changed = false;
};

const char* to_string(FlightChange::Type type);
std::optional<FlightChange::Type> flight_change_type_from_string(std::string_view text);

/// One row of a flight's history: what the flight looked like after a change, when it was seen.
struct FlightHistoryEntry {
    UtcTime seen_at{};
    std::string source;
    FlightChange::Type type = FlightChange::Type::added;
    std::optional<FlightState> previous_state;
    FlightState state = FlightState::unknown;
    std::optional<UtcTime> scheduled_departure;
    std::optional<UtcTime> estimated_departure;
    std::optional<UtcTime> actual_departure;
    std::optional<UtcTime> scheduled_arrival;
    std::optional<UtcTime> estimated_arrival;
    std::optional<UtcTime> actual_arrival;
    std::optional<int> delay_minutes;
    std::string raw; // the record that showed the change
};

struct StoredSignal {
    std::int64_t id = 0;
    std::string source;
    AirportSignal signal;
    UtcTime first_seen{};
    UtcTime last_seen{}; // refreshed at most every signal_touch_interval
    UtcTime last_changed{};
    std::optional<UtcTime> cleared; // when the source stopped listing it
};

struct AirportSignalChange {
    enum class Type { started, changed, cleared };
    Type type = Type::started;
    StoredSignal signal;
};

const char* to_string(AirportSignalChange::Type type);

struct FlightIngestResult {
    std::vector<FlightChange> changes;
    std::vector<AirportSignalChange> signal_changes;
    std::size_t unchanged = 0;
    /// Records without an identity (airline, number, origin, scheduled departure) or scheduled
    /// before the retention horizon (re-adding a pruned flight would count it twice in the
    /// baselines).
    std::size_t skipped = 0;
};

struct FlightQuery {
    std::string airport;                       // origin or destination; IATA or ICAO
    std::string airline;                       // IATA or ICAO
    std::optional<std::chrono::sys_days> date; // scheduled departure date (UTC)
    std::optional<FlightState> state;
    std::size_t limit = 1000;
};

/// Flights at an airport scheduled (departure from it, or arrival at it) in [from, to), against
/// the airport's baseline.
struct DisruptionSummary {
    std::string airport;
    UtcTime from{};
    UtcTime to{};
    std::int64_t exposed = 0;
    std::int64_t cancelled = 0;
    std::int64_t diverted = 0;
    std::vector<std::string> airlines_cancelling; // distinct airline keys, sorted
    std::vector<StoredFlight> cancelled_flights;  // by scheduled time
    std::vector<StoredFlight> diverted_flights;
    double cancel_rate = 0; // of the exposed flights
    double divert_rate = 0;
    /// Each exposed flight's baseline (hour of week of its time at the airport) summed: the
    /// number normal days would have shown. Baseline rates are their average.
    double expected_cancelled = 0;
    double expected_diverted = 0;
    double baseline_cancel_rate = 0;
    double baseline_divert_rate = 0;
    Baseline::Basis basis = Baseline::Basis::prior; // the weakest basis any flight needed
    std::optional<double> cancel_ratio;             // cancel_rate / baseline_cancel_rate
    std::optional<double> divert_ratio;
};

struct FlightPruneResult {
    std::int64_t flights = 0;
    std::int64_t changes = 0;
    std::int64_t stats_rows = 0;
};

/// Flights, their change history, airport signals and the baseline counters.
///
/// Identity: (scheduled departure date UTC, airline key, normalised flight number, origin);
/// see FlightCodes for the keys. The same flight from two sources, or with only the IATA or
/// only the ICAO airline code, is one flight; a flight first stored under its IATA code (no
/// ICAO known then) is found, and re-keyed, once a record brings the pair. A scheduled
/// departure moved to another UTC date is another identity, as for the airlines.
///
/// Merging: a record's known values replace stored ones; what it leaves out (a missing time,
/// state "unknown") keeps the stored value; codeshares accumulate. Every change is a history
/// row. Re-polling costs nothing: the hash of each source's last record per flight is kept in
/// memory, and a record equal to it touches neither SQLite nor the counters; a cache miss (a
/// restart) reads the row and writes only if the merged flight differs.
///
/// Not thread-safe: one FlightStore per connection, used by one thread.
class FlightStore {
  public:
    explicit FlightStore(sqlite::Database& db);

    void set_code_resolver(FlightCodeResolver resolver) {
        codes_.set_resolver(std::move(resolver));
    }

    /// Applies one parsed payload from `source` in one transaction (none at all when nothing
    /// changed). A batch without parse errors is the source's complete listing of airport
    /// signals: the source's signals it no longer lists are cleared.
    /// Throws sqlite::Error; nothing is applied then.
    FlightIngestResult ingest(const std::string& source, const FlightBatch& batch, UtcTime now);

    /// Deletes flights (with their history) scheduled before the day `keep` before `now`, and
    /// baseline counters older than `stats_keep`. Later ingests skip records older than `keep`.
    FlightPruneResult prune(UtcTime now, std::chrono::days keep = std::chrono::days{90},
                            std::chrono::days stats_keep = std::chrono::days{400});

    std::optional<StoredFlight> find(std::string_view airline, std::string_view flight_number,
                                     std::chrono::sys_days date, std::string_view origin);
    std::vector<StoredFlight> query(const FlightQuery& query);
    /// Every flight scheduled to depart in [from, to), in id order (the correlator's snapshot).
    void for_each_scheduled(UtcTime from, UtcTime to,
                            const std::function<void(const StoredFlight&)>& visit);
    /// The flight's changes, oldest first.
    std::vector<FlightHistoryEntry> history(std::int64_t flight_id);
    /// Signals at an airport (all airports when empty), newest first.
    std::vector<StoredSignal> signals(std::string_view airport, bool active_only);

    DisruptionSummary disruption(std::string_view airport, UtcTime from, UtcTime to,
                                 const BaselineConfig& config = {});
    /// The baseline for an airport (and optionally an airline there), codes resolved as at ingest.
    Baseline baseline(std::string_view airport, std::optional<std::string_view> airline, UtcTime at,
                      const BaselineConfig& config = {});

    /// How far back ingest accepts records (prune() sets it too); default 90 days.
    void set_retention(std::chrono::days keep) { retention_ = keep; }

    BaselineStore& baselines() { return baselines_; }
    std::size_t cached_records() const { return cache_.size(); }
    static constexpr std::chrono::minutes signal_touch_interval{10};

  private:
    struct Identity {
        std::string_view airline;
        std::string flight_number;
        std::int64_t day = 0;
        std::string_view origin;
    };
    struct CacheEntry {
        std::uint64_t content = 0;
        std::int64_t day = 0;
    };
    struct Staged {
        std::uint64_t key = 0;
        CacheEntry entry;
    };

    std::optional<Identity> identify(const FlightStatus& f);
    std::optional<FlightChange> apply(const std::string& source, const FlightStatus& f,
                                      const Identity& id, UtcTime now, bool seen_before);
    std::optional<StoredFlight> select_identity(std::int64_t day, std::string_view airline,
                                                std::string_view number, std::string_view origin);
    /// Inserts (unless the identity is taken) or updates; true when a row was written.
    bool write_row(const StoredFlight& row, bool insert);
    void record_change(const FlightChange& change, const std::string& raw, UtcTime now);
    void count(const StoredFlight& row, std::int64_t sign);
    void load_airline_codes();
    void evict(std::int64_t before_day);
    std::vector<AirportSignalChange> apply_signals(const std::string& source,
                                                   const FlightBatch& batch, UtcTime now);
    bool has_active_signals(const std::string& source);
    std::vector<StoredFlight> at_airport(const std::string& code, const std::string& alternate,
                                         UtcTime from, UtcTime to, bool departures);

    sqlite::Database& db_;
    FlightCodes codes_;
    BaselineStore baselines_;
    std::unordered_map<std::uint64_t, CacheEntry> cache_;
    // IATA designators some flight is keyed by (table airline_iata_key).
    std::unordered_set<std::string, StringHash, std::equal_to<>> iata_keys_;
    std::chrono::days retention_{90};
    std::int64_t evicted_through_day_ = 0;

    sqlite::Statement select_identity_;
    sqlite::Statement insert_;
    sqlite::Statement update_;
    sqlite::Statement insert_change_;
    sqlite::Statement select_history_;
    sqlite::Statement insert_airline_code_;
    sqlite::Statement insert_iata_key_;
    sqlite::Statement select_departures_;
    sqlite::Statement select_arrivals_;
    sqlite::Statement delete_flights_;
    sqlite::Statement delete_changes_;
    sqlite::Statement select_active_signals_;
    sqlite::Statement any_active_signal_;
    sqlite::Statement insert_signal_;
    sqlite::Statement update_signal_;
    sqlite::Statement touch_signal_;
    sqlite::Statement clear_signal_;
};

} // namespace aerowatch
