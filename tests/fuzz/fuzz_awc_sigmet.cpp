// SPDX-License-Identifier: GPL-3.0-or-later
// The AviationWeather.gov isigmet JSON reader on arbitrary bytes.
#include "check_hazards.hpp"
#include "sources/feeds/awc_sigmet.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view payload(reinterpret_cast<const char*>(data), size);
    aerowatch::fuzz::check_hazards(aerowatch::parse_awc_isigmet(payload));
    if (auto top = aerowatch::sigmet_top_from_text(payload); top && (*top < 0 || *top > 99900)) {
        throw std::logic_error("a flight level out of range");
    }
    return 0;
}
