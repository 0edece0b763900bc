// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/hazard.hpp"
#include "core/result.hpp"
#include "sources/notam/notam.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace aerowatch {

/// The largest body a gzip payload may inflate to: a redirect content download of a whole
/// classification is tens of MB; anything past this is refused rather than risk the service's
/// memory cap.
inline constexpr std::size_t faa_max_inflated_size = std::size_t{256} << 20;

/// Source kinds faa_notam_api and faa_nms_api. Reads, whichever the payload is:
/// - the legacy envelope {pageSize,pageNum,totalCount,totalPages,items:[Feature]} (sets
///   next_page_number while pageNum < totalPages);
/// - the NMS envelope {status,errors,data:{geojson:[Feature]}} or data:{aixm:["<AIXM...>"]}
///   (each string read by parse_aixm), or data:{url:"/nmsapi/v1/content/..."} (sets
///   next_page_url);
/// - a bare JSON array of Features (the content download), also gzip-compressed without a
///   Content-Encoding (sniffed from the 1f 8b magic);
/// - XML (nmsResponseFormat: AIXM, whose initial load is a SOAP-wrapped WFS collection): read
///   by parse_aixm;
/// - a single Feature.
/// Structured NOTAM fields are authoritative; the ICAO or domestic translation only fills what
/// they lack, and never when it is FAA placeholder garbage. One bad feature is an ItemError;
/// the others still count. Checklist NOTAMs are skipped. Never throws.
HazardBatch parse_faa_notam_api(std::string_view payload);

/// The NOTAMs of a payload as read, before they become hazards (checklists included), in
/// payload order, then one failure per payload-level error. For tests, tools and benchmarks.
std::vector<Result<Notam>> faa_notams(std::string_view payload);

/// One GeoJSON Feature of either API as the Notam its fields describe (translation filling
/// gaps, as above). For tests and tools.
Result<Notam> notam_from_geojson_feature(std::string_view feature_json);

/// Inflates gzip data (one or more members); an error when it is corrupt, truncated, or would
/// exceed `max_size` bytes.
Result<std::string> gunzip(std::string_view data, std::size_t max_size = faa_max_inflated_size);

} // namespace aerowatch
