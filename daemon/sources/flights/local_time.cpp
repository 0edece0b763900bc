// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/flights/local_time.hpp"

#include "core/text.hpp"

#include <chrono>

namespace aerowatch::flights {

namespace {

using namespace std::chrono;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

/// Reads 1..max_width digits at `pos` (exactly `max_width` when `exact`).
std::optional<int> read_digits(std::string_view text, std::size_t& pos, std::size_t max_width,
                               bool exact) {
    const std::size_t start = pos;
    int value = 0;
    while (pos < text.size() && pos - start < max_width && is_digit(text[pos])) {
        value = value * 10 + (text[pos++] - '0');
    }
    if (pos == start || (exact && pos - start != max_width)) {
        return std::nullopt;
    }
    return value;
}

bool in_range(const LocalTime& t) {
    if (t.y < 1 || t.y > 9999 || t.mo < 1 || t.mo > 12 || t.d < 1 || t.d > 31 || t.h < 0 ||
        t.h > 23 || t.mi < 0 || t.mi > 59 || t.s < 0 || t.s > 60) {
        return false;
    }
    return year_month_day{year{t.y}, month{static_cast<unsigned>(t.mo)},
                          day{static_cast<unsigned>(t.d)}}
        .ok();
}

} // namespace

std::optional<LocalTime> parse_local_iso(std::string_view text) {
    text = trim(text);
    LocalTime t;
    std::size_t pos = 0;
    auto y = read_digits(text, pos, 4, true);
    auto mo = y && pos < text.size() && text[pos++] == '-' ? read_digits(text, pos, 2, true)
                                                           : std::nullopt;
    auto d = mo && pos < text.size() && text[pos++] == '-' ? read_digits(text, pos, 2, true)
                                                           : std::nullopt;
    if (!d || pos >= text.size() || (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ')) {
        return std::nullopt;
    }
    ++pos;
    auto h = read_digits(text, pos, 2, true);
    auto mi = h && pos < text.size() && text[pos++] == ':' ? read_digits(text, pos, 2, true)
                                                           : std::nullopt;
    if (!mi) {
        return std::nullopt;
    }
    t = {*y, *mo, *d, *h, *mi, 0, std::nullopt};
    if (pos < text.size() && text[pos] == ':') {
        ++pos;
        auto s = read_digits(text, pos, 2, true);
        if (!s) {
            return std::nullopt;
        }
        t.s = *s;
        if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
            ++pos; // fractions of a second are dropped, as parse_iso8601 does
            while (pos < text.size() && is_digit(text[pos])) {
                ++pos;
            }
        }
    }
    const auto zone = text.substr(pos);
    if (zone == "Z" || zone == "z") {
        t.offset = 0;
    } else if (!zone.empty()) {
        if (zone[0] != '+' && zone[0] != '-') {
            return std::nullopt;
        }
        std::size_t z = 1;
        auto oh = read_digits(zone, z, 2, true);
        std::optional<int> om = 0;
        if (z < zone.size()) {
            z += zone[z] == ':' ? 1 : 0;
            om = read_digits(zone, z, 2, true);
        }
        if (!oh || !om || z != zone.size() || *oh > 23 || *om > 59) {
            return std::nullopt;
        }
        t.offset = (zone[0] == '-' ? -1 : 1) * (*oh * 3600 + *om * 60);
    }
    return in_range(t) ? std::optional<LocalTime>(t) : std::nullopt;
}

bool valid_time_pattern(std::string_view pattern, std::string* problem) {
    std::string seen;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] != '%') {
            continue;
        }
        const char directive = i + 1 < pattern.size() ? pattern[++i] : '\0';
        if (std::string_view("YmdHMS%").find(directive) == std::string_view::npos ||
            directive == '\0') {
            if (problem != nullptr) {
                *problem = directive == '\0' ? "ends with a lone '%'"
                                             : std::string("unsupported directive %") + directive;
            }
            return false;
        }
        if (directive != '%' && seen.find(directive) != std::string::npos) {
            if (problem != nullptr) {
                *problem = std::string("%") + directive + " appears twice";
            }
            return false;
        }
        seen += directive;
    }
    for (char needed : std::string_view("YmdHM")) {
        if (seen.find(needed) == std::string::npos) {
            if (problem != nullptr) {
                *problem = std::string("needs %Y, %m, %d, %H and %M; %") + needed + " is missing";
            }
            return false;
        }
    }
    return true;
}

std::optional<LocalTime> parse_with_pattern(std::string_view text, std::string_view pattern) {
    if (!valid_time_pattern(pattern)) {
        return std::nullopt;
    }
    text = trim(text);
    LocalTime t;
    std::size_t pos = 0;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char p = pattern[i];
        if (p == ' ') {
            const std::size_t start = pos;
            while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) {
                ++pos;
            }
            if (pos == start) {
                return std::nullopt;
            }
            continue;
        }
        if (p != '%' || pattern[i + 1] == '%') {
            i += p == '%' ? 1 : 0;
            if (pos >= text.size() || text[pos] != p) {
                return std::nullopt;
            }
            ++pos;
            continue;
        }
        const char directive = pattern[++i];
        auto value = read_digits(text, pos, directive == 'Y' ? 4 : 2, directive == 'Y');
        if (!value) {
            return std::nullopt;
        }
        int& field = directive == 'Y'   ? t.y
                     : directive == 'm' ? t.mo
                     : directive == 'd' ? t.d
                     : directive == 'H' ? t.h
                     : directive == 'M' ? t.mi
                                        : t.s;
        field = *value;
    }
    return pos == text.size() && in_range(t) ? std::optional<LocalTime>(t) : std::nullopt;
}

std::optional<UtcTime> as_utc(const LocalTime& t) {
    if (!in_range(t)) {
        return std::nullopt;
    }
    const year_month_day ymd{year{t.y}, month{static_cast<unsigned>(t.mo)},
                             day{static_cast<unsigned>(t.d)}};
    const UtcTime wall = sys_days{ymd} + hours{t.h} + minutes{t.mi} + seconds{t.s};
    return t.offset ? wall - seconds{*t.offset} : wall;
}

std::optional<UtcTime> to_utc(const LocalTime& t, std::string_view zone,
                              const TimeZoneLookup& zones) {
    if (t.offset || zone.empty()) {
        return as_utc(t);
    }
    if (!in_range(t)) {
        return std::nullopt;
    }
    auto utc = zones.to_utc(zone, t.y, t.mo, t.d, t.h, t.mi);
    return utc ? std::optional<UtcTime>(*utc + seconds{t.s}) : std::nullopt;
}

} // namespace aerowatch::flights
