// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Date-times as flight sources write them: ISO 8601 with or without an offset, or a board's own
// pattern, read as wall-clock fields first and placed in UTC with a zone afterwards.

#include "core/clock.hpp"
#include "sources/flights/time_zone.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace aerowatch::flights {

/// A wall-clock reading, with the UTC offset when the text had one.
struct LocalTime {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    std::optional<int> offset; // seconds east of UTC
};

/// "YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|+HH:MM|+HHMM|+HH]".
std::optional<LocalTime> parse_local_iso(std::string_view text);

/// A strptime-like subset: %Y (4 digits), %m %d %H %M %S (1-2 digits), %% and literal
/// characters; a space matches any run of whitespace. Needs %Y %m %d %H %M.
std::optional<LocalTime> parse_with_pattern(std::string_view text, std::string_view pattern);

/// True when `pattern` is one parse_with_pattern accepts (only known directives, all of
/// %Y %m %d %H %M present); otherwise `problem` says why.
bool valid_time_pattern(std::string_view pattern, std::string* problem = nullptr);

/// The instant of `t` read with its own offset, or as UTC when it has none.
std::optional<UtcTime> as_utc(const LocalTime& t);

/// The UTC instant of `t`: its own offset when it has one, else local time in `zone` (UTC when
/// `zone` is empty). nullopt when out of range or the zone is unknown.
std::optional<UtcTime> to_utc(const LocalTime& t, std::string_view zone,
                              const TimeZoneLookup& zones);

} // namespace aerowatch::flights
