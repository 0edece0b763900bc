// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/feeds/faa_notam_fields.hpp"

#include "core/text.hpp"
#include "normalise/classifier.hpp"
#include "sources/notam/notam_hazard.hpp"
#include "sources/notam/notam_scan.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <utility>

namespace aerowatch::structured_notam {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

/// Reads `count` (at most 18) digits at `pos` as one number; -1 when any is not a digit.
long long digits_at(std::string_view text, std::size_t pos, std::size_t count) {
    if (pos + count > text.size() || count > 18) {
        return -1;
    }
    long long value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (!is_digit(text[i])) {
            return -1;
        }
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

/// Degrees from "DD", "DDMM" or "DDMMSS" (latitude) / "DDD", "DDDMM", "DDDMMSS" (longitude).
std::optional<double> angle(std::string_view digits, std::size_t degree_digits) {
    const std::size_t n = digits.size();
    if (n != degree_digits && n != degree_digits + 2 && n != degree_digits + 4) {
        return std::nullopt;
    }
    const int deg = static_cast<int>(digits_at(digits, 0, degree_digits));
    const int min = n > degree_digits ? static_cast<int>(digits_at(digits, degree_digits, 2)) : 0;
    const int sec =
        n > degree_digits + 2 ? static_cast<int>(digits_at(digits, degree_digits + 2, 2)) : 0;
    if (deg < 0 || min < 0 || sec < 0 || min > 59 || sec > 59) {
        return std::nullopt;
    }
    return deg + min / 60.0 + sec / 3600.0;
}

// Eight bytes at a time (SWAR): for each byte of a word, the high bit of the result is set
// when the byte is a given value, or below 0x20. Exact per byte: no carry crosses a byte.
constexpr std::uint64_t ones = 0x0101010101010101ULL;
constexpr std::uint64_t highs = 0x8080808080808080ULL;
constexpr std::uint64_t lows = 0x7f7f7f7f7f7f7f7fULL;

std::uint64_t bytes_equal(std::uint64_t word, unsigned char value) {
    const std::uint64_t t = word ^ (ones * value);
    return ~(((t & lows) + lows) | t) & highs;
}

std::uint64_t bytes_below_space(std::uint64_t word) {
    return ~(((word & lows) + ones * (0x80 - 0x20)) | word) & highs;
}

std::uint64_t load(const unsigned char* p) {
    std::uint64_t word;
    std::memcpy(&word, p, 8);
    return word;
}

/// True when body_text would return `text` unchanged: no control characters but LF, no blank
/// next to a blank or a line break, at most one blank line, nothing blank at either end. Most
/// bodies are like that. Eight positions at a time, each word tested with the two before it
/// shifted by one and two bytes: byte-wise this ran at about a nanosecond a byte, a seventh of
/// a whole FAA feature's reading.
bool is_clean_body(std::string_view text) {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    if (n == 0 || p[0] <= ' ' || p[n - 1] <= ' ') {
        return n == 0;
    }
    // Position i is tested against i-1 and i-2: c, b, a.
    auto dirty = [](std::uint64_t c, std::uint64_t b, std::uint64_t a) {
        const std::uint64_t cs = bytes_equal(c, ' '), cn = bytes_equal(c, '\n');
        const std::uint64_t bs = bytes_equal(b, ' '), bn = bytes_equal(b, '\n');
        const std::uint64_t an = bytes_equal(a, '\n');
        return (bytes_below_space(c) & ~cn) | (cs & (bs | bn)) | (cn & bs) | (cn & bn & an);
    };
    std::uint64_t found = 0;
    std::size_t i = 2;
    for (; i + 8 <= n; i += 8) {
        found |= dirty(load(p + i), load(p + i - 1), load(p + i - 2));
    }
    for (; i < n; ++i) {
        found |= dirty(p[i], p[i - 1], p[i - 2]) & 0x80;
    }
    // The pair at 0-1 (p[0] is already known not to be blank).
    const unsigned c1 = n > 1 ? p[1] : 'x';
    return found == 0 && !(c1 < ' ' && c1 != '\n');
}

} // namespace

bool is_ascii(std::string_view text) {
    const char* p = text.data();
    std::size_t n = text.size();
    std::uint64_t acc = 0;
    // Eight bytes at a time: feed text is overwhelmingly ASCII, so this is the fast path
    // that lets us skip the per-character UTF-8 check.
    for (; n >= 8; p += 8, n -= 8) {
        std::uint64_t word;
        std::memcpy(&word, p, 8);
        acc |= word;
    }
    for (; n > 0; ++p, --n) {
        acc |= static_cast<unsigned char>(*p);
    }
    return (acc & 0x8080808080808080ULL) == 0;
}

std::string field(std::string_view text) {
    text = trim(text);
    return is_ascii(text) ? std::string(text) : to_valid_utf8(text);
}

void set_field(std::string& out, std::string_view text) {
    text = trim(text);
    if (is_ascii(text)) {
        out.assign(text.data(), text.size());
    } else {
        out = to_valid_utf8(text);
    }
}

std::string body_text(std::string_view text) {
    std::string decoded;
    if (text.find('&') != std::string_view::npos) {
        decoded = decode_html_entities(text);
        text = decoded;
    }
    text = trim(text);
    if (is_clean_body(text)) {
        return is_ascii(text) ? std::string(text) : to_valid_utf8(text);
    }
    // Written through a pointer into a buffer of the input's size (the output is never
    // longer): this runs over every NOTAM body, and push_back's checks showed in profiles.
    std::string out(text.size(), '\0');
    char* o = out.data();
    char* const begin = o;
    int pending_lines = 0;
    bool pending_space = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (is_blank(c)) {
            pending_space = true;
            continue;
        }
        if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
                ++i;
            }
            ++pending_lines;
            pending_space = false; // trailing blanks of a line go
            continue;
        }
        if (pending_lines > 0) {
            if (o != begin) {
                *o++ = '\n';
                if (pending_lines > 1) {
                    *o++ = '\n'; // at most one blank line; a CRLF pair counted once, so room
                }
            }
            pending_lines = 0;
        } else if (pending_space && o != begin) {
            *o++ = ' ';
        }
        pending_space = false; // and so is indentation
        *o++ = c;
    }
    out.resize(static_cast<std::size_t>(o - begin));
    return is_ascii(out) ? out : to_valid_utf8(out);
}

