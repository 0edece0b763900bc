// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/hazard_json.hpp"

#include "core/time.hpp"

namespace aerowatch {

namespace {

using nlohmann::json;

json time_or_null(const std::optional<UtcTime>& t) {
    return t ? json(format_iso8601(*t)) : json(nullptr);
}

template <typename T> json value_or_null(const std::optional<T>& v) {
    return v ? json(*v) : json(nullptr);
}

json ring_to_json(const std::vector<GeoPoint>& ring) {
    json points = json::array();
    for (const auto& p : ring) {
        points.push_back(json::array({p.lat, p.lon}));
    }
    return points;
}

} // namespace

json geometry_to_json(const Geometry& g) {
    switch (g.type) {
    case Geometry::Type::none:
        return nullptr;
    case Geometry::Type::circle:
        return {{"type", "circle"},
                {"center", json::array({g.center.lat, g.center.lon})},
                {"radius_nm", g.radius_nm}};
    case Geometry::Type::polygon:
    case Geometry::Type::line: {
        json rings = json::array();
        for (const auto& ring : g.rings) {
            rings.push_back(ring_to_json(ring));
        }
        return {{"type", g.type == Geometry::Type::polygon ? "polygon" : "line"}, {"rings", rings}};
    }
    }
    return nullptr;
}

Geometry geometry_from_json(const json& j) {
    Geometry g;
    if (!j.is_object()) {
        return g;
    }
    const auto type = j.value("type", "");
    if (type == "circle") {
        g.type = Geometry::Type::circle;
        g.center = GeoPoint{j.at("center").at(0).get<double>(), j.at("center").at(1).get<double>()};
        g.radius_nm = j.value("radius_nm", 0.0);
    } else if (type == "polygon" || type == "line") {
        g.type = type == "polygon" ? Geometry::Type::polygon : Geometry::Type::line;
        for (const auto& ring : j.at("rings")) {
            std::vector<GeoPoint> points;
            for (const auto& p : ring) {
                points.push_back({p.at(0).get<double>(), p.at(1).get<double>()});
            }
            g.rings.push_back(std::move(points));
        }
    }
    return g;
}

json hazard_to_json(const Hazard& h) {
    json categories = json::array();
    for (auto c : h.categories.list()) {
        categories.push_back(to_string(c));
    }
    return {
        {"key", h.key},
        {"id", h.id},
        {"issuer", h.issuer},
        {"kind", to_string(h.kind)},
        {"action", to_string(h.action)},
        {"ref_key", h.ref_key.empty() ? json(nullptr) : json(h.ref_key)},
        {"status", to_string(h.status)},
        {"severity", to_string(h.severity)},
        {"categories", categories},
        {"firs", h.firs},
        {"airports", h.airports},
        {"countries", h.countries},
        {"geometry", geometry_to_json(h.geometry)},
        {"lower_ft", value_or_null(h.lower_ft)},
        {"upper_ft", value_or_null(h.upper_ft)},
        {"lower", h.lower_text},
        {"upper", h.upper_text},
        {"issued", time_or_null(h.issued)},
        {"valid_from", time_or_null(h.valid_from)},
        {"valid_to", time_or_null(h.valid_to)},
        {"valid_to_estimated", h.valid_to_estimated},
        {"permanent", h.permanent},
        {"schedule", h.schedule},
        {"qcode", h.qcode},
        {"title", h.title},
        {"text", h.text},
        {"link", h.link},
    };
}

} // namespace aerowatch
