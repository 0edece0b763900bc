// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/stats_queries.hpp"

#include "core/time.hpp"
#include "lib/sqlite/statement.hpp"
#include "store/baseline.hpp"

namespace aerowatch {

namespace {

std::map<std::string, std::int64_t> count_by_text(sqlite::Database& db, const char* sql) {
    sqlite::Statement statement(db, sql);
    auto rows = statement.use();
    std::map<std::string, std::int64_t> counts;
    while (rows.step()) {
        counts[rows.get_text(0)] = rows.get_int(1);
    }
    return counts;
}

// ?1..?4 of a query over flights departing in [from, to). departure_day leads the flight
// table's unique index, so the day range is an index range.
void bind_departure_window(sqlite::Statement::Binding& rows, UtcTime from, UtcTime to) {
    rows.bind(1, utc_day(from))
        .bind(2, utc_day(to))
        .bind(3, unix_seconds(from))
        .bind(4, unix_seconds(to));
}

} // namespace

std::map<std::string, std::int64_t> active_hazards_by_severity(sqlite::Database& db) {
    return count_by_text(
        db, "SELECT severity, count(*) FROM hazard WHERE status = 'active' GROUP BY severity");
}

std::map<std::string, std::int64_t> flights_by_state(sqlite::Database& db, UtcTime from,
                                                     UtcTime to) {
    sqlite::Statement statement(db, R"sql(
SELECT state, count(*) FROM flight
WHERE departure_day BETWEEN ?1 AND ?2 AND scheduled_departure >= ?3 AND scheduled_departure < ?4
GROUP BY state)sql");
    auto rows = statement.use();
    bind_departure_window(rows, from, to);
    std::map<std::string, std::int64_t> counts;
    while (rows.step()) {
        counts[rows.get_text(0)] = rows.get_int(1);
    }
    return counts;
}

std::map<std::string, std::int64_t> firing_alerts_by_kind(sqlite::Database& db) {
    return count_by_text(db,
                         "SELECT kind, count(*) FROM alert WHERE state = 'firing' GROUP BY kind");
}

std::map<std::pair<std::string, std::string>, std::int64_t>
outbox_by_endpoint(sqlite::Database& db) {
    sqlite::Statement statement(
        db, "SELECT endpoint, state, count(*) FROM outbox GROUP BY endpoint, state");
    auto rows = statement.use();
    std::map<std::pair<std::string, std::string>, std::int64_t> counts;
    while (rows.step()) {
        counts[{rows.get_text(0), rows.get_text(1)}] = rows.get_int(2);
    }
    return counts;
}

std::map<std::string, std::int64_t> cancellations_by_airport(sqlite::Database& db, UtcTime from,
                                                             UtcTime to) {
    sqlite::Statement statement(db, R"sql(
SELECT origin, destination FROM flight
WHERE departure_day BETWEEN ?1 AND ?2 AND scheduled_departure >= ?3 AND scheduled_departure < ?4
  AND state = 'cancelled')sql");
    auto rows = statement.use();
    bind_departure_window(rows, from, to);
    std::map<std::string, std::int64_t> counts;
    while (rows.step()) {
        for (int column : {0, 1}) {
            auto code = rows.get_text(column);
            if (!code.empty()) {
                counts[code] += 1;
            }
        }
    }
    return counts;
}

} // namespace aerowatch
