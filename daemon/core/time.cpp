// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/time.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <utility>

namespace aerowatch {

namespace {

using namespace std::chrono;

constexpr bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

constexpr char to_lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (to_lower(a[i]) != to_lower(b[i])) {
            return false;
        }
    }
    return true;
}

/// Reads exactly `width` digits at `pos`; fixed widths keep "2025-1-5" and "123:00" out.
std::optional<int> fixed_digits(std::string_view text, std::size_t pos, std::size_t width) {
    if (pos + width > text.size()) {
        return std::nullopt;
    }
    int value = 0;
    for (std::size_t i = pos; i < pos + width; ++i) {
        if (!is_digit(text[i])) {
            return std::nullopt;
        }
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

/// An unsigned decimal that must fit in int64; overflow is treated as malformed, not clamped.
std::optional<std::int64_t> whole_number(std::string_view text) {
    if (text.empty()) {
        return std::nullopt;
    }
    std::int64_t value = 0;
    for (char c : text) {
        if (!is_digit(c)) {
            return std::nullopt;
        }
        const int digit = c - '0';
        if (value > (std::numeric_limits<std::int64_t>::max() - digit) / 10) {
            return std::nullopt;
        }
        value = value * 10 + digit;
    }
    return value;
}

constexpr std::array<std::string_view, 12> month_names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> short_day_names = {"Mon", "Tue", "Wed", "Thu",
                                                             "Fri", "Sat", "Sun"};
constexpr std::array<std::string_view, 7> long_day_names = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

std::optional<int> month_number(std::string_view name) {
    for (std::size_t i = 0; i < month_names.size(); ++i) {
        if (equals_ignore_case(name, month_names[i])) {
            return static_cast<int>(i) + 1;
        }
    }
    return std::nullopt;
}

template <std::size_t N>
bool is_one_of(std::string_view name, const std::array<std::string_view, N>& names) {
    for (auto candidate : names) {
        if (equals_ignore_case(name, candidate)) {
            return true;
        }
    }
    return false;
}

/// Builds a UTC time from calendar fields, rejecting anything out of range (Feb 30, 24:00).
/// Second 60 is accepted because RFC 3339 and RFC 9110 both allow a leap second; it lands on the
/// first second of the next minute, which is what a system clock shows afterwards anyway.
std::optional<UtcTime> make_time(int y, int mo, int d, int h, int mi, int s) {
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                             day{static_cast<unsigned>(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || s > 60) {
        return std::nullopt;
    }
    return sys_days{ymd} + hours{h} + minutes{mi} + seconds{s};
}

/// "HH:MM:SS" at `pos`.
bool read_clock(std::string_view text, std::size_t pos, int& h, int& mi, int& s) {
    if (pos + 8 > text.size() || text[pos + 2] != ':' || text[pos + 5] != ':') {
        return false;
    }
    auto hh = fixed_digits(text, pos, 2);
    auto mm = fixed_digits(text, pos + 3, 2);
    auto ss = fixed_digits(text, pos + 6, 2);
    if (!hh || !mm || !ss) {
        return false;
    }
    h = *hh;
    mi = *mm;
    s = *ss;
    return true;
}

// Sun, 06 Nov 1994 08:49:37 GMT
std::optional<UtcTime> parse_imf_fixdate(std::string_view t) {
    if (t.size() != 29 || t.substr(3, 2) != ", " || t[7] != ' ' || t[11] != ' ' || t[16] != ' ' ||
        t[25] != ' ' || !equals_ignore_case(t.substr(26), "GMT") ||
        !is_one_of(t.substr(0, 3), short_day_names)) {
        return std::nullopt;
    }
    auto d = fixed_digits(t, 5, 2);
    auto mo = month_number(t.substr(8, 3));
    auto y = fixed_digits(t, 12, 4);
    int h = 0, mi = 0, s = 0;
    if (!d || !mo || !y || !read_clock(t, 17, h, mi, s)) {
        return std::nullopt;
    }
    return make_time(*y, *mo, *d, h, mi, s);
}

// Sunday, 06-Nov-94 08:49:37 GMT
std::optional<UtcTime> parse_rfc850(std::string_view t) {
    const auto comma = t.find(", ");
    if (comma == std::string_view::npos || !is_one_of(t.substr(0, comma), long_day_names)) {
        return std::nullopt;
    }
    auto rest = t.substr(comma + 2);
    if (rest.size() != 22 || rest[2] != '-' || rest[6] != '-' || rest[9] != ' ' ||
        rest[18] != ' ' || !equals_ignore_case(rest.substr(19), "GMT")) {
        return std::nullopt;
    }
    auto d = fixed_digits(rest, 0, 2);
    auto mo = month_number(rest.substr(3, 3));
    auto yy = fixed_digits(rest, 7, 2);
    int h = 0, mi = 0, s = 0;
    if (!d || !mo || !yy || !read_clock(rest, 10, h, mi, s)) {
        return std::nullopt;
    }
    // RFC 9110 asks for "not more than 50 years ahead" relative to now; a fixed pivot keeps this
    // function pure, and no server still sending this form means a date before 1970.
    const int y = *yy < 70 ? 2000 + *yy : 1900 + *yy;
    return make_time(y, *mo, *d, h, mi, s);
}

// Sun Nov  6 08:49:37 1994
std::optional<UtcTime> parse_asctime(std::string_view t) {
    if (t.size() != 24 || t[3] != ' ' || t[7] != ' ' || t[10] != ' ' || t[19] != ' ' ||
        !is_one_of(t.substr(0, 3), short_day_names)) {
        return std::nullopt;
    }
    auto mo = month_number(t.substr(4, 3));
    std::optional<int> d = t[8] == ' ' ? fixed_digits(t, 9, 1) : fixed_digits(t, 8, 2);
    auto y = fixed_digits(t, 20, 4);
    int h = 0, mi = 0, s = 0;
    if (!d || !mo || !y || !read_clock(t, 11, h, mi, s)) {
        return std::nullopt;
    }
    return make_time(*y, *mo, *d, h, mi, s);
}

std::string_view trim(std::string_view text) {
    constexpr std::string_view space = " \t";
    const auto first = text.find_first_not_of(space);
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(space) - first + 1);
}

} // namespace

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
    if (text.size() < 2) {
        return std::nullopt;
    }
    std::int64_t unit = 0;
    switch (text.back()) {
    case 's':
        unit = 1;
        break;
    case 'm':
        unit = 60;
        break;
    case 'h':
        unit = 3600;
        break;
    case 'd':
        unit = 86400;
        break;
    default:
        return std::nullopt;
    }
    auto count = whole_number(text.substr(0, text.size() - 1));
    if (!count || *count > std::numeric_limits<std::int64_t>::max() / unit) {
        return std::nullopt;
    }
    return std::chrono::seconds{*count * unit};
}

