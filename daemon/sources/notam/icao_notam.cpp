// SPDX-License-Identifier: GPL-3.0-or-later
// ICAO NOTAM text (Annex 15 / PANS-AIM), read as it arrives from AFTN, EAD and the FAA: see
// feeds.md section 1 for the deviations tolerated here. Plain string_view scanning: this runs
// on every NOTAM of every feed and must never fail on hostile input.
#include "core/text.hpp"
#include "sources/notam/notam_parsers.hpp"
#include "sources/notam/notam_scan.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace aerowatch {

namespace {

using namespace notam_scan;

constexpr std::string_view item_letters = "QABCDEFG";

struct Item {
    char letter = 0;
    std::size_t marker = 0; // offset of the letter in the whole text
    std::string_view content;
};

/// The header "<series><number>/<year> NOTAM<N|R|C> [<ref>]" at the start of `s`; returns the
/// offset just past it, or 0 when `s` does not start with one.
std::size_t read_header(std::string_view s, Notam& n) {
    std::size_t i = s.starts_with("null") ? 4 : 0; // FAA's "null0603/09"
    const std::size_t id_length = notam_id_length(s.substr(i));
    if (id_length == 0) {
        return 0;
    }
    const std::string_view id = s.substr(i, id_length);
    i += id_length;
    const std::size_t gap = i;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) {
        ++i;
    }
    if (i == gap || !s.substr(i).starts_with("NOTAM") || i + 5 >= s.size()) {
        return 0;
    }
    const char type = s[i + 5];
    if ((type != 'N' && type != 'R' && type != 'C') ||
        (i + 6 < s.size() && is_upper_alnum(s[i + 6]))) {
        return 0;
    }
    i += 6;
    n.id = std::string(id);
    n.series = is_upper(id[0]) ? std::string(1, id[0]) : std::string();
    n.number = digits(id.substr(n.series.size()), 4);
    n.year = 2000 + digits(id.substr(id.size() - 2), 2);
    n.type = type;
    std::size_t j = i;
    while (j < s.size() && (s[j] == ' ' || s[j] == '\t')) {
        ++j;
    }
    if (const std::size_t ref_length = notam_id_length(s.substr(j)); ref_length > 0) {
        const std::size_t skip = s.substr(j).starts_with("null") ? 4 : 0;
        n.ref = std::string(s.substr(j + skip, ref_length - skip));
        i = j + ref_length;
    }
    return i;
}

/// Whether `text` could be an F)/G) limit: inside E) a lettered list may also reach "F) ".
bool plausible_limit(std::string_view text) {
    text = trim(text);
    return !text.empty() &&
           (is_digit(text[0]) || text.starts_with("SFC") || text.starts_with("GND") ||
            text.starts_with("FL") || text.starts_with("UNL") || text.starts_with("MSL"));
}

/// Items Q) and A) to G): a marker is the letter and ')' with whitespace (or the ends) on both
/// sides, and the letters must come in order, so "A) " inside E) stays text. "A. " paragraphs
/// never match.
std::size_t find_items(std::string_view text, std::size_t begin, std::size_t end,
                       std::array<Item, 8>& items) {
    std::size_t count = 0;
    int last = -1;
    for (std::size_t i = begin; i + 1 < end; ++i) {
        if (text[i + 1] != ')' || (i > 0 && !is_space(text[i - 1])) ||
            (i + 2 < end && !is_space(text[i + 2]))) {
            continue;
        }
        const auto index = item_letters.find(text[i]);
        if (index == std::string_view::npos || static_cast<int>(index) <= last) {
            continue;
        }
        const char letter = text[i];
        if ((letter == 'F' || letter == 'G') && last >= 5) {
            // After E): only a limit-shaped F)/G) ends the text.
            const std::size_t probe_end = std::min(end, i + 12);
            if (!plausible_limit(text.substr(i + 2, probe_end - i - 2))) {
                continue;
            }
        }
        if (count > 0) {
            items[count - 1].content =
                text.substr(items[count - 1].marker + 2, i - items[count - 1].marker - 2);
        }
        items[count++] = Item{letter, i, {}};
        last = static_cast<int>(index);
        ++i;
    }
    if (count > 0) {
        items[count - 1].content =
            text.substr(items[count - 1].marker + 2, end - items[count - 1].marker - 2);
    }
    return count;
}

/// "CREATED: 23 Mar 2020 08:48:00 SOURCE: EUECYIYN".
std::optional<UtcTime> parse_created_footer(std::string_view line) {
    line = trim(line.substr(8));
    const int d = digits(line, 2);
    if (d < 0 || line.size() < 20 || line[2] != ' ' || line[6] != ' ' || line[11] != ' ') {
        return std::nullopt;
    }
    const int mo = month_number(line.substr(3, 3));
    const int y = digits(line.substr(7), 4);
    const int h = digits(line.substr(12), 2);
    const int mi = digits(line.substr(15), 2);
    const int s = line.size() >= 20 && line[17] == ':' ? digits(line.substr(18), 2) : 0;
    if (mo == 0 || y < 0 || h < 0 || mi < 0 || s < 0 || line[14] != ':') {
        return std::nullopt;
    }
    return make_utc(y, mo, d, h, mi, s);
}

