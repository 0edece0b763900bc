// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/notam/notam_hazard.hpp"

#include "core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <utility>

namespace aerowatch {

namespace {

std::string issuing_office(const Notam& n) {
    if (!n.issuer.empty()) {
        return n.issuer;
    }
    // A multi-FIR NOTAM names "SVXX" in the Q-line and the FIRs in A): the nationality letters
    // still identify the issuing State.
    if (!n.fir.empty()) {
        return n.fir;
    }
    return n.locations.empty() ? std::string() : n.locations.front();
}

std::string join_key(const std::string& office, const std::string& id) {
    return office.empty() ? id : office + " " + id;
}

void add_unique(std::vector<std::string>& list, const std::string& value) {
    if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end()) {
        list.push_back(value);
    }
}

bool is_multi_fir_placeholder(const std::string& fir) {
    return fir.size() == 4 && fir.ends_with("XX");
}

/// Feet from an F)/G) limit: "SFC" and "GND" are 0, "FL260" is 26000, "2000FT AMSL" and
/// "5000FT." are 2000 and 5000; "UNL" and anything unreadable give nullopt.
std::optional<int> limit_feet(std::string_view text) {
    text = trim(text);
    if (text.starts_with("SFC") || text.starts_with("GND")) {
        return 0;
    }
    int value = 0;
    if (text.starts_with("FL")) {
        const auto digits = text.substr(2);
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
        if (ec == std::errc{} && end != digits.data()) {
            return value * 100;
        }
        return std::nullopt;
    }
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc{} && std::string_view(end, text.data() + text.size()).starts_with("FT")) {
        return value;
    }
    return std::nullopt;
}

std::string flight_level(const std::optional<int>& fl) {
    if (!fl) {
        return {};
    }
    if (*fl >= 0 && *fl <= 999) {
        // "FL050": by hand, as fmt::format showed in the profile of every structured NOTAM.
        return {'F', 'L', static_cast<char>('0' + *fl / 100),
                static_cast<char>('0' + *fl / 10 % 10), static_cast<char>('0' + *fl % 10)};
    }
    return fmt::format("FL{:03d}", *fl);
}

/// True when collapse_whitespace would return `line` (trimmed, no line break) unchanged: no
/// blank but single spaces. Parsers hand over tidied text, so this is the usual case, and it
/// spares a character-by-character copy per NOTAM.
bool is_collapsed(std::string_view line) {
    const auto blank = [](char c) {
        return static_cast<unsigned char>((c == '\t') | (c == '\r') | (c == '\f') | (c == '\v'));
    };
    if (line.empty()) {
        return true;
    }
    // Each position against the one before it, read from the input rather than carried from
    // one iteration to the next: no dependency between iterations, so the loop vectorises.
    unsigned char bad = blank(line[0]); // a byte, not a bool, and no early exit
    for (std::size_t i = 1; i < line.size(); ++i) {
        bad |= static_cast<unsigned char>((int{line[i - 1] == ' '} & int{line[i] == ' '}) |
                                          blank(line[i]));
    }
    return bad == 0;
}

std::string first_line(std::string_view text, std::size_t max_length) {
    text = trim(text);
    const auto head = text.substr(0, text.find('\n'));
    // Only what can show matters: the first max_length + 1 bytes. When they are collapsed
    // already and end on a non-blank (`text` is trimmed, so none starts with one), they are
    // what collapse_whitespace would start with, and the cut below is the same.
    const auto shown = head.substr(0, max_length + 1);
    std::string line = is_collapsed(shown) && (shown.empty() || shown.back() != ' ')
                           ? std::string(shown)
                           : collapse_whitespace(head);
    if (line.size() > max_length) {
        line.resize(max_length);
        while (!line.empty() && (static_cast<unsigned char>(line.back()) & 0xC0) == 0x80) {
            line.pop_back(); // never cut a UTF-8 sequence in half
        }
        if (!line.empty()) {
            line.pop_back();
        }
        line += "...";
    }
    return line;
}

} // namespace

std::string notam_key(const Notam& notam) {
    return join_key(issuing_office(notam), notam.id);
}

Hazard notam_to_hazard(const Notam& notam) {
    return notam_to_hazard(Notam(notam));
}

Hazard notam_to_hazard(Notam&& n) {
    Hazard h;
    notam_to_hazard(std::move(n), h);
    return h;
}

void notam_to_hazard(Notam&& n, Hazard& h) {
    // Written into the hazard's own strings: temporaries built, returned and moved showed in
    // the profile of every structured NOTAM.
    h.issuer = issuing_office(n);
    const std::string& office = h.issuer;
    if (!office.empty()) {
        h.key.reserve(office.size() + 1 + n.id.size());
        h.key.assign(office);
        h.key += ' ';
    }
    h.key += n.id;
    h.id = n.id;
    if (n.part > 0 && n.part_count > 1) {
        // The parts share the number: under one key each poll would overwrite the others.
        h.key += part_key_marker;
        h.key += std::to_string(n.part);
        h.id += fmt::format(" PART {} OF {}", n.part, n.part_count);
    }
    h.kind = n.form == Notam::Form::faa_notice ? HazardKind::security_notice : HazardKind::notam;
    if (n.type == 'R' || n.type == 'C') {
        h.action = n.type == 'R' ? HazardAction::replace : HazardAction::cancel;
        h.ref_key = n.ref.empty() ? std::string() : join_key(office, n.ref);
    }

    if (!is_multi_fir_placeholder(n.fir)) {
        add_unique(h.firs, n.fir);
    }
    // Scope "A" alone means the A) locations are aerodromes; otherwise (E, W, AE...) they are
    // FIRs, or the aerodrome is the FIR's own code.
    // A security notice names FIRs ("... FLIGHT INFORMATION REGION (SVZM)"), never aerodromes.
    const bool aerodrome_scope = n.scope == "A";
    const bool fir_locations =
        n.form == Notam::Form::faa_notice || (!aerodrome_scope && !n.scope.empty());
    for (const auto& location : n.locations) {
        if (location == n.fir || fir_locations) {
            add_unique(h.firs, location);
        } else {
            add_unique(h.airports, location);
        }
    }

    // 999 NM is the Q-line's "whole FIR" sentinel, not a circle.
    if (n.lat && n.lon && n.radius_nm && *n.radius_nm < 999) {
        h.geometry.type = Geometry::Type::circle;
        h.geometry.center = GeoPoint{*n.lat, *n.lon};
        h.geometry.radius_nm = *n.radius_nm;
    }

    h.lower_text = !n.lower.empty() ? n.lower : flight_level(n.lower_fl);
    h.upper_text = !n.upper.empty() ? n.upper : flight_level(n.upper_fl);
    h.lower_ft = !n.lower.empty()
                     ? limit_feet(n.lower)
                     : (n.lower_fl ? std::optional<int>(*n.lower_fl * 100) : std::nullopt);
    if (!n.upper.empty()) {
        h.upper_ft = limit_feet(n.upper);
    } else if (n.upper_fl && *n.upper_fl < 999) {
        h.upper_ft = *n.upper_fl * 100;
    }

    h.issued = n.created;
    h.valid_from = n.valid_from;
    h.valid_to = n.valid_to;
    h.valid_to_estimated = n.valid_to_estimated;
    h.permanent = n.permanent;
    h.schedule = std::move(n.schedule);
    h.qcode = std::move(n.qcode);
    h.title = first_line(n.text, 120);
    h.text = std::move(n.text);
    h.raw = std::move(n.raw);
}

} // namespace aerowatch
