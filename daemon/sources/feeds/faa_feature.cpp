// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/feeds/faa_feature.hpp"

#include "core/text.hpp"
#include "core/time.hpp"
#include "sources/feeds/faa_notam_fields.hpp"

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace aerowatch::faa_feature {

namespace {

using namespace simdjson;
using ondemand::json_type;
namespace sn = structured_notam;

struct Slot {
    std::string_view name;
    std::string_view FeatureText::*member;
};

// The coreNOTAMData.notam fields we read (others, such as id and lastUpdated, are skipped).
constexpr std::array<Slot, 24> notam_slots = {{
    {"series", &FeatureText::series},
    {"number", &FeatureText::number},
    {"type", &FeatureText::type},
    {"issued", &FeatureText::issued},
    {"affectedFIR", &FeatureText::fir},
    {"selectionCode", &FeatureText::qcode},
    {"traffic", &FeatureText::traffic},
    {"purpose", &FeatureText::purpose},
    {"scope", &FeatureText::scope},
    {"minimumFL", &FeatureText::min_fl},
    {"maximumFL", &FeatureText::max_fl},
    {"coordinates", &FeatureText::coordinates},
    {"radius", &FeatureText::radius},
    {"location", &FeatureText::location},
    {"icaoLocation", &FeatureText::icao_location},
    {"effectiveStart", &FeatureText::start},
    {"effectiveEnd", &FeatureText::end},
    {"text", &FeatureText::text},
    {"classification", &FeatureText::classification},
    {"accountId", &FeatureText::account},
    {"lowerLimit", &FeatureText::lower},
    {"upperLimit", &FeatureText::upper},
    {"schedule", &FeatureText::schedule},
    {"cancelationDate", &FeatureText::cancelation},
}};

constexpr auto slots_of_length = sn::slots_by_length<15>(notam_slots);

template <typename F> void for_each_field(ondemand::value value, F&& fn) {
    if (value.type() != json_type::object) {
        return;
    }
    for (auto member : value.get_object()) {
        // The field used where it stands: moving it out copied the iterator through the
        // stack, a store-forwarding stall on every field of every feature.
        if (member.error()) {
            throw simdjson_error(member.error());
        }
        ondemand::field& f = member.value_unsafe();
        fn(key_of(f), f.value());
    }
}

void read_notam(ondemand::value value, FeatureText& text) {
    text.has_notam = value.type() == json_type::object;
    for_each_field(value, [&](std::string_view key, ondemand::value& v) {
        if (const int i = sn::find_slot(notam_slots, slots_of_length, key); i >= 0) {
            text.*notam_slots[static_cast<std::size_t>(i)].member = scalar(v);
        }
    });
}

void read_translations(ondemand::value value, FeatureText& text) {
    if (value.type() != json_type::array) {
        return;
    }
    for (auto item : value.get_array()) {
        std::string_view type, formatted, simple;
        for_each_field(std::move(item), [&](std::string_view key, ondemand::value& v) {
            if (same_bytes(key, "type")) {
                type = scalar(v);
            } else if (same_bytes(key, "formattedText")) {
                formatted = scalar(v);
            } else if (same_bytes(key, "simpleText")) {
                simple = scalar(v);
            }
        });
        if (!formatted.empty() && (same_bytes(type, "ICAO") || text.icao_translation.empty())) {
            text.icao_translation = formatted;
        }
        if (!simple.empty() &&
            (same_bytes(type, "LOCAL_FORMAT") || text.local_translation.empty())) {
            text.local_translation = simple;
        }
    }
}

/// A GeoJSON position [lon, lat, ...] as a GeoPoint (lat first, as all our types are).
std::optional<GeoPoint> read_position(ondemand::value value) {
    if (value.type() != json_type::array) {
        return std::nullopt;
    }
    double xy[2] = {0, 0};
    int n = 0;
    for (auto item : value.get_array()) {
        ondemand::value v = std::move(item);
        if (v.type() != json_type::number) {
            return std::nullopt;
        }
        if (n < 2) {
            xy[n] = v.get_double();
        }
        ++n;
    }
    if (n < 2 || !(xy[1] >= -90 && xy[1] <= 90) || !(xy[0] >= -180 && xy[0] <= 180)) {
        return std::nullopt;
    }
    return GeoPoint{xy[1], xy[0]};
}

/// The exterior ring of a Polygon's coordinates, closed; empty when fewer than 3 points.
std::vector<GeoPoint> read_exterior(ondemand::value polygon) {
    std::vector<GeoPoint> ring;
    if (polygon.type() != json_type::array) {
        return ring;
    }
    for (auto first : polygon.get_array()) {
        ondemand::value positions = std::move(first);
        if (positions.type() == json_type::array) {
            for (auto item : positions.get_array()) {
                if (auto p = read_position(std::move(item))) {
                    ring.push_back(*p);
                }
            }
        }
        break; // inner rings are holes, not areas
    }
    if (ring.size() < 3) {
        return {};
    }
    if (!(ring.front() == ring.back())) {
        ring.push_back(ring.front());
    }
    return ring;
}

/// find_field_unordered that tells "absent" from a broken document: after the latter the
/// iterator is dead and must not be used again, so it throws.
bool find(ondemand::object& object, std::string_view key, ondemand::value& out) {
    const auto error = object.find_field_unordered(key).get(out);
    if (error && error != NO_SUCH_FIELD) {
        throw simdjson_error(error);
    }
    return !error;
}

void read_geometry(ondemand::object geometry, FeatureText& text, int depth) {
    std::string_view type;
    ondemand::value v;
    if (find(geometry, "type", v)) {
        type = scalar(v);
    }
    if (same_bytes(type, "GeometryCollection")) {
        // Often there is no "geometries" key at all.
        if (depth > 2 || !find(geometry, "geometries", v) || v.type() != json_type::array) {
            return;
        }
        for (auto item : v.get_array()) {
            ondemand::value g = std::move(item);
            if (g.type() == json_type::object) {
                read_geometry(g.get_object(), text, depth + 1);
            }
        }
        return;
    }
    if (!find(geometry, "coordinates", v)) {
        return;
    }
    if (same_bytes(type, "Point")) {
        if (auto p = read_position(v); p && !text.point) {
            text.point = p;
        }
    } else if (same_bytes(type, "Polygon") || same_bytes(type, "MultiPolygon")) {
        if (v.type() != json_type::array) {
            return;
        }
        auto add = [&](ondemand::value polygon) {
            if (auto ring = read_exterior(polygon); !ring.empty()) {
                text.polygon.type = Geometry::Type::polygon;
                text.polygon.rings.push_back(std::move(ring));
            }
        };
        if (same_bytes(type, "Polygon")) {
            add(v);
        } else {
            for (auto polygon : v.get_array()) {
                add(std::move(polygon));
            }
        }
    }
}

/// ISO 8601 as FAA writes it ("2023-11-09T20:43:00.000Z"), also without a zone (UTC).
std::optional<UtcTime> iso(std::string_view text) {
    text = trim(text);
    if (auto t = parse_iso8601(text)) {
        return t;
    }
    if (text.size() == 16 || text.size() == 19 || text.size() == 23) {
        std::string zoned(text);
        zoned += text.size() == 16 ? ":00Z" : "Z";
        return parse_iso8601(zoned);
    }
    return std::nullopt;
}

bool is_digits(std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

/// Number, series and year from the FAA "number" (ICAO "A0554/23", series-less "0603/09",
/// the literal-null quirk "null0603/09", domestic "02/277", FDC "4/2246").
bool read_number(const FeatureText& text, Notam& notam) {
    std::string_view number = trim(text.number);
    if (number.starts_with("null")) {
        number.remove_prefix(4); // FAA concatenates a missing series as the word "null"
    }
    std::string_view series = trim(text.series);
    if (series == "null") {
        series = {};
    }
    std::string_view letters = number.substr(0, number.find_first_of("0123456789/"));
    const auto slash = number.find('/');
    if (slash == std::string_view::npos || letters.size() > 2) {
        return false;
    }
    const auto left = number.substr(letters.size(), slash - letters.size());
    const auto right = number.substr(slash + 1);
    if (!is_digits(left) || !is_digits(right) || left.size() > 4 || right.size() > 4) {
        return false;
    }
    if (series.empty()) {
        series = letters;
    }
    sn::set_field(notam.series, series);
    const bool icao = left.size() == 4 && right.size() == 2;
    if (icao) {
        notam.number = *sn::small_int(left);
        notam.year = 2000 + *sn::small_int(right);
        notam.id = letters.empty() && series.size() == 1 ? std::string(series) : std::string();
        notam.id += number;
    } else {
        // Domestic "MM/NNN" and FDC "Y/NNNN": the sequence is on the right; the year comes
        // from the dates.
        notam.number = *sn::small_int(right);
        notam.id = std::string(number);
    }
    return true;
}

/// True when `token` holds a backslash. Eight bytes at a time, in line: this runs over every
/// string of every feature, and a memchr call cost more than the scan of a short field.
bool has_backslash(std::string_view token) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t highs = 0x8080808080808080ULL;
    const char* p = token.data();
    const std::size_t n = token.size();
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t word;
        std::memcpy(&word, p + i, 8);
        const std::uint64_t x = word ^ (ones * '\\');
        if (((x - ones) & ~x & highs) != 0) {
            return true;
        }
    }
    for (; i < n; ++i) {
        if (p[i] == '\\') {
            return true;
        }
    }
    return false;
}

} // namespace