std::string format_duration(std::chrono::seconds d) {
    const std::int64_t count = d.count();
    // Magnitude in unsigned so that the most negative value does not overflow on negation.
    std::uint64_t magnitude =
        count < 0 ? 0 - static_cast<std::uint64_t>(count) : static_cast<std::uint64_t>(count);
    char unit = 's';
    if (magnitude != 0) {
        constexpr std::array<std::pair<std::uint64_t, char>, 3> units = {
            {{86400, 'd'}, {3600, 'h'}, {60, 'm'}}};
        for (auto [size, name] : units) {
            if (magnitude % size == 0) {
                magnitude /= size;
                unit = name;
                break;
            }
        }
    }
    // fmt rather than string concatenation: GCC 12 -O3 warns falsely (-Wrestrict) on the latter.
    return fmt::format("{}{}{}", count < 0 ? "-" : "", magnitude, unit);
}

std::string format_iso8601(UtcTime t) {
    const auto day_start = floor<days>(t);
    const year_month_day ymd{day_start};
    const hh_mm_ss time_of_day{t - day_start};
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), int(time_of_day.hours().count()),
                  int(time_of_day.minutes().count()), int(time_of_day.seconds().count()));
    return buffer;
}

std::optional<UtcTime> parse_iso8601(std::string_view text) {
    // YYYY-MM-DDTHH:MM:SS is 19 characters; a zone designator follows.
    if (text.size() < 20 || text[4] != '-' || text[7] != '-' ||
        (text[10] != 'T' && text[10] != 't')) {
        return std::nullopt;
    }
    auto y = fixed_digits(text, 0, 4);
    auto mo = fixed_digits(text, 5, 2);
    auto d = fixed_digits(text, 8, 2);
    int h = 0, mi = 0, s = 0;
    if (!y || !mo || !d || !read_clock(text, 11, h, mi, s)) {
        return std::nullopt;
    }
    std::size_t pos = 19;
    if (text[pos] == '.') {
        // Sub-second precision is dropped: UtcTime counts whole seconds, and flooring a
        // non-negative fraction is just discarding it.
        const std::size_t start = ++pos;
        while (pos < text.size() && is_digit(text[pos])) {
            ++pos;
        }
        if (pos == start) {
            return std::nullopt;
        }
    }
    if (pos >= text.size()) {
        return std::nullopt;
    }
    auto time = make_time(*y, *mo, *d, h, mi, s);
    if (!time) {
        return std::nullopt;
    }
    auto zone = text.substr(pos);
    if (zone == "Z" || zone == "z") {
        return time;
    }
    if (zone[0] != '+' && zone[0] != '-') {
        return std::nullopt;
    }
    std::optional<int> off_h = fixed_digits(zone, 1, 2);
    std::optional<int> off_m;
    if (zone.size() == 6 && zone[3] == ':') {
        off_m = fixed_digits(zone, 4, 2);
    } else if (zone.size() == 5) {
        off_m = fixed_digits(zone, 3, 2);
    }
    if (!off_h || !off_m || *off_h > 23 || *off_m > 59) {
        return std::nullopt;
    }
    const auto offset = hours{*off_h} + minutes{*off_m};
    // Local time = UTC + offset, so UTC = local - offset.
    return zone[0] == '+' ? *time - offset : *time + offset;
}

std::optional<UtcTime> parse_http_date(std::string_view text) {
    if (auto t = parse_imf_fixdate(text)) {
        return t;
    }
    if (auto t = parse_rfc850(text)) {
        return t;
    }
    return parse_asctime(text);
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, UtcTime now) {
    value = trim(value);
    if (!value.empty() && is_digit(value.front())) {
        auto delay = whole_number(value);
        if (!delay) {
            return std::nullopt;
        }
        return std::chrono::seconds{*delay};
    }
    auto when = parse_http_date(value);
    if (!when) {
        return std::nullopt;
    }
    return *when <= now ? std::chrono::seconds{0} : *when - now;
}

} // namespace aerowatch
