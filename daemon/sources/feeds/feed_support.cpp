// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/feeds/feed_support.hpp"

#include "core/text.hpp"
#include "core/time.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>

namespace aerowatch::feed {

namespace {

using namespace std::chrono;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}

std::optional<int> digits(std::string_view s, std::size_t min_width, std::size_t max_width) {
    if (s.size() < min_width || s.size() > max_width) {
        return std::nullopt;
    }
    int value = 0;
    for (char c : s) {
        if (!is_digit(c)) {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
    }
    return value;
}

std::string upper(std::string_view s) {
    return to_upper_ascii(s);
}

std::optional<int> month_of(std::string_view token) {
    static constexpr std::array<std::string_view, 12> months = {
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    if (token.size() < 3 || !std::all_of(token.begin(), token.end(), is_alpha)) {
        return std::nullopt;
    }
    const auto head = upper(token.substr(0, 3));
    for (std::size_t i = 0; i < months.size(); ++i) {
        if (head == months[i]) {
            return static_cast<int>(i) + 1;
        }
    }
    return std::nullopt;
}

/// Offset east of UTC in minutes.
std::optional<int> zone_offset(std::string_view zone) {
    if (zone.empty()) {
        return 0;
    }
    if (zone[0] == '+' || zone[0] == '-') {
        auto rest = zone.substr(1);
        std::optional<int> h, m = 0;
        if (rest.size() == 4) {
            h = digits(rest.substr(0, 2), 2, 2);
            m = digits(rest.substr(2), 2, 2);
        } else if (rest.size() == 5 && rest[2] == ':') {
            h = digits(rest.substr(0, 2), 2, 2);
            m = digits(rest.substr(3), 2, 2);
        } else {
            h = digits(rest, 2, 2);
        }
        if (!h || !m || *h > 23 || *m > 59) {
            return std::nullopt;
        }
        const int minutes_east = *h * 60 + *m;
        return zone[0] == '+' ? minutes_east : -minutes_east;
    }
    static constexpr std::array<std::pair<std::string_view, int>, 12> named = {{
        {"UT", 0},
        {"UTC", 0},
        {"GMT", 0},
        {"Z", 0},
        {"EST", -5},
        {"EDT", -4},
        {"CST", -6},
        {"CDT", -5},
        {"MST", -7},
        {"MDT", -6},
        {"PST", -8},
        {"PDT", -7},
    }};
    const auto name = upper(zone);
    for (const auto& [n, hours_east] : named) {
        if (name == n) {
            return hours_east * 60;
        }
    }
    // RFC 2822 4.3: military zone letters were defined with the wrong sign in RFC 822 and are
    // to be read as -0000, i.e. UTC with no information about local time.
    if (name.size() == 1 && is_upper(name[0]) && name[0] != 'J') {
        return 0;
    }
    return std::nullopt;
}

std::optional<UtcTime> make_time(int y, int mo, int d, int h, int mi, int s, int offset_min) {
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                             day{static_cast<unsigned>(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || s > 60) {
        return std::nullopt;
    }
    return sys_days{ymd} + hours{h} + minutes{mi} + seconds{s} - minutes{offset_min};
}

/// Words of `text`: runs of letters and digits.
std::vector<std::string_view> words(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && !is_alpha(text[i]) && !is_digit(text[i])) {
            ++i;
        }
        const auto start = i;
        while (i < text.size() && (is_alpha(text[i]) || is_digit(text[i]))) {
            ++i;
        }
        if (i > start) {
            out.push_back(text.substr(start, i - start));
        }
    }
    return out;
}

bool looks_like_fir_code(std::string_view w) {
    // ICAO nationality letters never start with I, J, Q or X; the rest are acronyms and
    // capitalised words that sit next to "FIR" or in parentheses in bulletin prose.
    static constexpr std::array<std::string_view, 24> not_codes = {
        "EASA", "AESA", "CZIB", "NATO", "DGAC", "ENAC", "ANSP", "OSCE",
        "UNSC", "EURO", "THIS", "THAT", "EACH", "SAME", "OVER", "INTO",
        "FROM", "WITH", "ONLY", "BOTH", "NEAR", "ALSO", "SUCH", "AREA"};
    if (w.size() != 4 || !std::all_of(w.begin(), w.end(), is_upper) || w[0] == 'I' || w[0] == 'J' ||
        w[0] == 'Q' || w[0] == 'X') {
        return false;
    }
    return std::find(not_codes.begin(), not_codes.end(), w) == not_codes.end();
}

} // namespace

std::string plain_text(std::string_view text) {
    return collapse_whitespace(to_valid_utf8(decode_html_entities(text)));
}

std::string html_to_text(std::string_view html) {
    const auto text = to_valid_utf8(decode_html_entities(strip_html_tags(html)));
    std::string out;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos) {
            end = text.size();
        }
        const auto line = collapse_whitespace(std::string_view(text).substr(start, end - start));
        if (!line.empty()) {
            if (!out.empty()) {
                out += '\n';
            }
            out += line;
        }
        start = end + 1;
    }
    return out;
}

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

