// SPDX-License-Identifier: GPL-3.0-or-later
// `aerowatch notam decode`: the NOTAM text parsers, the Q-code table and the classifier, run by
// hand on a file, the way an operator checks what the daemon makes of a NOTAM.
#include "cli/notam_command.hpp"

#include "core/time.hpp"
#include "normalise/classifier.hpp"
#include "service/exit_codes.hpp"
#include "sources/notam/notam_hazard.hpp"
#include "sources/notam/notam_parsers.hpp"
#include "sources/notam/qcodes.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <istream>
#include <iterator>
#include <ostream>
#include <sstream>

namespace aerowatch {

namespace {

// Keys in the documented order, for people reading the lines.
using json = nlohmann::ordered_json;

struct Decoded {
    Notam notam;
    Hazard hazard;
    std::optional<std::string_view> subject_text;
    std::optional<std::string_view> condition_text;
};

Decoded decode(Notam notam) {
    Decoded d;
    d.hazard = notam_to_hazard(notam);
    Classifier::builtin().apply(d.hazard);
    if (notam.qcode.size() == 5) {
        d.subject_text = qcode_subject_text(std::string_view(notam.qcode).substr(1, 2));
        d.condition_text = qcode_condition_text(std::string_view(notam.qcode).substr(3, 2));
    }
    d.notam = std::move(notam);
    return d;
}

json string_or_null(std::string_view s) {
    return s.empty() ? json(nullptr) : json(s);
}

template <typename T> json optional_or_null(const std::optional<T>& v) {
    return v ? json(*v) : json(nullptr);
}

json time_or_null(const std::optional<UtcTime>& t) {
    return t ? json(format_iso8601(*t)) : json(nullptr);
}

json to_json(const Decoded& d) {
    const Notam& n = d.notam;
    const std::string_view q = n.qcode;
    json categories = json::array();
    for (const auto c : d.hazard.categories.list()) {
        categories.push_back(to_string(c));
    }
    return json{
        {"id", n.id},
        {"type", std::string(1, n.type)},
        {"ref", string_or_null(n.ref)},
        {"issuer", string_or_null(n.issuer)},
        {"fir", string_or_null(n.fir)},
        {"qcode", string_or_null(n.qcode)},
        {"subject", q.size() == 5 ? json(q.substr(1, 2)) : json(nullptr)},
        {"condition", q.size() == 5 ? json(q.substr(3, 2)) : json(nullptr)},
        {"subject_text", optional_or_null(d.subject_text)},
        {"condition_text", optional_or_null(d.condition_text)},
        {"traffic", string_or_null(n.traffic)},
        {"purpose", string_or_null(n.purpose)},
        {"scope", string_or_null(n.scope)},
        {"lower_fl", optional_or_null(n.lower_fl)},
        {"upper_fl", optional_or_null(n.upper_fl)},
        {"lat", optional_or_null(n.lat)},
        {"lon", optional_or_null(n.lon)},
        {"radius_nm", optional_or_null(n.radius_nm)},
        {"locations", n.locations},
        {"valid_from", time_or_null(n.valid_from)},
        {"valid_to", time_or_null(n.valid_to)},
        {"valid_to_estimated", n.valid_to_estimated},
        {"permanent", n.permanent},
        {"schedule", string_or_null(n.schedule)},
        {"text", string_or_null(n.text)},
        {"lower", string_or_null(n.lower)},
        {"upper", string_or_null(n.upper)},
        {"severity", to_string(d.hazard.severity)},
        {"categories", std::move(categories)},
    };
}

const char* type_name(char type) {
    return type == 'R' ? "replaces" : (type == 'C' ? "cancels" : "new");
}

const char* form_name(Notam::Form form) {
    switch (form) {
    case Notam::Form::faa_domestic:
        return "FAA domestic NOTAM";
    case Notam::Form::faa_notice:
        return "FAA security notice";
    case Notam::Form::icao:
        break;
    }
    return "ICAO NOTAM";
}

std::string degrees(double value, char positive, char negative) {
    return fmt::format("{:.4f} {}", std::fabs(value), value < 0 ? negative : positive);
}

void print_text(const Decoded& d, std::ostream& out) {
    const Notam& n = d.notam;
    const auto row = [&](std::string_view label, std::string_view value) {
        if (!value.empty()) {
            out << fmt::format("  {:<12} {}\n", label, value);
        }
    };
    out << fmt::format("{} NOTAM{} ({}{})", n.id, n.type, form_name(n.form),
                       n.part > 0 ? fmt::format(", part {} of {}", n.part, n.part_count) : "");
    out << (n.type == 'N' ? ""
                          : fmt::format(": {} {}", type_name(n.type), n.ref.empty() ? "?" : n.ref))
        << "\n";
    row("issuer", n.issuer);
    row("keyword", n.keyword);
    row("FIR", n.fir);
    if (!n.qcode.empty()) {
        row("Q-code",
            fmt::format("{}  {}: {}", n.qcode, d.subject_text.value_or("(unknown subject)"),
                        d.condition_text.value_or("(unknown condition)")));
    }
    std::string qualifiers;
    for (const auto& [name, value] :
         {std::pair{"traffic", n.traffic}, {"purpose", n.purpose}, {"scope", n.scope}}) {
        if (!value.empty()) {
            qualifiers += fmt::format("{}{} {}", qualifiers.empty() ? "" : ", ", name, value);
        }
    }
    if (n.lower_fl || n.upper_fl) {
        qualifiers += fmt::format("{}FL{:03d}-FL{:03d}", qualifiers.empty() ? "" : ", ",
                                  n.lower_fl.value_or(0), n.upper_fl.value_or(999));
    }
    row("qualifiers", qualifiers);
    if (n.lat && n.lon) {
        row("position",
            fmt::format("{}, {}{}", degrees(*n.lat, 'N', 'S'), degrees(*n.lon, 'E', 'W'),
                        n.radius_nm ? fmt::format(", radius {} NM", *n.radius_nm) : std::string()));
    }
    std::string locations;
    for (const auto& l : n.locations) {
        locations += (locations.empty() ? "" : " ") + l;
    }
    row("locations",
        n.location_name.empty() ? locations : fmt::format("{} ({})", locations, n.location_name));
    const std::string from = n.valid_from ? format_iso8601(*n.valid_from) : "?";
    const std::string to =
        n.permanent  ? "PERM"
        : n.valid_to ? format_iso8601(*n.valid_to) + (n.valid_to_estimated ? " (estimated)" : "")
                     : "-";
    row("valid", n.valid_from || n.valid_to || n.permanent ? from + " to " + to : "");
    row("created", n.created ? format_iso8601(*n.created) : "");
    row("schedule", n.schedule);
    if (!n.lower.empty() || !n.upper.empty()) {
        row("limits", fmt::format("{} to {}", n.lower.empty() ? "?" : n.lower,
                                  n.upper.empty() ? "?" : n.upper));
    }
    row("severity", to_string(d.hazard.severity));
    std::string categories;
    for (const auto c : d.hazard.categories.list()) {
        categories += (categories.empty() ? "" : ", ") + std::string(to_string(c));
    }
    row("categories", categories);
    if (!n.text.empty()) {
        out << "  text\n";
        std::istringstream lines(n.text);
        for (std::string line; std::getline(lines, line);) {
            out << "    " << line << "\n";
        }
    }
}

} // namespace

int command_notam_decode(const CliContext& context, const std::string& file, std::istream& in,
                         std::ostream& out, std::ostream& err) {
    std::string input;
    if (file.empty() || file == "-") {
        input.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    } else {
        std::ifstream stream(file, std::ios::binary);
        if (!stream) {
            err << "aerowatch: cannot read " << file << ": " << std::strerror(errno) << "\n";
            return exit_code::failure;
        }
        input.assign(std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>());
    }
    const auto pieces = split_notams(input);
    if (pieces.empty()) {
        err << "aerowatch: no NOTAM in " << (file.empty() || file == "-" ? "the input" : file)
            << "\n";
        return exit_code::failure;
    }
    int status = exit_code::ok;
    bool first = true;
    for (const auto& piece : pieces) {
        auto notam = parse_notam(piece.text);
        if (!notam) {
            status = exit_code::failure;
            const int line = piece.line + notam.error().line - 1;
            if (context.json) {
                out << json{{"error", notam.error().message}, {"line", line}}.dump(
                           -1, ' ', false, json::error_handler_t::replace)
                    << "\n";
            } else {
                err << fmt::format("aerowatch: line {}: {}\n", line, notam.error().message);
            }
            continue;
        }
        const Decoded decoded = decode(std::move(*notam));
        if (context.json) {
            out << to_json(decoded).dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
        } else {
            out << (first ? "" : "\n");
            print_text(decoded, out);
            first = false;
        }
    }
    return status;
}

} // namespace aerowatch
