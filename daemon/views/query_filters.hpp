// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/alert_store.hpp"
#include "store/flight_store.hpp"
#include "store/hazard_store.hpp"

#include <string>

namespace aerowatch {

// The filters of `aerowatch alerts|hazards|flights` and of /api/v1/alerts|hazards|flights, as
// text, turned into store queries in one place. Errors name the filter ("state: expected ...");
// the CLI shows them as --state, the API as a 400 body.

struct AlertsOptions {
    std::string state; // firing | resolved
    std::string kind;
    std::string since; // ISO-8601 UTC or a duration back from now ("24h")
};
Result<AlertQuery> to_alert_query(const AlertsOptions& options, UtcTime now);

struct HazardsOptions {
    bool active_only = false;
    std::string fir;
    std::string airport;
};
HazardQuery to_hazard_query(const HazardsOptions& options);

struct FlightsOptions {
    std::string airport; // origin or destination, IATA or ICAO
    std::string airline; // IATA or ICAO
    std::string date;    // scheduled departure date (UTC), YYYY-MM-DD
    std::string status;  // scheduled, active, landed, cancelled, diverted, delayed, unknown
    std::size_t limit = 1000;
};
Result<FlightQuery> to_flight_query(const FlightsOptions& options);

} // namespace aerowatch
