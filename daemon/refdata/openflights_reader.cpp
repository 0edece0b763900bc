// SPDX-License-Identifier: GPL-3.0-or-later
#include "refdata/readers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace aerowatch::refdata {

std::string read_text_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary | std::ios::ate);
    if (!in) {
        throw std::runtime_error(
            fmt::format("cannot read {}: {}", file.string(), std::strerror(errno)));
    }
    // One allocation of the exact size: a growing buffer would leave holes in the heap that
    // stay in the daemon's RSS.
    const auto size = static_cast<std::streamoff>(in.tellg());
    std::string content(static_cast<std::size_t>(size), '\0');
    in.seekg(0);
    if (!in.read(content.data(), size)) {
        throw std::runtime_error(fmt::format("cannot read {}: read error", file.string()));
    }
    return content;
}

void throw_malformed(const std::filesystem::path& file, std::size_t line, std::string_view what) {
    if (line == 0) {
        throw std::runtime_error(fmt::format("{}: {}", file.string(), what));
    }
    throw std::runtime_error(fmt::format("{}:{}: {}", file.string(), line, what));
}

std::string to_upper(std::string_view text) {
    std::string upper(text);
    for (char& c : upper) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    return upper;
}

bool split_csv_line(std::string_view line, std::vector<std::string>& fields) {
    // Reuse the strings' buffers: the files have ~14,000 lines of up to 14 fields.
    std::size_t count = 0;
    auto next_field = [&]() -> std::string& {
        if (count == fields.size()) {
            fields.emplace_back();
        }
        std::string& field = fields[count++];
        field.clear();
        return field;
    };
    std::size_t pos = 0;
    while (true) {
        std::string& field = next_field();
        if (pos < line.size() && line[pos] == '"') {
            ++pos;
            while (true) {
                auto quote = line.find('"', pos);
                if (quote == std::string_view::npos) {
                    return false;
                }
                field.append(line.substr(pos, quote - pos));
                pos = quote + 1;
                if (pos < line.size() && line[pos] == '"') {
                    field.push_back('"');
                    ++pos;
                    continue;
                }
                break;
            }
            // Anything between the closing quote and the comma is kept, not silently lost.
            auto comma = line.find(',', pos);
            field.append(
                line.substr(pos, comma == std::string_view::npos ? line.npos : comma - pos));
            pos = comma;
        } else {
            auto comma = line.find(',', pos);
            auto raw = line.substr(pos, comma == std::string_view::npos ? line.npos : comma - pos);
            if (raw != "\\N") {
                field.assign(raw);
            }
            pos = comma;
        }
        if (pos == std::string_view::npos) {
            break;
        }
        ++pos; // past the comma
    }
    fields.resize(count);
    return true;
}

namespace {

bool is_upper_alpha(std::string_view code, std::size_t length) {
    if (code.size() != length) {
        return false;
    }
    for (char c : code) {
        if (c < 'A' || c > 'Z') {
            return false;
        }
    }
    return true;
}

bool is_airline_iata(std::string_view code) {
    if (code.size() != 2) {
        return false;
    }
    for (char c : code) {
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
            return false;
        }
    }
    return true;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

bool parse_double(std::string_view text, double& value) {
    text = trim(text);
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

/// Calls `row(fields, line_number)` for each non-empty line, after checking the field count.
std::size_t count_lines(std::string_view content) {
    return static_cast<std::size_t>(std::count(content.begin(), content.end(), '\n')) + 1;
}

template <typename RowFn>
void for_each_csv_row(const std::filesystem::path& file, std::string_view content,
                      std::size_t expected_fields, RowFn row) {
    std::vector<std::string> fields;
    std::size_t line_number = 0;
    std::size_t pos = 0;
    while (pos < content.size()) {
        auto end = content.find('\n', pos);
        if (end == std::string_view::npos) {
            end = content.size();
        }
        auto line = content.substr(pos, end - pos);
        pos = end + 1;
        ++line_number;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.empty()) {
            continue;
        }
        if (!split_csv_line(line, fields)) {
            throw_malformed(file, line_number, "unterminated quoted field");
        }
        if (fields.size() != expected_fields) {
            throw_malformed(
                file, line_number,
                fmt::format("expected {} fields, found {}", expected_fields, fields.size()));
        }
        row(fields, line_number);
    }
}

} // namespace

AirportTable read_airports(const std::filesystem::path& file) {
    enum Field { id, name, city, country, iata, icao, lat, lon, alt, tz_offset, dst, tz, type };
    const std::string content = read_text_file(file);
    AirportTable table;
    // Reserved once: growing and shrinking a 1.5 MB vector would leave holes in the heap.
    table.airports.reserve(count_lines(content));
    table.is_airport.reserve(table.airports.capacity());
    for_each_csv_row(file, content, 14, [&](std::vector<std::string>& f, std::size_t line) {
        Airport a;
        if (!parse_double(f[lat], a.lat) || a.lat < -90 || a.lat > 90) {
            throw_malformed(file, line, fmt::format("bad latitude \"{}\"", f[lat]));
        }
        if (!parse_double(f[lon], a.lon) || a.lon < -180 || a.lon > 180) {
            throw_malformed(file, line, fmt::format("bad longitude \"{}\"", f[lon]));
        }
        // Codes such as "CAQ3" or "XS46" are local identifiers filed as ICAO: not usable here.
        if (!is_upper_alpha(f[icao], 4)) {
            return;
        }
        a.icao = std::move(f[icao]);
        if (is_upper_alpha(f[iata], 3)) {
            a.iata = std::move(f[iata]);
        }
        a.name = std::move(f[name]);
        a.city = std::move(f[city]);
        a.country = std::move(f[country]);
        a.timezone = std::move(f[tz]);
        table.airports.push_back(std::move(a));
        table.is_airport.push_back(f[type].empty() || f[type] == "airport");
    });
    if (table.airports.empty()) {
        throw_malformed(file, 0, "no airport with an ICAO code");
    }
    return table;
}

std::vector<Airline> read_airlines(const std::filesystem::path& file) {
    enum Field { id, name, alias, iata, icao, callsign, country, active };
    const std::string content = read_text_file(file);
    std::vector<Airline> airlines;
    airlines.reserve(count_lines(content));
    for_each_csv_row(file, content, 8, [&](std::vector<std::string>& f, std::size_t line) {
        const auto flag = to_upper(trim(f[active]));
        if (flag != "Y" && flag != "N" && !flag.empty()) {
            throw_malformed(file, line, fmt::format("bad active flag \"{}\"", f[active]));
        }
        Airline a;
        const auto iata_code = trim(f[iata]);
        const auto icao_code = trim(f[icao]);
        if (is_airline_iata(iata_code)) {
            a.iata = iata_code;
        }
        if (is_upper_alpha(icao_code, 3)) {
            a.icao = icao_code;
        }
        if (a.iata.empty() && a.icao.empty()) {
            return; // nothing could ever look it up
        }
        a.name = trim(f[name]);
        a.callsign = trim(f[callsign]);
        a.country = trim(f[country]);
        a.active = flag == "Y";
        airlines.push_back(std::move(a));
    });
    if (airlines.empty()) {
        throw_malformed(file, 0, "no airline with an IATA or ICAO code");
    }
    return airlines;
}

} // namespace aerowatch::refdata
