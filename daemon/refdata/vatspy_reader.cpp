// SPDX-License-Identifier: GPL-3.0-or-later
#include "refdata/readers.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace aerowatch::refdata {

namespace {

void split_pipes(std::string_view line, std::vector<std::string_view>& fields) {
    fields.clear();
    while (true) {
        auto bar = line.find('|');
        fields.push_back(line.substr(0, bar));
        if (bar == std::string_view::npos) {
            return;
        }
        line.remove_prefix(bar + 1);
    }
}

enum class Section { other, airports, firs };

} // namespace

VatspyData read_vatspy(const std::filesystem::path& file) {
    const std::string content = read_text_file(file);
    VatspyData data;
    data.firs.reserve(2048);
    data.airports.reserve(
        static_cast<std::size_t>(std::count(content.begin(), content.end(), '\n')));
    bool seen_firs = false;
    Section section = Section::other;
    std::vector<std::string_view> fields;
    std::size_t line_number = 0;
    std::size_t pos = 0;
    // The UTF-8 byte order mark some editors add would hide the first section header.
    if (content.starts_with("\xEF\xBB\xBF")) {
        pos = 3;
    }
    while (pos < content.size()) {
        auto end = content.find('\n', pos);
        if (end == std::string::npos) {
            end = content.size();
        }
        std::string_view line(content.data() + pos, end - pos);
        pos = end + 1;
        ++line_number;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.empty() || line.front() == ';') {
            continue;
        }
        if (line.front() == '[') {
            if (line == "[Airports]") {
                section = Section::airports;
            } else if (line == "[FIRs]") {
                section = Section::firs;
                seen_firs = true;
            } else {
                section = Section::other;
            }
            continue;
        }
        if (section == Section::other) {
            continue;
        }
        split_pipes(line, fields);
        if (section == Section::firs) {
            if (fields.size() < 4 || fields[0].empty() || fields[3].empty()) {
                throw_malformed(file, line_number,
                                "expected a [FIRs] line ICAO|NAME|CALLSIGN PREFIX|FIR BOUNDARY");
            }
            data.firs.push_back(
                VatspyFir{std::string(fields[0]), std::string(fields[1]), std::string(fields[3])});
        } else {
            if (fields.size() < 7 || fields[0].empty()) {
                throw_malformed(
                    file, line_number,
                    "expected an [Airports] line ICAO|Name|Lat|Lon|IATA/LID|FIR|IsPseudo");
            }
            if (fields[5].empty()) {
                continue;
            }
            // The flag may carry a trailing comment ("0 ; io").
            const bool is_pseudo = !fields[6].empty() && fields[6].front() == '1';
            data.airports.push_back(
                VatspyAirport{std::string(fields[0]), std::string(fields[5]), is_pseudo});
        }
    }
    if (!seen_firs || data.firs.empty()) {
        throw_malformed(file, 0, "no [FIRs] section");
    }
    return data;
}

} // namespace aerowatch::refdata
