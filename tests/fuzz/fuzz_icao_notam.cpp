// SPDX-License-Identifier: GPL-3.0-or-later
// ICAO NOTAM text, and the splitting of a payload into NOTAMs of any form, on arbitrary bytes.
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

void check_notam(const aerowatch::Notam& n, std::string_view input) {
    using aerowatch::is_valid_utf8;
    check(n.raw == input, "raw is the input");
    check(!n.id.empty(), "an id");
    check(!n.valid_from || !n.valid_to || *n.valid_from <= *n.valid_to, "from <= to");
    check(!n.permanent || !n.valid_to, "PERM has no end");
    check(!n.lat || (*n.lat >= -90 && *n.lat <= 90), "latitude");
    check(!n.lon || (*n.lon >= -180 && *n.lon <= 180), "longitude");
    check(n.lat.has_value() == n.lon.has_value(), "lat and lon together");
    check(!n.radius_nm || *n.radius_nm >= 0, "radius");
    check(is_valid_utf8(n.text) && is_valid_utf8(n.location_name) && is_valid_utf8(n.schedule) &&
              is_valid_utf8(n.lower) && is_valid_utf8(n.upper),
          "text fields are UTF-8");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto n = aerowatch::parse_icao_notam(text)) {
        check_notam(*n, text);
    } else {
        check(n.error().line >= 1, "error line");
    }
    int last_line = 0;
    for (const auto& piece : aerowatch::split_notams(text)) {
        check(piece.text.data() >= text.data() &&
                  piece.text.data() + piece.text.size() <= text.data() + text.size(),
              "pieces are inside the text");
        check(piece.line > last_line, "pieces in order");
        last_line = piece.line;
        if (auto n = aerowatch::parse_notam(piece.text)) {
            check_notam(*n, piece.text);
        }
    }
    return 0;
}
