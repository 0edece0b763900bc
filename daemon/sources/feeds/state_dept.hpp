// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/hazard.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace aerowatch {

/// A State Department advisory title, "Burma (Myanmar) - Level 4: Do Not Travel".
struct AdvisoryTitle {
    std::string country; // "Burma (Myanmar)"
    int level = 0;       // 1..4
    std::string label;   // "Do Not Travel"
};

/// Splits a title on its last " - Level " (country names hold hyphens and parentheses:
/// "Guinea-Bissau", "Burma (Myanmar)"); nullopt unless a country and a level 1-4 are there.
std::optional<AdvisoryTitle> parse_advisory_title(std::string_view title);

/// The US State Department travel advisory feed (`travel.state.gov/_res/rss/TAsTWs.xml`,
/// source kind state_dept_rss): one RSS item per country.
///
/// Each item becomes a Hazard of kind travel_advisory keyed "USDOS <country>", with the country
/// in countries, the level as severity (1 info, 2 caution, 3 warning, 4 prohibition: "Do Not
/// Travel") and, at levels 3 and 4, security_conflict; title, link, the HTML description as
/// text, pubDate as issued and valid_from. When a country appears twice (it happens), the item
/// with the newest pubDate wins. An item whose title does not read as an advisory is an
/// ItemError with its line.
///
/// The feed lists every advisory in force, so the batch is a complete listing, unless an item
/// or the document could not be read: then an advisory may be missing for a reason other than
/// having been lifted, and complete_listing is false.
HazardBatch parse_state_dept_rss(std::string_view payload);

} // namespace aerowatch
