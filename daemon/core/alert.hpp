// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aerowatch {

enum class AlertKind {
    hazard,                 // a new hazard in a watched area
    hazard_escalated,       // same area and issuer, severity up (caution -> prohibition)
    disruption_correlated,  // cancellations at an airport that an active hazard explains
    disruption_unexplained, // a cancellation spike at a watched airport no hazard explains
    source_unhealthy,       // a source with no success for longer than its stale_after
};
enum class AlertSeverity { info, warning, critical };
enum class AlertState { firing, resolved };
enum class AlertEventType { firing, updated, resolved };

const char* to_string(AlertKind kind);
const char* to_string(AlertSeverity severity);
const char* to_string(AlertState state);
const char* to_string(AlertEventType type);
std::optional<AlertKind> alert_kind_from_string(std::string_view text);
std::optional<AlertSeverity> alert_severity_from_string(std::string_view text);
std::optional<AlertState> alert_state_from_string(std::string_view text);

/// Who an alert is about, for routing and silences. Sorted, no duplicates.
struct AlertLabels {
    std::vector<std::string> firs;
    std::vector<std::string> airports;
    std::vector<std::string> airlines;
    std::vector<std::string> countries;
    nlohmann::json to_json() const;
    static AlertLabels from_json(const nlohmann::json& j);
};

/// What the correlator finds true now: one per alert that should be firing. The lifecycle
/// turns candidates into events by comparing them with the stored alerts.
struct AlertCandidate {
    std::string fingerprint; // kind + subject: "disruption_correlated:SVMI:KICZ A0012/25"
    AlertKind kind = AlertKind::hazard;
    AlertSeverity severity = AlertSeverity::info;
    std::string subject; // hazard key, airport or source name
    std::string summary; // one readable sentence
    AlertLabels labels;
    nlohmann::json evidence = nlohmann::json::object();
    // The size of the evidence (cancellations, exposed flights...): an "updated" event goes
    // out when it has grown enough since the last notification.
    double magnitude = 0;
};

/// An alert as stored: one row per fingerprint.
struct Alert {
    std::int64_t id = 0;
    std::string fingerprint;
    AlertKind kind = AlertKind::hazard;
    AlertSeverity severity = AlertSeverity::info;
    AlertState state = AlertState::firing;
    std::string subject;
    std::string summary;
    AlertLabels labels;
    nlohmann::json evidence = nlohmann::json::object();
    double magnitude = 0;               // as of the last event
    UtcTime first_fired{};              // the first firing event, ever
    UtcTime last_event{};               // the last event of any type
    std::optional<UtcTime> clear_since; // when the candidate went away (hold before resolving)
    std::optional<UtcTime> resolved;
};

/// One event of an alert's life, as written to the alert log and the webhooks.
struct AlertEvent {
    std::int64_t seq = 0; // the database's order of events; the outbox follows it
    std::int64_t alert_id = 0;
    AlertEventType type = AlertEventType::firing;
    UtcTime at{};
    bool silenced = false;  // recorded, not notified
    nlohmann::json payload; // event, alert_id, fingerprint, kind, severity, at, summary, labels,
                            // evidence
};

/// Builds the event payload of `alert` for an event of `type` at `at`.
nlohmann::json alert_event_payload(const Alert& alert, AlertEventType type, UtcTime at);

/// One `KEY=VALUE` of a silence. Keys: kind, severity, fingerprint, alert_id, fir, airport,
/// airline, country. Values compare exactly, ASCII case ignored.
struct SilenceMatcher {
    std::string key;
    std::string value;
};

/// Parses "airport=SVMI"; nullopt with a message for an unknown key or a missing value.
std::optional<SilenceMatcher> parse_silence_matcher(std::string_view text, std::string& error);
/// Every matcher holds for the alert (a label matcher holds when the label list has the value).
bool silence_matches(const std::vector<SilenceMatcher>& matchers, const Alert& alert);

struct Silence {
    std::int64_t id = 0;
    std::vector<SilenceMatcher> matchers;
    UtcTime starts{};
    UtcTime ends{};
    std::string comment;
    UtcTime created{};
    bool active(UtcTime now) const { return starts <= now && now < ends; }
};

} // namespace aerowatch
