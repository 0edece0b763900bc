// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/feeds/awc_sigmet.hpp"

#include "core/text.hpp"
#include "core/time.hpp"
#include "normalise/classifier.hpp"
#include "sources/feeds/feed_support.hpp"
#include "sources/feeds/json_support.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

namespace aerowatch {

namespace {

using simdjson::ondemand::json_type;

struct SigmetRecord {
    std::string icao_id, fir_id, fir_name, series_id, hazard, qualifier, geom, raw_sigmet;
    std::optional<std::string> receipt_time;
    std::optional<double> valid_from, valid_to, base, top;
    std::vector<std::vector<GeoPoint>> rings;
};

std::optional<GeoPoint> read_point(simdjson::ondemand::value& value) {
    simdjson::ondemand::object object;
    if (value.get_object().get(object)) {
        return std::nullopt;
    }
    std::optional<double> lat, lon;
    for (auto result : object) {
        simdjson::ondemand::field field;
        std::string_view key;
        if (std::move(result).get(field) || field.unescaped_key().get(key)) {
            return std::nullopt;
        }
        if (key == "lat") {
            lat = feed::json_number(field.value());
        } else if (key == "lon") {
            lon = feed::json_number(field.value());
        }
    }
    // {"lon": null, "lat": 11.35} is a real AWC ring entry: unusable, and dropped.
    return lat && lon ? feed::make_point(*lat, *lon) : std::nullopt;
}

/// AREA and LINE give a list of points, AREAS a list of rings; either shape is read here, so
/// that a record whose geom disagrees with its coords still yields its points.
std::vector<std::vector<GeoPoint>> read_coords(simdjson::ondemand::value& value) {
    std::vector<std::vector<GeoPoint>> rings;
    std::vector<GeoPoint> points;
    simdjson::ondemand::array array;
    if (value.get_array().get(array)) {
        return rings; // null or not a list: no geometry
    }
    for (auto element : array) {
        simdjson::ondemand::value item;
        json_type type{};
        if (std::move(element).get(item) || item.type().get(type)) {
            break;
        }
        if (type == json_type::object) {
            if (auto p = read_point(item)) {
                points.push_back(*p);
            }
        } else if (type == json_type::array) {
            simdjson::ondemand::array inner;
            std::vector<GeoPoint> ring;
            if (!item.get_array().get(inner)) {
                for (auto inner_element : inner) {
                    simdjson::ondemand::value point;
                    if (std::move(inner_element).get(point)) {
                        break;
                    }
                    if (auto p = read_point(point)) {
                        ring.push_back(*p);
                    }
                }
            }
            rings.push_back(std::move(ring));
        }
    }
    if (!points.empty()) {
        rings.insert(rings.begin(), std::move(points));
    }
    return rings;
}

Geometry make_geometry(const std::string& geom, std::vector<std::vector<GeoPoint>> rings) {
    Geometry g;
    if (geom == "LINE") {
        std::vector<GeoPoint> line;
        for (auto& ring : rings) {
            line.insert(line.end(), ring.begin(), ring.end());
        }
        if (line.size() >= 2) {
            g.type = Geometry::Type::line;
            g.rings.push_back(std::move(line));
        }
        return g;
    }
    for (auto& ring : rings) {
        if (ring.size() > 1 && ring.front() == ring.back()) {
            ring.pop_back(); // counted open, closed again below
        }
        if (ring.size() < 3) {
            continue;
        }
        feed::close_ring(ring);
        g.rings.push_back(std::move(ring));
    }
    if (!g.rings.empty()) {
        g.type = Geometry::Type::polygon;
    }
    return g;
}

std::optional<UtcTime> epoch_time(std::optional<double> seconds) {
    // Past 1e11 s (year 5138) is not a SIGMET time; the bound also keeps the cast defined.
    if (!seconds || *seconds < 0 || *seconds > 1e11) {
        return std::nullopt;
    }
    return UtcTime{std::chrono::seconds{static_cast<std::int64_t>(*seconds)}};
}

std::optional<int> feet(std::optional<double> value) {
    if (!value || std::fabs(*value) > 1e6) {
        return std::nullopt;
    }
    return static_cast<int>(std::lround(*value));
}

std::string limit_text(int ft) {
    if (ft == 0) {
        return "SFC";
    }
    return ft > 0 && ft % 100 == 0 ? fmt::format("FL{:03}", ft / 100) : fmt::format("{}FT", ft);
}

std::optional<int> flight_level_at(std::string_view text, std::size_t pos) {
    if (pos + 5 > text.size() || text.substr(pos, 2) != "FL") {
        return std::nullopt;
    }
    int value = 0;
    for (std::size_t i = pos + 2; i < pos + 5; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return std::nullopt;
        }
        value = value * 10 + (text[i] - '0');
    }
    return value * 100;
}

void read_field(SigmetRecord& r, std::string_view key, simdjson::ondemand::value& value) {
    const auto text = [&] {
        return feed::json_string(value).value_or("");
    };
    if (key == "icaoId") {
        r.icao_id = trim(text());
    } else if (key == "firId") {
        r.fir_id = trim(text());
    } else if (key == "firName") {
        r.fir_name = collapse_whitespace(text());
    } else if (key == "seriesId") {
        r.series_id = trim(text());
    } else if (key == "hazard") {
        r.hazard = to_upper_ascii(trim(text()));
    } else if (key == "qualifier") {
        r.qualifier = trim(text());
    } else if (key == "geom") {
        r.geom = to_upper_ascii(trim(text()));
    } else if (key == "rawSigmet") {
        r.raw_sigmet = trim(text());
    } else if (key == "receiptTime") {
        r.receipt_time = feed::json_string(value);
    } else if (key == "validTimeFrom") {
        r.valid_from = feed::json_number(value);
    } else if (key == "validTimeTo") {
        r.valid_to = feed::json_number(value);
    } else if (key == "base") {
        r.base = feed::json_number(value);
    } else if (key == "top") {
        r.top = feed::json_number(value);
    } else if (key == "coords") {
        r.rings = read_coords(value);
    }
    // dir, spd ("UNK", "25" or 25), chng: movement is in the raw text; nothing to keep.
}

Hazard to_hazard(SigmetRecord r, std::string_view raw) {
    Hazard h;
    h.kind = HazardKind::sigmet;
    const auto from = epoch_time(r.valid_from);
    h.key = fmt::format("{}/{}/{}", r.fir_id, r.series_id, from->time_since_epoch().count());
    h.id = r.series_id.empty() ? r.fir_id + " SIGMET" : r.fir_id + " SIGMET " + r.series_id;
    h.issuer = r.icao_id;
    h.firs.push_back(r.fir_id);
    h.valid_from = from;
    h.valid_to = epoch_time(r.valid_to);
    if (r.receipt_time) {
        h.issued = parse_iso8601(*r.receipt_time);
    }
    h.lower_ft = feet(r.base);
    h.upper_ft = feet(r.top);
    if (!h.upper_ft) {
        h.upper_ft = sigmet_top_from_text(r.raw_sigmet);
    }
    h.lower_text = h.lower_ft ? limit_text(*h.lower_ft) : std::string();
    h.upper_text = h.upper_ft ? limit_text(*h.upper_ft) : std::string("UNK");
    h.geometry = make_geometry(r.geom, std::move(r.rings));

    // A SIGMET is by definition a warning of weather significant to all aircraft.
    h.severity = Severity::warning;
    h.categories.add(HazardCategory::weather);
    if (r.hazard == "VA") {
        h.categories.add(HazardCategory::volcanic_ash);
    }
    const auto& where = r.fir_name.empty() ? r.fir_id : r.fir_name;
    const auto what = collapse_whitespace(r.qualifier + " " + r.hazard);
    h.title = what.empty() ? fmt::format("{} SIGMET {}", where, r.series_id)
                           : fmt::format("{} SIGMET {}: {}", where, r.series_id, what);
    h.title = collapse_whitespace(h.title);
    h.text = std::move(r.raw_sigmet);
    h.raw = std::string(raw);
    Classifier::builtin().apply(h);
    return h;
}

} // namespace

