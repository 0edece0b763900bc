// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/config.hpp"
#include "core/clock.hpp"
#include "store/sqlite_store.hpp"

#include <map>
#include <string>
#include <string_view>

namespace aerowatch {

/// The query string, first value of each name.
using QueryParams = std::map<std::string, std::string, std::less<>>;

/// A JSON answer: 200 with the same document `aerowatch ... --json` prints, 400 for a bad
/// filter, 404 for an unknown id; errors are {"error": "..."}.
struct ApiAnswer {
    int status = 200;
    std::string body;
};

ApiAnswer error_answer(int status, const std::string& message);

/// /api/v1/alerts?state=firing|resolved&kind=K&since=T (as `aerowatch alerts`).
ApiAnswer api_alerts(SqliteStore& store, const QueryParams& params, UtcTime now);
/// /api/v1/alerts/{id} (as `aerowatch alerts show ID --json`).
ApiAnswer api_alert(SqliteStore& store, std::string_view id);
/// /api/v1/hazards?active=true&fir=CODE&airport=CODE (as `aerowatch hazards`).
ApiAnswer api_hazards(SqliteStore& store, const QueryParams& params);
/// /api/v1/flights?airport=&airline=&date=&status=&limit= (as `aerowatch flights`).
ApiAnswer api_flights(SqliteStore& store, const QueryParams& params);
/// /api/v1/sources (as `aerowatch sources --json`, plus each source's health).
ApiAnswer api_sources(SqliteStore& store, const Config& config, UtcTime now, UtcTime started);

} // namespace aerowatch
