// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/flight_commands.hpp"

#include "config/config.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "refdata/refdata.hpp"
#include "service/exit_codes.hpp"
#include "store/sqlite_store.hpp"
#include "views/json_views.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <ostream>

namespace aerowatch {

namespace {

using nlohmann::json;

/// An IATA airport code ("CCS") is looked up in the reference data so that flights stored
/// under the ICAO code ("SVMI") are found. Without the data the code is used as given.
void resolve_codes_for(SqliteStore& store, std::string_view airport) {
    if (trim(airport).size() != 3) {
        return;
    }
    try {
        store.flights().set_code_resolver(
            refdata_code_resolver(RefData::load(default_data_directory())));
    } catch (const std::exception&) {
        // Reference data missing: IATA codes then match only flights stored under them.
    }
}

std::string time_or(const std::optional<UtcTime>& t, const char* fallback) {
    return t ? format_iso8601(*t) : fallback;
}

std::string dump(const json& j) {
    return dump_json(j);
}

std::string percent(double rate) {
    return fmt::format("{:.1f}%", rate * 100);
}

} // namespace

int command_flights(const CliContext& context, const FlightsOptions& options, std::ostream& out,
                    std::ostream& err) {
    const auto query = to_flight_query(options);
    if (!query) {
        err << "aerowatch: --" << query.error().message << "\n";
        return exit_code::usage;
    }
    int code = exit_code::ok;
    auto store = open_cli_store(context, false, err, code);
    if (!store) {
        return code;
    }
    resolve_codes_for(*store, options.airport);
    const auto flights = store->flights().query(*query);

    if (context.json) {
        json list = json::array();
        for (const auto& s : flights) {
            auto item = flight_to_json(s);
            item["history"] = flight_history_to_json(store->flights().history(s.id));
            list.push_back(std::move(item));
        }
        out << dump(list) << "\n";
        return exit_code::ok;
    }
    constexpr const char* row = "{:<9} {:<10} {:<6} {:<6} {:<20} {:<20} {:<9} {:>5} {:<20} {}\n";
    out << fmt::format(row, "FLIGHT", "DATE", "FROM", "TO", "SCHEDULED DEP", "ESTIMATED DEP",
                       "STATE", "DELAY", "LAST CHANGE", "SOURCE");
    for (const auto& s : flights) {
        const FlightStatus& f = s.flight;
        out << fmt::format(row, s.designator(), format_date(s.date), f.origin,
                           f.destination.empty() ? "-" : f.destination,
                           time_or(f.scheduled_departure, "-"), time_or(f.estimated_departure, "-"),
                           to_string(f.state),
                           f.delay_minutes ? std::to_string(*f.delay_minutes) : "-",
                           format_iso8601(s.last_changed), s.source);
    }
    out << flights.size() << " flight(s)\n";
    return exit_code::ok;
}

int command_disruption(const CliContext& context, const DisruptionOptions& options,
                       std::ostream& out, std::ostream& err) {
    if (trim(options.airport).empty()) {
        err << "aerowatch: disruption needs --airport CODE\n";
        return exit_code::usage;
    }
    if (options.window <= std::chrono::seconds{0}) {
        err << "aerowatch: --window must be positive\n";
        return exit_code::usage;
    }
    int code = exit_code::ok;
    Config config;
    auto store = open_cli_store(context, false, err, code, &config);
    if (!store) {
        return code;
    }
    resolve_codes_for(*store, options.airport);
    const UtcTime at = options.at ? *options.at : SystemClock().utc_now();
    const auto s = store->flights().disruption(options.airport, at - options.window,
                                               at + options.window, config.flights.baseline);

    if (context.json) {
        json cancelled = json::array();
        for (const auto& f : s.cancelled_flights) {
            cancelled.push_back(flight_to_json(f));
        }
        json diverted = json::array();
        for (const auto& f : s.diverted_flights) {
            diverted.push_back(flight_to_json(f));
        }
        auto ratio = [](const std::optional<double>& r) {
            return r ? json(*r) : json(nullptr);
        };
        out << dump(json{{"airport", s.airport},
                         {"from", format_iso8601(s.from)},
                         {"to", format_iso8601(s.to)},
                         {"exposed", s.exposed},
                         {"cancelled", s.cancelled},
                         {"diverted", s.diverted},
                         {"airlines_cancelling", s.airlines_cancelling},
                         {"cancel_rate", s.cancel_rate},
                         {"divert_rate", s.divert_rate},
                         {"expected_cancelled", s.expected_cancelled},
                         {"expected_diverted", s.expected_diverted},
                         {"baseline_cancel_rate", s.baseline_cancel_rate},
                         {"baseline_divert_rate", s.baseline_divert_rate},
                         {"baseline_basis", to_string(s.basis)},
                         {"cancel_ratio", ratio(s.cancel_ratio)},
                         {"divert_ratio", ratio(s.divert_ratio)},
                         {"cancelled_flights", cancelled},
                         {"diverted_flights", diverted}})
            << "\n";
        return exit_code::ok;
    }
    auto times = [](const std::optional<double>& r) {
        return r ? fmt::format("; {:.1f}x baseline", *r) : std::string();
    };
    out << fmt::format("{}: flights scheduled {} .. {}\n", s.airport, format_iso8601(s.from),
                       format_iso8601(s.to));
    out << fmt::format("  exposed flights     {}\n", s.exposed);
    out << fmt::format("  cancelled           {} ({}; baseline {}, {} expected{})\n", s.cancelled,
                       percent(s.cancel_rate), percent(s.baseline_cancel_rate),
                       fmt::format("{:.1f}", s.expected_cancelled), times(s.cancel_ratio));
    out << fmt::format("  diverted            {} ({}; baseline {}, {} expected{})\n", s.diverted,
                       percent(s.divert_rate), percent(s.baseline_divert_rate),
                       fmt::format("{:.1f}", s.expected_diverted), times(s.divert_ratio));
    std::string airlines;
    for (const auto& a : s.airlines_cancelling) {
        airlines += " " + a;
    }
    out << fmt::format("  airlines cancelling {}{}\n", s.airlines_cancelling.size(), airlines);
    out << fmt::format("  baseline basis      {}\n", to_string(s.basis));
    for (const auto* list : {&s.cancelled_flights, &s.diverted_flights}) {
        for (const auto& f : *list) {
            out << fmt::format("  {:<9} {:<9} {:<10} {} -> {}  {}\n", to_string(f.flight.state),
                               f.designator(), format_date(f.date), f.flight.origin,
                               f.flight.destination.empty() ? "-" : f.flight.destination,
                               time_or(f.flight.scheduled_departure, "-"));
        }
    }
    return exit_code::ok;
}

} // namespace aerowatch
