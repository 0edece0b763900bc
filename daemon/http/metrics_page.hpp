// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/svg_map.hpp"
#include "service/service_status.hpp"
#include "store/sqlite_store.hpp"

#include <string>
#include <vector>

namespace aerowatch {

/// The /metrics page: the loop's in-memory counters (fetches by result, fetch durations, items
/// parsed, webhook deliveries) and gauges read from the database at scrape time (source state,
/// active hazards, flights, firing alerts, the outbox, cancellations by airport).
std::string render_metrics(const ServiceStatus& status, SqliteStore& store,
                           const std::vector<MapAirport>& airports, UtcTime now);

} // namespace aerowatch
