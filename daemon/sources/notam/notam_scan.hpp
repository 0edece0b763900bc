// SPDX-License-Identifier: GPL-3.0-or-later
// Small scanning helpers shared by the NOTAM text parsers (ICAO, FAA domestic, FAA notice).
// Internal to sources/notam: string_view scanning that allocates only for what it returns, as the
// ICAO parser runs on every NOTAM of every feed.
#pragma once

#include "core/clock.hpp"
#include "core/text.hpp"

#include <chrono>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace aerowatch::notam_scan {

inline bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
inline bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
inline bool is_upper_alnum(char c) {
    return is_upper(c) || is_digit(c);
}
inline bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/// True when `s` is `n` characters all satisfying `pred`.
template <typename Pred> bool all_of(std::string_view s, std::size_t n, Pred pred) {
    if (s.size() != n) {
        return false;
    }
    for (const char c : s) {
        if (!pred(c)) {
            return false;
        }
    }
    return true;
}

/// True when `s` is only upper-case ASCII letters (or empty).
inline bool letters_only(std::string_view s) {
    for (const char c : s) {
        if (!is_upper(c)) {
            return false;
        }
    }
    return true;
}

/// The value of the `n` digits (at most 9) at the start of `s`, or -1 when they are not all
/// digits.
inline int digits(std::string_view s, std::size_t n) {
    if (s.size() < n || n > 9) {
        return -1;
    }
    int value = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (!is_digit(s[i])) {
            return -1;
        }
        value = value * 10 + (s[i] - '0');
    }
    return value;
}

/// Whether `s` starts with `n` digits.
inline bool starts_with_digits(std::string_view s, std::size_t n) {
    if (s.size() < n) {
        return false;
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (!is_digit(s[i])) {
            return false;
        }
    }
    return true;
}

/// A UTC time from civil fields, or nullopt when they name no real instant. 24:00 is accepted
/// as the end of the day, as some offices write it.
inline std::optional<UtcTime> make_utc(int y, int mo, int d, int h, int mi, int s = 0) {
    using namespace std::chrono;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || mi < 0 || mi > 59 || s < 0 || s > 60) {
        return std::nullopt;
    }
    if (h > 24 || (h == 24 && (mi != 0 || s != 0))) {
        return std::nullopt;
    }
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                             day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) {
        return std::nullopt;
    }
    return sys_days{ymd} + hours{h} + minutes{mi} + seconds{s};
}

/// "YYMMDDHHMM" (the first ten characters of `s`), years 2000-2099.
inline std::optional<UtcTime> parse_yymmddhhmm(std::string_view s) {
    if (s.size() < 10) {
        return std::nullopt;
    }
    const int yy = digits(s, 2);
    const int mo = digits(s.substr(2), 2);
    const int d = digits(s.substr(4), 2);
    const int h = digits(s.substr(6), 2);
    const int mi = digits(s.substr(8), 2);
    if (yy < 0 || mo < 0 || d < 0 || h < 0 || mi < 0) {
        return std::nullopt;
    }
    return make_utc(2000 + yy, mo, d, h, mi);
}

/// "JAN".."DEC" in any case, as 1..12; 0 when not a month.
inline int month_number(std::string_view s) {
    static constexpr std::string_view names = "JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC";
    if (s.size() != 3) {
        return 0;
    }
    char up[3];
    for (int i = 0; i < 3; ++i) {
        const char c = s[static_cast<std::size_t>(i)];
        up[i] = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    for (std::size_t m = 0; m < 12; ++m) {
        if (names.substr(m * 3, 3) == std::string_view(up, 3)) {
            return static_cast<int>(m) + 1;
        }
    }
    return 0;
}

/// The 1-based line of byte `offset` in `text`: LF, CRLF and lone CR all end a line.
inline int line_at(std::string_view text, std::size_t offset) {
    int line = 1;
    const std::size_t end = offset < text.size() ? offset : text.size();
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
            ++line;
        }
    }
    return line;
}

/// Text as stored: CRLF and CR become LF, trailing blanks of each line go, the ends are trimmed,
/// and ill-formed UTF-8 is repaired (the feeds are not always what they claim).
inline std::string clean_text(std::string_view text) {
    text = trim(text);
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\r') {
            if (i + 1 < text.size() && text[i + 1] == '\n') {
                continue;
            }
            c = '\n';
        }
        if (c == '\n') {
            while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) {
                out.pop_back();
            }
        }
        out.push_back(c);
    }
    if (!is_valid_utf8(out)) {
        return to_valid_utf8(out);
    }
    return out;
}

/// A position read from text: degrees, and how many characters it took.
struct Position {
    double lat = 0;
    double lon = 0;
    std::size_t length = 0;
};

