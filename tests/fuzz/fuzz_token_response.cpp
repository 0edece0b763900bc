// SPDX-License-Identifier: GPL-3.0-or-later
// The OAuth2 token response reader on arbitrary bytes.
#include "sources/request_builder.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    (void)aerowatch::parse_token_response(body);
    return 0;
}