std::string limit(std::string_view text) {
    text = trim(text);
    while (!text.empty() && text.back() == '.') {
        text.remove_suffix(1);
    }
    return field(text);
}

std::string schedule(std::string_view text) {
    const auto tilde = text.find('~');
    return field(tilde == std::string_view::npos ? text : text.substr(tilde + 1));
}

std::optional<int> small_int(std::string_view text) {
    text = trim(text);
    if (text.empty() || text.size() > 9) {
        return std::nullopt;
    }
    const int value = static_cast<int>(digits_at(text, 0, text.size()));
    return value < 0 ? std::nullopt : std::optional<int>(value);
}

std::optional<GeoPoint> coordinates(std::string_view text) {
    text = trim(text);
    const auto ns = text.find_first_of("NS");
    if (ns == std::string_view::npos || ns + 1 >= text.size()) {
        return std::nullopt;
    }
    const char ew = text.back();
    if (ew != 'E' && ew != 'W') {
        return std::nullopt;
    }
    const auto lat = angle(text.substr(0, ns), 2);
    const auto lon = angle(text.substr(ns + 1, text.size() - ns - 2), 3);
    if (!lat || !lon || *lat > 90.0 || *lon > 180.0) {
        return std::nullopt;
    }
    return GeoPoint{text[ns] == 'S' ? -*lat : *lat, ew == 'W' ? -*lon : *lon};
}

std::optional<UtcTime> aixm_time(std::string_view text, bool* estimated) {
    text = trim(text);
    bool est = false;
    if (text.size() > 12 && text.ends_with("EST")) {
        est = true;
        text = trim(text.substr(0, text.size() - 3));
    }
    if (text.size() != 12) {
        return std::nullopt;
    }
    const int y = static_cast<int>(digits_at(text, 0, 4));
    const int mo = static_cast<int>(digits_at(text, 4, 2));
    const int d = static_cast<int>(digits_at(text, 6, 2));
    const int h = static_cast<int>(digits_at(text, 8, 2));
    const int mi = static_cast<int>(digits_at(text, 10, 2));
    if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || mi > 59 || h > 24 || (h == 24 && mi != 0)) {
        return std::nullopt;
    }
    using namespace std::chrono;
    const year_month_day date{year{y}, month{static_cast<unsigned>(mo)},
                              day{static_cast<unsigned>(d)}};
    if (!date.ok()) {
        return std::nullopt;
    }
    if (estimated != nullptr) {
        *estimated = est;
    }
    // 2400 is the end of the day, as NOTAMs write it.
    return sys_days{date} + hours{h} + minutes{mi};
}

bool is_checklist(const Notam& notam) {
    return notam.qcode == "QKKKK" || trim(notam.text).starts_with("CHECKLIST");
}

void add_hazard(HazardBatch& batch, Notam&& notam, const Extras& extras) {
    // A checklist is a list of the NOTAMs in force, not an advisory: no hazard, no error.
    if (is_checklist(notam)) {
        return;
    }
    if (notam.type == 'C' && notam.ref.empty()) {
        batch.errors.push_back(
            {"NOTAMC " + notam.id + " does not say which NOTAM it cancels", extras.line});
        return;
    }
    if (notam.type == 'R' && notam.ref.empty()) {
        notam.type = 'N'; // a replacement of nothing we can name is just a new NOTAM
    }
    if (notam.part == 0) {
        // A multi-part NOTAM's structured text starts "PART 1 OF 2" (the text forms have it in
        // the header, and their parsers read it there).
        if (const auto part = notam_scan::read_part_phrase(notam.text)) {
            notam.part = part->part;
            notam.part_count = part->count;
        }
    }
    notam.raw.clear(); // the hazard keeps the payload fragment instead, set below
    // Built where it is kept: a Hazard is some 600 bytes, and moving one costs a pass over
    // each of its strings.
    Hazard& hazard = batch.hazards.emplace_back();
    try {
        notam_to_hazard(std::move(notam), hazard);
        if (extras.polygon != nullptr && !extras.polygon->rings.empty()) {
            hazard.geometry = *extras.polygon; // drawn by the feed: better than the Q-line's
        }
        // A fragment known to be valid UTF-8 is what to_valid_utf8 would return: the check,
        // a pass over a payload's worth of bytes, is spared.
        if (extras.valid_utf8 || is_ascii(extras.raw)) {
            hazard.raw.assign(extras.raw);
        } else {
            hazard.raw = to_valid_utf8(extras.raw);
        }
        Classifier::builtin().apply(hazard);
    } catch (...) {
        batch.hazards.pop_back(); // out of memory: no half-built hazard in the batch
        throw;
    }
}

int LineCounter::line_at(std::size_t offset) {
    offset = std::min(offset, text_.size());
    if (offset < offset_) {
        offset_ = 0;
        line_ = 1;
    }
    line_ +=
        static_cast<int>(std::count(text_.begin() + static_cast<std::ptrdiff_t>(offset_),
                                    text_.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
    offset_ = offset;
    return line_;
}

} // namespace aerowatch::structured_notam
