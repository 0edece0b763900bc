// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/config.hpp"
#include "service/service_status.hpp"
#include "store/state_store.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace aerowatch {

/// The loop goes round at least once a second; one stuck this long is wedged (a correlation
/// pass over 100,000 hazards takes about 3 s).
inline constexpr std::chrono::seconds loop_stall_limit{30};

/// ok: last success within stale_after; failing: failures since, not yet stale; stale: no
/// success within stale_after (counted from start-up when never); pending: never polled and
/// not yet stale; disabled.
std::string source_health(const SourceConfig& source, const SourceState* state, UtcTime now,
                          UtcTime started);

struct HealthAnswer {
    int status = 200;
    nlohmann::json body;
};

/// /healthz: the process answers and its loop has ticked within loop_stall_limit.
HealthAnswer liveness(const ServiceStatus& status, SteadyTime now);

/// /readyz: started and not stopping, the database answers (`database_error` empty), a config
/// is loaded; each configured source with its health. Unhealthy sources are reported, not
/// counted against readiness: a feed outage is an alert, not a reason to stop serving.
HealthAnswer readiness(const ServiceStatus& status, const std::vector<SourceState>& states,
                       const std::string& database_error, UtcTime now);

} // namespace aerowatch
