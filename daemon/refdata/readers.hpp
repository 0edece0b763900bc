// SPDX-License-Identifier: GPL-3.0-or-later
// Private to refdata/: parsers for the shipped data files. All of them throw std::runtime_error
// naming the file (and line, for line-oriented formats) on a missing or malformed file.
#pragma once

#include "refdata/refdata.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace aerowatch::refdata {

/// Reads a whole file; throws naming the file when it cannot be read.
std::string read_text_file(const std::filesystem::path& file);

/// Throws "<file>:<line>: <what>" (line 0 leaves the line out).
[[noreturn]] void throw_malformed(const std::filesystem::path& file, std::size_t line,
                                  std::string_view what);

/// Splits one OpenFlights CSV line into `fields` (reusing its storage). Quoted fields may hold
/// commas and doubled quotes; an unquoted `\N` becomes an empty field. Returns false on an
/// unterminated quote.
bool split_csv_line(std::string_view line, std::vector<std::string>& fields);

struct AirportTable {
    std::vector<Airport> airports; // with a 4-letter ICAO code, in file order; no fir yet
    std::vector<bool> is_airport;  // OpenFlights type "airport" (others: station, port, unknown)
};

AirportTable read_airports(const std::filesystem::path& file);

/// Airlines with at least one usable code (2-character IATA or 3-letter ICAO), in file order;
/// junk codes ("-", "N/A", "\N", ...) are cleared.
std::vector<Airline> read_airlines(const std::filesystem::path& file);

struct VatspyFir {
    std::string code;     // "SVZM"
    std::string name;     // "Maiquetia"
    std::string boundary; // the Boundaries.geojson feature id, "SVZM"
};

struct VatspyAirport {
    std::string icao; // "SVMI"
    std::string fir;  // "SVZM"
    bool pseudo = false;
};

struct VatspyData {
    std::vector<VatspyFir> firs;         // one per [FIRs] line, in file order
    std::vector<VatspyAirport> airports; // [Airports] lines with a FIR, in file order
};

VatspyData read_vatspy(const std::filesystem::path& file);

/// ASCII upper-casing for case-insensitive codes.
std::string to_upper(std::string_view text);

} // namespace aerowatch::refdata
