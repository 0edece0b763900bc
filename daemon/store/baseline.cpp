// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/baseline.hpp"

#include <algorithm>
#include <charconv>
#include <tuple>
#include <vector>

namespace aerowatch {

namespace {

constexpr std::int64_t seconds_per_day = 86400;

// Not a default string_view: its null data() would bind as SQL NULL, which equals nothing.
constexpr std::string_view all_airlines{""};

/// Monday = 0: 1970-01-01 was a Thursday.
int weekutc_day(std::int64_t day) {
    return static_cast<int>(((day + 3) % 7 + 7) % 7);
}

Baseline estimate(std::int64_t flights, std::int64_t cancelled, std::int64_t diverted,
                  Baseline::Basis basis, const BaselineConfig& config) {
    Baseline b;
    b.flights = flights;
    b.cancelled = cancelled;
    b.diverted = diverted;
    b.basis = basis;
    const double weight = config.prior_weight > 0 ? config.prior_weight : 0.0;
    const double denominator = static_cast<double>(flights) + weight;
    if (denominator <= 0) {
        b.cancel_rate = config.prior_cancel_rate;
        b.divert_rate = config.prior_divert_rate;
        return b;
    }
    b.cancel_rate =
        (static_cast<double>(cancelled) + config.prior_cancel_rate * weight) / denominator;
    b.divert_rate =
        (static_cast<double>(diverted) + config.prior_divert_rate * weight) / denominator;
    return b;
}

/// Binds the airport to ?2 and the alternate to ?4 (NULL, matching nothing, when absent).
void bind_airports(sqlite::Statement::Binding& b, std::string_view airport,
                   std::string_view alternate) {
    b.bind(2, airport);
    if (alternate.empty() || alternate == airport) {
        b.bind_null(4);
    } else {
        b.bind(4, alternate);
    }
}

} // namespace

const char* to_string(Baseline::Basis basis) {
    switch (basis) {
    case Baseline::Basis::hour_of_week:
        return "hour_of_week";
    case Baseline::Basis::window:
        return "window";
    case Baseline::Basis::prior:
        return "prior";
    }
    return "prior";
}

int hour_of_week(UtcTime t) {
    return weekutc_day(utc_day(t)) * 24 + utc_hour(t);
}

std::int64_t utc_day(UtcTime t) {
    const auto s = t.time_since_epoch().count();
    return s >= 0 ? s / seconds_per_day : (s - seconds_per_day + 1) / seconds_per_day;
}

int utc_hour(UtcTime t) {
    return static_cast<int>((t.time_since_epoch().count() - utc_day(t) * seconds_per_day) / 3600);
}

BaselineStore::BaselineStore(sqlite::Database& db)
    : db_(db), select_day_(db, "SELECT hour, flights, cancelled, diverted FROM flight_stats "
                               "WHERE day = ?1 AND airport IN (?2, ?4) AND airline = ?3"),
      append_pending_(db, "INSERT INTO flight_stats_pending (changes) VALUES (?1)"),
      upsert_(db, R"sql(
INSERT INTO flight_stats (day, airport, airline, hour, flights, cancelled, diverted)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
ON CONFLICT (day, airport, airline, hour) DO UPDATE SET
    flights = flights + excluded.flights, cancelled = cancelled + excluded.cancelled,
    diverted = diverted + excluded.diverted
)sql"),
      clear_pending_(db, "DELETE FROM flight_stats_pending"),
      select_all_pending_(db, "SELECT changes FROM flight_stats_pending"),
      select_pending_(db, "SELECT id, changes FROM flight_stats_pending WHERE id > ?1 ORDER BY id"),
      pending_bounds_(db, "SELECT coalesce(min(id), 0) FROM flight_stats_pending"),
      prune_(db, "DELETE FROM flight_stats WHERE day < ?1") {}

Baseline BaselineStore::baseline(std::string_view airport, std::optional<std::string_view> airline,
                                 UtcTime at, const BaselineConfig& config,
                                 std::string_view alternate) {
    load_pending();
    const std::string_view carrier = airline.value_or(all_airlines);
    const std::int64_t day = utc_day(at);
    const std::int64_t first_day = day - config.window.count();
    // The same hour on the same weekday of the window's weeks: often all that is needed.
    Counts same_hour;
    for (std::int64_t d = day - 7; d >= first_day; d -= 7) {
        const Counts c =
            read_day(d, airport, carrier, alternate)[static_cast<std::size_t>(utc_hour(at))];
        same_hour.flights += c.flights;
        same_hour.cancelled += c.cancelled;
        same_hour.diverted += c.diverted;
    }
    if (same_hour.flights >= config.min_flights_per_hour_of_week) {
        return estimate(same_hour.flights, same_hour.cancelled, same_hour.diverted,
                        Baseline::Basis::hour_of_week, config);
    }
    Counts total;
    read_window(airport, carrier, alternate, first_day, day, total);
    return estimate(total.flights, total.cancelled, total.diverted,
                    total.flights >= config.min_flights_per_window ? Baseline::Basis::window
                                                                   : Baseline::Basis::prior,
                    config);
}

BaselineProfile BaselineStore::profile(std::string_view airport,
                                       std::optional<std::string_view> airline, UtcTime at,
                                       const BaselineConfig& config, std::string_view alternate) {
    load_pending();
    const std::int64_t day = utc_day(at);
    Counts total;
    const auto buckets = read_window(airport, airline.value_or(all_airlines), alternate,
                                     day - config.window.count(), day, total);
    BaselineProfile p;
    p.window = estimate(total.flights, total.cancelled, total.diverted,
                        total.flights >= config.min_flights_per_window ? Baseline::Basis::window
                                                                       : Baseline::Basis::prior,
                        config);
    for (std::size_t i = 0; i < buckets.size(); ++i) {
        const Counts& c = buckets[i];
        p.by_hour_of_week[i] = c.flights >= config.min_flights_per_hour_of_week
                                   ? estimate(c.flights, c.cancelled, c.diverted,
                                              Baseline::Basis::hour_of_week, config)
                                   : p.window;
    }
    return p;
}

std::array<BaselineStore::Counts, 24> BaselineStore::read_day(std::int64_t day,
                                                              std::string_view airport,
                                                              std::string_view airline,
                                                              std::string_view alternate) {
    std::array<Counts, 24> hours{};
    {
        auto row = select_day_.use();
        row.bind(1, day).bind(3, airline);
        bind_airports(row, airport, alternate);
        while (row.step()) {
            const auto hour = row.get_int(0);
            if (hour >= 0 && hour < 24) {
                Counts& c = hours[static_cast<std::size_t>(hour)];
                c.flights += row.get_int(1);
                c.cancelled += row.get_int(2);
                c.diverted += row.get_int(3);
            }
        }
    }
    auto add_pending = [&](std::string_view code) {
        const auto found = pending_.find(DayKey{day, std::string(code), std::string(airline)});
        if (found == pending_.end()) {
            return;
        }
        for (std::size_t h = 0; h < hours.size(); ++h) {
            hours[h].flights += found->second[h].flights;
            hours[h].cancelled += found->second[h].cancelled;
            hours[h].diverted += found->second[h].diverted;
        }
    };
    add_pending(airport);
    if (!alternate.empty() && alternate != airport) {
        add_pending(alternate);
    }
    return hours;
}

std::array<BaselineStore::Counts, 168>
BaselineStore::read_window(std::string_view airport, std::string_view airline,
                           std::string_view alternate, std::int64_t first_day, std::int64_t end_day,
                           Counts& total) {
    std::array<Counts, 168> buckets{};
    // One seek per day: the key is day-first (for ingest locality), so a range over days would
    // walk every airport of those days.
    for (std::int64_t d = first_day; d < end_day; ++d) {
        const auto hours = read_day(d, airport, airline, alternate);
        const auto first = static_cast<std::size_t>(weekutc_day(d) * 24);
        for (std::size_t h = 0; h < hours.size(); ++h) {
            buckets[first + h].flights += hours[h].flights;
            buckets[first + h].cancelled += hours[h].cancelled;
            buckets[first + h].diverted += hours[h].diverted;
        }
    }
    for (const auto& bucket : buckets) {
        total.flights += bucket.flights;
        total.cancelled += bucket.cancelled;
        total.diverted += bucket.diverted;
    }
    return buckets;
}

} // namespace aerowatch
