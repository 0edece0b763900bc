// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/health.hpp"

#include "core/time.hpp"

#include <algorithm>

namespace aerowatch {

using nlohmann::json;

std::string source_health(const SourceConfig& source, const SourceState* state, UtcTime now,
                          UtcTime started) {
    if (!source.enabled) {
        return "disabled";
    }
    const auto limit = source.stale_threshold();
    const bool succeeded = state != nullptr && state->last_success.has_value();
    const UtcTime since = succeeded ? *state->last_success : started;
    if (now - since > limit) {
        return "stale";
    }
    if (state != nullptr && state->consecutive_failures > 0) {
        return "failing";
    }
    return succeeded ? "ok" : "pending";
}

HealthAnswer liveness(const ServiceStatus& status, SteadyTime now) {
    const auto age = std::chrono::duration<double>(now - status.last_tick()).count();
    const bool ticking =
        status.ready() && age <= std::chrono::duration<double>(loop_stall_limit).count();
    HealthAnswer answer;
    answer.status = ticking ? 200 : 503;
    answer.body = {{"status", ticking ? "ok" : (status.ready() ? "stalled" : "starting")},
                   {"loop_tick_age_seconds", status.ready() ? json(age) : json(nullptr)}};
    return answer;
}

HealthAnswer readiness(const ServiceStatus& status, const std::vector<SourceState>& states,
                       const std::string& database_error, UtcTime now) {
    const auto config = status.config();
    json sources = json::array();
    if (config) {
        for (const auto& source : config->sources) {
            auto found = std::find_if(states.begin(), states.end(),
                                      [&](const SourceState& s) { return s.name == source.name; });
            const SourceState* state = found == states.end() ? nullptr : &*found;
            json item{{"name", source.name},
                      {"kind", source.kind},
                      {"health", source_health(source, state, now, status.started())},
                      {"last_success", nullptr},
                      {"consecutive_failures", state ? state->consecutive_failures : 0},
                      {"last_error", nullptr}};
            if (state && state->last_success) {
                item["last_success"] = format_iso8601(*state->last_success);
            }
            if (state && state->last_error) {
                item["last_error"] = *state->last_error;
            }
            sources.push_back(std::move(item));
        }
    }
    const bool ready = status.ready() && database_error.empty() && config != nullptr;
    HealthAnswer answer;
    answer.status = ready ? 200 : 503;
    answer.body = {{"ready", ready},
                   {"started", status.ready()},
                   {"database", database_error.empty() ? "ok" : database_error},
                   {"config", config ? json(config->path.string()) : json(nullptr)},
                   {"sources", sources}};
    return answer;
}

} // namespace aerowatch
