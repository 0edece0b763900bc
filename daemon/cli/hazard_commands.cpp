// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/hazard_commands.hpp"

#include "config/config.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "service/exit_codes.hpp"
#include "store/hazard_json.hpp"
#include "store/sqlite_store.hpp"

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
std::string clip(std::string text, std::size_t width) {
    text = collapse_whitespace(text);
    if (text.size() <= width) {
        return text;
    }
    text.resize(width);
    while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) {
        text.pop_back();
    }
    if (!text.empty()) {
        text.pop_back(); // the lead byte whose continuation was cut
    }
    return text;
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
    HazardQuery query;
    query.active_only = options.active_only;
    query.fir = to_upper_ascii(options.fir);
    query.airport = to_upper_ascii(options.airport);
    const auto hazards = store->hazards().query(query);

    if (context.json) {
        auto list = nlohmann::json::array();
        for (const auto& s : hazards) {
            auto item = hazard_to_json(s.hazard);
            item["source"] = s.source;
            item["version"] = s.version;
            item["first_seen"] = format_iso8601(s.first_seen);
            item["last_changed"] = format_iso8601(s.last_changed);
            item["replaced_by"] =
                s.replaced_by.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.replaced_by);
            list.push_back(std::move(item));
        }
        out << list.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
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
