// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Invariants every hazard parser promises whatever the input: the fuzz targets check them, so
// that a fuzzer finds broken promises and not only crashes.

#include "core/hazard.hpp"
#include "core/text.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace aerowatch::fuzz {

inline void require(bool condition, const char* what) {
    if (!condition) {
        throw std::logic_error(what);
    }
}

inline void check_point(const GeoPoint& p) {
    require(std::isfinite(p.lat) && p.lat >= -90 && p.lat <= 90, "latitude out of range");
    require(std::isfinite(p.lon) && p.lon >= -180 && p.lon <= 180, "longitude out of range");
}

inline void check_hazards(const HazardBatch& batch) {
    for (const auto& h : batch.hazards) {
        require(!h.key.empty(), "empty key");
        for (const std::string* s : {&h.key, &h.id, &h.issuer, &h.ref_key, &h.title, &h.text,
                                     &h.link, &h.raw, &h.lower_text, &h.upper_text}) {
            require(is_valid_utf8(*s), "invalid UTF-8 in a hazard field");
        }
        for (const auto* list : {&h.firs, &h.airports, &h.countries}) {
            for (const auto& s : *list) {
                require(is_valid_utf8(s) && !s.empty(), "bad list entry");
            }
        }
        const auto& g = h.geometry;
        switch (g.type) {
        case Geometry::Type::none:
            require(g.rings.empty(), "rings without a shape");
            break;
        case Geometry::Type::circle:
            check_point(g.center);
            require(std::isfinite(g.radius_nm) && g.radius_nm >= 0, "bad radius");
            break;
        case Geometry::Type::polygon:
            require(!g.rings.empty(), "polygon without rings");
            for (const auto& ring : g.rings) {
                require(ring.size() >= 4 && ring.front() == ring.back(), "ring not closed");
                for (const auto& p : ring) {
                    check_point(p);
                }
            }
            break;
        case Geometry::Type::line:
            require(g.rings.size() == 1 && g.rings[0].size() >= 2, "bad line");
            for (const auto& p : g.rings[0]) {
                check_point(p);
            }
            break;
        }
    }
    for (const auto& e : batch.errors) {
        require(is_valid_utf8(e.message) && e.line >= 0, "bad error");
    }
}

} // namespace aerowatch::fuzz
