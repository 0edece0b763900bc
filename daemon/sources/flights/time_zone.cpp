// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/flights/time_zone.hpp"

#include "refdata/refdata.hpp"
#include "sources/flights/posix_tz.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>
#include <system_error>
#include <vector>

namespace aerowatch {

namespace {

using namespace std::chrono;

// TZif offsets are bounded by RFC 8536 to (-25h, +26h); anything wider is a corrupt file.
constexpr int max_abs_offset = 26 * 3600;
// Zone files are a few KiB; the cap keeps a misconfigured root from reading something huge.
constexpr std::size_t max_file_bytes = 1 << 20;
constexpr std::size_t max_cached_zones = 512;
std::uint32_t be32(std::string_view b, std::size_t at) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        v = (v << 8) | static_cast<unsigned char>(b[at + i]);
    }
    return v;
}

std::int64_t be64(std::string_view b, std::size_t at) {
    const std::uint64_t v = (std::uint64_t{be32(b, at)} << 32) | be32(b, at + 4);
    return static_cast<std::int64_t>(v);
}

struct Header {
    std::uint64_t isut = 0, isstd = 0, leap = 0, time = 0, type = 0, chars = 0;
    std::uint64_t block_size(std::uint64_t time_size) const {
        return time * time_size + time + type * 6 + chars + leap * (time_size + 4) + isstd + isut;
    }
};

std::optional<Header> read_header(std::string_view b, std::size_t at) {
    if (b.size() < at + 44 || b.substr(at, 4) != "TZif") {
        return std::nullopt;
    }
    Header h{be32(b, at + 20), be32(b, at + 24), be32(b, at + 28),
             be32(b, at + 32), be32(b, at + 36), be32(b, at + 40)};
    if (h.type == 0 || h.type > 256 || h.chars == 0 || (h.isut != 0 && h.isut != h.type) ||
        (h.isstd != 0 && h.isstd != h.type) || h.time > 100000 || h.leap > 100000) {
        return std::nullopt;
    }
    return h;
}

} // namespace

struct TzifTimeZones::Zone {
    std::vector<std::int64_t> transitions; // UTC seconds, strictly increasing
    std::vector<int> offsets;              // seconds east of UTC from each transition on
    int initial = 0;                       // before the first transition: time type 0
    std::optional<PosixTz> footer;         // after the last transition, when given
};

std::shared_ptr<const TzifTimeZones::Zone> parse_tzif(std::string_view b) {
    auto header = read_header(b, 0);
    if (!header) {
        return nullptr;
    }
    std::size_t at = 44;
    std::uint64_t time_size = 4;
    if (b[4] >= '2') {
        // The v1 block is only for old readers; the 64-bit block after it is authoritative.
        const std::uint64_t skip = header->block_size(4);
        if (skip > b.size() - at || !(header = read_header(b, at + skip))) {
            return nullptr;
        }
        at += static_cast<std::size_t>(skip) + 44;
        time_size = 8;
    }
    const Header& h = *header;
    if (h.block_size(time_size) > b.size() - at) {
        return nullptr;
    }
    auto zone = std::make_shared<TzifTimeZones::Zone>();
    const std::size_t types_at = at + h.time * time_size + h.time;
    std::vector<int> type_offsets;
    for (std::size_t i = 0; i < h.type; ++i) {
        const auto offset = static_cast<std::int32_t>(be32(b, types_at + i * 6));
        if (offset <= -max_abs_offset || offset >= max_abs_offset) {
            return nullptr;
        }
        type_offsets.push_back(offset);
    }
    zone->initial = type_offsets.front();
    for (std::size_t i = 0; i < h.time; ++i) {
        const std::int64_t t =
            time_size == 8 ? be64(b, at + i * 8) : static_cast<std::int32_t>(be32(b, at + i * 4));
        const auto type = static_cast<unsigned char>(b[at + h.time * time_size + i]);
        if (type >= h.type || (!zone->transitions.empty() && t <= zone->transitions.back())) {
            return nullptr;
        }
        zone->transitions.push_back(t);
        zone->offsets.push_back(type_offsets[type]);
    }
    const std::size_t footer_at = at + static_cast<std::size_t>(h.block_size(time_size));
    if (time_size == 8 && footer_at < b.size() && b[footer_at] == '\n') {
        const auto rest = b.substr(footer_at + 1);
        const auto end = rest.find('\n');
        if (end != std::string_view::npos && end > 0) {
            zone->footer = parse_posix_tz(rest.substr(0, end)); // unreadable: last type holds
        }
    }
    return zone;
}

