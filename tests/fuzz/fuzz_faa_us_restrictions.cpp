// SPDX-License-Identifier: GPL-3.0-or-later
// The FAA "Prohibitions, Restrictions and Notices" page reader on arbitrary bytes.
#include "check_hazards.hpp"
#include "sources/feeds/faa_us_restrictions.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view payload(reinterpret_cast<const char*>(data), size);
    const auto batch = aerowatch::parse_faa_us_restrictions(payload);
    for (const auto& h : batch.hazards) {
        if (h.countries.size() != 1 || h.countries.front().empty() || h.text.empty()) {
            throw std::logic_error("a country record without its country or documents");
        }
    }
    aerowatch::fuzz::check_hazards(batch);
    return 0;
}
