// SPDX-License-Identifier: GPL-3.0-or-later
// FAA domestic NOTAMs (NOTAM D and FDC, JO 7930.2 4-2-1): positional, no Q-line, validity at
// the end. See feeds.md section 1.7.
#include "core/text.hpp"
#include "sources/notam/notam_parsers.hpp"
#include "sources/notam/notam_scan.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace aerowatch {

namespace {

using namespace notam_scan;

struct Token {
    std::string_view text;
    std::size_t offset = 0;
};

/// Whitespace-separated words with their offsets.
std::vector<Token> tokenize(std::string_view text, std::size_t begin) {
    std::vector<Token> tokens;
    std::size_t i = begin;
    while (i < text.size()) {
        while (i < text.size() && is_space(text[i])) {
            ++i;
        }
        const std::size_t start = i;
        while (i < text.size() && !is_space(text[i])) {
            ++i;
        }
        if (i > start) {
            tokens.push_back(Token{text.substr(start, i - start), start});
        }
    }
    return tokens;
}

bool upper_alnum_word(std::string_view s, std::size_t min, std::size_t max) {
    if (s.size() < min || s.size() > max) {
        return false;
    }
    for (const char c : s) {
        if (!is_upper_alnum(c)) {
            return false;
        }
    }
    return true;
}

int small_number(std::string_view s) {
    return s.empty() || s.size() > 3 ? -1 : digits(s, s.size());
}

/// "PART n OF m" starting at token `k`; fills part/count and returns true when it is one.
bool read_part(const std::vector<Token>& t, std::size_t k, int& part, int& count) {
    if (k + 3 >= t.size() || t[k].text != "PART" || t[k + 2].text != "OF") {
        return false;
    }
    const int p = small_number(t[k + 1].text);
    const int c = small_number(t[k + 3].text);
    if (p < 0 || c < 0) {
        return false;
    }
    part = p;
    count = c;
    return true;
}

/// Whether the token is meant as a validity group (digits, a dash): then it must parse.
bool looks_like_validity(std::string_view s) {
    return s.size() >= 11 && starts_with_digits(s, 10) && s[10] == '-';
}

/// "YYMMDDHHMM-YYMMDDHHMM", "...EST", "YYMMDDHHMM-PERM". Returns an error message or "".
std::string parse_validity(std::string_view s, Notam& n) {
    n.valid_from = parse_yymmddhhmm(s);
    if (!n.valid_from) {
        return "the validity does not start with a date (YYMMDDHHMM)";
    }
    const std::string_view end = s.substr(11);
    if (end == "PERM") {
        n.permanent = true;
        return {};
    }
    n.valid_to = parse_yymmddhhmm(end);
    const std::string_view rest = end.size() >= 10 ? end.substr(10) : std::string_view();
    if (!n.valid_to || (!rest.empty() && rest != "EST")) {
        return "the validity does not end with a date (YYMMDDHHMM[EST]) or PERM";
    }
    n.valid_to_estimated = rest == "EST";
    if (*n.valid_to < *n.valid_from) {
        return "the validity ends before it starts";
    }
    return {};
}

/// The four-digit year of the NOTAM number. FDC "Y/NNNN" carries the last digit of the year: the
/// latest year with that digit not after the start. NOTAM D "MM/NNN" carries the month of
/// issue: the start's year, or the one before when issued in a later month than it starts.
int resolve_year(int first, bool fdc, const std::optional<UtcTime>& start) {
    if (!start) {
        return 0;
    }
    const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(*start)};
    const int year = static_cast<int>(ymd.year());
    if (fdc) {
        return year - (((year - first) % 10) + 10) % 10;
    }
    return first > static_cast<int>(static_cast<unsigned>(ymd.month())) ? year - 1 : year;
}

} // namespace

