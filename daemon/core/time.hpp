// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aerowatch {

/// Parses a duration as written in the config: an integer followed by s, m, h or d
/// ("90s", "5m", "2h", "1d"). Returns nullopt on anything else.
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

/// Formats a duration the way parse_duration reads it, using the largest exact unit.
std::string format_duration(std::chrono::seconds d);

/// "2025-11-21T17:43:00Z".
std::string format_iso8601(UtcTime t);

/// UtcTime as stored in SQLite (INTEGER seconds since the epoch) and back.
inline std::int64_t unix_seconds(UtcTime t) {
    return t.time_since_epoch().count();
}
inline UtcTime from_unix_seconds(std::int64_t s) {
    return UtcTime{std::chrono::seconds{s}};
}

/// Parses "YYYY-MM-DDTHH:MM:SS[.fff](Z|+HH:MM|+HHMM)"; nullopt when malformed.
std::optional<UtcTime> parse_iso8601(std::string_view text);

/// Parses an HTTP date (RFC 9110 5.6.7: IMF-fixdate, obsolete RFC 850 and asctime forms).
std::optional<UtcTime> parse_http_date(std::string_view text);

/// Reads a Retry-After value (delay-seconds or HTTP-date) as a delay from `now`.
/// A date in the past gives zero; garbage gives nullopt. The caller clamps.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, UtcTime now);

} // namespace aerowatch
