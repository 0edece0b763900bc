// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/flights/flight_fields.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace aerowatch::flights {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}

} // namespace

int LineCounter::line_at(std::size_t offset) {
    offset = std::min(offset, text_.size());
    if (offset < offset_) {
        offset_ = 0;
        line_ = 1;
    }
    line_ +=
        static_cast<int>(std::count(text_.begin() + static_cast<std::ptrdiff_t>(offset_),
                                    text_.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
    offset_ = offset;
    return line_;
}

std::optional<std::string> json_text(simdjson::ondemand::value& value) {
    using simdjson::ondemand::json_type;
    json_type type{};
    if (value.type().get(type)) {
        return std::nullopt;
    }
    if (type == json_type::string) {
        std::string_view s;
        if (value.get_string().get(s)) {
            return std::nullopt;
        }
        return std::string(trim(to_valid_utf8(s)));
    }
    if (type == json_type::number || type == json_type::boolean) {
        return to_valid_utf8(trim(value.raw_json_token()));
    }
    return std::nullopt;
}

std::string normalise_code(std::string_view text) {
    return to_upper_ascii(trim(to_valid_utf8(text)));
}

bool is_iata_airline(std::string_view code) {
    return code.size() == 2 &&
           std::all_of(code.begin(), code.end(),
                       [](char c) { return is_upper(c) || is_digit(c); }) &&
           !(is_digit(code[0]) && is_digit(code[1]));
}

bool is_icao_airline(std::string_view code) {
    return code.size() == 3 && std::all_of(code.begin(), code.end(), is_upper);
}

bool set_airline(FlightStatus& flight, std::string_view code) {
    const std::string c = normalise_code(code);
    if (is_iata_airline(c)) {
        flight.airline_iata = c;
        return true;
    }
    if (is_icao_airline(c)) {
        flight.airline_icao = c;
        return true;
    }
    return false;
}

std::optional<std::string> normalise_flight_number(std::string_view text) {
    const std::string n = normalise_code(text);
    std::size_t digits = 0;
    while (digits < n.size() && is_digit(n[digits])) {
        ++digits;
    }
    const bool suffix_ok = n.size() == digits || (n.size() == digits + 1 && is_upper(n.back()));
    if (digits == 0 || digits > 5 || !suffix_ok) {
        return std::nullopt;
    }
    const std::size_t zeros = std::min(n.find_first_not_of('0'), digits - 1);
    return n.substr(zeros);
}

std::optional<Designator> split_designator(std::string_view text) {
    std::string compact;
    for (char c : normalise_code(text)) {
        if (c != ' ' && c != '-') {
            compact += c; // "IB 6673", "IB-6673"
        }
    }
    if (auto bare = normalise_flight_number(compact)) {
        return Designator{"", *bare};
    }
    // Three letters then a digit is an ICAO prefix ("THY223"); otherwise two characters.
    for (std::size_t width : {std::size_t{3}, std::size_t{2}}) {
        if (compact.size() <= width || !is_digit(compact[width])) {
            continue;
        }
        const auto prefix = std::string_view(compact).substr(0, width);
        if (!(width == 3 ? is_icao_airline(prefix) : is_iata_airline(prefix))) {
            continue;
        }
        if (auto number = normalise_flight_number(std::string_view(compact).substr(width))) {
            return Designator{std::string(prefix), *number};
        }
    }
    return std::nullopt;
}

std::string flight_label(const FlightStatus& flight) {
    const auto& airline = flight.airline_iata.empty() ? flight.airline_icao : flight.airline_iata;
    const std::string number = flight.flight_number.empty() ? "?" : flight.flight_number;
    return (airline.empty() ? std::string("??") : airline) + number;
}

void add_codeshare(FlightStatus& flight, std::string_view designator) {
    std::string code = normalise_code(designator);
    code.erase(std::remove(code.begin(), code.end(), ' '), code.end());
    if (code.empty() || code == flight_label(flight) ||
        (!flight.airline_icao.empty() && code == flight.airline_icao + flight.flight_number) ||
        std::find(flight.codeshares.begin(), flight.codeshares.end(), code) !=
            flight.codeshares.end()) {
        return;
    }
    flight.codeshares.push_back(std::move(code));
}

std::optional<int> seconds_to_minutes(double seconds) {
    if (!std::isfinite(seconds) || std::fabs(seconds) > 366.0 * 86400) {
        return std::nullopt;
    }
    return static_cast<int>(std::lround(seconds / 60.0));
}

std::vector<std::string> json_strings(simdjson::ondemand::value& value) {
    std::vector<std::string> out;
    simdjson::ondemand::array array;
    if (value.get_array().get(array)) {
        return out;
    }
    for (auto element : array) {
        simdjson::ondemand::value item;
        if (std::move(element).get(item)) {
            break;
        }
        if (auto text = json_text(item)) {
            out.push_back(std::move(*text));
        }
    }
    return out;
}

bool collect_records(simdjson::ondemand::value& value, std::string_view json,
                     const simdjson::padded_string& padded, LineCounter& lines,
                     std::vector<JsonRecord>& records, std::vector<ItemError>& errors) {
    const auto offset_of = [&](std::string_view inside) {
        return static_cast<std::size_t>(inside.data() - padded.data());
    };
    const auto fail = [&](simdjson::error_code e, int line) {
        errors.push_back({std::string("JSON: ") + simdjson::error_message(e), line});
        return false;
    };
    simdjson::ondemand::array array;
    if (auto e = value.get_array().get(array); e) {
        return fail(e, lines.line_at(offset_of(value.raw_json_token())));
    }
    for (auto element : array) {
        simdjson::ondemand::value item;
        if (auto e = std::move(element).get(item); e) {
            return fail(e, lines.line_at(json.size()));
        }
        const int line = lines.line_at(offset_of(item.raw_json_token()));
        simdjson::ondemand::json_type type{};
        if (auto e = item.type().get(type); e) {
            return fail(e, line);
        }
        if (type != simdjson::ondemand::json_type::object) {
            errors.push_back({"flight record is not a JSON object", line});
            continue; // the array iterator skips the unread element
        }
        simdjson::ondemand::object object;
        std::string_view raw;
        if (auto e = item.get_object().get(object); e) {
            return fail(e, line);
        }
        if (auto e = object.raw_json().get(raw); e) {
            return fail(e, line);
        }
        records.push_back({trim(json.substr(offset_of(raw), raw.size())), line});
    }
    return true;
}

} // namespace aerowatch::flights
