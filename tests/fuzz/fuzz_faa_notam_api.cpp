// SPDX-License-Identifier: GPL-3.0-or-later
// The FAA NOTAM API reader (legacy and NMS JSON, gzip, embedded AIXM) on arbitrary bytes.
#include "core/text.hpp"
#include "sources/feeds/faa_notam_api.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view payload(reinterpret_cast<const char*>(data), size);
    const auto batch = aerowatch::parse_faa_notam_api(payload);
    for (const auto& hazard : batch.hazards) {
        // Whatever came in, what goes out is valid UTF-8 with a key.
        if (hazard.key.empty() || !aerowatch::is_valid_utf8(hazard.text) ||
            !aerowatch::is_valid_utf8(hazard.raw) || !aerowatch::is_valid_utf8(hazard.key)) {
            throw std::logic_error("bad hazard");
        }
    }
    (void)aerowatch::notam_from_geojson_feature(payload);
    return 0;
}
