// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal to the flight store: the row layout of table `flight` and the record arithmetic
// (merge, compare, hash) that FlightStore's files share.

#include "store/flight_store.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace aerowatch::flight_rows {

/// Column list of every SELECT that read_row() reads, in its order.
inline constexpr const char* columns =
    "id, departure_day, airline, flight_number, origin, airline_iata, airline_icao, destination, "
    "scheduled_departure, estimated_departure, actual_departure, scheduled_arrival, "
    "estimated_arrival, actual_arrival, state, delay_minutes, codeshares, source, source_id, "
    "first_seen, last_changed";

/// Statements FlightStore prepares once.
namespace sql {

/// ?2..?21 as bind_row() binds them; a taken identity inserts nothing.
inline constexpr const char* insert = R"sql(
INSERT INTO flight (departure_day, airline, flight_number, origin, airline_iata, airline_icao,
    destination, scheduled_departure, estimated_departure, actual_departure, scheduled_arrival,
    estimated_arrival, actual_arrival, state, delay_minutes, codeshares, source, source_id,
    first_seen, last_changed)
VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
    ?21)
ON CONFLICT (departure_day, origin, airline, flight_number) DO NOTHING
)sql";

/// ?1 the id, ?2..?21 as bind_row() binds them.
inline constexpr const char* update = R"sql(
UPDATE flight SET departure_day = ?2, airline = ?3, flight_number = ?4, origin = ?5,
    airline_iata = ?6, airline_icao = ?7, destination = ?8, scheduled_departure = ?9,
    estimated_departure = ?10, actual_departure = ?11, scheduled_arrival = ?12,
    estimated_arrival = ?13, actual_arrival = ?14, state = ?15, delay_minutes = ?16,
    codeshares = ?17, source = ?18, source_id = ?19, first_seen = ?20, last_changed = ?21
WHERE id = ?1
)sql";

/// One history row.
inline constexpr const char* insert_change = R"sql(
INSERT INTO flight_change (flight_id, seen_at, source, change, previous_state, state,
    scheduled_departure, estimated_departure, actual_departure, scheduled_arrival,
    estimated_arrival, actual_arrival, delay_minutes, raw)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
)sql";

/// A flight's history, oldest first.
inline constexpr const char* select_history = R"sql(
SELECT seen_at, source, change, previous_state, state, scheduled_departure, estimated_departure,
    actual_departure, scheduled_arrival, estimated_arrival, actual_arrival, delay_minutes, raw
FROM flight_change WHERE flight_id = ?1 ORDER BY id
)sql";

inline constexpr const char* insert_signal = R"sql(
INSERT INTO airport_signal (source, airport, type, reason, start_time, end_time,
    average_delay_minutes, max_delay_minutes, raw, first_seen, last_seen, last_changed)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?10)
)sql";

inline constexpr const char* update_signal = R"sql(
UPDATE airport_signal SET reason = ?2, start_time = ?3, end_time = ?4,
    average_delay_minutes = ?5, max_delay_minutes = ?6, raw = ?7, last_seen = ?8,
    last_changed = ?8
WHERE id = ?1
)sql";

} // namespace sql

/// UTC day number, as flights and counters are keyed.
inline std::int64_t day_of(UtcTime t) {
    return utc_day(t);
}

inline std::chrono::sys_days to_sys_days(std::int64_t day) {
    return std::chrono::sys_days{std::chrono::days{day}};
}

inline std::optional<std::int64_t> to_unix(const std::optional<UtcTime>& t) {
    return t ? std::optional<std::int64_t>(t->time_since_epoch().count()) : std::nullopt;
}

inline std::optional<UtcTime> from_unix(const std::optional<std::int64_t>& s) {
    return s ? std::optional<UtcTime>(UtcTime{std::chrono::seconds{*s}}) : std::nullopt;
}

inline UtcTime from_unix(std::int64_t s) {
    return UtcTime{std::chrono::seconds{s}};
}

StoredFlight read_row(const sqlite::Statement::Binding& row);

/// Binds the row to ?2..?21 in `columns` order (id excluded), as insert and update expect.
void bind_row(sqlite::Statement::Binding& b, const StoredFlight& row);

/// Folds a record into the stored view: known values win, unknown ones keep what was stored,
/// codeshares accumulate. Identity fields are the caller's business.
void merge(FlightStatus& stored, const FlightStatus& incoming);

/// Equal in everything a change is about (ids, bookkeeping and raw bytes aside).
bool same_content(const FlightStatus& a, const FlightStatus& b);
bool same_times(const FlightStatus& a, const FlightStatus& b);

/// 64-bit hashes for the unchanged-record cache.
std::uint64_t key_hash(std::string_view source, std::string_view airline, std::string_view number,
                       std::int64_t day, std::string_view origin);
std::uint64_t content_hash(const FlightStatus& f);

std::string join_codeshares(const std::vector<std::string>& codeshares);
std::vector<std::string> split_codeshares(std::string_view text);

} // namespace aerowatch::flight_rows
