// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace aerowatch {

class RefData;

/// Local wall-clock time to UTC in IANA zones. Flight sources write airport-local times (some
/// without saying so), and parsers are pure, so the lookup is handed to them.
class TimeZoneLookup {
  public:
    virtual ~TimeZoneLookup() = default;

    /// The UTC instant of local time y-mo-d h:mi in `iana_zone` ("America/Caracas"); nullopt
    /// when the zone is unknown or a field is out of range. A local time that occurs twice (DST
    /// ends) gives the earlier instant; one that never occurs (DST starts) is read with the
    /// offset in force before the gap, as clocks that were not moved forward show it.
    virtual std::optional<UtcTime> to_utc(std::string_view iana_zone, int y, int mo, int d, int h,
                                          int mi) const = 0;

    /// The IANA zone of an airport given by ICAO or IATA code; nullopt when not known.
    virtual std::optional<std::string> airport_zone(std::string_view /*code*/) const {
        return std::nullopt;
    }

    /// True when `iana_zone` names a zone this lookup can convert in.
    bool has_zone(std::string_view iana_zone) const {
        return to_utc(iana_zone, 2000, 1, 1, 0, 0).has_value();
    }
};

/// $TZDIR when set, else /usr/share/zoneinfo (Debian package tzdata).
std::filesystem::path default_zoneinfo_directory();

/// True for names that can only mean a file below the zoneinfo directory: relative, no "..",
/// letters, digits and "/_+-" only ("America/Argentina/Buenos_Aires", "Etc/GMT+4").
bool valid_zone_name(std::string_view name);

/// Zones read from the system's compiled tz database (RFC 8536 TZif files, v1 or the 64-bit
/// v2+ section with its POSIX TZ footer for times past the last transition): libstdc++ 12 has
/// no std::chrono::tzdb. Each zone is read once and cached. Airport zones come from the
/// reference data when it is given. Thread-safe.
class TzifTimeZones final : public TimeZoneLookup {
  public:
    explicit TzifTimeZones(std::filesystem::path root = default_zoneinfo_directory(),
                           std::shared_ptr<const RefData> airports = nullptr);
    ~TzifTimeZones() override;
    TzifTimeZones(const TzifTimeZones&) = delete;
    TzifTimeZones& operator=(const TzifTimeZones&) = delete;

    std::optional<UtcTime> to_utc(std::string_view iana_zone, int y, int mo, int d, int h,
                                  int mi) const override;
    std::optional<std::string> airport_zone(std::string_view code) const override;

    /// Seconds east of UTC in force in `iana_zone` at `at`; nullopt for an unknown zone.
    std::optional<int> utc_offset(std::string_view iana_zone, UtcTime at) const;

    const std::filesystem::path& root() const noexcept { return root_; }

    struct Zone; // parsed TZif data, immutable once loaded

  private:
    std::shared_ptr<const Zone> zone(std::string_view name) const;

    std::filesystem::path root_;
    std::shared_ptr<const RefData> airports_;
    mutable std::mutex mutex_;
    // Unknown names are cached too (as null), so a bad name in a feed costs one failed open.
    mutable std::map<std::string, std::shared_ptr<const Zone>, std::less<>> cache_;
};

/// Parses one TZif file's bytes; nullptr when malformed. Exposed for tests and fuzzing.
std::shared_ptr<const TzifTimeZones::Zone> parse_tzif(std::string_view bytes);

/// Seconds east of UTC in force at `utc_seconds` (seconds since the epoch) in `zone`.
int zone_offset_at(const TzifTimeZones::Zone& zone, std::int64_t utc_seconds);

} // namespace aerowatch
