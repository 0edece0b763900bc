// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <vector>

namespace aerowatch {

/// Degrees north and east (WGS 84). Always this order in our types, whatever the feed used.
struct GeoPoint {
    double lat = 0;
    double lon = 0;
    bool operator==(const GeoPoint&) const = default;
};

/// Where a hazard applies, beyond FIR and airport codes.
struct Geometry {
    enum class Type { none, circle, polygon, line };
    Type type = Type::none;
    GeoPoint center;      // circle
    double radius_nm = 0; // circle
    // polygon: one or more rings (AWC "AREAS", CAP several <polygon>), each closed by the
    // parser (first point repeated at the end); line: one ring holding the points in order.
    std::vector<std::vector<GeoPoint>> rings;
};

} // namespace aerowatch
