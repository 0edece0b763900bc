// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/feeds/cap.hpp"

#include "core/text.hpp"
#include "normalise/classifier.hpp"
#include "sources/feeds/feed_support.hpp"
#include "sources/feeds/xml_support.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <iterator>
#include <numbers>
#include <utility>

namespace aerowatch {

namespace {

using namespace feed;

constexpr double km_per_nm = 1.852;
constexpr double earth_radius_nm = 3440.065;
// Alerts sit a few levels down at most (Atom entry/content, EDXL contentObject); the bound keeps
// the search cheap on hostile nesting.
constexpr int max_alert_depth = 16;

/// Where one alert's fields live: a real <alert> with its chosen <info>, or an Atom entry
/// carrying CAP fields directly (then all three nodes are the entry).
struct AlertView {
    pugi::xml_node alert;
    pugi::xml_node info;
    std::vector<pugi::xml_node> areas;
    std::string_view ns;
    pugi::xml_node entry; // the Atom entry, when any: fallbacks for missing CAP fields
};

std::optional<double> number(std::string_view s) {
    s = trim(s);
    double value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (s.empty() || ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

/// "35.1,-120.5": CAP writes latitude first.
std::optional<GeoPoint> lat_lon(std::string_view token) {
    const auto comma = token.find(',');
    if (comma == std::string_view::npos) {
        return std::nullopt;
    }
    const auto lat = number(token.substr(0, comma));
    const auto lon = number(token.substr(comma + 1));
    return lat && lon ? make_point(*lat, *lon) : std::nullopt;
}

std::vector<std::string_view> tokens(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    const auto space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    };
    while (i < text.size()) {
        while (i < text.size() && space(text[i])) {
            ++i;
        }
        const auto start = i;
        while (i < text.size() && !space(text[i])) {
            ++i;
        }
        if (i > start) {
            out.push_back(text.substr(start, i - start));
        }
    }
    return out;
}

std::vector<GeoPoint> parse_polygon(std::string_view text) {
    std::vector<GeoPoint> ring;
    for (auto token : tokens(text)) {
        if (auto p = lat_lon(token)) {
            ring.push_back(*p);
        }
    }
    if (ring.size() > 1 && ring.front() == ring.back()) {
        ring.pop_back();
    }
    if (ring.size() < 3) {
        return {};
    }
    close_ring(ring);
    return ring;
}

struct Circle {
    GeoPoint center;
    double radius_nm = 0;
};

std::optional<Circle> parse_circle(std::string_view text) {
    const auto t = tokens(text);
    if (t.size() != 2) {
        return std::nullopt;
    }
    const auto center = lat_lon(t[0]);
    const auto km = number(t[1]);
    if (!center || !km || *km < 0 || *km > 40000) {
        return std::nullopt;
    }
    return Circle{*center, *km / km_per_nm};
}

Severity severity_of(std::string_view cap) {
    const auto s = to_upper_ascii(cap);
    if (s == "EXTREME" || s == "SEVERE") {
        return Severity::warning;
    }
    return s == "MODERATE" ? Severity::caution : Severity::info;
}

HazardCategory category_of(std::string_view cap) {
    const auto c = to_upper_ascii(trim(cap));
    if (c == "MET") {
        return HazardCategory::weather;
    }
    return c == "SECURITY" ? HazardCategory::security_conflict : HazardCategory::other;
}

/// The key of the alert named last in "sender,identifier,sent sender,identifier,sent".
std::string last_reference(std::string_view references) {
    const auto t = tokens(references);
    if (t.empty()) {
        return {};
    }
    const auto last = t.back();
    const auto first_comma = last.find(',');
    if (first_comma == std::string_view::npos || first_comma == 0) {
        return {};
    }
    const auto second_comma = last.find(',', first_comma + 1);
    const auto identifier = last.substr(first_comma + 1, second_comma == std::string_view::npos
                                                             ? std::string_view::npos
                                                             : second_comma - first_comma - 1);
    if (identifier.empty()) {
        return {};
    }
    return to_valid_utf8(std::string(last.substr(0, first_comma)) + "/" + std::string(identifier));
}

pugi::xml_node choose_info(pugi::xml_node alert, std::string_view ns) {
    const auto infos = children(alert, ns, "info");
    for (auto info : infos) {
        auto language = to_upper_ascii(child_text(info, ns, "language"));
        if (language.empty() || language == "EN" || language.starts_with("EN-")) {
            return info;
        }
    }
    return infos.empty() ? pugi::xml_node() : infos.front();
}

void read_areas(const AlertView& v, Hazard& h, std::vector<std::string>& descriptions) {
    std::vector<Circle> circles;
    for (auto area : v.areas) {
        add_unique(descriptions, collapse_whitespace(child_text(area, v.ns, "areaDesc")));
        for (auto polygon : children(area, v.ns, "polygon")) {
            if (auto ring = parse_polygon(text_of(polygon)); !ring.empty()) {
                h.geometry.rings.push_back(std::move(ring));
            }
        }
        for (auto circle : children(area, v.ns, "circle")) {
            if (auto c = parse_circle(text_of(circle))) {
                circles.push_back(*c);
            }
        }
        const auto altitude = number(child_text(area, v.ns, "altitude"));
        const auto ceiling = number(child_text(area, v.ns, "ceiling"));
        if (altitude && !h.lower_ft && std::fabs(*altitude) < 1e6) {
            h.lower_ft = static_cast<int>(std::lround(*altitude));
            h.lower_text = fmt::format("{}FT AMSL", *h.lower_ft);
        }
        if (ceiling && !h.upper_ft && std::fabs(*ceiling) < 1e6) {
            h.upper_ft = static_cast<int>(std::lround(*ceiling));
            h.upper_text = fmt::format("{}FT AMSL", *h.upper_ft);
        }
    }
    if (h.geometry.rings.empty() && circles.size() == 1) {
        h.geometry.type = Geometry::Type::circle;
        h.geometry.center = circles.front().center;
        h.geometry.radius_nm = circles.front().radius_nm;
        return;
    }
    // One geometry holds one shape type: circles among other areas become polygons.
    for (const auto& c : circles) {
        if (c.radius_nm > 0) {
            h.geometry.rings.push_back(circle_ring(c.center, c.radius_nm));
        }
    }
    if (!h.geometry.rings.empty()) {
        h.geometry.type = Geometry::Type::polygon;
    }
}

/// Builds the hazard, or says why there is none: std::nullopt with `skip` set for alerts that
/// are not hazards, with `error` set for alerts that cannot be used.
std::optional<Hazard> build(const AlertView& v, bool& skip, std::string& error) {
    const auto field = [&](pugi::xml_node n, std::string_view name) {
        return child_text(n, v.ns, name);
    };
    const auto status = to_upper_ascii(field(v.alert, "status"));
    auto msg_type = to_upper_ascii(field(v.alert, "msgType"));
    if (msg_type.empty()) {
        msg_type = to_upper_ascii(field(v.alert, "message_type")); // MeteoAlarm Atom entries
    }
    if (status == "TEST" || status == "EXERCISE" || status == "DRAFT" || status == "SYSTEM" ||
        msg_type == "ACK" || msg_type == "ERROR") {
        skip = true;
        return std::nullopt;
    }
    auto identifier = field(v.alert, "identifier");
    auto sender = field(v.alert, "sender");
    if (v.entry) {
        identifier = identifier.empty() ? child_text(v.entry, atom_ns, "id") : identifier;
        sender = sender.empty() ? child_text(child(v.entry, atom_ns, "author"), atom_ns, "name")
                                : sender;
    }
    if (identifier.empty()) {
        error = "CAP alert without identifier";
        return std::nullopt;
    }
    Hazard h;
    h.kind = HazardKind::cap;
    h.key = sender + "/" + identifier;
    h.id = identifier;
    h.ref_key = last_reference(field(v.alert, "references"));
    if (msg_type == "CANCEL") {
        if (h.ref_key.empty()) {
            error = "CAP Cancel without references";
            return std::nullopt;
        }
        h.action = HazardAction::cancel;
    } else if (msg_type == "UPDATE" && !h.ref_key.empty()) {
        h.action = HazardAction::replace;
    }
    h.issued = parse_feed_date(field(v.alert, "sent"));
    const auto info = v.info;
    h.severity = severity_of(field(info, "severity"));
    for (auto category : children(info, v.ns, "category")) {
        h.categories.add(category_of(text_of(category)));
    }
    h.valid_from = parse_feed_date(field(info, "effective"));
    h.valid_from = h.valid_from ? h.valid_from : parse_feed_date(field(info, "onset"));
    h.valid_from = h.valid_from ? h.valid_from : h.issued;
    h.valid_to = parse_feed_date(field(info, "expires"));
    // An Atom entry's own title ("Yellow Wind Warning issued for ...") says more than a bare
    // event ("Wind") where the CAP fields carry no headline.
    h.title = collapse_whitespace(field(info, "headline"));
    if (h.title.empty() && v.entry) {
        h.title = collapse_whitespace(child_text(v.entry, atom_ns, "title"));
    }
    h.title = h.title.empty() ? collapse_whitespace(field(info, "event")) : h.title;
    h.link = field(info, "web");
    if (h.link.empty() && v.entry) {
        h.link = to_valid_utf8(child(v.entry, atom_ns, "link").attribute("href").as_string());
    }
    const auto sender_name = collapse_whitespace(field(info, "senderName"));
    h.issuer = sender_name.empty() ? sender : sender_name;

    std::vector<std::string> parts = {field(info, "description"), field(info, "instruction")};
    std::vector<std::string> areas;
    read_areas(v, h, areas);
    std::string area_line;
    for (const auto& a : areas) {
        area_line += (area_line.empty() ? "Area: " : "; ") + a;
    }
    parts.push_back(area_line);
    for (const auto& part : parts) {
        if (!part.empty()) {
            h.text += (h.text.empty() ? "" : "\n\n") + part;
        }
    }
    h.raw = serialise(v.alert);
    Classifier::builtin().apply(h);
    return h;
}

bool has_cap_fields(pugi::xml_node entry, std::string_view ns) {
    for (auto c = entry.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_element && namespace_of(c) == ns) {
            return true;
        }
    }
    return false;
}

/// Every alert under `root`, of either CAP version.
std::vector<AlertView> alerts_under(pugi::xml_node root, pugi::xml_node entry) {
    std::vector<AlertView> out;
    for (std::string_view ns : {cap12_ns, cap11_ns}) {
        for (auto alert : find_elements(root, ns, "alert", max_alert_depth)) {
            AlertView v{alert, choose_info(alert, ns), {}, ns, entry};
            v.areas = children(v.info, ns, "area");
            out.push_back(std::move(v));
        }
    }
    return out;
}

} // namespace

std::vector<GeoPoint> circle_ring(GeoPoint center, double radius_nm, int sides) {
    constexpr double rad = std::numbers::pi / 180.0;
    const double d = radius_nm / earth_radius_nm;
    const double lat1 = center.lat * rad;
    const double lon1 = center.lon * rad;
    std::vector<GeoPoint> ring;
    for (int i = 0; i < sides; ++i) {
        const double bearing = 2.0 * std::numbers::pi * i / sides;
        const double lat2 = std::asin(std::sin(lat1) * std::cos(d) +
                                      std::cos(lat1) * std::sin(d) * std::cos(bearing));
        const double lon2 = lon1 + std::atan2(std::sin(bearing) * std::sin(d) * std::cos(lat1),
                                              std::cos(d) - std::sin(lat1) * std::sin(lat2));
        ring.push_back({lat2 / rad, normalise_longitude(lon2 / rad)});
    }
    close_ring(ring);
    return ring;
}

HazardBatch parse_cap(std::string_view payload) {
    HazardBatch batch;
    pugi::xml_document doc;
    ItemError error;
    if (!load_xml(doc, payload, error)) {
        batch.errors.push_back(std::move(error));
        return batch;
    }
    const auto root = doc.document_element();
    std::vector<AlertView> alerts;
    if (is_element(root, atom_ns, "feed")) {
        for (auto entry : children(root, atom_ns, "entry")) {
            auto found = alerts_under(entry, entry);
            for (std::string_view ns : {cap12_ns, cap11_ns}) {
                if (found.empty() && has_cap_fields(entry, ns)) {
                    found.push_back({entry, entry, {entry}, ns, entry});
                }
            }
            std::move(found.begin(), found.end(), std::back_inserter(alerts));
        }
    } else {
        alerts = alerts_under(root, {});
        if (alerts.empty()) {
            batch.errors.push_back({"no CAP alert in the document", 1});
            return batch;
        }
    }
    LineCounter lines(payload);
    for (const auto& v : alerts) {
        bool skip = false;
        std::string why;
        auto hazard = build(v, skip, why);
        if (hazard) {
            batch.hazards.push_back(std::move(*hazard));
        } else if (!skip) {
            batch.errors.push_back({why, line_of(lines, v.alert)});
        }
    }
    return batch;
}

} // namespace aerowatch
