// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/hazard.hpp"
#include "core/result.hpp"
#include "sources/notam/notam.hpp"

#include <string_view>
#include <vector>

namespace aerowatch {

/// Source kind aixm: AIXM 5.1 Digital NOTAM (FAA SWIM FNS, NMS-API nmsResponseFormat AIXM).
/// Finds every event:Event, whether the document is an AIXMBasicMessage (members directly or in
/// hasMember), a WFS FeatureCollection of them, or either inside a SOAP Envelope. Namespaces
/// are bound by URI, so any prefixes work. Per NOTAM: the event:NOTAM fields, validity from
/// gml:validTime (an indeterminate "unknown" end is an estimated end, no end is permanent),
/// fnse:EventExtension (classification, accountId as issuer, icaoLocation, airportname), and
/// the OTHER:ICAO / LOCAL_FORMAT translations filling only what the fields lack. A polygon
/// (gml:posList, lat-lon order) in another member of the same message becomes the area; else
/// a circle there (gml:CircleByCenterPoint: gml:pos and a gml:radius in [nmi_i], NM, KM, M,
/// FT or MI) becomes the hazard's circle, radius in NM, in place of the Q-line's.
/// A malformed document is one ItemError with its line; a bad NOTAM is an ItemError and the
/// rest still count; checklists are skipped. Never throws.
HazardBatch parse_aixm(std::string_view xml);

/// The NOTAMs of an AIXM document as Notams, in document order (for tests and tools). A
/// malformed document gives a single error.
std::vector<Result<Notam>> aixm_notams(std::string_view xml);

} // namespace aerowatch
