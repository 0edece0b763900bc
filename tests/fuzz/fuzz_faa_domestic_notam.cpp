// SPDX-License-Identifier: GPL-3.0-or-later
// FAA domestic NOTAM text on arbitrary bytes.
#include "core/text.hpp"
#include "sources/notam/notam_parsers.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

namespace {

void check(bool condition, const char* what) {
    if (!condition) {
        throw std::logic_error(what);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto result = aerowatch::parse_faa_domestic_notam(text);
    if (!result) {
        check(result.error().line >= 1, "error line");
        return 0;
    }
    const aerowatch::Notam& n = *result;
    check(n.raw == text, "raw is the input");
    check(!n.id.empty() && !n.issuer.empty(), "id and issuer");
    check(!n.valid_from || !n.valid_to || *n.valid_from <= *n.valid_to, "from <= to");
    check(!n.permanent || !n.valid_to, "PERM has no end");
    check(!n.lat || (*n.lat >= -90 && *n.lat <= 90), "latitude");
    check(!n.lon || (*n.lon >= -180 && *n.lon <= 180), "longitude");
    check(aerowatch::is_valid_utf8(n.text), "text is UTF-8");
    return 0;
}
