// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.hpp"
#include "core/hazard.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace aerowatch {

/// The EASA conflict-zone bulletin export (`…/czibs/export-json?page&_format=json`, source kind
/// easa_czib_json): {"conflict_zones": [...]} with every bulletin, active and withdrawn.
///
/// Each record becomes a Hazard of kind czib keyed "EASA CZIB <Nid>" (the RSS feed uses the
/// same key, so the two join), titled by `name`, with `country` ("A, B", HTML entities, trailing
/// spaces, possibly empty) as countries and the HTML `field_easa_valid_until_descr` as text.
/// Times: `issued_date` (ISO 8601 with a colon-less offset, "+0200") is valid_from; the
/// `datetime` attribute of the HTML <time> in `updated` is issued, the publication of the
/// current revision (issued_date when there is none); `valid_until_date` is day-first
/// "DD/MM/YYYY" and read as the end of that day, 23:59:59 UTC, since the bulletin says "until"
/// that date; "" means until further notice: no valid_to, permanent. Status Active|Withdrawn
/// becomes active|withdrawn. Every bulletin is security_conflict; an active one is a warning
/// (a CZIB recommends not operating). FIR codes are taken only where the name or text writes
/// them ("(ORBB)", "SVZM FIR"); `coordinates` is a geocode of the country name, not of the
/// airspace, and is ignored. The JSON carries no bulletin number, so `id` is left for the RSS
/// feed to supply.
///
/// The export lists everything EASA has, so the batch is a complete listing, unless a record
/// or the document could not be read: then a bulletin may be missing for a reason other than
/// having ended, and complete_listing is false.
HazardBatch parse_easa_czib_json(std::string_view payload);

/// The EASA CZIB RSS feed (`…/czibs/feed.xml`, source kind easa_czib_rss). It only supplements
/// the JSON export: every hazard is partial. Per item: the Nid from the guid ("136057 on Thu,
/// 24 Feb 2022 00:00:00 +0200") for the key, the bulletin number from the link slug
/// ("czib-2022-01r14" is CZIB 2022-01-R14) for `id`, title, link, and pubDate (or, when it is
/// missing, the date in the guid) as valid_from.
HazardBatch parse_easa_czib_rss(std::string_view payload);

/// The bulletin number written in a bulletin page's URL: ".../czib-2022-01r14" gives
/// "2022-01-R14", ".../2026-01-r2" "2026-01-R2", ".../sib-2014-21r1" "2014-21-R1",
/// ".../czib-2018-02" "2018-02"; "" when the slug is not one.
std::string czib_number_from_link(std::string_view link);

/// "DD/MM/YYYY" (or D/M/YYYY) as the last second of that day, UTC; nullopt when malformed.
std::optional<UtcTime> parse_czib_valid_until(std::string_view text);

/// The time in an HTML <time datetime="..."> element (the attribute, else the element text).
std::optional<UtcTime> parse_html_time_element(std::string_view html);

} // namespace aerowatch
