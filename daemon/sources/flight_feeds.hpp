// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/config.hpp"
#include "core/flight.hpp"
#include "sources/flights/time_zone.hpp"

#include <optional>
#include <string_view>

namespace aerowatch {

/// True for the source kinds that carry flight status or airport signals: aeroapi,
/// aviationstack, json_board, faa_nas_status.
bool is_flight_kind(std::string_view kind);

/// Parses a payload of a flight source kind with its parser; nullopt for other kinds. A
/// json_board source without its [source.board] table gives a batch with one ItemError.
std::optional<FlightBatch> parse_flight_payload(std::string_view kind, std::string_view payload,
                                                const SourceConfig& source,
                                                const TimeZoneLookup& zones);

} // namespace aerowatch
