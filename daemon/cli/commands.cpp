// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/commands.hpp"

#include "config/config.hpp"
#include "core/time.hpp"
#include "refdata/refdata.hpp"
#include "service/exit_codes.hpp"
#include "store/sqlite_store.hpp"
#include "views/json_views.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <optional>
#include <ostream>

namespace aerowatch {

namespace {

using nlohmann::json;

std::optional<Config> load_or_report(const CliContext& context, std::ostream& err) {
    try {
        return load_config(context.config_path);
    } catch (const ConfigError& e) {
        for (const auto& error : e.errors()) {
            err << error << "\n";
        }
        return std::nullopt;
    }
}

std::string time_or(const std::optional<UtcTime>& t, const char* fallback) {
    return t ? format_iso8601(*t) : fallback;
}

std::string degrees(double value, char positive, char negative) {
    return fmt::format("{:.4f} {}", std::fabs(value), value < 0 ? negative : positive);
}

} // namespace

std::unique_ptr<SqliteStore> open_cli_store(const CliContext& context, bool writable,
                                            std::ostream& err, int& code, Config* loaded) {
    try {
        auto config = load_config(context.config_path);
        if (writable) {
            std::filesystem::create_directories(config.daemon.state_directory);
        }
        auto store =
            SqliteStore::open(config.database_path(), writable ? SqliteStore::Access::read_write
                                                               : SqliteStore::Access::read_only);
        if (loaded != nullptr) {
            *loaded = std::move(config);
        }
        return store;
    } catch (const ConfigError& e) {
        err << e.what() << "\n";
        code = exit_code::config;
    } catch (const std::exception& e) {
        err << "aerowatch: " << e.what() << "\n";
        code = exit_code::failure;
    }
    return nullptr;
}

int command_check_config(const CliContext& context, std::ostream& out, std::ostream& err) {
    auto config = load_or_report(context, err);
    if (!config) {
        return exit_code::config;
    }
    if (context.json) {
        json sources = json::array();
        for (const auto& s : config->sources) {
            sources.push_back({{"name", s.name}, {"kind", s.kind}, {"enabled", s.enabled}});
        }
        out << json{{"config", context.config_path.string()}, {"valid", true}, {"sources", sources}}
                   .dump(2)
            << "\n";
    } else {
        out << context.config_path.string() << ": OK\n\n" << describe_config(*config);
    }
    return exit_code::ok;
}

int command_sources(const CliContext& context, std::ostream& out, std::ostream& err) {
    auto config = load_or_report(context, err);
    if (!config) {
        return exit_code::config;
    }
    std::vector<SourceState> states;
    try {
        auto store = SqliteStore::open(config->database_path(), SqliteStore::Access::read_only);
        states = store->all_source_states();
    } catch (const std::exception& e) {
        err << "aerowatch: " << e.what() << "\n";
        return exit_code::failure;
    }
    const auto rows = source_views(config->sources, states);
    if (context.json) {
        json list = json::array();
        for (const auto& row : rows) {
            list.push_back(source_to_json(row));
        }
        out << list.dump(2) << "\n";
        return exit_code::ok;
    }

    out << fmt::format("{:<20} {:<18} {:<21} {:>8} {:<21} {}\n", "SOURCE", "KIND", "LAST SUCCESS",
                       "FAILURES", "NEXT POLL", "LAST ERROR");
    for (const auto& row : rows) {
        const SourceState empty;
        const SourceState& s = row.state != nullptr ? *row.state : empty;
        out << fmt::format("{:<20} {:<18} {:<21} {:>8} {:<21} {}\n", row.name, row.kind,
                           time_or(s.last_success, "never"), s.consecutive_failures,
                           row.enabled ? time_or(s.next_due, "-") : "disabled",
                           s.last_error.value_or("-"));
    }
    return exit_code::ok;
}

int command_airport(const CliContext& context, const std::string& code, std::ostream& out,
                    std::ostream& err) {
    std::shared_ptr<const RefData> data;
    try {
        data = RefData::load(default_data_directory());
    } catch (const std::exception& e) {
        err << "aerowatch: reference data: " << e.what() << "\n";
        return exit_code::os_file;
    }
    auto airport = data->airport(code);
    if (!airport) {
        err << "aerowatch: " << airport.error().message << "\n";
        return exit_code::failure;
    }
    const Airport& a = **airport;
    std::string fir_name;
    if (auto fir = data->fir(a.fir)) {
        fir_name = (*fir)->name;
    }
    if (context.json) {
        out << json{{"icao", a.icao},      {"iata", a.iata},         {"name", a.name},
                    {"city", a.city},      {"country", a.country},   {"lat", a.lat},
                    {"lon", a.lon},        {"timezone", a.timezone}, {"fir", a.fir},
                    {"fir_name", fir_name}}
                   .dump(2)
            << "\n";
        return exit_code::ok;
    }
    out << fmt::format("{} / {}  {}\n", a.icao, a.iata.empty() ? "-" : a.iata, a.name);
    out << fmt::format("  city       {}, {}\n", a.city, a.country);
    out << fmt::format("  position   {}, {}\n", degrees(a.lat, 'N', 'S'), degrees(a.lon, 'E', 'W'));
    out << fmt::format("  time zone  {}\n", a.timezone.empty() ? "-" : a.timezone);
    out << fmt::format("  FIR        {}{}\n", a.fir.empty() ? "-" : a.fir,
                       fir_name.empty() ? "" : " (" + fir_name + ")");
    return exit_code::ok;
}

} // namespace aerowatch
