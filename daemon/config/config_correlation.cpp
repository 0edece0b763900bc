// SPDX-License-Identifier: GPL-3.0-or-later
// [correlation], [[watch]] and [[disruption_rule]]: how hazards and flights are matched and
// when that becomes an alert.
#include "config/config.hpp"
#include "config/config_reader.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

#include <algorithm>
#include <ostream>
#include <set>

namespace aerowatch {

std::vector<DisruptionRule> default_disruption_rules() {
    DisruptionRule correlated;
    correlated.name = "hazard-disruption";
    DisruptionRule unexplained;
    unexplained.name = "unexplained-spike";
    unexplained.unexplained = true;
    unexplained.window = std::chrono::hours{24};
    unexplained.min_cancellations = 8;
    unexplained.min_airlines = 3;
    unexplained.min_ratio = 5.0;
    return {correlated, unexplained};
}

namespace config_detail {

namespace {

std::optional<int> read_int(TableReader& reader, std::string_view key, int min, int max) {
    if (auto n = reader.number(key, min, max)) {
        if (*n != static_cast<double>(static_cast<int>(*n))) {
            reader.error(key, "expected a whole number");
            return std::nullopt;
        }
        return static_cast<int>(*n);
    }
    return std::nullopt;
}

std::optional<GeoPoint> read_point(const toml::node& node) {
    const auto* pair = node.as_array();
    if (pair == nullptr || pair->size() != 2) {
        return std::nullopt;
    }
    const auto lat = (*pair)[0].value<double>();
    const auto lon = (*pair)[1].value<double>();
    if (!lat || !lon || *lat < -90 || *lat > 90 || *lon < -180 || *lon > 180) {
        return std::nullopt;
    }
    return GeoPoint{*lat, *lon};
}

void read_geometry(TableReader& reader, Geometry& geometry) {
    reader.table("circle", [&](TableReader& circle) {
        const auto lat = circle.number("lat", -90, 90);
        const auto lon = circle.number("lon", -180, 180);
        const auto radius = circle.number("radius_nm", 0.1, 10800);
        if (!lat) {
            circle.missing("lat");
        }
        if (!lon) {
            circle.missing("lon");
        }
        if (!radius) {
            circle.missing("radius_nm");
        }
        circle.report_unknown();
        if (lat && lon && radius) {
            geometry.type = Geometry::Type::circle;
            geometry.center = {*lat, *lon};
            geometry.radius_nm = *radius;
        }
    });
    if (const toml::node* polygon = reader.take("polygon")) {
        if (geometry.type != Geometry::Type::none) {
            reader.error("polygon", "a watch area has a circle or a polygon, not both");
            return;
        }
        const auto* points = polygon->as_array();
        std::vector<GeoPoint> ring;
        bool valid = points != nullptr && points->size() >= 3;
        if (valid) {
            for (const auto& p : *points) {
                auto point = read_point(p);
                if (!point) {
                    valid = false;
                    break;
                }
                ring.push_back(*point);
            }
        }
        if (!valid) {
            reader.error("polygon", "expected at least 3 [lat, lon] pairs in degrees");
            return;
        }
        if (!(ring.front() == ring.back())) {
            ring.push_back(ring.front());
        }
        geometry.type = Geometry::Type::polygon;
        geometry.rings = {std::move(ring)};
    }
}

} // namespace

void read_correlation(TableReader& reader, CorrelationConfig& out) {
    const auto positive = [&](std::string_view key, std::chrono::seconds& value) {
        if (auto d = reader.duration(key)) {
            if (d->count() < 0) {
                reader.error(key, "must not be negative");
            } else {
                value = *d;
            }
        }
    };
    positive("lead", out.lead);
    positive("lag", out.lag);
    positive("repeat_interval", out.repeat_interval);
    positive("hold", out.hold);
    if (auto d = reader.duration("interval")) {
        if (d->count() < 1) {
            reader.error("interval", "must be at least \"1s\"");
        } else {
            out.interval = *d;
        }
    }
    if (auto ft = read_int(reader, "terminal_ceiling_ft", 0, 100000)) {
        out.terminal_ceiling_ft = *ft;
    }
    if (auto ft = read_int(reader, "cruise_floor_ft", 0, 100000)) {
        out.cruise_floor_ft = *ft;
    }
    if (auto growth = reader.number("update_growth", 0.01, 100)) {
        out.update_growth = *growth;
    }
}

void read_watches(const toml::node& node, Diagnostics& diagnostics, std::vector<WatchArea>& out) {
    read_array_of_tables(node, diagnostics, "watch", out, [](TableReader& reader, WatchArea& w) {
        w.line = reader.line();
        w.firs = string_list(reader, "firs");
        w.countries = string_list(reader, "countries");
        w.airports = string_list(reader, "airports");
        w.keywords = string_list(reader, "keywords");
        if (std::any_of(w.keywords.begin(), w.keywords.end(),
                        [](const std::string& k) { return trim(k).empty(); })) {
            reader.error("keywords", "a keyword is empty");
        }
        read_geometry(reader, w.geometry);
        if (auto severity = read_severity(reader, "min_severity")) {
            w.min_severity = *severity;
        }
        if (w.firs.empty() && w.countries.empty() && w.airports.empty() && w.keywords.empty() &&
            w.geometry.type == Geometry::Type::none) {
            reader.error("firs", "a watch area needs firs, countries, airports, keywords, a circle "
                                 "or a polygon");
        }
    });
}

void read_disruption_rules(const toml::node& node, Diagnostics& diagnostics,
                           std::vector<DisruptionRule>& out) {
    read_array_of_tables(
        node, diagnostics, "disruption_rule", out, [](TableReader& reader, DisruptionRule& r) {
            if (auto window = reader.duration("window")) {
                if (window->count() < 3600) {
                    reader.error("window", "must be at least \"1h\"");
                } else {
                    r.window = *window;
                }
            }
            r.min_cancellations =
                read_int(reader, "min_cancellations", 1, 1000000).value_or(r.min_cancellations);
            r.min_airlines = read_int(reader, "min_airlines", 1, 10000).value_or(r.min_airlines);
            r.min_ratio = reader.number("min_ratio", 0, 1e6).value_or(r.min_ratio);
            if (auto severity = read_severity(reader, "min_severity")) {
                r.min_severity = *severity;
            }
            r.categories = read_categories(reader, "categories");
            r.route = reader.boolean("route").value_or(false);
            r.unexplained = reader.boolean("unexplained").value_or(false);
            if (r.unexplained && (r.route || !r.categories.empty())) {
                reader.error("unexplained", "an unexplained-spike rule has no hazard, so no "
                                            "route or categories");
            }
        });
}

void describe_correlation(std::ostream& out, const Config& config) {
    const auto& c = config.correlation;
    out << "[correlation]\n"
        << "lead = " << toml_quote(format_duration(c.lead)) << "\n"
        << "lag = " << toml_quote(format_duration(c.lag)) << "\n"
        << "terminal_ceiling_ft = " << c.terminal_ceiling_ft << "\n"
        << "cruise_floor_ft = " << c.cruise_floor_ft << "\n"
        << "interval = " << toml_quote(format_duration(c.interval)) << "\n"
        << "repeat_interval = " << toml_quote(format_duration(c.repeat_interval)) << "\n"
        << "hold = " << toml_quote(format_duration(c.hold)) << "\n"
        << "update_growth = " << c.update_growth << "\n";
    for (const auto& w : c.watches) {
        out << "\n[[watch]]\nname = " << toml_quote(w.name) << "\n";
        const auto list = [&](const char* key, const std::vector<std::string>& values) {
            if (values.empty()) {
                return;
            }
            out << key << " = [";
            for (std::size_t i = 0; i < values.size(); ++i) {
                out << (i == 0 ? "" : ", ") << toml_quote(values[i]);
            }
            out << "]\n";
        };
        list("firs", w.firs);
        list("countries", w.countries);
        list("airports", w.airports);
        list("keywords", w.keywords);
        if (w.geometry.type == Geometry::Type::circle) {
            out << "circle = { lat = " << w.geometry.center.lat
                << ", lon = " << w.geometry.center.lon << ", radius_nm = " << w.geometry.radius_nm
                << " }\n";
        } else if (w.geometry.type == Geometry::Type::polygon) {
            out << "polygon = [";
            const auto& ring = w.geometry.rings.front();
            for (std::size_t i = 0; i < ring.size(); ++i) {
                out << (i == 0 ? "" : ", ") << "[" << ring[i].lat << ", " << ring[i].lon << "]";
            }
            out << "]\n";
        }
        out << "min_severity = " << toml_quote(to_string(w.min_severity)) << "\n";
    }
    for (const auto& r : c.rules) {
        out << "\n[[disruption_rule]]\nname = " << toml_quote(r.name) << "\n"
            << "window = " << toml_quote(format_duration(r.window)) << "\n"
            << "min_cancellations = " << r.min_cancellations << "\n"
            << "min_airlines = " << r.min_airlines << "\n"
            << "min_ratio = " << r.min_ratio << "\n";
        if (r.unexplained) {
            out << "unexplained = true\n";
        } else {
            out << "min_severity = " << toml_quote(to_string(r.min_severity)) << "\n";
            if (!r.categories.empty()) {
                out << "categories = [";
                const char* sep = "";
                for (const auto category : r.categories.list()) {
                    out << sep << toml_quote(to_string(category));
                    sep = ", ";
                }
                out << "]\n";
            }
            out << "route = " << (r.route ? "true" : "false") << "\n";
        }
    }
}

} // namespace config_detail

} // namespace aerowatch
