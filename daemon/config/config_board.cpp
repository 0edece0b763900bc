// SPDX-License-Identifier: GPL-3.0-or-later
// The [source.board] table of a json_board source: where an airport's own departure or arrival
// board keeps each field, as JSON pointers, and how to read its times and statuses.
#include "config/config_reader.hpp"

#include "core/text.hpp"
#include "sources/flights/flight_fields.hpp"
#include "sources/flights/time_zone.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <ostream>
#include <tuple>

namespace aerowatch::config_detail {

namespace {

constexpr std::string_view state_names =
    "scheduled, active, landed, cancelled, diverted, delayed, unknown";

/// RFC 6901: empty (the whole document or record) or "/"-separated tokens in which '~' only
/// appears as the escapes "~0" and "~1".
std::optional<std::string> pointer_problem(std::string_view pointer) {
    if (pointer.empty()) {
        return std::nullopt;
    }
    if (pointer.front() != '/') {
        return R"(a JSON pointer must be "" or start with '/', e.g. "/flight/number")";
    }
    for (std::size_t i = 0; i < pointer.size(); ++i) {
        if (pointer[i] == '~' &&
            (i + 1 == pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1'))) {
            return "'~' in a JSON pointer must be written ~0 (and '/' inside a name ~1)";
        }
    }
    if (has_control(pointer)) {
        return "must not contain control characters";
    }
    return std::nullopt;
}

void read_pointer(TableReader& reader, std::string_view key, std::string& out, bool required) {
    if (!reader.has(key)) {
        if (required) {
            reader.missing(key);
        }
        return;
    }
    auto value = reader.string(key);
    if (!value) {
        return;
    }
    if (auto problem = pointer_problem(*value)) {
        reader.error(key, *problem);
    } else if (required && value->empty()) {
        reader.error(key, "must point at a field of the record, not be empty");
    } else {
        out = *value;
    }
}

void read_code(TableReader& reader, std::string_view key, std::string& out) {
    auto value = reader.string(key);
    if (!value || value->empty()) {
        return;
    }
    const bool plain = std::all_of(value->begin(), value->end(), is_alnum);
    if (!plain || value->size() < 3 || value->size() > 4) {
        reader.error(key, "expected an ICAO (\"SVMI\") or IATA (\"CCS\") airport code");
        return;
    }
    out = to_upper_ascii(*value);
}

void read_status_map(TableReader& reader, JsonBoardConfig& out) {
    const toml::node* node = reader.take("status_map");
    if (node == nullptr) {
        return;
    }
    const auto* table = node->as_table();
    if (table == nullptr) {
        reader.error(
            "status_map",
            R"(expected a table like { "CANCELADO" = "cancelled", "ATERRIZADO" = "landed" })");
        return;
    }
    std::map<std::string, int> seen; // folded source value -> line: matching ignores case
    for (const auto& [key, value] : *table) {
        const std::string source(key.str());
        const std::string display = reader.full_key("status_map") + "." + toml_quote(source);
        const int line = static_cast<int>(key.source().begin.line);
        const auto fail = [&](const std::string& message) {
            reader.diagnostics().add(line, reader.context(), display, message);
        };
        const std::string folded = to_upper_ascii(trim(source));
        if (folded.empty()) {
            fail("a status value must not be blank");
            continue;
        }
        if (auto [first, inserted] = seen.emplace(folded, line); !inserted) {
            fail("duplicate status (matching ignores case); first defined on line " +
                 std::to_string(first->second));
            continue;
        }
        const auto* name = value.as_string();
        const auto state = name != nullptr ? flight_state_from_string(name->get()) : std::nullopt;
        if (!state) {
            fail("expected one of " + std::string(state_names));
            continue;
        }
        out.status_map.emplace_back(source, *state);
    }
}

} // namespace

void read_board(TableReader& reader, JsonBoardConfig& out) {
    read_pointer(reader, "list", out.list, false);
    read_pointer(reader, "airline", out.airline, false);
    read_pointer(reader, "flight_number", out.flight_number, true);
    read_pointer(reader, "origin", out.origin, false);
    read_pointer(reader, "destination", out.destination, false);
    read_pointer(reader, "scheduled", out.scheduled, true);
    read_pointer(reader, "status", out.status, false);
    read_code(reader, "origin_code", out.origin_code);
    read_code(reader, "destination_code", out.destination_code);
    for (const auto& [pointer, code, key] :
         {std::tuple{&out.origin, &out.origin_code, "origin"},
          std::tuple{&out.destination, &out.destination_code, "destination"}}) {
        if (pointer->empty() && code->empty() && !reader.has(key) &&
            !reader.has(std::string(key) + "_code")) {
            reader.diagnostics().add(reader.line(), reader.context(), reader.full_key(key),
                                     std::string("needs a pointer (") + key +
                                         ") or a fixed code (" + key + "_code)");
        }
    }

    if (auto format = reader.string("time_format")) {
        std::string problem;
        if (*format != "iso8601" && !flights::valid_time_pattern(*format, &problem)) {
            reader.error("time_format",
                         R"(expected "iso8601" or a pattern like "%d/%m/%Y %H:%M": )" + problem);
        } else {
            out.time_format = *format;
        }
    }
    if (auto zone = reader.string("time_zone"); zone && !zone->empty()) {
        const TzifTimeZones zones;
        if (!valid_zone_name(*zone)) {
            reader.error("time_zone", R"(expected an IANA time zone name like "America/Caracas")");
        } else if (!zones.has_zone(*zone)) {
            std::error_code ec;
            const bool database = std::filesystem::is_directory(zones.root(), ec);
            reader.error(
                "time_zone",
                "unknown time zone " + toml_quote(*zone) +
                    (database ? " in the tz database at " : "; there is no tz database at ") +
                    zones.root().string() + (database ? "" : " (install tzdata)"));
        } else {
            out.time_zone = *zone;
        }
    } else if (!reader.has("time_zone") && out.time_format != "iso8601") {
        reader.diagnostics().add(reader.line(), reader.context(), reader.full_key("time_zone"),
                                 "required with a time_format pattern: such times have no offset");
    }

    read_status_map(reader, out);
    if (!out.status_map.empty() && out.status.empty() && !reader.has("status")) {
        reader.error("status_map", "needs a status pointer to read the statuses from");
    }
    reader.report_unknown();
}

void describe_board(std::ostream& out, const JsonBoardConfig& board) {
    out << "[source.board]\n";
    const std::pair<const char*, const std::string*> keys[] = {
        {"list", &board.list},
        {"airline", &board.airline},
        {"flight_number", &board.flight_number},
        {"origin", &board.origin},
        {"destination", &board.destination},
        {"origin_code", &board.origin_code},
        {"destination_code", &board.destination_code},
        {"scheduled", &board.scheduled},
        {"time_format", &board.time_format},
        {"time_zone", &board.time_zone},
        {"status", &board.status},
    };
    for (const auto& [key, value] : keys) {
        out << key << " = " << toml_quote(*value) << "\n";
    }
    out << "status_map = {";
    const char* separator = " ";
    for (const auto& [source, state] : board.status_map) {
        out << separator << toml_quote(source) << " = " << toml_quote(to_string(state));
        separator = ", ";
    }
    out << (board.status_map.empty() ? "}\n" : " }\n");
}

} // namespace aerowatch::config_detail
