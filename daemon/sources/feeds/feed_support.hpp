// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the feed parsers share beyond XML and JSON handling: text cleaning, RFC 822 dates,
// line numbers for errors, FIR codes in prose, coordinates.

#include "core/clock.hpp"
#include "core/geo.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aerowatch::feed {

/// A one-line field (a title, a country): HTML entities decoded, valid UTF-8, whitespace
/// collapsed.
std::string plain_text(std::string_view text);

/// An HTML fragment (an RSS description) as text: tags stripped, entities decoded, valid UTF-8,
/// each line's whitespace collapsed, blank lines dropped.
std::string html_to_text(std::string_view html);

/// 1-based line numbers for byte offsets into one payload; cheap when asked in increasing order.
class LineCounter {
  public:
    explicit LineCounter(std::string_view text) : text_(text) {}
    int line_at(std::size_t offset);

  private:
    std::string_view text_;
    std::size_t offset_ = 0;
    int line_ = 1;
};

/// Memory for a copy of the payload, kept from one payload to the next by its owner (a parser,
/// one per thread): a fresh buffer the size of a large payload is new memory each time, and
/// every page of it faults in, which cost the JSON and XML readers more than the parse. What
/// is kept follows the payloads: once one needs less than a quarter of what is kept (above
/// 4 MiB), it is given back, so that one large download is not held for good.
class ScratchBuffer {
  public:
    /// Room for `size` bytes; true when that took a new buffer (the old contents are gone).
    bool reserve(std::size_t size) {
        if (size <= capacity_ && !(capacity_ > keep_floor && size < capacity_ / 4)) {
            return false;
        }
        data_.reset();               // the old one goes before the new one comes
        data_.reset(new char[size]); // uninitialised: pages never written cost nothing
        capacity_ = size;
        return true;
    }
    char* data() { return data_.get(); }
    std::size_t capacity() const { return capacity_; }

  private:
    static constexpr std::size_t keep_floor = std::size_t{4} << 20;
    std::unique_ptr<char[]> data_;
    std::size_t capacity_ = 0;
};

/// An RFC 822 / RFC 2822 date as RSS writes it: "Thu, 24 Feb 2022 00:00:00 +0200", with or
/// without the day name and seconds, 2- or 4-digit year, numeric zones (+0200, +02:00) or
/// named ones (GMT, UT, UTC, Z, EST...PDT, military letters as UTC per RFC 2822 4.3). No zone
/// means UTC. Unknown zone names and out-of-range fields give nullopt.
std::optional<UtcTime> parse_rfc822_date(std::string_view text);

/// A date in whatever a feed uses: RFC 822, RFC 3339 / ISO 8601 (a missing zone means UTC),
/// or a bare "YYYY-MM-DD" (midnight UTC).
std::optional<UtcTime> parse_feed_date(std::string_view text);

/// Adds `value` to `list` unless empty or already there.
void add_unique(std::vector<std::string>& list, std::string value);

/// ICAO location codes written in parentheses, "FIR Baghdad (ORBB)", plus four-letter codes
/// next to the word FIR ("SVZM FIR", "FIR SVZM"): what bulletins use to name airspace.
std::vector<std::string> fir_codes_in(std::string_view text);

/// Longitude brought into [-180, 180] (AWC unwraps rings across the antimeridian past 180).
double normalise_longitude(double lon);

/// A point from lat/lon when both are finite and in range (after normalising lon).
std::optional<GeoPoint> make_point(double lat, double lon);

/// `ring` with its first point repeated at the end, unless it already is.
void close_ring(std::vector<GeoPoint>& ring);

} // namespace aerowatch::feed