std::string_view key_of(ondemand::field& field) {
    const char* key = field.key().raw();
    std::size_t n = 0;
    // Stage 1 has checked that every string is closed, so the scan stops inside the buffer.
    while (key[n] != '"' && key[n] != '\\') {
        ++n;
    }
    return {key, n};
}

std::string_view scalar(ondemand::value& value) {
    switch (json_type(value.type())) {
    case json_type::string: {
        // Most strings have no escapes: their text is then read straight from the input,
        // which spares simdjson's copy into its string buffer (and the page faults of a fresh
        // buffer the size of the payload on every call).
        // The token starts at its quote and runs to the next token: only JSON whitespace can
        // follow the closing quote.
        std::string_view token = value.raw_json_token();
        while (!token.empty() && (token.back() == ' ' || token.back() == '\n' ||
                                  token.back() == '\r' || token.back() == '\t')) {
            token.remove_suffix(1);
        }
        if (token.size() >= 2 && token.back() == '"' && !has_backslash(token)) {
            return token.substr(1, token.size() - 2);
        }
        return value.get_string();
    }
    case json_type::number:
    case json_type::boolean:
        return trim(std::string_view(value.raw_json_token()));
    default:
        return {};
    }
}

void read(ondemand::object feature, FeatureText& text) {
    for (auto member : feature) {
        if (member.error()) {
            throw simdjson_error(member.error());
        }
        ondemand::field& f = member.value_unsafe();
        const auto key = key_of(f);
        if (same_bytes(key, "properties")) {
            for_each_field(f.value(), [&](std::string_view k, ondemand::value& core) {
                if (!same_bytes(k, "coreNOTAMData")) {
                    return;
                }
                for_each_field(core, [&](std::string_view part, ondemand::value& v) {
                    if (same_bytes(part, "notam")) {
                        read_notam(v, text);
                    } else if (same_bytes(part, "notamTranslation")) {
                        read_translations(v, text);
                    }
                });
            });
        } else if (same_bytes(key, "geometry")) {
            ondemand::value g = f.value();
            if (g.type() == json_type::object) {
                read_geometry(g.get_object(), text, 0);
            }
        }
    }
}

