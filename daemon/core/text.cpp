// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/text.hpp"

#include "core/html_entities.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <utility>

namespace aerowatch {

namespace {

/// Length of the well-formed UTF-8 sequence at the start of `s`, or 0 (Unicode table 3-7).
std::size_t sequence_length(std::string_view s) {
    const auto b = [&](std::size_t i) {
        return static_cast<unsigned char>(s[i]);
    };
    const unsigned char c = b(0);
    if (c < 0x80) {
        return 1;
    }
    const auto cont = [&](std::size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
        return i < s.size() && b(i) >= lo && b(i) <= hi;
    };
    if (c >= 0xC2 && c <= 0xDF) {
        return cont(1) ? 2 : 0;
    }
    if (c == 0xE0) {
        return cont(1, 0xA0) && cont(2) ? 3 : 0;
    }
    if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
        return cont(1) && cont(2) ? 3 : 0;
    }
    if (c == 0xED) {
        return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0; // no surrogates
    }
    if (c == 0xF0) {
        return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
    }
    if (c >= 0xF1 && c <= 0xF3) {
        return cont(1) && cont(2) && cont(3) ? 4 : 0;
    }
    if (c == 0xF4) {
        return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
    }
    return 0;
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

constexpr std::string_view replacement = "\xEF\xBF\xBD";

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

} // namespace

bool is_valid_utf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto n = sequence_length(text.substr(i));
        if (n == 0) {
            return false;
        }
        i += n;
    }
    return true;
}

std::string to_valid_utf8(std::string_view text, bool* replaced) {
    std::string out;
    out.reserve(text.size());
    bool any = false;
    for (std::size_t i = 0; i < text.size();) {
        const auto n = sequence_length(text.substr(i));
        if (n == 0) {
            out += replacement;
            any = true;
            ++i;
        } else {
            out.append(text.substr(i, n));
            i += n;
        }
    }
    if (replaced != nullptr) {
        *replaced = any;
    }
    return out;
}

std::string decode_html_entities(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '&') {
            out.push_back(text[i]);
            continue;
        }
        const auto semi = text.find(';', i + 1);
        if (semi == std::string_view::npos || semi - i > 10) {
            out.push_back('&');
            continue;
        }
        const auto name = text.substr(i + 1, semi - i - 1);
        std::uint32_t cp = 0;
        bool known = false;
        if (name.size() > 1 && name[0] == '#') {
            const bool hex = name[1] == 'x' || name[1] == 'X';
            const auto digits = name.substr(hex ? 2 : 1);
            const auto [end, ec] =
                std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
            known = ec == std::errc{} && end == digits.data() + digits.size() && cp > 0 &&
                    cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
        } else if (name == "apos") { // XML's, not HTML 4's, but feeds write it
            cp = '\'';
            known = true;
        } else if (const auto entity = html_entity(name)) {
            cp = *entity;
            known = true;
        }
        if (!known) {
            out.push_back('&');
            continue;
        }
        append_utf8(out, cp);
        i = semi;
    }
    return out;
}

std::string strip_html_tags(std::string_view html) {
    std::string out;
    out.reserve(html.size());
    for (std::size_t i = 0; i < html.size(); ++i) {
        if (html[i] != '<') {
            out.push_back(html[i]);
            continue;
        }
        const auto close = html.find('>', i);
        if (close == std::string_view::npos) {
            out.append(html.substr(i));
            break;
        }
        std::string tag =
            to_upper_ascii(html.substr(i + 1, std::min<std::size_t>(close - i - 1, 4)));
        if (tag.starts_with("BR") || tag.starts_with("/P") || tag.starts_with("/DIV") ||
            tag.starts_with("/LI")) {
            out.push_back('\n');
        }
        i = close;
    }
    return out;
}

std::string normalise_punctuation(std::string_view text) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> map = {{
        {"\xE2\x80\xA6", "..."}, // horizontal ellipsis
        {"\xE2\x80\x98", "'"},   // left single quote
        {"\xE2\x80\x99", "'"},   // right single quote
        {"\xE2\x80\x9C", "\""},  // left double quote
        {"\xE2\x80\x9D", "\""},  // right double quote
        {"\xE2\x80\x90", "-"},   // hyphen
        {"\xE2\x80\x91", "-"},   // non-breaking hyphen
        {"\xE2\x80\x93", "-"},   // en dash
        {"\xE2\x80\x94", "-"},   // em dash
        {"\xE2\x88\x92", "-"},   // minus sign
        {"\xC2\xA0", " "},       // no-break space
        {"\xE2\x80\xAF", " "},   // narrow no-break space
    }};
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        bool mapped = false;
        if (static_cast<unsigned char>(text[i]) >= 0x80) {
            for (const auto& [from, to] : map) {
                if (text.substr(i, from.size()) == from) {
                    out += to;
                    i += from.size();
                    mapped = true;
                    break;
                }
            }
        }
        if (!mapped) {
            out.push_back(text[i++]);
        }
    }
    return out;
}

std::string collapse_whitespace(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (const char c : text) {
        if (is_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) {
            out.push_back(' ');
            pending_space = false;
        }
        out.push_back(c);
    }
    return out;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

std::string to_upper_ascii(std::string_view text) {
    std::string out(text);
    for (auto& c : out) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    return out;
}

std::string clip_utf8(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) {
        return std::string(text);
    }
    std::size_t end = max_bytes;
    // Back up over continuation bytes to the lead byte of the cut sequence, and drop it too.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
        --end;
    }
    return std::string(text.substr(0, end));
}

} // namespace aerowatch
