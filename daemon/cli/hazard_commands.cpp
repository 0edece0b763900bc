// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/hazard_commands.hpp"

#include "config/config.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "service/exit_codes.hpp"
#include "store/sqlite_store.hpp"
#include "views/json_views.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <ostream>

namespace aerowatch {

namespace {

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : ",") + item;
    }
    return out.empty() ? "-" : out;
}

std::string time_or(const std::optional<UtcTime>& t, const char* fallback) {
    return t ? format_iso8601(*t) : fallback;
}

std::string valid_to(const Hazard& h) {
    if (h.permanent) {
        return "PERM";
    }
    if (!h.valid_to) {
        return "-";
    }
    return format_iso8601(*h.valid_to) + (h.valid_to_estimated ? " EST" : "");
}

/// Cut to `width` columns without splitting a UTF-8 sequence.
std::string clip(const std::string& text, std::size_t width) {
    return clip_utf8(collapse_whitespace(text), width);
}

} // namespace

int command_hazards(const CliContext& context, const HazardsOptions& options, std::ostream& out,
                    std::ostream& err) {
    std::unique_ptr<SqliteStore> store;
    try {
        const auto config = load_config(context.config_path);
        store = SqliteStore::open(config.database_path(), SqliteStore::Access::read_only);
    } catch (const ConfigError& e) {
        err << e.what() << "\n";
        return exit_code::config;
    } catch (const std::exception& e) {
        err << "aerowatch: " << e.what() << "\n";
        return exit_code::failure;
    }
    const auto hazards = store->hazards().query(to_hazard_query(options));

    if (context.json) {
        auto list = nlohmann::json::array();
        for (const auto& s : hazards) {
            list.push_back(hazard_record_to_json(s));
        }
        out << dump_json(list) << "\n";
        return exit_code::ok;
    }
    out << fmt::format("{:<22} {:<10} {:<11} {:<20} {:<24} {:<10} {}\n", "HAZARD", "STATUS",
                       "SEVERITY", "VALID FROM", "VALID TO", "FIRS", "TITLE");
    for (const auto& s : hazards) {
        const Hazard& h = s.hazard;
        out << fmt::format("{:<22} {:<10} {:<11} {:<20} {:<24} {:<10} {}\n", clip(h.key, 22),
                           to_string(h.status), to_string(h.severity), time_or(h.valid_from, "-"),
                           valid_to(h), clip(join(h.firs), 10),
                           clip(h.title.empty() ? h.text : h.title, 60));
    }
    out << hazards.size() << " hazard(s)\n";
    return exit_code::ok;
}

} // namespace aerowatch
