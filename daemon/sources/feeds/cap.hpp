// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/geo.hpp"
#include "core/hazard.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace aerowatch {

/// Common Alerting Protocol alerts (source kind cap): CAP 1.2
/// (urn:oasis:names:tc:emergency:cap:1.2, and 1.1 alike), a single <alert> or alerts found
/// anywhere in the document by namespace URI (inside Atom entries, EDXL or SOAP wrappers), and
/// Atom entries that carry CAP fields directly (MeteoAlarm style: cap:identifier, cap:event...
/// as children of the entry).
///
/// Each alert becomes a Hazard of kind cap keyed sender + "/" + identifier. Status Test,
/// Exercise, Draft and System, and msgType Ack and Error, are not hazards: skipped, not counted
/// as errors. msgType Update replaces and Cancel cancels the alert named last in `references`
/// ("sender,identifier,sent" triples): ref_key sender/identifier. Of several <info> blocks (one
/// per language) the first English one is used (no <language> means en-US), else the first.
/// From it: severity (Extreme/Severe warning, Moderate caution, Minor/Unknown info), category
/// (Met weather, Security security_conflict, others other), valid_from (effective, else onset,
/// else sent, as CAP defines), valid_to (expires), title (headline, else event), text
/// (description, instruction and the area descriptions), link (web), issuer (senderName, else
/// sender); issued is sent. Areas: every <polygon> ("lat,lon lat,lon ...": latitude first)
/// is a ring, closed if open; a lone <circle> ("lat,lon radius_km") is a circle in nautical
/// miles; circles beside polygons or other circles become 32-sided rings so that no area is
/// lost; altitude and ceiling (feet) are the limits.
HazardBatch parse_cap(std::string_view payload);

/// A ring of `sides` points (closed) around `center` at `radius_nm` on a spherical Earth.
std::vector<GeoPoint> circle_ring(GeoPoint center, double radius_nm, int sides = 32);

} // namespace aerowatch
