// SPDX-License-Identifier: GPL-3.0-or-later
// AviationStack pages on arbitrary bytes, with the real tz database for the re-localisation.
#include "core/text.hpp"
#include "sources/flights/aviationstack.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const aerowatch::TzifTimeZones zones;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto batch = aerowatch::parse_aviationstack(text, zones);
    for (const auto& f : batch.flights) {
        if (f.flight_number.empty() || !f.scheduled_departure) {
            throw std::logic_error("flight without identity");
        }
        for (const auto& code : f.codeshares) {
            if (code.empty() || !aerowatch::is_valid_utf8(code)) {
                throw std::logic_error("bad codeshare");
            }
        }
    }
    if (batch.next_offset && *batch.next_offset <= 0) {
        throw std::logic_error("next offset does not advance");
    }
    return 0;
}
