// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>

namespace aerowatch {

/// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool is_valid_utf8(std::string_view text);

/// `text` with every ill-formed sequence replaced by U+FFFD; `replaced` (if given) tells whether
/// anything was. Feed text goes through this before it is stored or serialised.
std::string to_valid_utf8(std::string_view text, bool* replaced = nullptr);

/// Decodes HTML/XML character references: every named one of HTML 4.01 (&amp; &nbsp; &ndash;
/// &iacute; &euro;...), XML's &apos;, and numeric ones (&#39; &#x27;). Unknown references are
/// left as written.
std::string decode_html_entities(std::string_view text);

/// Drops HTML tags (keeping their text), turning <br> and </p> into line breaks.
std::string strip_html_tags(std::string_view html);

/// Typographic punctuation to ASCII, as NOTAM text is matched: ellipsis to "...", curly quotes
/// to ' and ", en/em dashes and minus to '-', no-break spaces to spaces.
std::string normalise_punctuation(std::string_view text);

/// Runs of whitespace (including line breaks) collapsed to one space; ends trimmed.
std::string collapse_whitespace(std::string_view text);

std::string_view trim(std::string_view text);
/// At most `max_bytes` of `text`, cut before a UTF-8 sequence rather than through it.
std::string clip_utf8(std::string_view text, std::size_t max_bytes);
std::string to_upper_ascii(std::string_view text);

/// a == b a byte at a time, in line: for the short field and element names that parsers
/// compare for every item, where the memcmp call behind string_view's == showed in profiles.
inline bool same_bytes(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] != b[i]) {
            return false;
        }
    }
    return true;
}

} // namespace aerowatch
