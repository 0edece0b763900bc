// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Helpers shared by the two structured NOTAM readers (FAA NOTAM API JSON and AIXM 5.1): both
// carry the ICAO fields one by one, so both turn field text into a Notam the same way and
// hand it to notam_to_hazard the same way.

#include "core/geo.hpp"
#include "core/hazard.hpp"
#include "core/text.hpp"
#include "sources/notam/notam.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aerowatch::structured_notam {

/// True when every byte is 7-bit: such text is valid UTF-8 without a closer look.
bool is_ascii(std::string_view text);

/// The indexes of `slots` (anything with a string_view `name`) by name length, each list
/// ending with -1: a field name is then compared with the few slot names of its length only,
/// where a pass over all of them ran for every field of every NOTAM. At most four names of one
/// length and none longer than Longest (either fails to compile).
template <std::size_t Longest, typename Slots> constexpr auto slots_by_length(const Slots& slots) {
    std::array<std::array<std::int8_t, 5>, Longest + 1> table{};
    for (auto& list : table) {
        list.fill(-1);
    }
    for (std::size_t i = 0; i < slots.size(); ++i) {
        auto& list = table.at(slots[i].name.size());
        std::size_t n = 0;
        while (list.at(n) >= 0) {
            ++n;
        }
        if (n == 4) {
            throw "more than four slot names of one length"; // a compile error in constexpr
        }
        list[n] = static_cast<std::int8_t>(i);
    }
    return table;
}

/// The index of the slot called `name` in `slots` through their slots_by_length table; -1
/// when there is none.
template <typename Slots, typename Table>
int find_slot(const Slots& slots, const Table& table, std::string_view name) {
    if (name.size() >= table.size()) {
        return -1;
    }
    for (const std::int8_t i : table[name.size()]) {
        if (i < 0) {
            return -1;
        }
        if (same_bytes(slots[static_cast<std::size_t>(i)].name, name)) {
            return i;
        }
    }
    return -1;
}

/// Short field text (codes, numbers, limits): trimmed, valid UTF-8.
std::string field(std::string_view text);

/// `out` = field(text), written in place: no temporary string to build, return and move, a
/// dozen times per NOTAM.
void set_field(std::string& out, std::string_view text);

/// NOTAM body text as the feeds carry it (raw line breaks, runs of spaces, HTML entities such
/// as &apos;): entities decoded, CRLF to LF, runs of blanks to one space, lines right-trimmed,
/// blank lines at both ends dropped, valid UTF-8. Line breaks stay: they are the author's.
std::string body_text(std::string_view text);

/// A limit as written, without the trailing dot FAA data sometimes has ("5000FT.").
std::string limit(std::string_view text);

/// The human part of an FAA schedule "Daily:1619-2300~DLY 1618-2300" (after the '~'); the
/// whole text when there is no machine part.
std::string schedule(std::string_view text);

/// A non-negative decimal integer of at most 9 digits, surrounding blanks allowed.
std::optional<int> small_int(std::string_view text);

/// "3513N00009E" (degrees and minutes, ICAO Q-line style) or "314248N1012646W" (with
/// seconds, FAA domestic style); nullopt for anything else, including the FAA placeholder
/// "latNlongW".
std::optional<GeoPoint> coordinates(std::string_view text);

/// "YYYYMMDDHHMM" (AIXM effectiveStart/End), optionally followed by "EST"; nullopt when not
/// 12 digits or not a real date.
std::optional<UtcTime> aixm_time(std::string_view text, bool* estimated = nullptr);

/// The id a NOTAMR/NOTAMC header names ("A0185/09 NOTAMR A0096/09" gives "A0096/09"), read
/// from the first line of a translation; empty when there is none or it is not id-shaped.
std::string header_ref(std::string_view translation);

/// True when the ICAO translation's item C) carries EST, "C) 2311272200 EST" or "...2200EST".
bool icao_end_estimated(std::string_view translation);

/// True when an FAA domestic text ends its validity with EST ("...-2404212359EST").
bool domestic_end_estimated(std::string_view simple_text);

/// True when an FAA-generated translation is placeholder garbage ("latNlongW025",
/// "ROUTE undefined,undefined,undefined"): such text must not fill any field.
bool is_placeholder_translation(std::string_view translation);

/// Fills the fields `notam` lacks from `parsed` (the same NOTAM read from its text form).
/// Structured fields always win; nothing present is overwritten.
void fill_missing(Notam& notam, const Notam& parsed);

/// Uses a NOTAM's translations, the ICAO text (`icao`) and the FAA domestic text (`local`),
/// for what the structured fields lack: the referenced id of a NOTAMR/NOTAMC, an EST end,
/// the domestic keyword, and, only when something essential is missing, everything
/// parse_icao_notam / parse_faa_domestic_notam can read. Placeholder garbage fills nothing.
/// Also sets notam.raw to the translation, unless `keep_raw` is false (a reader making hazards,
/// which keep the payload fragment instead: the copy would be thrown away).
void use_translations(Notam& notam, std::string_view icao, std::string_view local,
                      bool keep_raw = true);

/// Checklist NOTAMs (text starting CHECKLIST, Q-code QKKKK) list the NOTAMs in force; they are
/// not hazards, and their coordinates and radius 999 are bogus.
bool is_checklist(const Notam& notam);

/// What else a structured reader knows about a NOTAM beyond the Notam itself.
struct Extras {
    std::string_view raw;              // the payload fragment, for audit
    const Geometry* polygon = nullptr; // an area drawn by the feed, preferred to the circle
    int line = 0;                      // for errors
    bool valid_utf8 = false;           // raw is known to be valid UTF-8 (checked as a whole)
};

/// Converts `notam` with notam_to_hazard, classifies it and appends it to `batch`; a checklist
/// adds nothing and a NOTAMC whose target is unknown adds an ItemError instead.
void add_hazard(HazardBatch& batch, Notam&& notam, const Extras& extras);

/// 1-based line of byte `offset` in `text`, counted incrementally: calls must move forward
/// through one text for the count to stay linear (moving back restarts it).
class LineCounter {
  public:
    explicit LineCounter(std::string_view text) : text_(text) {}
    int line_at(std::size_t offset);

  private:
    std::string_view text_;
    std::size_t offset_ = 0;
    int line_ = 1;
};

} // namespace aerowatch::structured_notam
