// SPDX-License-Identifier: GPL-3.0-or-later
// FAA NAS Status XML on arbitrary bytes.
#include "core/text.hpp"
#include "sources/flights/nas_status.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto batch = aerowatch::parse_nas_status(text);
    for (const auto& s : batch.signals) {
        if (s.airport.empty() || s.type.empty() || !aerowatch::is_valid_utf8(s.reason) ||
            !aerowatch::is_valid_utf8(s.airport) || !aerowatch::is_valid_utf8(s.raw)) {
            throw std::logic_error("unusable signal");
        }
    }
    (void)aerowatch::parse_nas_duration(text);
    return 0;
}
