// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/hazard.hpp"
#include "core/result.hpp"
#include "sources/notam/notam.hpp"

#include <string_view>
#include <vector>

namespace aerowatch {

/// An ICAO-format NOTAM (Annex 15): header, Q) line, items A) to G), with or without the AFTN
/// parentheses, CRLF or LF, wrapped lines. Errors carry the line (within `text`).
Result<Notam> parse_icao_notam(std::string_view text);

/// An FAA domestic NOTAM: "!ACCT MM/NNN LOC KEYWORD ... YYMMDDHHMM-YYMMDDHHMM[EST]" or "-PERM",
/// FDC numbers "Y/NNNN", "PART n OF m".
Result<Notam> parse_faa_domestic_notam(std::string_view text);

/// The FAA web rendering of an international security NOTAM (KICZ A0012/25 form):
/// "KICZ A0012/25 NOTAM...SECURITY...", "SFC-UNL: 21 NOV 17:43 UTC 2025 UNTIL 19 FEB 23:59 UTC
/// 2026. CREATED: 21 NOV 18:08 UTC 2025", "UNTIL PERM"; Unicode punctuation normalised.
Result<Notam> parse_faa_security_notice(std::string_view text);

/// Picks the form from the text itself and parses it.
Result<Notam> parse_notam(std::string_view text);

/// Cuts a text holding several NOTAMs (of any form) into one text per NOTAM: they are separated
/// by blank lines or by the next NOTAM header.
std::vector<NotamText> split_notams(std::string_view text);

/// Every NOTAM in a text payload (source kinds icao_notam_text, faa_domestic_notam,
/// faa_security_notice), as hazards; one that cannot be read is an ItemError with its line.
HazardBatch parse_notam_text_feed(std::string_view payload);

} // namespace aerowatch