/// Drops what follows the last item: the EAD footer (reading its creation time) and the FAA's
/// "DUPE" marker line. Returns the new end of the NOTAM.
std::size_t strip_trailer(std::string_view text, std::size_t begin, std::size_t end, Notam& n) {
    for (;;) {
        while (end > begin && is_space(text[end - 1])) {
            --end;
        }
        std::size_t line_start = end;
        while (line_start > begin && text[line_start - 1] != '\n' && text[line_start - 1] != '\r') {
            --line_start;
        }
        const std::string_view line = trim(text.substr(line_start, end - line_start));
        if (line == "DUPE") {
            end = line_start;
        } else if (line.starts_with("CREATED:")) {
            n.created = parse_created_footer(line);
            end = line_start;
        } else if (line.starts_with("SOURCE:")) {
            end = line_start;
        } else {
            return end;
        }
    }
}

/// The last item may end in the closing parenthesis of the AFTN wrapping, or in a stray one
/// ("UNSERVICEABLE)"): drop closing parentheses that nothing in the item opened.
std::string_view strip_unbalanced_close(std::string_view content) {
    content = trim(content);
    int depth = 0;
    for (const char c : content) {
        depth += c == '(' ? 1 : (c == ')' ? -1 : 0);
    }
    while (depth < 0 && !content.empty() && content.back() == ')') {
        content = trim(content.substr(0, content.size() - 1));
        ++depth;
    }
    return content;
}

/// Q) FIR/QCODE/TRAFFIC/PURPOSE/SCOPE/LOWER/UPPER/GEOREF: exactly eight slots, missing ones
/// empty, each trimmed and checked on its own; a bad slot is left empty, never an error.
void parse_q_line(std::string_view content, Notam& n) {
    std::array<std::string_view, 8> slot{};
    std::size_t count = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= content.size() && count < 8; ++i) {
        if (i == content.size() || content[i] == '/') {
            slot[count++] = trim(content.substr(start, i - start));
            start = i + 1;
        }
    }
    if (all_of(slot[0], 4, is_upper_alnum)) {
        n.fir = std::string(slot[0]);
    }
    if (slot[1].size() == 5 && slot[1][0] == 'Q' && letters_only(slot[1])) {
        n.qcode = std::string(slot[1]);
    }
    const auto token = [](std::string_view s) {
        return s.size() <= 4 && letters_only(s) ? std::string(s) : std::string();
    };
    n.traffic = token(slot[2]);
    n.purpose = token(slot[3]);
    n.scope = token(slot[4]);
    const auto level = [](std::string_view s) -> std::optional<int> {
        const int v = s.empty() || s.size() > 3 ? -1 : digits(s, s.size());
        return v < 0 ? std::nullopt : std::optional<int>(v);
    };
    n.lower_fl = level(slot[5]);
    n.upper_fl = level(slot[6]);
    // Wrapped lines may split the geo-ref: read it without its whitespace.
    std::array<char, 16> georef{};
    std::size_t length = 0;
    for (const char c : slot[7]) {
        if (!is_space(c)) {
            if (length == georef.size()) {
                return;
            }
            georef[length++] = c;
        }
    }
    const std::string_view ref(georef.data(), length);
    const auto position = parse_position(ref);
    if (!position || position->length != 11) { // minutes only on the Q-line
        return;
    }
    const std::string_view radius = ref.substr(11);
    const int r = radius.empty() || radius.size() > 3 ? -1 : digits(radius, radius.size());
    if (!radius.empty() && r < 0) {
        return; // "latNlongW025"-style garbage: no position at all
    }
    n.lat = position->lat;
    n.lon = position->lon;
    if (r >= 0) {
        n.radius_nm = r;
    }
}

/// A) one or more locations, an optional bracketed name, an optional "PART n OF m".
void parse_locations(std::string_view content, Notam& n) {
    std::size_t i = 0;
    while (i < content.size()) {
        if (is_space(content[i]) || content[i] == ',') {
            ++i;
            continue;
        }
        if (content[i] == '(') {
            const auto close = content.find(')', i);
            const auto name = content.substr(
                i + 1, close == std::string_view::npos ? std::string_view::npos : close - i - 1);
            if (n.location_name.empty()) {
                n.location_name = clean_text(collapse_whitespace(name));
            }
            i = close == std::string_view::npos ? content.size() : close + 1;
            continue;
        }
        std::size_t j = i;
        while (j < content.size() && !is_space(content[j]) && content[j] != ',' &&
               content[j] != '(') {
            ++j;
        }
        const std::string_view word = content.substr(i, j - i);
        if (word == "PART") {
            if (const auto part = read_part_phrase(content.substr(i))) { // "PART 2 OF 3"
                n.part = part->part;
                n.part_count = part->count;
                j = i + part->length;
            }
        } else if (all_of(word, 4, is_upper_alnum)) {
            n.locations.emplace_back(word);
        }
        i = j;
    }
}

