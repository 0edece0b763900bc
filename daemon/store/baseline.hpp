// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.hpp"
#include "core/flight.hpp"
#include "lib/sqlite/database.hpp"
#include "lib/sqlite/statement.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace aerowatch {

/// A normal rate to compare an observed one with.
///
/// Which counts: the flights scheduled in the same UTC hour of week on the window's days when
/// there are at least min_flights_per_hour_of_week of them (basis hour_of_week); else all the
/// window's flights when there are at least min_flights_per_window (basis window); else the
/// window's flights, however few, with the prior dominating (basis prior; with no history at
/// all the rates are exactly the prior's).
///
/// The rate is always the Beta-prior posterior mean
///     rate = (events + prior_rate * prior_weight) / (flights + prior_weight)
/// so a thin history leans on the prior and a quiet one never gives a zero baseline (which
/// would make any single cancellation an infinite ratio). With hundreds of flights the prior
/// barely moves the rate.
struct Baseline {
    enum class Basis { hour_of_week, window, prior };
    double cancel_rate = 0;
    double divert_rate = 0;
    std::int64_t flights = 0; // the flights the counts cover
    std::int64_t cancelled = 0;
    std::int64_t diverted = 0;
    Basis basis = Basis::prior;
};

const char* to_string(Baseline::Basis basis);

/// 0 = Monday 00:00-00:59 UTC ... 167 = Sunday 23:00-23:59 UTC.
int hour_of_week(UtcTime t);
/// Days since 1970-01-01 of `t`'s UTC date (the counters' and flights' day numbers).
std::int64_t utc_day(UtcTime t);
/// 0-23, UTC.
int utc_hour(UtcTime t);

/// The baselines of all 168 hours of week, from one read of the window.
struct BaselineProfile {
    std::array<Baseline, 168> by_hour_of_week{};
    Baseline window; // the window basis (or prior when the window is thin)
    const Baseline& at(UtcTime t) const {
        return by_hour_of_week[static_cast<std::size_t>(hour_of_week(t))];
    }
};

/// One change to the per-hour counters.
struct StatsDelta {
    std::int64_t flights = 0;
    std::int64_t cancelled = 0;
    std::int64_t diverted = 0;
};

/// The incremental counters behind the baselines: flights scheduled at an airport per UTC day
/// and hour, per airline and for all airlines (airline ""), counted by their current state.
/// FlightStore feeds every state or schedule change through add(), so a flight counts once, and
/// a reinstated flight moves back out of the cancelled count.
///
/// Writes: flush() appends the batch's changes as one row of flight_stats_pending, in the
/// ingest's transaction: one sequential write instead of updates scattered over every airport's
/// counters. Once fold_threshold changes are pending, they are folded into flight_stats (summed
/// per counter, written in key order) and the pending table is emptied. Readers add
/// the pending changes, parsed once and kept in memory, to what they read. Pruning flights
/// never touches the counters; prune() here drops counters past their own (longer) horizon.
class BaselineStore {
  public:
    explicit BaselineStore(sqlite::Database& db);

    /// The baseline at `airport` (optionally for one airline there) for the hour of week of
    /// `at`, from the `config.window` days before the day of `at`. `alternate_code` (e.g. the
    /// IATA code of the same airport) is counted too when not empty. One index seek per day of
    /// the same weekday when the hour of week has enough flights, else one per day of the
    /// window.
    Baseline baseline(std::string_view airport, std::optional<std::string_view> airline, UtcTime at,
                      const BaselineConfig& config, std::string_view alternate_code = {});
    BaselineProfile profile(std::string_view airport, std::optional<std::string_view> airline,
                            UtcTime at, const BaselineConfig& config,
                            std::string_view alternate_code = {});

    /// Queues a change of the counters for the current batch. Codes must be letters and digits
    /// (the pending rows are tab-separated text); changes with other codes are ignored.
    void add(std::string_view airport, std::string_view airline, UtcTime scheduled,
             const StatsDelta& delta);
    /// Writes the batch's changes (and folds when due); the caller holds the write transaction
    /// and calls rolled_back() if it does not commit.
    void flush();
    /// Forgets the batch and what was read of the pending rows: the transaction did not commit.
    void rolled_back();
    /// Folds every pending change into flight_stats; the caller holds the write transaction.
    void fold();
    /// Drops counters for days before `before` (folding first). Caller holds the transaction.
    std::int64_t prune(std::chrono::sys_days before);

    std::size_t fold_threshold = 50000; // pending changes

  private:
    struct Counts {
        std::int64_t flights = 0;
        std::int64_t cancelled = 0;
        std::int64_t diverted = 0;
    };
    struct DayKey {
        std::int64_t day = 0;
        std::string airport; // codes are short: no allocation
        std::string airline;
        bool operator==(const DayKey&) const = default;
    };
    struct DayKeyHash {
        std::size_t operator()(const DayKey& k) const noexcept;
    };
    /// Pending changes per airport (and airline) and day, by hour.
    using DayMap = std::unordered_map<DayKey, std::array<Counts, 24>, DayKeyHash>;

    /// Reads the pending rows written since the last read (all of them if another connection
    /// folded meanwhile).
    void load_pending();
    std::array<Counts, 24> read_day(std::int64_t day, std::string_view airport,
                                    std::string_view airline, std::string_view alternate);
    /// Sums the window's days: per hour of week, and in total.
    std::array<Counts, 168> read_window(std::string_view airport, std::string_view airline,
                                        std::string_view alternate, std::int64_t first_day,
                                        std::int64_t end_day, Counts& total);

    sqlite::Database& db_;
    sqlite::Statement select_day_;
    sqlite::Statement append_pending_;
    sqlite::Statement upsert_;
    sqlite::Statement clear_pending_;
    sqlite::Statement select_all_pending_;
    sqlite::Statement select_pending_;
    sqlite::Statement pending_bounds_;
    sqlite::Statement prune_;
    std::string batch_; // this ingest's changes: JSON array elements, comma-separated
    std::size_t batch_changes_ = 0;
    std::optional<std::size_t> pending_changes_; // written, not folded; counted when first needed
    DayMap pending_;                             // the pending rows read so far
    std::int64_t first_read_ = 0;                // id of the first pending row read (0: none)
    std::int64_t last_read_ = 0;                 // id of the last pending row read
};

} // namespace aerowatch
