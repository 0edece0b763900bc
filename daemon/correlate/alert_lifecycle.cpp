// SPDX-License-Identifier: GPL-3.0-or-later
#include "correlate/alert_lifecycle.hpp"

#include <unordered_set>

namespace aerowatch {

namespace {

bool holds_before_resolving(AlertKind kind) {
    return kind == AlertKind::disruption_correlated || kind == AlertKind::disruption_unexplained;
}

void take_candidate(Alert& alert, const AlertCandidate& c) {
    alert.fingerprint = c.fingerprint;
    alert.kind = c.kind;
    alert.severity = c.severity;
    alert.subject = c.subject;
    alert.summary = c.summary;
    alert.labels = c.labels;
    alert.evidence = c.evidence;
}

} // namespace

AlertLifecycle::AlertLifecycle(sqlite::Database& db, AlertStore& store, LifecycleSettings settings)
    : db_(db), store_(store), settings_(settings) {}

std::vector<AlertEvent>
AlertLifecycle::reconcile(const std::vector<AlertCandidate>& candidates,
                          const std::set<AlertKind>& evaluated, UtcTime now,
                          const std::map<std::string, std::string>& end_reasons) {
    std::vector<AlertEvent> events;
    sqlite::Transaction transaction(db_);
    std::unordered_set<std::string> present;
    for (const auto& candidate : candidates) {
        if (!present.insert(candidate.fingerprint).second) {
            continue; // the correlator found the same thing twice: one alert
        }
        if (auto event = apply(candidate, now)) {
            events.push_back(std::move(*event));
        }
    }
    for (auto& alert : store_.firing()) {
        if (evaluated.count(alert.kind) == 0 || present.count(alert.fingerprint) != 0) {
            continue;
        }
        const auto reason = end_reasons.find(alert.fingerprint);
        if (auto event = absent(alert, now,
                                reason == end_reasons.end() ? "its condition no longer holds"
                                                            : reason->second)) {
            events.push_back(std::move(*event));
        }
    }
    transaction.commit();
    return events;
}

std::optional<AlertEvent> AlertLifecycle::apply(const AlertCandidate& candidate, UtcTime now) {
    auto stored = store_.find(candidate.fingerprint);
    if (!stored || stored->state == AlertState::resolved) {
        Alert alert = stored.value_or(Alert{});
        take_candidate(alert, candidate);
        alert.state = AlertState::firing;
        alert.magnitude = candidate.magnitude;
        alert.clear_since.reset();
        alert.resolved.reset();
        if (!stored) {
            alert.first_fired = now;
        }
        return store_.record(alert, AlertEventType::firing, now, store_.is_silenced(alert, now));
    }
    Alert& alert = *stored;
    const bool severity_up = candidate.severity > alert.severity;
    const bool grew = candidate.magnitude > alert.magnitude &&
                      candidate.magnitude >= alert.magnitude * (1 + settings_.update_growth) &&
                      now - alert.last_event >= settings_.repeat_interval;
    const bool was_clearing = alert.clear_since.has_value();
    const bool evidence_changed =
        candidate.evidence != alert.evidence || candidate.summary != alert.summary;
    take_candidate(alert, candidate);
    alert.clear_since.reset();
    if (severity_up || grew) {
        alert.magnitude = candidate.magnitude;
        return store_.record(alert, AlertEventType::updated, now, store_.is_silenced(alert, now));
    }
    if (was_clearing || evidence_changed) {
        store_.save(alert); // fresher evidence for `alerts show`, not worth a notification
    }
    return std::nullopt;
}

std::optional<AlertEvent> AlertLifecycle::absent(Alert& alert, UtcTime now,
                                                 const std::string& reason) {
    if (holds_before_resolving(alert.kind)) {
        if (!alert.clear_since) {
            alert.clear_since = now;
            store_.save(alert);
            return std::nullopt;
        }
        if (now - *alert.clear_since < settings_.hold) {
            return std::nullopt;
        }
    }
    alert.state = AlertState::resolved;
    alert.resolved = now;
    alert.evidence["resolution"] = reason;
    return store_.record(alert, AlertEventType::resolved, now, store_.is_silenced(alert, now));
}

} // namespace aerowatch
