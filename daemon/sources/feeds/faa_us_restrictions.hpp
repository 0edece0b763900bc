// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/hazard.hpp"

#include <string_view>

namespace aerowatch {

/// The FAA page "Prohibitions, Restrictions and Notices"
/// (`https://www.faa.gov/air_traffic/publications/us_restrictions`, source kind
/// faa_us_restrictions): HTML, one `<h2>` per country followed by links to its documents (KICZ
/// security NOTAMs, SFARs, background papers).
///
/// Each country section with at least one document becomes a Hazard of kind
/// country_restrictions keyed "FAA restrictions <country>" (id "restrictions <country>"), with the
/// country (the heading text) in countries, the document titles one per line as text, FIR codes
/// where the titles write them ("(SVZM)"), and the first document's address as link. An SFAR is a
/// prohibition, a KICZ NOTAM at least a caution, both security_conflict; the classifier may raise
/// that from the titles. The page carries no per-section dates: the hazard has none (the store's
/// first sight stands for its start). A heading is a country only when a KICZ NOTAM or an SFAR
/// is among its links: an index, a contact block or "Related content" are skipped; the site's
/// menus before `<main>` and its footer are not read.
///
/// The page lists every country under a restriction: the batch is a complete listing, so a
/// section that disappears is withdrawn, unless a section could not be read or no section was
/// found (a redesign of the page must not withdraw everything).
HazardBatch parse_faa_us_restrictions(std::string_view payload);

} // namespace aerowatch
