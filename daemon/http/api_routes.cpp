// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/api_routes.hpp"

#include "http/health.hpp"
#include "views/json_views.hpp"
#include "views/query_filters.hpp"

#include <fmt/format.h>

#include <charconv>
#include <initializer_list>

namespace aerowatch {

namespace {

using nlohmann::json;

constexpr std::size_t max_flight_limit = 10000;

/// A misspelt filter must not silently return everything.
std::optional<std::string> unknown_param(const QueryParams& params,
                                         std::initializer_list<std::string_view> known) {
    for (const auto& [name, value] : params) {
        bool found = false;
        for (const auto k : known) {
            found = found || name == k;
        }
        if (!found) {
            std::string list;
            for (const auto k : known) {
                list += fmt::format("{}{}", list.empty() ? "" : ", ", k);
            }
            return fmt::format("unknown parameter \"{}\"; this path takes {}", name,
                               list.empty() ? "none" : list);
        }
    }
    return std::nullopt;
}

std::string param(const QueryParams& params, std::string_view name) {
    auto found = params.find(name);
    return found == params.end() ? std::string() : found->second;
}

ApiAnswer ok(const json& body) {
    return {200, dump_json(body)};
}

std::optional<std::int64_t> positive_integer(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value <= 0) {
        return std::nullopt;
    }
    return value;
}

} // namespace

ApiAnswer error_answer(int status, const std::string& message) {
    return {status, dump_json(json{{"error", message}})};
}

ApiAnswer api_alerts(SqliteStore& store, const QueryParams& params, UtcTime now) {
    if (auto problem = unknown_param(params, {"state", "kind", "since"})) {
        return error_answer(400, *problem);
    }
    const auto query = to_alert_query(
        {param(params, "state"), param(params, "kind"), param(params, "since")}, now);
    if (!query) {
        return error_answer(400, query.error().message);
    }
    json list = json::array();
    for (const auto& alert : store.alerts().query(*query)) {
        list.push_back(alert_to_json(alert));
    }
    return ok(list);
}

ApiAnswer api_alert(SqliteStore& store, std::string_view id_text) {
    const auto id = positive_integer(id_text);
    if (!id) {
        return error_answer(400, fmt::format("expected an alert id, not \"{}\"", id_text));
    }
    const auto alert = store.alerts().get(*id);
    if (!alert) {
        return error_answer(404, fmt::format("no alert {}", *id));
    }
    return ok(alert_detail_to_json(*alert, store.alerts().events(*id)));
}

ApiAnswer api_hazards(SqliteStore& store, const QueryParams& params) {
    if (auto problem = unknown_param(params, {"active", "fir", "airport"})) {
        return error_answer(400, *problem);
    }
    HazardsOptions options;
    if (params.count("active") > 0) {
        const auto active = param(params, "active");
        if (active.empty() || active == "true" || active == "1") {
            options.active_only = true;
        } else if (active != "false" && active != "0") {
            return error_answer(400, "active: expected true or false");
        }
    }
    options.fir = param(params, "fir");
    options.airport = param(params, "airport");
    json list = json::array();
    for (const auto& hazard : store.hazards().query(to_hazard_query(options))) {
        list.push_back(hazard_record_to_json(hazard));
    }
    return ok(list);
}

ApiAnswer api_flights(SqliteStore& store, const QueryParams& params) {
    if (auto problem = unknown_param(params, {"airport", "airline", "date", "status", "limit"})) {
        return error_answer(400, *problem);
    }
    FlightsOptions options;
    options.airport = param(params, "airport");
    options.airline = param(params, "airline");
    options.date = param(params, "date");
    options.status = param(params, "status");
    if (params.count("limit") > 0) {
        const auto limit = positive_integer(param(params, "limit"));
        if (!limit || static_cast<std::size_t>(*limit) > max_flight_limit) {
            return error_answer(400, "limit: expected a number from 1 to " +
                                         std::to_string(max_flight_limit));
        }
        options.limit = static_cast<std::size_t>(*limit);
    }
    const auto query = to_flight_query(options);
    if (!query) {
        return error_answer(400, query.error().message);
    }
    json list = json::array();
    for (const auto& flight : store.flights().query(*query)) {
        auto item = flight_to_json(flight);
        item["history"] = flight_history_to_json(store.flights().history(flight.id));
        list.push_back(std::move(item));
    }
    return ok(list);
}

ApiAnswer api_sources(SqliteStore& store, const Config& config, UtcTime now, UtcTime started) {
    const auto states = store.all_source_states();
    json list = json::array();
    for (const auto& view : source_views(config.sources, states)) {
        auto item = source_to_json(view);
        const SourceConfig* source = config.find_source(view.name);
        item["health"] =
            source ? json(source_health(*source, view.state, now, started)) : json(nullptr);
        list.push_back(std::move(item));
    }
    return ok(list);
}

} // namespace aerowatch