Result<Notam> build(const FeatureText& text, bool keep_raw) {
    if (!text.has_notam) {
        return Result<Notam>::failure("feature without properties.coreNOTAMData.notam");
    }
    Notam notam;
    if (!read_number(text, notam)) {
        return Result<Notam>::failure("feature with an unreadable NOTAM number \"" +
                                      sn::field(text.number) + "\"");
    }
    const auto classification = trim(text.classification);
    notam.form = notam.series.empty() && classification != "INTL" &&
                         (!text.local_translation.empty() || !classification.empty())
                     ? Notam::Form::faa_domestic
                     : Notam::Form::icao;
    const auto type = trim(text.type);
    notam.type = type == "R" || type == "C" ? type[0] : 'N';
    sn::set_field(notam.issuer, text.account);
    notam.created = iso(text.issued);
    sn::set_field(notam.fir, text.fir);
    sn::set_field(notam.qcode, text.qcode);
    sn::set_field(notam.traffic, text.traffic);
    sn::set_field(notam.purpose, text.purpose);
    sn::set_field(notam.scope, text.scope);
    notam.lower_fl = sn::small_int(text.min_fl);
    notam.upper_fl = sn::small_int(text.max_fl);
    if (auto at = sn::coordinates(text.coordinates)) {
        notam.lat = at->lat;
        notam.lon = at->lon;
    } else if (text.point) {
        notam.lat = text.point->lat;
        notam.lon = text.point->lon;
    }
    notam.radius_nm = sn::small_int(text.radius);
    const auto location = trim(text.icao_location).empty() ? text.location : text.icao_location;
    if (!trim(location).empty()) {
        notam.locations.push_back(sn::field(location));
    }
    notam.valid_from = iso(text.start);
    auto end = trim(text.end);
    if (end == "PERM") {
        notam.permanent = true;
    } else {
        if (end.ends_with("EST")) {
            notam.valid_to_estimated = true;
            end = trim(end.substr(0, end.size() - 3));
        }
        notam.valid_to = iso(end);
        if (!notam.valid_to) {
            notam.valid_to_estimated = false;
        }
    }
    notam.text = sn::body_text(text.text);
    notam.lower = sn::limit(text.lower);
    notam.upper = sn::limit(text.upper);
    notam.schedule = sn::schedule(text.schedule);
    sn::use_translations(notam, text.icao_translation, text.local_translation, keep_raw);
    if (notam.year == 0) {
        const auto& date = notam.created ? notam.created : notam.valid_from;
        notam.year =
            date ? int(std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(*date))
                           .year())
                 : 0;
    }
    // A cancelled NOTAM (NMS cancelationDate) stopped applying then, whatever its end said.
    if (auto cancelled = iso(text.cancelation)) {
        if (!notam.valid_to || *cancelled < *notam.valid_to) {
            notam.valid_to = cancelled;
            notam.valid_to_estimated = false;
            notam.permanent = false;
        }
    }
    return notam;
}

} // namespace aerowatch::faa_feature
