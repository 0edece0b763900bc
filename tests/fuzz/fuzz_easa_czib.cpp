// SPDX-License-Identifier: GPL-3.0-or-later
// The EASA CZIB readers, JSON export and RSS feed, on arbitrary bytes.
#include "check_hazards.hpp"
#include "sources/feeds/easa_czib.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view payload(reinterpret_cast<const char*>(data), size);
    const auto json = aerowatch::parse_easa_czib_json(payload);
    aerowatch::fuzz::check_hazards(json);
    if (json.complete_listing && !json.errors.empty()) {
        throw std::logic_error("a listing with errors claims to be complete");
    }
    const auto rss = aerowatch::parse_easa_czib_rss(payload);
    aerowatch::fuzz::check_hazards(rss);
    for (const auto& h : rss.hazards) {
        if (!h.partial) {
            throw std::logic_error("an RSS CZIB must be partial");
        }
    }
    (void)aerowatch::czib_number_from_link(payload);
    (void)aerowatch::parse_czib_valid_until(payload);
    (void)aerowatch::parse_html_time_element(payload);
    return 0;
}
