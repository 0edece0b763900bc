// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/query_filters.hpp"

#include "core/text.hpp"
#include "core/time.hpp"
#include "store/flight_codes.hpp"

namespace aerowatch {

Result<AlertQuery> to_alert_query(const AlertsOptions& options, UtcTime now) {
    AlertQuery query;
    if (!options.state.empty()) {
        query.state = alert_state_from_string(options.state);
        if (!query.state) {
            return Result<AlertQuery>::failure("state: expected firing or resolved");
        }
    }
    if (!options.kind.empty()) {
        query.kind = alert_kind_from_string(options.kind);
        if (!query.kind) {
            return Result<AlertQuery>::failure(
                "kind: expected hazard, hazard_escalated, disruption_correlated, "
                "disruption_unexplained or source_unhealthy");
        }
    }
    if (!options.since.empty()) {
        if (auto at = parse_iso8601(options.since)) {
            query.since = at;
        } else if (auto back = parse_duration(options.since)) {
            query.since = now - *back;
        } else {
            return Result<AlertQuery>::failure(
                "since: expected a UTC time (2025-11-24T00:00:00Z) or a duration (24h)");
        }
    }
    return query;
}

HazardQuery to_hazard_query(const HazardsOptions& options) {
    HazardQuery query;
    query.active_only = options.active_only;
    query.fir = to_upper_ascii(options.fir);
    query.airport = to_upper_ascii(options.airport);
    return query;
}

Result<FlightQuery> to_flight_query(const FlightsOptions& options) {
    FlightQuery query;
    query.airport = options.airport;
    query.airline = options.airline;
    query.limit = options.limit;
    if (!options.date.empty()) {
        query.date = parse_date(options.date);
        if (!query.date) {
            return Result<FlightQuery>::failure("date: expected YYYY-MM-DD, not \"" + options.date +
                                                "\"");
        }
    }
    if (!options.status.empty()) {
        query.state = flight_state_from_string(options.status);
        if (!query.state) {
            return Result<FlightQuery>::failure(
                "status: unknown \"" + options.status +
                "\" (scheduled, active, landed, cancelled, diverted, delayed, unknown)");
        }
    }
    return query;
}

} // namespace aerowatch
