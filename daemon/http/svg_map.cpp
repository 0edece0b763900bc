// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/svg_map.hpp"

#include "core/text.hpp"
#include "http/html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace aerowatch {

namespace {

constexpr double px_per_degree = 4.0;
constexpr double nm_per_degree = 60.0;
// Outlines of the world view drop points closer than this many pixels to the last one.
constexpr double coarse_step = 2.5;

double x_of(double lon) {
    return (lon + 180.0) * px_per_degree;
}
double y_of(double lat) {
    return (90.0 - lat) * px_per_degree;
}

/// The area drawn so far, in degrees, to fit the view to.
struct Bounds {
    double min_lat = 90, max_lat = -90, min_lon = 180, max_lon = -180;
    bool empty() const { return min_lat > max_lat; }
    void add(double lat, double lon) {
        min_lat = std::min(min_lat, lat);
        max_lat = std::max(max_lat, lat);
        min_lon = std::min(min_lon, lon);
        max_lon = std::max(max_lon, lon);
    }
};

/// SVG path data of one ring. Longitudes are unwrapped so that a ring crossing the
/// antimeridian stays one shape instead of a stripe across the map; points closer than half a
/// pixel to the last one drawn are dropped (the boundaries carry a vertex every degree or less).
void append_ring(std::string& d, const std::vector<GeoPoint>& ring, Bounds* bounds,
                 double min_step = 0.5) {
    if (ring.size() < 2) {
        return;
    }
    double last_lon = ring.front().lon;
    double last_x = 0, last_y = 0;
    bool first = true;
    for (const auto& p : ring) {
        double lon = p.lon;
        while (lon - last_lon > 180) {
            lon -= 360;
        }
        while (lon - last_lon < -180) {
            lon += 360;
        }
        last_lon = lon;
        const double x = x_of(lon), y = y_of(p.lat);
        if (!first && std::fabs(x - last_x) < min_step && std::fabs(y - last_y) < min_step) {
            continue;
        }
        // Whole pixels are enough for the coarse outlines.
        d += min_step >= 1 ? fmt::format("{}{:.0f},{:.0f}", first ? "M" : "L", x, y)
                           : fmt::format("{}{:.1f},{:.1f}", first ? "M" : "L", x, y);
        first = false;
        last_x = x;
        last_y = y;
        if (bounds != nullptr) {
            bounds->add(p.lat, lon);
        }
    }
    d += 'Z';
}

std::string fir_path(const std::vector<FirPolygon>& polygons, Bounds* bounds,
                     double min_step = 0.5) {
    std::string d;
    for (const auto& polygon : polygons) {
        append_ring(d, polygon.outer, bounds, min_step);
        for (const auto& hole : polygon.holes) {
            append_ring(d, hole, bounds, min_step);
        }
    }
    return d;
}

const char* severity_class(Severity s) {
    switch (s) {
    case Severity::info:
        return "sev-info";
    case Severity::caution:
        return "sev-caution";
    case Severity::warning:
        return "sev-warning";
    case Severity::prohibition:
        return "sev-prohibition";
    }
    return "sev-info";
}

/// The hazards naming one FIR: shaded by the most severe, titled with the first few.
struct FirShade {
    Severity severity = Severity::info;
    std::vector<const Hazard*> hazards;
};

std::string hazard_label(const Hazard& h) {
    return fmt::format("{} ({}): {}", h.id.empty() ? h.key : h.id, to_string(h.severity),
                       clip_utf8(collapse_whitespace(h.title.empty() ? h.text : h.title), 160));
}

constexpr const char* style = R"css(
.sea{fill:#eef3f7}
.firs{fill:none;stroke:#9aa7b2;stroke-width:.7;vector-effect:non-scaling-stroke}
.hazard{stroke-width:1.5;fill-opacity:.45;vector-effect:non-scaling-stroke}
.sev-info{fill:#64b5f6;stroke:#1e88e5}
.sev-caution{fill:#fdd835;stroke:#c6a700}
.sev-warning{fill:#fb8c00;stroke:#c25e00}
.sev-prohibition{fill:#e53935;stroke:#ab000d}
.airport{fill:#6a1b9a;fill-opacity:.7;stroke:#fff;stroke-width:1;vector-effect:non-scaling-stroke}
.label{font-family:sans-serif;fill:#263238}
)css";

} // namespace

SvgMap::SvgMap(std::shared_ptr<const RefData> refdata) : refdata_(std::move(refdata)) {
    refdata_->for_each_fir([&](const Fir& fir) {
        const auto polygons = refdata_->fir_boundary(fir.code);
        Outline outline;
        Bounds bounds;
        outline.detailed = fir_path(polygons, &bounds);
        if (outline.detailed.empty()) {
            return;
        }
        outline.coarse = fir_path(polygons, nullptr, coarse_step);
        outline.min_lat = bounds.min_lat;
        outline.max_lat = bounds.max_lat;
        outline.min_lon = bounds.min_lon;
        outline.max_lon = bounds.max_lon;
        outlines_.push_back(std::move(outline));
    });
}

std::string SvgMap::render(const std::vector<StoredHazard>& hazards,
                           const std::vector<MapAirport>& airports) const {
    Bounds bounds;
    std::map<std::string, FirShade> shades;
    std::string shapes;
    for (const auto& stored : hazards) {
        const Hazard& h = stored.hazard;
        for (const auto& fir : h.firs) {
            auto& shade = shades[fir];
            shade.severity = std::max(shade.severity, h.severity);
            shade.hazards.push_back(&h);
        }
        const auto& g = h.geometry;
        if (g.type == Geometry::Type::circle && g.radius_nm > 0) {
            const double ry = g.radius_nm / nm_per_degree;
            const double rx = ry / std::max(std::cos(g.center.lat * M_PI / 180.0), 0.05);
            bounds.add(g.center.lat - ry, g.center.lon - rx);
            bounds.add(g.center.lat + ry, g.center.lon + rx);
            shapes += fmt::format(
                R"(<ellipse class="hazard {}" data-hazard="{}" cx="{:.1f}" cy="{:.1f}" rx="{:.1f}" ry="{:.1f}"><title>{}</title></ellipse>)"
                "\n",
                severity_class(h.severity), html_escape(h.key), x_of(g.center.lon),
                y_of(g.center.lat), rx * px_per_degree, ry * px_per_degree,
                html_escape(hazard_label(h)));
        } else if (g.type == Geometry::Type::polygon) {
            std::string d;
            for (const auto& ring : g.rings) {
                append_ring(d, ring, &bounds);
            }
            shapes += fmt::format(
                R"(<path class="hazard {}" data-hazard="{}" d="{}"><title>{}</title></path>)"
                "\n",
                severity_class(h.severity), html_escape(h.key), d, html_escape(hazard_label(h)));
        }
    }

    std::string fir_shapes;
    for (const auto& [code, shade] : shades) {
        const auto d = fir_path(refdata_->fir_boundary(code), &bounds);
        if (d.empty()) {
            continue; // a FIR VATSpy draws no boundary for
        }
        std::string title = fmt::format("{}: {} active hazard{}", code, shade.hazards.size(),
                                        shade.hazards.size() == 1 ? "" : "s");
        for (std::size_t i = 0; i < std::min<std::size_t>(shade.hazards.size(), 5); ++i) {
            title += '\n';
            title += hazard_label(*shade.hazards[i]);
        }
        fir_shapes += fmt::format(
            R"(<path class="hazard fir {}" data-fir="{}" data-hazards="{}" d="{}"><title>{}</title></path>)"
            "\n",
            severity_class(shade.severity), html_escape(code), shade.hazards.size(), d,
            html_escape(title));
    }

    // The view fits the hazards; airports widen it only when no hazard is drawn (a
    // cancellation far away would otherwise shrink the hazard to a dot).
    const bool fit_airports = bounds.empty();
    if (fit_airports) {
        for (const auto& a : airports) {
            bounds.add(a.lat, a.lon);
        }
    }

    // Fit the view: what is drawn, padded, at least 40 x 24 degrees, inside the world.
    double x0 = 0, y0 = 0, w = 360 * px_per_degree, h = 180 * px_per_degree;
    if (!bounds.empty()) {
        const double pad = 6;
        double lat0 = bounds.min_lat - pad, lat1 = bounds.max_lat + pad;
        double lon0 = bounds.min_lon - pad, lon1 = bounds.max_lon + pad;
        const double min_lon_span = 40, min_lat_span = 24;
        if (lon1 - lon0 < min_lon_span) {
            const double mid = (lon0 + lon1) / 2;
            lon0 = mid - min_lon_span / 2;
            lon1 = mid + min_lon_span / 2;
        }
        if (lat1 - lat0 < min_lat_span) {
            const double mid = (lat0 + lat1) / 2;
            lat0 = mid - min_lat_span / 2;
            lat1 = mid + min_lat_span / 2;
        }
        lat0 = std::max(lat0, -90.0);
        lat1 = std::min(lat1, 90.0);
        x0 = x_of(lon0);
        y0 = y_of(lat1);
        w = (lon1 - lon0) * px_per_degree;
        h = (lat1 - lat0) * px_per_degree;
    }

    // Dots and labels keep their size on screen whatever the zoom: sized against the view.
    const double unit = w / 600.0;
    std::string dots;
    for (const auto& a : airports) {
        // Area proportional to cancellations over baseline (at least one expected, so that
        // a single cancellation on a quiet airport stays small).
        const double ratio = static_cast<double>(a.cancelled) / std::max(a.expected, 1.0);
        const double r = (3 + 2.5 * std::sqrt(std::min(ratio, 100.0))) * unit;
        dots += fmt::format(
            R"(<circle class="airport" data-airport="{}" cx="{:.1f}" cy="{:.1f}" r="{:.2f}"><title>{} {}: {} cancelled in 24 h, baseline {:.1f}</title></circle>)"
            R"(<text class="label" x="{:.1f}" y="{:.1f}" font-size="{:.2f}">{}</text>)"
            "\n",
            html_escape(a.code), x_of(a.lon), y_of(a.lat), r, html_escape(a.code),
            html_escape(a.name), a.cancelled, a.expected, x_of(a.lon) + r + unit,
            y_of(a.lat) + 3 * unit, 9 * unit, html_escape(a.code));
    }

    std::string svg = fmt::format(
        R"(<svg xmlns="http://www.w3.org/2000/svg" class="map" viewBox="{:.1f} {:.1f} {:.1f} {:.1f}" role="img" aria-label="Active hazards by FIR and airports with cancellations">)"
        "\n<style>{}</style>\n",
        x0, y0, w, h, style);
    svg += fmt::format(R"(<rect class="sea" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}"/>)"
                       "\n",
                       x0, y0, w, h);
    // The whole world gets the coarse outlines; a region only the FIRs it shows, in detail.
    std::string outlines;
    const bool world = bounds.empty();
    for (const auto& o : outlines_) {
        if (world) {
            outlines += o.coarse;
        } else if (x_of(o.max_lon) >= x0 && x_of(o.min_lon) <= x0 + w && y_of(o.min_lat) >= y0 &&
                   y_of(o.max_lat) <= y0 + h) {
            outlines += o.detailed;
        }
    }
    svg += fmt::format("<path class=\"firs\" d=\"{}\"/>\n<g class=\"hazards\">\n{}{}</g>\n"
                       "<g class=\"airports\">\n{}</g>\n</svg>\n",
                       outlines, fir_shapes, shapes, dots);
    return svg;
}

} // namespace aerowatch