/// C) "0910272359", "0910272359 EST", "0606061040EST", "PERM" (and the older "UFN": no end).
/// Returns an error message, empty when the item was read.
std::string parse_end(std::string_view content, Notam& n) {
    if (content.starts_with("PERM")) {
        n.permanent = true;
        return {};
    }
    if (content.starts_with("UFN")) {
        return {};
    }
    n.valid_to = parse_yymmddhhmm(content);
    if (!n.valid_to) {
        return "C) is not a date (YYMMDDHHMM, PERM or EST): \"" +
               to_valid_utf8(content.substr(0, 20)) + "\"";
    }
    n.valid_to_estimated = trim(content.substr(10)).starts_with("EST");
    return {};
}

} // namespace

Result<Notam> parse_icao_notam(std::string_view text) {
    Notam n;
    n.form = Notam::Form::icao;
    n.raw = std::string(text);

    // The header: the first line that carries one, after an optional AFTN "(" and any address
    // lines; an item before it means there is none.
    std::size_t body = 0;
    std::size_t first_content = std::string_view::npos;
    for (std::size_t line = 0; line < text.size() && body == 0;) {
        std::size_t i = line;
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) {
            ++i;
        }
        if (i < text.size() && text[i] == '(') {
            ++i;
            while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) {
                ++i;
            }
        }
        if (i < text.size() && !is_space(text[i])) {
            if (first_content == std::string_view::npos) {
                first_content = i;
            }
            if (const std::size_t end = read_header(text.substr(i), n); end > 0) {
                body = i + end;
                break;
            }
            if (i + 1 < text.size() && text[i + 1] == ')' &&
                item_letters.find(text[i]) != std::string_view::npos) {
                break; // an item: the header is missing
            }
        }
        const auto next = text.find_first_of("\r\n", i);
        line = next == std::string_view::npos ? text.size() : next + 1;
    }
    if (body == 0) {
        const int line = first_content == std::string_view::npos ? 1 : line_at(text, first_content);
        return Result<Notam>::failure("no NOTAM header (like \"A0012/25 NOTAMN\")", line);
    }
    if (n.type == 'C' && n.ref.empty()) {
        return Result<Notam>::failure("NOTAMC without the id it cancels", line_at(text, body));
    }

    const std::size_t end = strip_trailer(text, body, text.size(), n);
    std::array<Item, 8> items{};
    const std::size_t count = find_items(text, body, end, items);
    if (count == 0) {
        return Result<Notam>::failure("no items (Q) and A) to G)) after the header",
                                      line_at(text, body));
    }
    items[count - 1].content = strip_unbalanced_close(items[count - 1].content);

    for (std::size_t k = 0; k < count; ++k) {
        const Item& item = items[k];
        const std::string_view content = trim(item.content);
        switch (item.letter) {
        case 'Q':
            parse_q_line(content, n);
            break;
        case 'A':
            parse_locations(content, n);
            break;
        case 'B':
            n.valid_from = parse_yymmddhhmm(content);
            if (!n.valid_from || (content.size() > 10 && is_upper_alnum(content[10]))) {
                return Result<Notam>::failure("B) is not a valid date (YYMMDDHHMM): \"" +
                                                  to_valid_utf8(content.substr(0, 20)) + "\"",
                                              line_at(text, item.marker));
            }
            break;
        case 'C':
            if (auto error = parse_end(content, n); !error.empty()) {
                return Result<Notam>::failure(std::move(error), line_at(text, item.marker));
            }
            break;
        case 'D':
            n.schedule = clean_text(collapse_whitespace(content));
            break;
        case 'E':
            n.text = clean_text(content);
            break;
        case 'F':
        case 'G': {
            std::string limit = clean_text(collapse_whitespace(content));
            if (!limit.empty() && limit.back() == '.') {
                limit.pop_back(); // "5000FT." as seen
            }
            (item.letter == 'F' ? n.lower : n.upper) = std::move(limit);
            break;
        }
        default:
            break;
        }
    }
    if (n.valid_from && n.valid_to && *n.valid_to < *n.valid_from) {
        return Result<Notam>::failure("C) is before B)", line_at(text, body));
    }
    // A circle written in E) when the Q-line has no geo-ref ("79NM RADIUS OF 340446N0943310W").
    if (!n.lat && !n.text.empty()) {
        if (const auto circle = find_circle(n.text)) {
            n.lat = circle->center.lat;
            n.lon = circle->center.lon;
            n.radius_nm = circle->radius_nm;
        }
    }
    return n;
}

} // namespace aerowatch
