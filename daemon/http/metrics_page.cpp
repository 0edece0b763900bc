// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/metrics_page.hpp"

#include "core/time.hpp"
#include "core/version.hpp"
#include "http/health.hpp"
#include "http/prometheus_text.hpp"
#include "store/stats_queries.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace aerowatch {

namespace {

constexpr std::array<FetchOutcome, FetchMetrics::outcome_count> outcomes{
    FetchOutcome::ok,         FetchOutcome::not_modified,     FetchOutcome::http_error,
    FetchOutcome::too_large,  FetchOutcome::timeout,          FetchOutcome::connect_failed,
    FetchOutcome::tls_failed, FetchOutcome::protocol_refused, FetchOutcome::transport_error};

constexpr std::array<const char*, 4> severities{"info", "caution", "warning", "prohibition"};
constexpr std::array<const char*, 5> alert_kinds{"hazard", "hazard_escalated",
                                                 "disruption_correlated", "disruption_unexplained",
                                                 "source_unhealthy"};
constexpr std::array<const char*, 7> flight_states{"scheduled", "active",  "landed", "cancelled",
                                                   "diverted",  "delayed", "unknown"};

std::int64_t count_of(const std::map<std::string, std::int64_t>& counts, const char* key) {
    auto found = counts.find(key);
    return found == counts.end() ? 0 : found->second;
}

void source_metrics(PrometheusText& m, const ServiceStatus& status, const Config& config,
                    const std::vector<SourceState>& states, UtcTime now) {
    const auto fetches = status.fetches().snapshot();
    // Every configured source appears, with zeros, so that rate() works from the first scrape.
    std::vector<std::string> names;
    for (const auto& s : config.sources) {
        names.push_back(s.name);
    }
    const FetchMetrics::Source none;
    auto counters = [&](const std::string& name) -> const FetchMetrics::Source& {
        auto found = fetches.find(name);
        return found == fetches.end() ? none : found->second;
    };

    m.family("aerowatch_source_fetches_total", "counter",
             "Finished fetches of each source since start, by result.");
    for (const auto& name : names) {
        const auto& c = counters(name);
        for (std::size_t i = 0; i < outcomes.size(); ++i) {
            m.sample("aerowatch_source_fetches_total",
                     {{"source", name}, {"result", to_string(outcomes[i])}},
                     static_cast<double>(c.fetches[i]));
        }
    }
    m.family("aerowatch_source_fetch_duration_seconds", "histogram",
             "Time from the start of a fetch to its last byte.");
    for (const auto& name : names) {
        const auto& c = counters(name);
        for (std::size_t i = 0; i < FetchMetrics::duration_buckets.size(); ++i) {
            m.sample(
                "aerowatch_source_fetch_duration_seconds_bucket",
                {{"source", name}, {"le", format_sample_value(FetchMetrics::duration_buckets[i])}},
                static_cast<double>(c.duration_le[i]));
        }
        m.sample("aerowatch_source_fetch_duration_seconds_bucket",
                 {{"source", name}, {"le", "+Inf"}}, static_cast<double>(c.duration_count));
        m.sample("aerowatch_source_fetch_duration_seconds_sum", {{"source", name}}, c.duration_sum);
        m.sample("aerowatch_source_fetch_duration_seconds_count", {{"source", name}},
                 static_cast<double>(c.duration_count));
    }
    m.family("aerowatch_source_items_parsed_total", "counter",
             "Items (hazards, flights, airport signals) parsed from each source since start.");
    for (const auto& name : names) {
        m.sample("aerowatch_source_items_parsed_total", {{"source", name}},
                 static_cast<double>(counters(name).items_parsed));
    }
    m.family("aerowatch_source_items_skipped_total", "counter",
             "Malformed items skipped in each source's payloads since start.");
    for (const auto& name : names) {
        m.sample("aerowatch_source_items_skipped_total", {{"source", name}},
                 static_cast<double>(counters(name).items_skipped));
    }

    auto state_of = [&](const std::string& name) -> const SourceState* {
        auto found = std::find_if(states.begin(), states.end(),
                                  [&](const SourceState& s) { return s.name == name; });
        return found == states.end() ? nullptr : &*found;
    };
    m.family("aerowatch_source_last_success_timestamp_seconds", "gauge",
             "When each source last answered 2xx or 304 (Unix time); absent when never.");
    for (const auto& name : names) {
        if (const auto* s = state_of(name); s && s->last_success) {
            m.sample("aerowatch_source_last_success_timestamp_seconds", {{"source", name}},
                     static_cast<double>(unix_seconds(*s->last_success)));
        }
    }
    m.family("aerowatch_source_consecutive_failures", "gauge",
             "Failed polls of each source since its last success.");
    for (const auto& name : names) {
        const auto* s = state_of(name);
        m.sample("aerowatch_source_consecutive_failures", {{"source", name}},
                 s ? s->consecutive_failures : 0);
    }
    m.family("aerowatch_source_healthy", "gauge",
             "1 when the source succeeded within its stale_after, else 0 (disabled: absent).");
    for (const auto& source : config.sources) {
        if (!source.enabled) {
            continue;
        }
        const auto health = source_health(source, state_of(source.name), now, status.started());
        m.sample("aerowatch_source_healthy", {{"source", source.name}}, health == "stale" ? 0 : 1);
    }
}

void store_metrics(PrometheusText& m, SqliteStore& store, UtcTime now) {
    auto& db = store.database();
    const auto hazards = active_hazards_by_severity(db);
    m.family("aerowatch_hazards_active", "gauge", "Hazards in force or announced, by severity.");
    for (const char* severity : severities) {
        m.sample("aerowatch_hazards_active", {{"severity", severity}},
                 static_cast<double>(count_of(hazards, severity)));
    }
    const auto flights =
        flights_by_state(db, now - std::chrono::hours{24}, now + std::chrono::hours{24});
    m.family("aerowatch_flights", "gauge",
             "Stored flights scheduled to depart from 24 h ago to 24 h ahead, by status.");
    for (const char* state : flight_states) {
        m.sample("aerowatch_flights", {{"status", state}},
                 static_cast<double>(count_of(flights, state)));
    }
    const auto alerts = firing_alerts_by_kind(db);
    m.family("aerowatch_alerts_firing", "gauge", "Alerts firing now, by kind.");
    for (const char* kind : alert_kinds) {
        m.sample("aerowatch_alerts_firing", {{"kind", kind}},
                 static_cast<double>(count_of(alerts, kind)));
    }
}

void webhook_metrics(PrometheusText& m, const ServiceStatus& status, const Config& config,
                     SqliteStore& store) {
    const auto rows = outbox_by_endpoint(store.database());
    auto rows_of = [&](const std::string& endpoint, const char* state) {
        auto found = rows.find({endpoint, state});
        return found == rows.end() ? 0.0 : static_cast<double>(found->second);
    };
    std::vector<std::string> endpoints;
    for (const auto& w : config.webhooks) {
        endpoints.push_back(w.name);
    }
    for (const auto& [key, count] : rows) {
        if (std::find(endpoints.begin(), endpoints.end(), key.first) == endpoints.end()) {
            endpoints.push_back(key.first); // removed from the config, rows still there
        }
    }
    m.family("aerowatch_webhook_outbox_depth", "gauge",
             "Webhook deliveries waiting (first attempt or retry), by endpoint.");
    for (const auto& e : endpoints) {
        m.sample("aerowatch_webhook_outbox_depth", {{"endpoint", e}}, rows_of(e, "pending"));
    }
    m.family("aerowatch_webhook_deliveries_total", "counter",
             "Webhook events finished, by endpoint and result (delivered, dead).");
    for (const auto& e : endpoints) {
        for (const char* result : {"delivered", "dead"}) {
            m.sample("aerowatch_webhook_deliveries_total", {{"endpoint", e}, {"result", result}},
                     rows_of(e, result));
        }
    }
    const auto delivery = status.delivery();
    m.family("aerowatch_webhook_retries_total", "counter",
             "Webhook attempts that failed and were scheduled again, since start.");
    m.sample("aerowatch_webhook_retries_total", static_cast<double>(delivery.retried));
    m.family("aerowatch_webhook_endpoints_disabled", "gauge",
             "Webhook endpoints disabled by a 410 Gone until `aerowatch outbox retry`.");
    m.sample("aerowatch_webhook_endpoints_disabled", static_cast<double>(delivery.endpoints_down));
}

} // namespace

