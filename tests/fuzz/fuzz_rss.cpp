// SPDX-License-Identifier: GPL-3.0-or-later
// The RSS 2.0 / RSS 1.0 / Atom reader, and the feed date and FIR code readers, on arbitrary
// bytes.
#include "check_hazards.hpp"
#include "sources/feeds/feed_support.hpp"
#include "sources/feeds/rss.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view payload(reinterpret_cast<const char*>(data), size);
    aerowatch::fuzz::check_hazards(aerowatch::parse_rss(payload));
    (void)aerowatch::feed::parse_rfc822_date(payload);
    (void)aerowatch::feed::parse_feed_date(payload);
    (void)aerowatch::feed::fir_codes_in(payload);
    return 0;
}
