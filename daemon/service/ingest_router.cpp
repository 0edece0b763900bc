// SPDX-License-Identifier: GPL-3.0-or-later
#include "service/ingest_router.hpp"

#include "service/fetch_metrics.hpp"

#include "sources/flight_feeds.hpp"
#include "sources/hazard_feeds.hpp"
#include "store/sqlite_store.hpp"

#include <spdlog/spdlog.h>

namespace aerowatch {

namespace {

// A payload with many bad items logs this many of them, then a count.
constexpr std::size_t max_item_errors_logged = 10;

void log_item_errors(const std::string& source, const std::vector<ItemError>& errors) {
    for (std::size_t i = 0; i < errors.size() && i < max_item_errors_logged; ++i) {
        spdlog::warn("source {}: item at line {} skipped: {}", source, errors[i].line,
                     errors[i].message);
    }
    if (errors.size() > max_item_errors_logged) {
        spdlog::warn("source {}: {} more items skipped", source,
                     errors.size() - max_item_errors_logged);
    }
}

} // namespace

IngestRouter::IngestRouter(SqliteStore& store, std::shared_ptr<const RefData> refdata,
                           const Config& config, FetchMetrics* metrics)
    : store_(store), metrics_(metrics),
      hazards_(store.hazards(), Classifier(config.hazard_rules), refdata),
      flights_(store.flights(), std::move(refdata), config.flights.retention) {}

PageLink IngestRouter::ingest(const SourceConfig& source, std::string_view payload, UtcTime now) {
    try {
        if (is_hazard_kind(source.kind)) {
            return ingest_hazards(source, payload, now);
        }
        if (is_flight_kind(source.kind)) {
            return ingest_flights(source, payload, now);
        }
        spdlog::debug("source {}: {} bytes of {}: this kind is not ingested", source.name,
                      payload.size(), source.kind);
    } catch (const std::exception& e) {
        spdlog::error("source {}: cannot store what it sent: {}", source.name, e.what());
    }
    return {};
}

PageLink IngestRouter::ingest_hazards(const SourceConfig& source, std::string_view payload,
                                      UtcTime now) {
    auto report = hazards_.ingest(source.name, source.kind, payload, now);
    log_item_errors(source.name, report.errors);
    if (metrics_ != nullptr) {
        metrics_->record_items(source.name, report.items, report.errors.size());
    }
    bool changed = false;
    for (const auto& change : report.changes) {
        if (change.type == HazardChange::Type::unchanged) {
            continue;
        }
        changed = true;
        spdlog::info("hazard {} {}: {}, {}", change.key, to_string(change.type),
                     to_string(change.severity), to_string(change.status));
    }
    if (changed) {
        spdlog::info("source {}: {}", source.name, report.summary());
    } else {
        spdlog::debug("source {}: {}", source.name, report.summary());
    }
    return report.next_page;
}

PageLink IngestRouter::ingest_flights(const SourceConfig& source, std::string_view payload,
                                      UtcTime now) {
    auto report = flights_.ingest(source, payload, now);
    log_item_errors(source.name, report.errors);
    if (metrics_ != nullptr) {
        metrics_->record_items(source.name, report.items, report.errors.size());
    }
    for (const auto& change : report.result.changes) {
        // Only what an operator acts on is worth a line each; the rest is in the summary.
        const auto state = change.flight.flight.state;
        const bool disrupted = state == FlightState::cancelled || state == FlightState::diverted;
        if (change.type == FlightChange::Type::reinstated ||
            (disrupted && (change.type == FlightChange::Type::state_changed ||
                           change.type == FlightChange::Type::added))) {
            spdlog::info("flight {} {} {}-{}: {}{}", change.flight.designator(),
                         format_date(change.flight.date), change.flight.flight.origin,
                         change.flight.flight.destination,
                         change.type == FlightChange::Type::reinstated ? "reinstated, now " : "",
                         to_string(state));
        }
    }
    for (const auto& change : report.result.signal_changes) {
        const auto& s = change.signal.signal;
        spdlog::info("airport {} {} {}: {}", s.airport, s.type, to_string(change.type), s.reason);
    }
    const bool changed = !report.result.changes.empty() || !report.result.signal_changes.empty();
    if (changed) {
        spdlog::info("source {}: {}", source.name, report.summary());
    } else {
        spdlog::debug("source {}: {}", source.name, report.summary());
    }
    return report.next_page;
}

std::size_t IngestRouter::housekeeping(UtcTime now, const FlightsConfig& flights) {
    std::size_t expired = 0;
    try {
        for (const auto& change : store_.hazards().expire(now)) {
            spdlog::info("hazard {} expired", change.key);
            ++expired;
        }
    } catch (const std::exception& e) {
        spdlog::error("housekeeping: expiring hazards: {}", e.what());
    }
    const auto today = std::chrono::floor<std::chrono::days>(now);
    if (pruned_on_ == today) {
        return expired;
    }
    try {
        const auto pruned = store_.flights().prune(now, flights.retention);
        pruned_on_ = today;
        if (pruned.flights > 0 || pruned.stats_rows > 0) {
            spdlog::info("pruned {} flight(s) scheduled more than {} days ago, {} change(s), {} "
                         "baseline row(s)",
                         pruned.flights, flights.retention.count(), pruned.changes,
                         pruned.stats_rows);
        }
    } catch (const std::exception& e) {
        spdlog::error("housekeeping: pruning flights: {}", e.what());
    }
    return expired;
}

} // namespace aerowatch
