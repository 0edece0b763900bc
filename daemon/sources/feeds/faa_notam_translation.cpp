// SPDX-License-Identifier: GPL-3.0-or-later
// The translation half of faa_notam_fields.hpp: what the structured readers take from a
// NOTAM's ICAO / FAA domestic text when the structured fields lack it.
#include "core/text.hpp"
#include "sources/feeds/faa_notam_fields.hpp"
#include "sources/notam/notam_parsers.hpp"

#include <string>

namespace aerowatch::structured_notam {

namespace {

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

bool all_digits(std::string_view text) {
    return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

/// True when `token` looks like a NOTAM id: an optional series letter, 1-4 digits, '/', 2-4
/// digits ("A0096/09", "0603/09", domestic "02/277", FDC "4/2246").
bool is_notam_id(std::string_view token) {
    if (!token.empty() && token[0] >= 'A' && token[0] <= 'Z') {
        token.remove_prefix(1);
    }
    const auto slash = token.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash > 4) {
        return false;
    }
    const auto left = token.substr(0, slash), right = token.substr(slash + 1);
    return right.size() >= 2 && right.size() <= 4 &&
           left.find_first_not_of("0123456789") == std::string_view::npos &&
           right.find_first_not_of("0123456789") == std::string_view::npos;
}

/// The keyword of an FAA domestic text: "!FTW 02/277 ZFW OBST ..." gives "OBST".
std::string domestic_keyword(std::string_view simple) {
    simple = trim(simple);
    if (!simple.starts_with('!')) {
        return {};
    }
    for (int skip = 0; skip < 3; ++skip) {
        const auto space = simple.find(' ');
        if (space == std::string_view::npos) {
            return {};
        }
        simple = trim(simple.substr(space + 1));
    }
    return field(simple.substr(0, simple.find_first_of(" \n")));
}

} // namespace

std::string header_ref(std::string_view translation) {
    const auto first_line = translation.substr(0, translation.find('\n'));
    auto pos = first_line.find("NOTAMR");
    if (pos == std::string_view::npos) {
        pos = first_line.find("NOTAMC");
    }
    if (pos == std::string_view::npos) {
        return {};
    }
    auto rest = trim(first_line.substr(pos + 6));
    rest = rest.substr(0, rest.find_first_of(" \t\r"));
    return is_notam_id(rest) ? std::string(rest) : std::string();
}

bool icao_end_estimated(std::string_view translation) {
    // Each "C)" found by its ')', which is rare (one per item), where a 'C' is in most words.
    for (auto close = translation.find(')', 1); close != std::string_view::npos;
         close = translation.find(')', close + 1)) {
        if (translation[close - 1] != 'C') {
            continue;
        }
        const auto pos = close - 1;
        if (pos > 0 && !is_blank(translation[pos - 1]) && translation[pos - 1] != '\n') {
            continue;
        }
        auto rest = translation.substr(pos + 2);
        while (!rest.empty() && is_blank(rest.front())) {
            rest.remove_prefix(1);
        }
        if (rest.size() < 10 || !all_digits(rest.substr(0, 10))) {
            continue;
        }
        rest.remove_prefix(10);
        while (!rest.empty() && is_blank(rest.front())) {
            rest.remove_prefix(1);
        }
        return rest.starts_with("EST");
    }
    return false;
}

bool domestic_end_estimated(std::string_view simple_text) {
    simple_text = trim(simple_text);
    return simple_text.size() > 3 && simple_text.ends_with("EST") &&
           all_digits(simple_text.substr(simple_text.size() - 4, 1));
}

bool is_placeholder_translation(std::string_view translation) {
    if (translation.find("undefined") != std::string_view::npos) {
        return true;
    }
    // The other three start with 'l', rare in NOTAM text: one pass over the text for them.
    for (auto at = translation.find('l'); at != std::string_view::npos;
         at = translation.find('l', at + 1)) {
        const auto rest = translation.substr(at);
        if (rest.starts_with("latN") || rest.starts_with("longW") || rest.starts_with("longE")) {
            return true;
        }
    }
    return false;
}

void fill_missing(Notam& notam, const Notam& parsed) {
    const auto fill = [](std::string& to, const std::string& from) {
        if (to.empty()) {
            to = from;
        }
    };
    fill(notam.ref, parsed.ref);
    fill(notam.fir, parsed.fir);
    fill(notam.qcode, parsed.qcode);
    fill(notam.traffic, parsed.traffic);
    fill(notam.purpose, parsed.purpose);
    fill(notam.scope, parsed.scope);
    fill(notam.schedule, parsed.schedule);
    fill(notam.text, parsed.text);
    fill(notam.lower, parsed.lower);
    fill(notam.upper, parsed.upper);
    fill(notam.keyword, parsed.keyword);
    fill(notam.location_name, parsed.location_name);
    if (!notam.lower_fl) {
        notam.lower_fl = parsed.lower_fl;
    }
    if (!notam.upper_fl) {
        notam.upper_fl = parsed.upper_fl;
    }
    if (!notam.lat || !notam.lon) {
        notam.lat = parsed.lat;
        notam.lon = parsed.lon;
    }
    if (!notam.radius_nm) {
        notam.radius_nm = parsed.radius_nm;
    }
    if (notam.locations.empty()) {
        notam.locations = parsed.locations;
    }
    if (!notam.valid_from) {
        notam.valid_from = parsed.valid_from;
    }
    if (!notam.valid_to && !notam.permanent) {
        notam.valid_to = parsed.valid_to;
        notam.permanent = parsed.permanent;
    }
    if (notam.valid_to && notam.valid_to == parsed.valid_to && parsed.valid_to_estimated) {
        notam.valid_to_estimated = true;
    }
    if (!notam.created) {
        notam.created = parsed.created;
    }
}

void use_translations(Notam& notam, std::string_view icao, std::string_view local, bool keep_raw) {
    std::string icao_decoded, local_decoded;
    if (icao.find('&') != std::string_view::npos) {
        icao = icao_decoded = decode_html_entities(icao);
    }
    if (local.find('&') != std::string_view::npos) {
        local = local_decoded = decode_html_entities(local);
    }
    if (notam.type != 'N' && notam.ref.empty()) {
        notam.ref = header_ref(icao);
    }
    const bool use_icao = !icao.empty() && !is_placeholder_translation(icao);
    const bool use_local = !local.empty() && !is_placeholder_translation(local);
    if (notam.valid_to && !notam.valid_to_estimated &&
        ((use_icao && icao_end_estimated(icao)) || (use_local && domestic_end_estimated(local)))) {
        notam.valid_to_estimated = true;
    }
    if (notam.form == Notam::Form::faa_domestic && notam.keyword.empty() && use_local) {
        notam.keyword = domestic_keyword(local);
    }
    // The text parsers are the expensive part; they run only when something is missing.
    const bool missing = notam.text.empty() || !notam.valid_from ||
                         (!notam.valid_to && !notam.permanent) ||
                         (notam.type != 'N' && notam.ref.empty()) || notam.locations.empty() ||
                         (notam.qcode.empty() && use_icao);
    if (missing && use_icao) {
        if (auto parsed = parse_icao_notam(icao)) {
            fill_missing(notam, *parsed);
        }
    } else if (missing && use_local) {
        if (auto parsed = parse_faa_domestic_notam(local)) {
            fill_missing(notam, *parsed);
        }
    }
    if (keep_raw) {
        notam.raw = field(use_icao || local.empty() ? icao : local);
    }
}

} // namespace aerowatch::structured_notam
