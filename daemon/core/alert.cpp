// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/alert.hpp"

#include "core/text.hpp"
#include "core/time.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace aerowatch {

namespace {

constexpr std::array<std::pair<AlertKind, const char*>, 5> kinds{{
    {AlertKind::hazard, "hazard"},
    {AlertKind::hazard_escalated, "hazard_escalated"},
    {AlertKind::disruption_correlated, "disruption_correlated"},
    {AlertKind::disruption_unexplained, "disruption_unexplained"},
    {AlertKind::source_unhealthy, "source_unhealthy"},
}};
constexpr std::array<std::pair<AlertSeverity, const char*>, 3> severities{{
    {AlertSeverity::info, "info"},
    {AlertSeverity::warning, "warning"},
    {AlertSeverity::critical, "critical"},
}};

template <typename E, std::size_t N>
const char* name_of(const std::array<std::pair<E, const char*>, N>& table, E value) {
    for (const auto& [e, name] : table) {
        if (e == value) {
            return name;
        }
    }
    return "unknown";
}

template <typename E, std::size_t N>
std::optional<E> value_of(const std::array<std::pair<E, const char*>, N>& table,
                          std::string_view text) {
    for (const auto& [e, name] : table) {
        if (text == name) {
            return e;
        }
    }
    return std::nullopt;
}

std::vector<std::string> strings(const nlohmann::json& j, const char* key) {
    std::vector<std::string> out;
    if (j.contains(key) && j[key].is_array()) {
        for (const auto& v : j[key]) {
            if (v.is_string()) {
                out.push_back(v.get<std::string>());
            }
        }
    }
    return out;
}

constexpr std::array<std::string_view, 8> matcher_keys{
    "kind", "severity", "fingerprint", "alert_id", "fir", "airport", "airline", "country"};

bool same_text(std::string_view a, std::string_view b) {
    return to_upper_ascii(a) == to_upper_ascii(b);
}

bool listed(const std::vector<std::string>& list, std::string_view value) {
    return std::any_of(list.begin(), list.end(),
                       [&](const std::string& item) { return same_text(item, value); });
}

} // namespace

const char* to_string(AlertKind kind) {
    return name_of(kinds, kind);
}
const char* to_string(AlertSeverity severity) {
    return name_of(severities, severity);
}
const char* to_string(AlertState state) {
    return state == AlertState::firing ? "firing" : "resolved";
}
const char* to_string(AlertEventType type) {
    switch (type) {
    case AlertEventType::firing:
        return "firing";
    case AlertEventType::updated:
        return "updated";
    case AlertEventType::resolved:
        return "resolved";
    }
    return "unknown";
}
std::optional<AlertKind> alert_kind_from_string(std::string_view text) {
    return value_of(kinds, text);
}
std::optional<AlertSeverity> alert_severity_from_string(std::string_view text) {
    return value_of(severities, text);
}
std::optional<AlertState> alert_state_from_string(std::string_view text) {
    if (text == "firing") {
        return AlertState::firing;
    }
    if (text == "resolved") {
        return AlertState::resolved;
    }
    return std::nullopt;
}

nlohmann::json AlertLabels::to_json() const {
    return {
        {"firs", firs}, {"airports", airports}, {"airlines", airlines}, {"countries", countries}};
}

AlertLabels AlertLabels::from_json(const nlohmann::json& j) {
    AlertLabels labels;
    labels.firs = strings(j, "firs");
    labels.airports = strings(j, "airports");
    labels.airlines = strings(j, "airlines");
    labels.countries = strings(j, "countries");
    return labels;
}

nlohmann::json alert_event_payload(const Alert& alert, AlertEventType type, UtcTime at) {
    return {{"event", to_string(type)},
            {"alert_id", alert.id},
            {"fingerprint", alert.fingerprint},
            {"kind", to_string(alert.kind)},
            {"severity", to_string(alert.severity)},
            {"at", format_iso8601(at)},
            {"started", format_iso8601(alert.first_fired)},
            {"summary", alert.summary},
            {"labels", alert.labels.to_json()},
            {"evidence", alert.evidence}};
}

std::optional<SilenceMatcher> parse_silence_matcher(std::string_view text, std::string& error) {
    const auto eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == text.size()) {
        error = "expected KEY=VALUE, not \"" + std::string(text) + "\"";
        return std::nullopt;
    }
    const auto key = text.substr(0, eq);
    if (std::find(matcher_keys.begin(), matcher_keys.end(), key) == matcher_keys.end()) {
        error = "unknown key \"" + std::string(key) +
                "\"; keys are kind, severity, fingerprint, alert_id, fir, airport, airline, "
                "country";
        return std::nullopt;
    }
    return SilenceMatcher{std::string(key), std::string(text.substr(eq + 1))};
}

bool silence_matches(const std::vector<SilenceMatcher>& matchers, const Alert& alert) {
    if (matchers.empty()) {
        return false; // an empty silence would mute everything: never meant
    }
    for (const auto& m : matchers) {
        bool holds = false;
        if (m.key == "kind") {
            holds = same_text(to_string(alert.kind), m.value);
        } else if (m.key == "severity") {
            holds = same_text(to_string(alert.severity), m.value);
        } else if (m.key == "fingerprint") {
            holds = alert.fingerprint == m.value;
        } else if (m.key == "alert_id") {
            holds = std::to_string(alert.id) == m.value;
        } else if (m.key == "fir") {
            holds = listed(alert.labels.firs, m.value);
        } else if (m.key == "airport") {
            holds = listed(alert.labels.airports, m.value);
        } else if (m.key == "airline") {
            holds = listed(alert.labels.airlines, m.value);
        } else if (m.key == "country") {
            holds = listed(alert.labels.countries, m.value);
        }
        if (!holds) {
            return false;
        }
    }
    return true;
}

} // namespace aerowatch
