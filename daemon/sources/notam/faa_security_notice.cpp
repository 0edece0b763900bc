// SPDX-License-Identifier: GPL-3.0-or-later
// The FAA web rendering of a US international security NOTAM (KICZ), as on the "Prohibitions,
// Restrictions and Notices" pages: feeds.md section 1.6. The copies differ in punctuation
// (Unicode ellipsis and quotes, em dashes), so everything is matched after normalising it.
#include "core/text.hpp"
#include "sources/notam/notam_parsers.hpp"
#include "sources/notam/notam_scan.hpp"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

namespace aerowatch {

namespace {

using namespace notam_scan;

std::size_t skip(std::string_view s, std::size_t i, std::string_view chars) {
    while (i < s.size() && chars.find(s[i]) != std::string_view::npos) {
        ++i;
    }
    return i;
}

/// "21 NOV 17:43 UTC 2025" (also without "UTC", or with the year before the time).
std::optional<UtcTime> parse_notice_date(std::string_view s) {
    int day = -1;
    int month = 0;
    int hour = -1;
    int minute = -1;
    int year = -1;
    std::size_t i = 0;
    while (i < s.size()) {
        i = skip(s, i, " \t\r\n.,");
        const std::size_t start = i;
        while (i < s.size() && !is_space(s[i]) && s[i] != ',') {
            ++i;
        }
        std::string_view word = s.substr(start, i - start);
        while (!word.empty() && word.back() == '.') {
            word.remove_suffix(1);
        }
        if (word.empty() || word == "UTC" || word == "Z") {
            continue;
        }
        if (word.size() == 5 && word[2] == ':' && hour < 0) {
            hour = digits(word, 2);
            minute = digits(word.substr(3), 2);
        } else if (word.size() == 4 && word.find(':') == std::string_view::npos && hour < 0 &&
                   year >= 0) {
            hour = digits(word, 2); // "1743"
            minute = digits(word.substr(2), 2);
        } else if (word.size() == 4 && year < 0) {
            year = digits(word, 4);
        } else if (word.size() <= 2 && day < 0) {
            day = digits(word, word.size());
        } else if (month == 0 && month_number(word) != 0) {
            month = month_number(word);
        } else {
            return std::nullopt;
        }
    }
    if (day < 0 || month == 0 || hour < 0 || minute < 0 || year < 0) {
        return std::nullopt;
    }
    return make_utc(year, month, day, hour, minute);
}

/// Whether `line` is "<LOWER>-<UPPER>: <from> UNTIL <to|PERM>[. CREATED: <date>]".
bool is_validity_line(std::string_view line) {
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 24 ||
        line.find("UNTIL", colon) == std::string_view::npos) {
        return false;
    }
    const std::string_view limits = line.substr(0, colon);
    return limits.find('-') != std::string_view::npos &&
           std::all_of(limits.begin(), limits.end(),
                       [](char c) { return is_upper_alnum(c) || c == '-' || c == ' '; });
}

/// Reads the validity line into `n`; returns an error message, empty when it was read.
std::string parse_validity_line(std::string_view line, Notam& n) {
    const auto colon = line.find(':');
    const std::string_view limits = line.substr(0, colon);
    const auto dash = limits.find('-');
    n.lower = std::string(trim(limits.substr(0, dash)));
    n.upper = std::string(trim(limits.substr(dash + 1)));
    const std::string_view rest = line.substr(colon + 1);
    const auto until = rest.find("UNTIL");
    n.valid_from = parse_notice_date(rest.substr(0, until));
    if (!n.valid_from) {
        return "the validity does not start with a date (\"21 NOV 17:43 UTC 2025\")";
    }
    std::string_view after = rest.substr(until + 5);
    const auto created = after.find("CREATED:");
    if (created != std::string_view::npos) {
        n.created = parse_notice_date(after.substr(created + 8));
        after = after.substr(0, created);
    }
    after = trim(after);
    while (!after.empty() && after.back() == '.') {
        after = trim(after.substr(0, after.size() - 1));
    }
    if (after == "PERM") {
        n.permanent = true;
        return {};
    }
    n.valid_to = parse_notice_date(after);
    if (!n.valid_to) {
        return "the validity does not end with a date or PERM";
    }
    if (*n.valid_to < *n.valid_from) {
        return "the validity ends before it starts";
    }
    return {};
}

/// FIRs named in brackets, "(SVZM)" or "(SVZM FIR)", in order of appearance.
void find_firs(std::string_view s, Notam& n) {
    for (auto open = s.find('('); open != std::string_view::npos; open = s.find('(', open + 1)) {
        const std::string_view code = s.substr(open + 1, 4);
        const std::string_view after = s.substr(std::min(s.size(), open + 5));
        if (all_of(code, 4, is_upper) && (after.starts_with(")") || after.starts_with(" FIR)"))) {
            if (std::find(n.locations.begin(), n.locations.end(), code) == n.locations.end()) {
                n.locations.emplace_back(code);
            }
        }
    }
    if (!n.locations.empty()) {
        n.fir = n.locations.front();
    }
}

} // namespace

