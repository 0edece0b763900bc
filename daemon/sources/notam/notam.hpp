// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.hpp"
#include "core/hazard.hpp"
#include "core/result.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aerowatch {

/// One NOTAM as written, in any of the text forms aerowatch reads (ICAO, FAA domestic, the FAA
/// web rendering of security notices). Fields are absent (empty / nullopt) when the form or
/// the message does not carry them. Everything is upper-case ASCII as in the source, except
/// `text`, which keeps the message's own characters (UTF-8).
struct Notam {
    enum class Form { icao, faa_domestic, faa_notice };
    Form form = Form::icao;

    std::string id;     // "A0012/25"; "0603/09" when the series is missing; "02/277", "4/2246"
    std::string series; // "A"; empty when missing
    int number = 0;
    int year = 0;       // four digits: 2025
    char type = 'N';    // N new, R replace, C cancel
    std::string ref;    // the replaced / cancelled id
    std::string issuer; // accountability: "KICZ" (notices), "FTW"/"FDC" (domestic); ICAO: empty

    // Q) line.
    std::string fir;     // "SVZM"
    std::string qcode;   // "QRTCA"; empty when absent or "Q////"
    std::string traffic; // "IV"
    std::string purpose; // "NBO"
    std::string scope;   // "AE"
    std::optional<int> lower_fl;
    std::optional<int> upper_fl;
    std::optional<double> lat;
    std::optional<double> lon;
    std::optional<int> radius_nm;

    // Items A-G (and their equivalents in the FAA forms).
    std::vector<std::string> locations; // A): "SVZM"; domestic: the location ("ZFW")
    std::string location_name;          // the bracketed name after A), if any
    std::optional<UtcTime> valid_from;  // B)
    std::optional<UtcTime> valid_to;    // C); nullopt when PERM or absent
    bool valid_to_estimated = false;    // "EST"
    bool permanent = false;             // "PERM"
    std::string schedule;               // D)
    std::string text;                   // E)
    std::string lower;                  // F) "SFC"
    std::string upper;                  // G) "UNL"

    std::optional<UtcTime> created; // "CREATED:" footer or notice line
    std::string keyword;            // domestic/notice keyword: "SECURITY", "NAV", "AIRSPACE"
    int part = 0;                   // "PART 1 OF 2": 1 and 2; 0 when not multi-part
    int part_count = 0;
    std::string raw; // the message exactly as given
};

/// An error reading one NOTAM, with the 1-based line (within the NOTAM) where it went wrong.
struct NotamError {
    std::string message;
    int line = 1;
};

/// One NOTAM cut out of a longer text, with the line it starts on in that text.
struct NotamText {
    std::string_view text;
    int line = 1;
};

} // namespace aerowatch
