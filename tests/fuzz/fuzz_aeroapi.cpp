// SPDX-License-Identifier: GPL-3.0-or-later
// AeroAPI airport boards on arbitrary bytes: never crash, and what comes out is usable.
#include "core/text.hpp"
#include "sources/flights/aeroapi.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto batch = aerowatch::parse_aeroapi(text);
    for (const auto& f : batch.flights) {
        if (f.flight_number.empty() || !f.scheduled_departure ||
            (f.airline_iata.empty() && f.airline_icao.empty())) {
            throw std::logic_error("flight without identity");
        }
        if (!aerowatch::is_valid_utf8(f.raw) || !aerowatch::is_valid_utf8(f.source_id)) {
            throw std::logic_error("invalid UTF-8 out");
        }
    }
    // A next page anywhere but on the AeroAPI host would carry the API key with it.
    if (batch.next_page_url &&
        (!batch.next_page_url->starts_with('/') || batch.next_page_url->starts_with("//"))) {
        throw std::logic_error("next page off the host");
    }
    return 0;
}
