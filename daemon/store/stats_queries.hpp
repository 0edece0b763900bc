// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.hpp"
#include "lib/sqlite/database.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <utility>

namespace aerowatch {

// Aggregates over the whole database for /metrics and the status page: one GROUP BY each,
// served by the tables' indexes, so that a scrape costs milliseconds, not a table copy.

/// Hazards with status active, by severity name.
std::map<std::string, std::int64_t> active_hazards_by_severity(sqlite::Database& db);
/// Flights scheduled to depart in [from, to), by state name.
std::map<std::string, std::int64_t> flights_by_state(sqlite::Database& db, UtcTime from,
                                                     UtcTime to);
/// Firing alerts by kind name.
std::map<std::string, std::int64_t> firing_alerts_by_kind(sqlite::Database& db);
/// Outbox rows by (endpoint, state).
std::map<std::pair<std::string, std::string>, std::int64_t>
outbox_by_endpoint(sqlite::Database& db);
/// Cancelled flights departing in [from, to), counted at their origin and their destination.
std::map<std::string, std::int64_t> cancellations_by_airport(sqlite::Database& db, UtcTime from,
                                                             UtcTime to);

} // namespace aerowatch
