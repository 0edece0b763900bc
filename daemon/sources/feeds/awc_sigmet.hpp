// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/hazard.hpp"

#include <optional>
#include <string_view>

namespace aerowatch {

/// The AviationWeather.gov international SIGMET listing (`/api/data/isigmet?format=json`,
/// source kind awc_isigmet): a JSON array of records, or nothing at all (HTTP 204 when no
/// SIGMET is active), which is an empty batch and no error.
///
/// Each record becomes a Hazard of kind sigmet keyed firId/seriesId/validTimeFrom (the API
/// dropped isigmetId in 2026), issued by the MWO (icaoId) for FIR firId, valid between the
/// epoch-second times, limited by base/top in feet (a null top is looked for in the raw text,
/// "TOP FL420", else left unknown: upper_text "UNK"). Geometry: AREA is one ring, AREAS a list
/// of rings, LINE a line; null or out-of-range points are dropped, rings are closed, a ring
/// with fewer than three usable points is dropped (the hazard is kept), and longitudes unwrapped
/// past 180 across the antimeridian are brought back into [-180, 180]. Every SIGMET hazard
/// (TURB, ICE, TS, VA, TC, MTW, DS, SS, ...) is weather at warning severity; VA is also
/// volcanic_ash. The text is rawSigmet. A record that cannot be read is an ItemError and the
/// rest still count. The listing is not marked complete: SIGMETs end by their own validity.
HazardBatch parse_awc_isigmet(std::string_view payload);

/// The upper limit written in a SIGMET's text when the JSON top is null: "TOP FL420",
/// "TOP ABV FL350", "SFC/FL065", "FL250/380". Feet, or nullopt when none is written.
std::optional<int> sigmet_top_from_text(std::string_view raw_sigmet);

} // namespace aerowatch
