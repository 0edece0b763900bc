// SPDX-License-Identifier: GPL-3.0-or-later
#include "service/alert_pipeline.hpp"

#include "store/sqlite_store.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>

namespace aerowatch {

LifecycleSettings lifecycle_settings(const CorrelationConfig& config) {
    LifecycleSettings s;
    s.repeat_interval = config.repeat_interval;
    s.hold = config.hold;
    s.update_growth = config.update_growth;
    return s;
}

std::string describe_event(const AlertEvent& event) {
    const auto& p = event.payload;
    return fmt::format("alert {} {} [{}] {}: {}{}", event.alert_id, to_string(event.type),
                       p.value("severity", ""), p.value("fingerprint", ""), p.value("summary", ""),
                       event.silenced ? " (silenced)" : "");
}

AlertPipeline::AlertPipeline(SqliteStore& store, std::shared_ptr<const RefData> refdata,
                             const Config& config, UtcTime started)
    : correlator_(store, std::move(refdata), config, started),
      lifecycle_(store.database(), store.alerts(), lifecycle_settings(config.correlation)) {}

void AlertPipeline::configure(const Config& config) {
    correlator_.configure(config);
    lifecycle_.set_settings(lifecycle_settings(config.correlation));
}

std::vector<AlertEvent> AlertPipeline::run(UtcTime now) {
    std::vector<AlertEvent> events;
    try {
        const auto started = std::chrono::steady_clock::now();
        const auto pass = correlator_.evaluate(now);
        events = lifecycle_.reconcile(pass.candidates, pass.evaluated, now, pass.end_reasons);
        const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - started);
        spdlog::debug("correlation: {} active hazard(s), {} flight(s), {} candidate(s), {} "
                      "event(s) in {} ms",
                      pass.hazards, pass.flights, pass.candidates.size(), events.size(),
                      elapsed.count());
    } catch (const std::exception& e) {
        spdlog::error("correlation pass failed, nothing recorded: {}", e.what());
        return {};
    }
    for (const auto& event : events) {
        const auto line = describe_event(event);
        if (event.type == AlertEventType::resolved || event.silenced) {
            spdlog::info("{}", line);
        } else {
            spdlog::warn("{}", line);
        }
    }
    return events;
}

} // namespace aerowatch