int zone_offset_at(const TzifTimeZones::Zone& zone, std::int64_t t) {
    const auto& tr = zone.transitions;
    const auto after = std::upper_bound(tr.begin(), tr.end(), t);
    if (after == tr.end() && zone.footer && (tr.empty() || t >= tr.back())) {
        return posix_offset_at(*zone.footer, t);
    }
    if (after == tr.begin()) {
        return zone.initial;
    }
    return zone.offsets[static_cast<std::size_t>(after - tr.begin() - 1)];
}

std::filesystem::path default_zoneinfo_directory() {
    const char* dir = std::getenv("TZDIR");
    return dir != nullptr && *dir != '\0' ? std::filesystem::path(dir)
                                          : std::filesystem::path("/usr/share/zoneinfo");
}

bool valid_zone_name(std::string_view name) {
    if (name.empty() || name.size() > 128 || name.front() == '/' || name.back() == '/' ||
        name.find("..") != std::string_view::npos || name.find("//") != std::string_view::npos) {
        return false;
    }
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '/' || c == '_' || c == '+' || c == '-';
    });
}

TzifTimeZones::TzifTimeZones(std::filesystem::path root, std::shared_ptr<const RefData> airports)
    : root_(std::move(root)), airports_(std::move(airports)) {}

TzifTimeZones::~TzifTimeZones() = default;

std::shared_ptr<const TzifTimeZones::Zone> TzifTimeZones::zone(std::string_view name) const {
    if (!valid_zone_name(name)) {
        return nullptr;
    }
    std::lock_guard lock(mutex_);
    if (auto found = cache_.find(name); found != cache_.end()) {
        return found->second;
    }
    std::shared_ptr<const Zone> parsed;
    const auto path = root_ / std::string(name);
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec)) {
        std::ifstream in(path, std::ios::binary);
        std::string bytes;
        std::array<char, 4096> buffer;
        while (in && bytes.size() <= max_file_bytes) {
            in.read(buffer.data(), buffer.size());
            bytes.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
        }
        if (bytes.size() <= max_file_bytes) {
            parsed = parse_tzif(bytes);
        }
    }
    if (cache_.size() >= max_cached_zones) {
        cache_.clear(); // names come from feeds: a bound, not an LRU, is all this needs
    }
    cache_.emplace(std::string(name), parsed);
    return parsed;
}

std::optional<int> TzifTimeZones::utc_offset(std::string_view iana_zone, UtcTime at) const {
    auto z = zone(iana_zone);
    if (!z) {
        return std::nullopt;
    }
    return zone_offset_at(*z, at.time_since_epoch().count());
}

std::optional<UtcTime> TzifTimeZones::to_utc(std::string_view iana_zone, int y, int mo, int d,
                                             int h, int mi) const {
    if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 ||
        mi > 59) {
        return std::nullopt;
    }
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                             day{static_cast<unsigned>(d)}};
    auto z = ymd.ok() ? zone(iana_zone) : nullptr;
    if (!z) {
        return std::nullopt;
    }
    const std::int64_t local =
        sys_days{ymd}.time_since_epoch().count() * 86400 + h * 3600 + mi * 60;
    // The instant lies within 26 hours of the local reading; the offsets in force around it
    // are the only candidates (zones never change offset twice within a day and a half).
    constexpr std::int64_t window = 30 * 3600;
    const int before = zone_offset_at(*z, local - window);
    const std::set<int> candidates = {before, zone_offset_at(*z, local),
                                      zone_offset_at(*z, local + window)};
    std::optional<std::int64_t> best;
    for (int offset : candidates) {
        const std::int64_t utc = local - offset;
        if (zone_offset_at(*z, utc) == offset && (!best || utc < *best)) {
            best = utc;
        }
    }
    return UtcTime{seconds{best.value_or(local - before)}};
}

std::optional<std::string> TzifTimeZones::airport_zone(std::string_view code) const {
    if (!airports_) {
        return std::nullopt;
    }
    auto airport = airports_->airport(code);
    if (!airport || airport.value()->timezone.empty()) {
        return std::nullopt;
    }
    return airport.value()->timezone;
}

} // namespace aerowatch
