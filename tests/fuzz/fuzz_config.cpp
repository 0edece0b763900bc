// SPDX-License-Identifier: GPL-3.0-or-later
// The config parser on arbitrary text: every input ends in a Config or a ConfigError.
#include "config/config.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto config = aerowatch::parse_config(text, "/nonexistent/fuzz.toml");
        (void)aerowatch::describe_config(config);
    } catch (const aerowatch::ConfigError&) {
    }
    return 0;
}