/// `DDMM[SS][NS]DDDMM[SS][EW]` at the start of `s`: minutes (ICAO Q-line) or seconds (FAA text)
/// precision, told apart by where the hemisphere letter falls.
inline std::optional<Position> parse_position(std::string_view s) {
    std::size_t lat_digits = 0;
    while (lat_digits < s.size() && lat_digits < 7 && is_digit(s[lat_digits])) {
        ++lat_digits;
    }
    if ((lat_digits != 4 && lat_digits != 6) || lat_digits >= s.size()) {
        return std::nullopt;
    }
    const char ns = s[lat_digits];
    if (ns != 'N' && ns != 'S') {
        return std::nullopt;
    }
    const std::size_t lon_digits = lat_digits + 1; // DDDMM or DDDMMSS
    const std::size_t lon_start = lat_digits + 1;
    if (s.size() < lon_start + lon_digits + 1) {
        return std::nullopt;
    }
    const char ew = s[lon_start + lon_digits];
    if (ew != 'E' && ew != 'W') {
        return std::nullopt;
    }
    const bool seconds = lat_digits == 6;
    const int lat_d = digits(s, 2);
    const int lat_m = digits(s.substr(2), 2);
    const int lat_s = seconds ? digits(s.substr(4), 2) : 0;
    const int lon_d = digits(s.substr(lon_start), 3);
    const int lon_m = digits(s.substr(lon_start + 3), 2);
    const int lon_s = seconds ? digits(s.substr(lon_start + 5), 2) : 0;
    if (lat_d < 0 || lat_m < 0 || lat_s < 0 || lon_d < 0 || lon_m < 0 || lon_s < 0 || lat_m > 59 ||
        lat_s > 59 || lon_m > 59 || lon_s > 59) {
        return std::nullopt;
    }
    Position p;
    p.lat = lat_d + lat_m / 60.0 + lat_s / 3600.0;
    p.lon = lon_d + lon_m / 60.0 + lon_s / 3600.0;
    if (p.lat > 90 || p.lon > 180) {
        return std::nullopt;
    }
    p.lat = ns == 'S' ? -p.lat : p.lat;
    p.lon = ew == 'W' ? -p.lon : p.lon;
    p.length = lon_start + lon_digits + 1;
    return p;
}

/// A circle written in the text, "6NM RADIUS OF 314248N1012646W" (also "6 NM", "1.5NM"): the
/// first one. Fractional radii are rounded up, so that the circle never shrinks.
struct Circle {
    Position center;
    int radius_nm = 0;
};

inline std::optional<Circle> find_circle(std::string_view text) {
    static constexpr std::string_view phrase = "NM RADIUS OF ";
    for (std::size_t at = text.find(phrase); at != std::string_view::npos;
         at = text.find(phrase, at + 1)) {
        auto position = parse_position(text.substr(at + phrase.size()));
        std::size_t end = at;
        if (end > 0 && text[end - 1] == ' ') {
            --end;
        }
        std::size_t begin = end;
        while (begin > 0 && (is_digit(text[begin - 1]) || text[begin - 1] == '.')) {
            --begin;
        }
        if (!position || begin == end || begin + 8 < end) {
            continue;
        }
        double radius = 0;
        double scale = 0;
        for (std::size_t i = begin; i < end; ++i) {
            if (text[i] == '.') {
                scale = scale == 0 ? 0.1 : scale; // a second dot is ignored
            } else if (scale == 0) {
                radius = radius * 10 + (text[i] - '0');
            } else {
                radius += (text[i] - '0') * scale;
                scale /= 10;
            }
        }
        return Circle{*position, static_cast<int>(std::ceil(radius))};
    }
    return std::nullopt;
}

/// "PART 2 OF 3" at the start of `s`: the numbers and the length of the phrase.
struct PartPhrase {
    int part = 0;
    int count = 0;
    std::size_t length = 0;
};

inline std::optional<PartPhrase> read_part_phrase(std::string_view s) {
    std::size_t k = 0;
    const auto word = [&](std::string_view expected) {
        while (k < s.size() && is_space(s[k])) {
            ++k;
        }
        if (!s.substr(k).starts_with(expected)) {
            return false;
        }
        k += expected.size();
        return true;
    };
    const auto number = [&]() {
        while (k < s.size() && is_space(s[k])) {
            ++k;
        }
        int v = 0;
        std::size_t d = 0;
        for (; k < s.size() && is_digit(s[k]) && d < 3; ++k, ++d) {
            v = v * 10 + (s[k] - '0');
        }
        return d == 0 ? -1 : v;
    };
    PartPhrase p;
    if (!word("PART") || (p.part = number()) < 0 || !word("OF") || (p.count = number()) < 0) {
        return std::nullopt;
    }
    p.length = k;
    return p;
}

/// A NOTAM id `[A-Z]?NNNN/YY` at the start of `s` (`null` before it tolerated: an FAA artefact).
/// Returns its length, 0 when there is none.
inline std::size_t notam_id_length(std::string_view s) {
    std::size_t i = s.starts_with("null") ? 4 : 0;
    if (i < s.size() && is_upper(s[i])) {
        ++i;
    }
    if (digits(s.substr(i), 4) < 0 || i + 7 > s.size() || s[i + 4] != '/' ||
        digits(s.substr(i + 5), 2) < 0) {
        return 0;
    }
    i += 7;
    if (i < s.size() && is_upper_alnum(s[i])) {
        return 0; // "A0012/251" is not an id
    }
    return i;
}

} // namespace aerowatch::notam_scan
