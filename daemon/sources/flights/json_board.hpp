// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/config.hpp"
#include "core/flight.hpp"
#include "sources/flights/time_zone.hpp"

#include <string_view>

namespace aerowatch {

/// Parses an airport's own departure or arrival board as `board` describes it: each element of
/// the array at board.list is one flight, its fields found by JSON pointers (RFC 6901).
///
/// - Airline: a 2-character IATA or 3-letter ICAO code; when board.airline is empty or the
///   value missing, the prefix of the flight number ("IB6673") names it.
/// - Flight number: "IB6673", "IB 6673" and 6673 all give "6673".
/// - Origin / destination: the pointer's value, else origin_code / destination_code.
/// - Scheduled time: board.time_format ("iso8601" or a pattern for parse_with_pattern); a time
///   without an offset is local time in board.time_zone (UTC when that is empty).
/// - Status: matched against status_map exactly but ignoring ASCII case and surrounding
///   blanks; unmapped or missing is unknown.
/// A record without a flight number, a usable airline or a scheduled time is an ItemError
/// (line 0: messages give the record's index in the list instead).
FlightBatch parse_json_board(std::string_view payload, const JsonBoardConfig& board,
                             const TimeZoneLookup& zones);

} // namespace aerowatch
