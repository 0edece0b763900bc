// SPDX-License-Identifier: GPL-3.0-or-later
// Header and config time formats on arbitrary text: Retry-After, HTTP dates, ISO 8601, durations.
#include "core/time.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const aerowatch::UtcTime now{std::chrono::seconds{1763747000}};
    if (auto delay = aerowatch::parse_retry_after(text, now); delay && delay->count() < 0) {
        throw std::logic_error("negative Retry-After");
    }
    if (auto t = aerowatch::parse_iso8601(text)) {
        // What we print we must read back.
        if (aerowatch::parse_iso8601(aerowatch::format_iso8601(*t)) != t) {
            throw std::logic_error("ISO 8601 round trip");
        }
    }
    (void)aerowatch::parse_http_date(text);
    if (auto d = aerowatch::parse_duration(text)) {
        if (aerowatch::parse_duration(aerowatch::format_duration(*d)) != d) {
            throw std::logic_error("duration round trip");
        }
    }
    return 0;
}
