// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// POSIX TZ strings (POSIX.1-2017 8.3, with the RFC 8536 3.3.1 extensions) as the footer of a
// TZif v2+ file carries them: the rule for every time past the file's last transition.

#include <cstdint>
#include <optional>
#include <string_view>

namespace aerowatch {

/// A rule date ("M3.5.0", "J60", "59") with its local time of day.
struct RuleDate {
    enum class Kind { julian1, julian0, month_week_day };
    Kind kind = Kind::month_week_day;
    int a = 0, b = 0, c = 0; // Jn / n: a = n; Mm.w.d: a = m, b = w, c = d
    int time = 7200;         // seconds after local midnight; may be negative or past 24h
};

/// "CET-1CEST,M3.5.0,M10.5.0/3" or "<-04>4".
struct PosixTz {
    int std_offset = 0;            // seconds east of UTC
    std::optional<int> dst_offset; // none: standard time all year
    RuleDate start, end;           // DST starts (in standard time) and ends (in DST)
};

/// Parses a TZ string; nullopt when it is not one.
std::optional<PosixTz> parse_posix_tz(std::string_view text);

/// Seconds east of UTC in force at `utc_seconds` under `tz`.
int posix_offset_at(const PosixTz& tz, std::int64_t utc_seconds);

} // namespace aerowatch
