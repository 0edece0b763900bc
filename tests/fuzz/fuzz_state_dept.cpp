// SPDX-License-Identifier: GPL-3.0-or-later
// The State Department travel advisory feed reader on arbitrary bytes.
#include "check_hazards.hpp"
#include "sources/feeds/state_dept.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view payload(reinterpret_cast<const char*>(data), size);
    aerowatch::fuzz::check_hazards(aerowatch::parse_state_dept_rss(payload));
    if (auto t = aerowatch::parse_advisory_title(payload);
        t && (t->level < 1 || t->level > 4 || t->country.empty())) {
        throw std::logic_error("an advisory title without a country or a level 1-4");
    }
    return 0;
}
