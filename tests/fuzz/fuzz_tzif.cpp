// SPDX-License-Identifier: GPL-3.0-or-later
// TZif files (RFC 8536) and their POSIX TZ footers on arbitrary bytes: the tz database is a
// system file, but a damaged one must not take the daemon down.
#include "sources/flights/time_zone.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const auto zone = aerowatch::parse_tzif(bytes);
    if (!zone) {
        return 0;
    }
    for (std::int64_t t :
         {std::int64_t{-1} << 62, std::int64_t{-86400}, std::int64_t{0}, std::int64_t{1763800000},
          std::int64_t{4102444800}, std::int64_t{1} << 62}) {
        const int offset = aerowatch::zone_offset_at(*zone, t);
        if (offset <= -26 * 3600 || offset >= 26 * 3600) {
            throw std::logic_error("offset out of range");
        }
    }
    return 0;
}
