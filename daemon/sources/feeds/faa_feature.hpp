// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// One GeoJSON Feature of the FAA NOTAM APIs (legacy and NMS share the shape
// properties.coreNOTAMData.{notamEvent,notam,notamTranslation[]}), read with simdjson
// on-demand. Internal to the FAA API reader; split out to keep the envelope logic apart.

#include "core/geo.hpp"
#include "core/result.hpp"
#include "sources/notam/notam.hpp"

#include <simdjson.h>

#include <optional>
#include <string_view>

namespace aerowatch::faa_feature {

/// The text of every field we use, as views into the parser's string buffer (valid for as
/// long as the document is): nothing is copied until the Notam is built.
struct FeatureText {
    std::string_view series, number, type, issued, fir, qcode, traffic, purpose, scope;
    std::string_view min_fl, max_fl, coordinates, radius, location, icao_location;
    std::string_view start, end, text, classification, account, lower, upper, schedule;
    std::string_view cancelation;
    std::string_view icao_translation;  // notamTranslation[type=ICAO].formattedText
    std::string_view local_translation; // notamTranslation[type=LOCAL_FORMAT].simpleText
    bool has_notam = false;
    Geometry polygon; // Polygon geometries (exterior rings), lat/lon swapped from GeoJSON
    std::optional<GeoPoint> point; // the first Point geometry
};

/// A field's key without unescaping. Keys with escapes are cut at the backslash, so they
/// match none of the names we look for.
std::string_view key_of(simdjson::ondemand::field& field);

/// A scalar's text: strings unescaped, numbers and booleans as written, null and containers
/// empty (containers are left unread, which the iterator skips). By reference: copying the
/// iterator of every field showed as store-forwarding stalls.
std::string_view scalar(simdjson::ondemand::value& value);

/// Reads a Feature object into `text`. Throws simdjson_error on malformed JSON.
void read(simdjson::ondemand::object feature, FeatureText& text);

/// The Notam the fields describe; an error when it has no usable number. notam.raw is the
/// translation only with `keep_raw` (see use_translations).
Result<Notam> build(const FeatureText& text, bool keep_raw = true);

} // namespace aerowatch::faa_feature