Result<Notam> parse_faa_domestic_notam(std::string_view text) {
    Notam n;
    n.form = Notam::Form::faa_domestic;
    n.raw = std::string(text);

    std::size_t bang = 0;
    while (bang < text.size() && is_space(text[bang])) {
        ++bang;
    }
    if (bang >= text.size() || text[bang] != '!') {
        return Result<Notam>::failure("a domestic NOTAM starts with '!' (\"!ADK 04/002 ...\")",
                                      line_at(text, bang));
    }
    const std::vector<Token> t = tokenize(text, bang + 1);
    const auto fail = [&](std::string message, std::size_t k) {
        const std::size_t at = k < t.size() ? t[k].offset : text.size();
        return Result<Notam>::failure(std::move(message), line_at(text, at));
    };
    if (t.empty() || !upper_alnum_word(t[0].text, 2, 5)) {
        return fail("no accountability after '!' (\"!FTW\", \"!FDC\")", 0);
    }
    n.issuer = std::string(t[0].text);

    // MM/NNN or Y/NNNN.
    const std::string_view number = t.size() > 1 ? t[1].text : std::string_view();
    const auto slash = number.find('/');
    const int first = slash == 1 || slash == 2 ? digits(number, slash) : -1;
    const std::string_view sequence =
        slash == std::string_view::npos ? std::string_view() : number.substr(slash + 1);
    const int seq =
        sequence.empty() || sequence.size() > 5 ? -1 : digits(sequence, sequence.size());
    if (first < 0 || seq < 0 || (slash == 2 && (first < 1 || first > 12))) {
        return fail("no NOTAM number (MM/NNN or Y/NNNN) after the accountability", 1);
    }
    const bool fdc = slash == 1;
    n.id = std::string(number);
    n.number = seq;

    if (t.size() < 3 || !upper_alnum_word(t[2].text, 2, 5)) {
        return fail("no location after the NOTAM number", 2);
    }
    n.locations.emplace_back(t[2].text);

    std::size_t k = 3;
    if (read_part(t, k, n.part, n.part_count)) {
        k += 4;
    }
    std::size_t text_begin = k < t.size() ? t[k].offset : text.size();
    if (k < t.size() && !looks_like_validity(t[k].text)) {
        // "NAV", "OBST", or with a state before it in FDC NOTAMs: "TX..AIRSPACE".
        std::string_view keyword = t[k].text;
        if (const auto dots = keyword.rfind(".."); dots != std::string_view::npos) {
            keyword = keyword.substr(dots + 2);
        }
        while (!keyword.empty() && keyword.back() == '.') {
            keyword.remove_suffix(1);
        }
        if (upper_alnum_word(keyword, 1, 16)) {
            n.keyword = std::string(keyword);
        }
        text_begin = t[k].offset + t[k].text.size();
        ++k;
    }

    // From the end: "END PART n OF m", the validity (EST possibly as its own word), again
    // "END PART" in case it follows the validity.
    std::size_t last = t.size();
    bool have_validity = false;
    for (int round = 0; round < 2 && last > k; ++round) {
        int part = 0;
        int count = 0;
        if (last >= k + 5 && t[last - 5].text == "END" && read_part(t, last - 4, part, count)) {
            last -= 5;
        }
        if (have_validity || last <= k) {
            continue;
        }
        std::size_t at = last - 1;
        const bool separate_est = t[at].text == "EST" && at > k;
        if (separate_est) {
            --at;
        }
        if (!looks_like_validity(t[at].text)) {
            continue;
        }
        if (auto error = parse_validity(t[at].text, n); !error.empty()) {
            return fail(std::move(error), at);
        }
        n.valid_to_estimated = n.valid_to_estimated || (separate_est && n.valid_to);
        have_validity = true;
        last = at;
    }
    const std::size_t text_end = last < t.size() ? t[last].offset : text.size();
    if (text_end > text_begin) {
        n.text = clean_text(text.substr(text_begin, text_end - text_begin));
    }
    n.year = resolve_year(first, fdc, n.valid_from);
    if (const auto circle = find_circle(n.text)) {
        n.lat = circle->center.lat;
        n.lon = circle->center.lon;
        n.radius_nm = circle->radius_nm;
    } else {
        // No circle: still the first position written, if any.
        for (std::size_t i = 0; i < n.text.size(); ++i) {
            if (is_digit(n.text[i]) && (i == 0 || !is_upper_alnum(n.text[i - 1]))) {
                if (const auto p = parse_position(std::string_view(n.text).substr(i));
                    p && p->length == 15) {
                    n.lat = p->lat;
                    n.lon = p->lon;
                    break;
                }
            }
        }
    }
    return n;
}

} // namespace aerowatch
