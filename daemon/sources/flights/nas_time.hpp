// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Times and durations as the FAA NAS Status feed writes them: "Thu Nov 20 18:57:02 2025 GMT",
// "5:30 pm EDT", "Nov 03 at 07:00 UTC.", "1 hour and 9 minutes".

#include "core/clock.hpp"

#include <optional>
#include <string_view>

namespace aerowatch {

/// Places a NAS date or time in UTC. With a year it is read as written (no zone: UTC). Without
/// one it needs `anchor` (the feed's Update_Time): a time of day falls on the anchor's local
/// date, or the next day when that would be more than 6 hours before the anchor; a month and
/// day take the year that puts them nearest the anchor, never before `not_before`.
/// US zone abbreviations (EST...HST, AKST, AST, ChST), UTC, GMT and Z are known.
std::optional<UtcTime> resolve_nas_time(std::string_view text, std::optional<UtcTime> anchor,
                                        std::optional<UtcTime> not_before = std::nullopt);

/// "1 hour and 9 minutes", "45 minutes", "2 hours" in minutes; nullopt when unreadable.
std::optional<int> parse_nas_duration(std::string_view text);

} // namespace aerowatch