std::string render_metrics(const ServiceStatus& status, SqliteStore& store,
                           const std::vector<MapAirport>& airports, UtcTime now) {
    PrometheusText m;
    const auto config = status.config();
    m.family("aerowatch_build_info", "gauge", "The running version.");
    m.sample("aerowatch_build_info", {{"version", version}}, 1);
    m.family("aerowatch_start_time_seconds", "gauge", "When aerowatchd started (Unix time).");
    m.sample("aerowatch_start_time_seconds", static_cast<double>(unix_seconds(status.started())));
    m.family("aerowatch_ready", "gauge", "1 once start-up finished, 0 while starting or stopping.");
    m.sample("aerowatch_ready", status.ready() ? 1 : 0);
    if (config) {
        source_metrics(m, status, *config, store.all_source_states(), now);
    }
    store_metrics(m, store, now);
    if (config) {
        webhook_metrics(m, status, *config, store);
    }
    m.family("aerowatch_airport_cancellations_24h", "gauge",
             "Cancelled flights scheduled at the airport in the last 24 h (busiest 50).");
    for (const auto& a : airports) {
        m.sample("aerowatch_airport_cancellations_24h", {{"airport", a.code}},
                 static_cast<double>(a.cancelled));
    }
    m.family("aerowatch_airport_cancellations_baseline_24h", "gauge",
             "Cancellations the airport's baseline expects of the same flights.");
    for (const auto& a : airports) {
        m.sample("aerowatch_airport_cancellations_baseline_24h", {{"airport", a.code}}, a.expected);
    }
    return m.text();
}

} // namespace aerowatch