std::optional<UtcTime> parse_rfc822_date(std::string_view text) {
    std::array<std::string_view, 6> tokens;
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto is_separator = [](char c) {
            return c == ' ' || c == '\t' || c == ',' || c == '\r' || c == '\n';
        };
        while (i < text.size() && is_separator(text[i])) {
            ++i;
        }
        const auto start = i;
        while (i < text.size() && !is_separator(text[i])) {
            ++i;
        }
        if (i == start) {
            break;
        }
        const auto token = text.substr(start, i - start);
        if (token[0] == '(') {
            break; // a trailing comment: "-0500 (EST)"
        }
        if (count == tokens.size()) {
            return std::nullopt;
        }
        tokens[count++] = token;
    }
    std::size_t t = 0;
    if (count > 0 && is_alpha(tokens[0][0])) {
        ++t; // the day name, which says nothing the date does not
    }
    if (count - t < 4 || count - t > 5) {
        return std::nullopt;
    }
    const auto d = digits(tokens[t], 1, 2);
    const auto mo = month_of(tokens[t + 1]);
    auto y = digits(tokens[t + 2], 2, 4);
    if (!d || !mo || !y || tokens[t + 2].size() == 3) {
        return std::nullopt;
    }
    if (tokens[t + 2].size() == 2) {
        *y += *y < 50 ? 2000 : 1900; // RFC 2822 4.3
    }
    const auto clock = tokens[t + 3];
    const auto c1 = clock.find(':');
    if (c1 == std::string_view::npos) {
        return std::nullopt;
    }
    const auto c2 = clock.find(':', c1 + 1);
    const auto h = digits(clock.substr(0, c1), 1, 2);
    const auto mi =
        digits(clock.substr(c1 + 1, c2 == std::string_view::npos ? c2 : c2 - c1 - 1), 2, 2);
    const auto s =
        c2 == std::string_view::npos ? std::optional<int>(0) : digits(clock.substr(c2 + 1), 2, 2);
    const auto offset = zone_offset(count - t == 5 ? tokens[t + 4] : std::string_view());
    if (!h || !mi || !s || !offset) {
        return std::nullopt;
    }
    return make_time(*y, *mo, *d, *h, *mi, *s, *offset);
}

std::optional<UtcTime> parse_feed_date(std::string_view text) {
    text = trim(text);
    if (text.empty()) {
        return std::nullopt;
    }
    if (auto t = parse_rfc822_date(text)) {
        return t;
    }
    if (auto t = parse_iso8601(text)) {
        return t;
    }
    std::string iso(text);
    if (iso.size() >= 11 && iso[10] == ' ') {
        iso[10] = 'T';
    }
    if (iso.size() == 10) {
        iso += "T00:00:00";
    }
    if (iso.size() == 19) {
        iso += 'Z';
    }
    return parse_iso8601(iso);
}

void add_unique(std::vector<std::string>& list, std::string value) {
    if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end()) {
        list.push_back(std::move(value));
    }
}

std::vector<std::string> fir_codes_in(std::string_view text) {
    std::vector<std::string> out;
    for (auto at = text.find('('); at != std::string_view::npos; at = text.find('(', at + 1)) {
        if (at + 5 < text.size() && text[at + 5] == ')' &&
            looks_like_fir_code(text.substr(at + 1, 4))) {
            add_unique(out, std::string(text.substr(at + 1, 4)));
        }
    }
    const auto w = words(text);
    for (std::size_t i = 0; i < w.size(); ++i) {
        if (w[i] != "FIR") {
            continue;
        }
        if (i > 0 && looks_like_fir_code(w[i - 1])) {
            add_unique(out, std::string(w[i - 1]));
        }
        if (i + 1 < w.size() && looks_like_fir_code(w[i + 1])) {
            add_unique(out, std::string(w[i + 1]));
        }
    }
    return out;
}

double normalise_longitude(double lon) {
    if (!std::isfinite(lon) || (lon >= -180.0 && lon <= 180.0)) {
        return lon;
    }
    double wrapped = std::fmod(lon + 180.0, 360.0);
    if (wrapped < 0) {
        wrapped += 360.0;
    }
    return wrapped - 180.0;
}

std::optional<GeoPoint> make_point(double lat, double lon) {
    if (!std::isfinite(lat) || !std::isfinite(lon) || lat < -90.0 || lat > 90.0) {
        return std::nullopt;
    }
    return GeoPoint{lat, normalise_longitude(lon)};
}

void close_ring(std::vector<GeoPoint>& ring) {
    if (!ring.empty() && !(ring.front() == ring.back())) {
        ring.push_back(ring.front());
    }
}

} // namespace aerowatch::feed
