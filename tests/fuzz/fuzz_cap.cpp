// SPDX-License-Identifier: GPL-3.0-or-later
// The CAP 1.2 reader (bare alerts, wrapped alerts, Atom feeds) on arbitrary bytes.
#include "check_hazards.hpp"
#include "sources/feeds/cap.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view payload(reinterpret_cast<const char*>(data), size);
    aerowatch::fuzz::check_hazards(aerowatch::parse_cap(payload));
    return 0;
}
