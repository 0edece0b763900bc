// SPDX-License-Identifier: GPL-3.0-or-later
// The AIXM 5.1 Digital NOTAM reader on arbitrary bytes.
#include "core/text.hpp"
#include "sources/feeds/aixm.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view xml(reinterpret_cast<const char*>(data), size);
    const auto batch = aerowatch::parse_aixm(xml);
    for (const auto& hazard : batch.hazards) {
        // Whatever came in, what goes out is valid UTF-8 with a key.
        if (hazard.key.empty() || !aerowatch::is_valid_utf8(hazard.text) ||
            !aerowatch::is_valid_utf8(hazard.raw) || !aerowatch::is_valid_utf8(hazard.key) ||
            !aerowatch::is_valid_utf8(hazard.title)) {
            throw std::logic_error("bad hazard");
        }
    }
    return 0;
}