std::optional<int> sigmet_top_from_text(std::string_view raw) {
    for (auto at = raw.find("TOP"); at != std::string_view::npos; at = raw.find("TOP", at + 1)) {
        if (at > 0 && raw[at - 1] != ' ' && raw[at - 1] != '\n') {
            continue;
        }
        auto rest = trim(raw.substr(at + 3));
        for (std::string_view word : {"ABV", "BLW"}) {
            if (rest.starts_with(word)) {
                rest = trim(rest.substr(word.size()));
            }
        }
        if (auto fl = flight_level_at(rest, 0)) {
            return fl;
        }
    }
    // "SFC/FL065", "FL250/FL380", "FL250/380": the level after the slash.
    for (auto at = raw.find('/'); at != std::string_view::npos; at = raw.find('/', at + 1)) {
        if (auto fl = flight_level_at(raw, at + 1)) {
            return fl;
        }
        if (at >= 5 && flight_level_at(raw, at - 5) && at + 4 <= raw.size()) {
            const auto level = raw.substr(at + 1, 3);
            const bool three_digits = std::all_of(level.begin(), level.end(),
                                                  [](char c) { return c >= '0' && c <= '9'; });
            const bool ends = at + 4 == raw.size() || raw[at + 4] < '0' || raw[at + 4] > '9';
            if (three_digits && ends) {
                return ((level[0] - '0') * 100 + (level[1] - '0') * 10 + (level[2] - '0')) * 100;
            }
        }
    }
    return std::nullopt;
}

HazardBatch parse_awc_isigmet(std::string_view payload) {
    HazardBatch batch;
    if (trim(payload).empty()) {
        return batch; // 204 No Content: nothing active
    }
    // simdjson rejects a whole document over one bad byte; repairing first keeps the rest.
    const auto json = to_valid_utf8(payload);
    std::vector<feed::JsonRecord> records;
    feed::split_json_array(json, "", records, batch.errors);
    simdjson::ondemand::parser parser;
    for (const auto& record : records) {
        SigmetRecord r;
        const auto failure = feed::for_each_field(
            parser, record.text,
            [&](std::string_view key, simdjson::ondemand::value& v) { read_field(r, key, v); });
        if (failure) {
            batch.errors.push_back({"SIGMET record: " + *failure, record.line});
            continue;
        }
        if (r.fir_id.empty() || !epoch_time(r.valid_from)) {
            batch.errors.push_back({"SIGMET record without firId or validTimeFrom", record.line});
            continue;
        }
        batch.hazards.push_back(to_hazard(std::move(r), record.text));
    }
    // Splitting and reading report separately; an operator reads them in payload order.
    std::stable_sort(batch.errors.begin(), batch.errors.end(),
                     [](const ItemError& a, const ItemError& b) { return a.line < b.line; });
    return batch;
}

} // namespace aerowatch
