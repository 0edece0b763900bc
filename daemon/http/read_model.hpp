// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/config.hpp"
#include "http/svg_map.hpp"
#include "refdata/refdata.hpp"
#include "store/sqlite_store.hpp"

#include <vector>

namespace aerowatch {

// Views over the database that the status page and /metrics share.

/// How many airports the page and the metrics show at most: the busiest by cancellations.
inline constexpr std::size_t max_airports_shown = 50;

/// Airports with cancelled flights scheduled there (departing or arriving) in the 24 h before
/// `now`, as `aerowatch disruption` counts them, most first, each with what its baseline
/// expected of the same flights.
std::vector<MapAirport> airport_activity(SqliteStore& store, const RefData& refdata,
                                         const Config& config, UtcTime now);

/// Hazards with status active whose validity has begun by `now` (what the map shades).
std::vector<StoredHazard> hazards_in_effect(SqliteStore& store, UtcTime now);

} // namespace aerowatch
