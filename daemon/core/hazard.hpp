// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.hpp"
#include "core/geo.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aerowatch {

/// Ordered: a comparison means "more severe than".
enum class Severity { info, caution, warning, prohibition };

enum class HazardCategory : std::uint8_t {
    security_conflict,
    military_activity,
    gnss_interference,
    airspace_closure,
    airport_closure,
    weather,
    volcanic_ash,
    other,
};

/// A small set of categories (a bit per HazardCategory).
class CategorySet {
  public:
    void add(HazardCategory c) { bits_ |= bit(c); }
    bool has(HazardCategory c) const { return (bits_ & bit(c)) != 0; }
    bool empty() const { return bits_ == 0; }
    std::uint32_t bits() const { return bits_; }
    static CategorySet from_bits(std::uint32_t b) {
        CategorySet s;
        s.bits_ = b;
        return s;
    }
    std::vector<HazardCategory> list() const;
    bool operator==(const CategorySet&) const = default;

  private:
    static std::uint32_t bit(HazardCategory c) { return 1u << static_cast<unsigned>(c); }
    std::uint32_t bits_ = 0;
};

enum class HazardKind {
    notam,
    security_notice,
    czib,
    sigmet,
    cap,
    rss,
    travel_advisory,
    country_restrictions, // a State's list of what it prohibits or advises, per country (FAA)
};

/// Where a hazard is in its life. Parsers say active or withdrawn; the store decides the rest.
enum class HazardStatus { active, replaced, cancelled, expired, withdrawn };

/// What a record does to earlier ones: a NOTAMN is new, a NOTAMR replaces `ref`, a NOTAMC
/// cancels `ref` (and carries no operational content of its own).
enum class HazardAction { create, replace, cancel };

/// One advisory in force or once in force, normalised from whatever feed it came in.
struct Hazard {
    // Identity. `key` is unique within the source that produced it and stable across polls:
    // for NOTAMs issuing office + series + number + year ("KICZ A0012/25"), never the number
    // alone, since every State has an A0012/25.
    std::string key;
    std::string id;     // as shown to people: "A0012/25", "CZIB 2026-01-R2", "SVZM SIGMET A01"
    std::string issuer; // "KICZ", "EASA", "SVMI" (the MWO), "US Department of State"
    HazardKind kind = HazardKind::notam;
    HazardAction action = HazardAction::create;
    std::string ref_key; // key of the replaced / cancelled record (same issuer), when any

    // Meaning. Parsers may set a severity and categories they know from the format itself
    // (a State Department level, a SIGMET hazard); the normaliser raises them from the text.
    Severity severity = Severity::info;
    CategorySet categories;

    // Where.
    std::vector<std::string> firs;     // ICAO FIR codes
    std::vector<std::string> airports; // ICAO airport codes
    std::vector<std::string> countries;
    Geometry geometry;
    std::optional<int> lower_ft; // feet AMSL; 0 for SFC/GND
    std::optional<int> upper_ft; // feet AMSL; nullopt for UNL
    std::string lower_text;      // as written: "SFC", "FL260", "2000FT AMSL"
    std::string upper_text;      // "UNL", "FL999"

    // When (UTC).
    std::optional<UtcTime> issued;
    std::optional<UtcTime> valid_from;
    std::optional<UtcTime> valid_to;
    bool valid_to_estimated = false; // "EST": must later be replaced or cancelled
    bool permanent = false;          // "PERM", "UNTIL PERM", no end given for a NOTAM
    std::string schedule;            // item D, when the hazard is active only at times

    HazardStatus status = HazardStatus::active;

    // Content.
    std::string qcode; // "QRTCA"; empty when none
    std::string title;
    std::string text; // the operative text (item E, description), valid UTF-8
    std::string link;
    std::string raw; // the payload fragment it came from, for audit

    // True when this record only supplements one that another feed carries in full (the EASA
    // RSS feed beside the JSON export): its non-empty fields are merged, its status ignored.
    bool partial = false;
};

/// Multi-part NOTAMs ("PART 2 OF 3") share one number: each part is stored under the NOTAM's
/// key followed by this marker and the part number ("FDC 4/2246 PART 2"), and a NOTAMC or
/// NOTAMR of the whole NOTAM reaches every part.
inline constexpr std::string_view part_key_marker = " PART ";
/// The key of the whole NOTAM that `key` names a part of; nullopt when it names no part.
std::optional<std::string_view> whole_of_part_key(std::string_view key);

const char* to_string(Severity s);
const char* to_string(HazardCategory c);
const char* to_string(HazardKind k);
const char* to_string(HazardStatus s);
const char* to_string(HazardAction a);
std::optional<Severity> severity_from_string(std::string_view s);
std::optional<HazardCategory> category_from_string(std::string_view s);
std::optional<HazardKind> kind_from_string(std::string_view s);
std::optional<HazardStatus> status_from_string(std::string_view s);

/// One item of a payload that could not be read: logged and skipped, the rest still counts.
struct ItemError {
    std::string message;
    int line = 0; // 1-based line in the payload, 0 when not meaningful
};

/// What a hazard parser makes of one payload.
struct HazardBatch {
    std::vector<Hazard> hazards;
    std::vector<ItemError> errors;
    // True when the payload is a complete listing of what the source has in force (an EASA
    // export, a State Department feed): records it no longer lists have ended. False for
    // deltas and pages.
    bool complete_listing = false;
    // Paging: the next page to fetch, when the payload says there is one. An API with page
    // numbers sets next_page_number (FAA legacy pageNum); one with links sets next_page_url
    // (an absolute URL or a path on the same host: NMS content redirects).
    std::optional<int> next_page_number;
    std::optional<std::string> next_page_url;
};

} // namespace aerowatch