Result<Notam> parse_faa_security_notice(std::string_view original) {
    Notam n;
    n.form = Notam::Form::faa_notice;
    n.raw = std::string(original);
    const std::string normalised = normalise_punctuation(original);
    const std::string_view s = normalised;

    // "KICZ A0012/25"
    std::size_t i = skip(s, 0, " \t\r\n");
    if (!all_of(s.substr(i, 4), 4, is_upper_alnum) || i + 5 >= s.size() || s[i + 4] != ' ') {
        return Result<Notam>::failure("no accountability and id (\"KICZ A0012/25\")",
                                      line_at(s, i));
    }
    n.issuer = std::string(s.substr(i, 4));
    i = skip(s, i + 4, " \t");
    const std::size_t id_length = i < s.size() && is_upper(s[i]) ? notam_id_length(s.substr(i)) : 0;
    if (id_length != 8) {
        return Result<Notam>::failure("no NOTAM id after the accountability (\"A0012/25\")",
                                      line_at(s, i));
    }
    n.id = std::string(s.substr(i, 8));
    n.series = std::string(1, s[i]);
    n.number = digits(s.substr(i + 1), 4);
    n.year = 2000 + digits(s.substr(i + 6), 2);
    i = skip(s, i + 8, " \t.");

    // "NOTAM...", "NOTAMR A0011/25 ..."
    if (s.substr(i).starts_with("NOTAM")) {
        i += 5;
        if (i < s.size() && (s[i] == 'N' || s[i] == 'R' || s[i] == 'C') &&
            (i + 1 >= s.size() || !is_upper_alnum(s[i + 1]))) {
            n.type = s[i++];
            const std::size_t ref = skip(s, i, " \t");
            if (const auto length = notam_id_length(s.substr(ref)); length > 0 && n.type != 'N') {
                n.ref = std::string(s.substr(ref, length));
                i = ref + length;
            }
        }
        i = skip(s, i, " \t.");
    }
    i = skip(s, i, " \t\r\n");
    // "SECURITY.." / "SECURITY...": the keyword is the word before the dots.
    std::size_t word_end = i;
    while (word_end < s.size() && is_upper(s[word_end])) {
        ++word_end;
    }
    if (word_end > i && s.substr(word_end).starts_with("..")) {
        n.keyword = std::string(s.substr(i, word_end - i));
        i = skip(s, word_end, ".");
    }
    const std::size_t body = i;

    // The validity line: the last one that reads like one.
    std::size_t validity_begin = std::string_view::npos;
    std::size_t validity_end = std::string_view::npos;
    for (std::size_t line = body; line < s.size();) {
        // LF, CRLF or a lone CR ends a line.
        auto next = s.find_first_of("\r\n", line);
        next = next == std::string_view::npos ? s.size() : next + 1;
        next += next < s.size() && s[next - 1] == '\r' && s[next] == '\n' ? 1 : 0;
        if (is_validity_line(trim(s.substr(line, next - line)))) {
            validity_begin = line;
            validity_end = next;
        }
        line = next;
    }
    std::string text(s.substr(body));
    if (validity_begin != std::string_view::npos) {
        const std::string_view line = trim(s.substr(validity_begin, validity_end - validity_begin));
        if (auto error = parse_validity_line(line, n); !error.empty()) {
            return Result<Notam>::failure(std::move(error), line_at(s, validity_begin));
        }
        text = std::string(s.substr(body, validity_begin - body));
        text += s.substr(validity_end);
    }
    n.text = clean_text(text);
    find_firs(s, n);
    return n;
}

} // namespace aerowatch
