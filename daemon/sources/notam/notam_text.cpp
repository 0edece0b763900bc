// SPDX-License-Identifier: GPL-3.0-or-later
// Text payloads holding NOTAMs of any of the three text forms: telling the forms apart, cutting
// a payload into NOTAMs, and turning each into a Hazard.
#include "core/text.hpp"
#include "normalise/classifier.hpp"
#include "sources/notam/notam_hazard.hpp"
#include "sources/notam/notam_parsers.hpp"
#include "sources/notam/notam_scan.hpp"

#include <cstddef>
#include <string_view>
#include <utility>

namespace aerowatch {

namespace {

using namespace notam_scan;

std::string_view skip_blanks(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    return s;
}

/// "KICZ A0012/25" and a word boundary: the FAA notice form (accountability + id).
bool starts_notice(std::string_view s) {
    if (s.size() < 13 || !all_of(s.substr(0, 4), 4, is_upper) || s[4] != ' ' || !is_upper(s[5])) {
        return false;
    }
    return notam_id_length(s.substr(5)) == 8;
}

/// "!ADK ..." : the FAA domestic form.
bool starts_domestic(std::string_view s) {
    return s.size() > 1 && s[0] == '!' && is_upper(s[1]);
}

/// "A0012/25 NOTAMN", "(A0012/25 NOTAMN", "0603/09 NOTAMN": an ICAO header.
bool starts_icao(std::string_view s) {
    if (!s.empty() && s.front() == '(') {
        s = skip_blanks(s.substr(1));
    }
    std::size_t i = notam_id_length(s);
    if (i == 0) {
        return false;
    }
    const std::size_t gap = i;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) {
        ++i;
    }
    return i > gap && s.substr(i).starts_with("NOTAM") && i + 5 < s.size() &&
           (s[i + 5] == 'N' || s[i + 5] == 'R' || s[i + 5] == 'C');
}

bool is_header_line(std::string_view line) {
    line = skip_blanks(line);
    return starts_domestic(line) || starts_notice(line) || starts_icao(line);
}

bool is_blank(std::string_view line) {
    return trim(line).empty();
}

/// What may follow a NOTAM after a blank line and still belong to it: the EAD footer and the
/// closing parenthesis of the AFTN wrapping.
bool is_trailer_line(std::string_view line) {
    line = trim(line);
    return line == ")" || line.starts_with("CREATED:") || line.starts_with("SOURCE:");
}

} // namespace

Result<Notam> parse_notam(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && is_space(text[i])) {
        ++i;
    }
    const std::string_view start = text.substr(i);
    if (!start.empty() && start.front() == '!') {
        return parse_faa_domestic_notam(text);
    }
    if (starts_notice(start)) {
        return parse_faa_security_notice(text);
    }
    return parse_icao_notam(text);
}

std::vector<NotamText> split_notams(std::string_view text) {
    std::vector<NotamText> out;
    std::size_t begin = std::string_view::npos; // of the NOTAM being collected
    std::size_t end = 0;                        // past its last non-blank line
    int begin_line = 0;
    bool has_header = false;
    bool after_blank = false;
    const auto flush = [&]() {
        if (begin != std::string_view::npos) {
            out.push_back(NotamText{text.substr(begin, end - begin), begin_line});
        }
        begin = std::string_view::npos;
        has_header = false;
    };
    int line_number = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        ++line_number;
        std::size_t next = text.find_first_of("\r\n", pos);
        std::size_t line_end = next == std::string_view::npos ? text.size() : next;
        if (next != std::string_view::npos) {
            next += text.compare(next, 2, "\r\n") == 0 ? 2 : 1;
        } else {
            next = text.size();
        }
        const std::string_view line = text.substr(pos, line_end - pos);
        if (is_blank(line)) {
            after_blank = begin != std::string_view::npos;
            pos = next;
            continue;
        }
        const bool header = is_header_line(line);
        const bool continues = begin != std::string_view::npos &&
                               (after_blank ? is_trailer_line(line) : !(header && has_header));
        if (!continues) {
            flush();
            begin = pos;
            begin_line = line_number;
        }
        has_header = has_header || header;
        end = line_end;
        after_blank = false;
        pos = next;
    }
    flush();
    return out;
}

HazardBatch parse_notam_text_feed(std::string_view payload) {
    HazardBatch batch;
    for (const NotamText& piece : split_notams(payload)) {
        auto notam = parse_notam(piece.text);
        if (!notam) {
            batch.errors.push_back(ItemError{to_valid_utf8(notam.error().message),
                                             piece.line + notam.error().line - 1});
            continue;
        }
        Hazard hazard = notam_to_hazard(std::move(*notam));
        // The parsers repair the text fields; the raw fragment is kept as given and only made
        // storable here.
        if (!is_valid_utf8(hazard.raw)) {
            hazard.raw = to_valid_utf8(hazard.raw);
        }
        if (!is_valid_utf8(hazard.title)) {
            hazard.title = to_valid_utf8(hazard.title);
        }
        Classifier::builtin().apply(hazard);
        batch.hazards.push_back(std::move(hazard));
    }
    return batch;
}

} // namespace aerowatch
