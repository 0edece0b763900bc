// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/json_views.hpp"

#include "core/time.hpp"
#include "store/hazard_json.hpp"

#include <algorithm>

namespace aerowatch {

using nlohmann::json;

namespace {

json time_or_null(const std::optional<UtcTime>& t) {
    return t ? json(format_iso8601(*t)) : json(nullptr);
}

template <typename T> json value_or_null(const std::optional<T>& value) {
    return value ? json(*value) : json(nullptr);
}

} // namespace

json alert_to_json(const Alert& a) {
    return {{"alert_id", a.id},
            {"fingerprint", a.fingerprint},
            {"kind", to_string(a.kind)},
            {"severity", to_string(a.severity)},
            {"state", to_string(a.state)},
            {"summary", a.summary},
            {"labels", a.labels.to_json()},
            {"first_fired", format_iso8601(a.first_fired)},
            {"last_event", format_iso8601(a.last_event)},
            {"resolved", time_or_null(a.resolved)},
            {"evidence", a.evidence}};
}

json alert_detail_to_json(const Alert& alert, const std::vector<AlertEvent>& events) {
    auto j = alert_to_json(alert);
    j["events"] = json::array();
    for (const auto& e : events) {
        j["events"].push_back({{"seq", e.seq},
                               {"event", to_string(e.type)},
                               {"at", format_iso8601(e.at)},
                               {"silenced", e.silenced}});
    }
    return j;
}

json hazard_record_to_json(const StoredHazard& s) {
    auto item = hazard_to_json(s.hazard);
    item["source"] = s.source;
    item["version"] = s.version;
    item["first_seen"] = format_iso8601(s.first_seen);
    item["last_changed"] = format_iso8601(s.last_changed);
    item["replaced_by"] = s.replaced_by.empty() ? json(nullptr) : json(s.replaced_by);
    return item;
}

json flight_to_json(const StoredFlight& s) {
    const FlightStatus& f = s.flight;
    return json{{"id", s.id},
                {"flight", s.designator()},
                {"airline", s.airline},
                {"airline_iata", f.airline_iata},
                {"airline_icao", f.airline_icao},
                {"flight_number", f.flight_number},
                {"date", format_date(s.date)},
                {"origin", f.origin},
                {"destination", f.destination},
                {"scheduled_departure", time_or_null(f.scheduled_departure)},
                {"estimated_departure", time_or_null(f.estimated_departure)},
                {"actual_departure", time_or_null(f.actual_departure)},
                {"scheduled_arrival", time_or_null(f.scheduled_arrival)},
                {"estimated_arrival", time_or_null(f.estimated_arrival)},
                {"actual_arrival", time_or_null(f.actual_arrival)},
                {"state", to_string(f.state)},
                {"delay_minutes", value_or_null(f.delay_minutes)},
                {"codeshares", f.codeshares},
                {"source", s.source},
                {"first_seen", format_iso8601(s.first_seen)},
                {"last_changed", format_iso8601(s.last_changed)}};
}

json flight_history_to_json(const std::vector<FlightHistoryEntry>& history) {
    json list = json::array();
    for (const auto& e : history) {
        list.push_back({{"seen_at", format_iso8601(e.seen_at)},
                        {"source", e.source},
                        {"change", to_string(e.type)},
                        {"previous_state",
                         e.previous_state ? json(to_string(*e.previous_state)) : json(nullptr)},
                        {"state", to_string(e.state)},
                        {"scheduled_departure", time_or_null(e.scheduled_departure)},
                        {"estimated_departure", time_or_null(e.estimated_departure)},
                        {"scheduled_arrival", time_or_null(e.scheduled_arrival)},
                        {"estimated_arrival", time_or_null(e.estimated_arrival)}});
    }
    return list;
}

json source_to_json(const SourceView& source) {
    json item{{"name", source.name}, {"kind", source.kind}, {"enabled", source.enabled}};
    const SourceState never;
    const SourceState& s = source.state != nullptr ? *source.state : never;
    item["last_attempt"] = time_or_null(s.last_attempt);
    item["last_success"] = time_or_null(s.last_success);
    item["consecutive_failures"] = s.consecutive_failures;
    item["last_error"] = value_or_null(s.last_error);
    item["last_status"] = value_or_null(s.last_status);
    item["next_due"] = time_or_null(s.next_due);
    item["fetches"] = s.fetches;
    item["bytes_received"] = s.bytes_received;
    return item;
}

std::vector<SourceView> source_views(const std::vector<SourceConfig>& configured,
                                     const std::vector<SourceState>& states) {
    auto state_of = [&](const std::string& name) -> const SourceState* {
        auto found = std::find_if(states.begin(), states.end(),
                                  [&](const SourceState& s) { return s.name == name; });
        return found == states.end() ? nullptr : &*found;
    };
    std::vector<SourceView> views;
    for (const auto& s : configured) {
        views.push_back({s.name, s.kind, s.enabled, state_of(s.name)});
    }
    for (const auto& state : states) {
        const bool known = std::any_of(configured.begin(), configured.end(),
                                       [&](const SourceConfig& s) { return s.name == state.name; });
        if (!known) {
            views.push_back({state.name, "(not in config)", false, &state});
        }
    }
    return views;
}

std::string dump_json(const json& value, int indent) {
    return value.dump(indent, ' ', false, json::error_handler_t::replace);
}

} // namespace aerowatch
