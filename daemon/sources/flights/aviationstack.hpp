// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/flight.hpp"
#include "sources/flights/time_zone.hpp"

#include <string_view>

namespace aerowatch {

/// Parses an AviationStack /v1/flights page: {pagination:{limit,offset,count,total},data:[...]}.
///
/// - next_offset is offset + count while that is below total.
/// - flight_status: scheduled, active, landed, cancelled (or "canceled"), diverted map to
///   their states; "scheduled" with a departure delay of 15 minutes or more is delayed;
///   "incident" is unknown (it says something happened, not whether the flight operated, so it
///   must not count as a cancellation or a diversion); anything else is unknown.
/// - Times are airport-local but labelled +00:00: the label is dropped and the time read in
///   departure.timezone / arrival.timezone, else in the zone `zones` knows for the airport's
///   ICAO or IATA code. A non-zero offset is believed. When no zone is known the times are
///   kept as labelled (UTC), the flight is still recorded, and an ItemError notes it.
/// - A record with flight.codeshared is a marketing duplicate: its designator is added to the
///   operating flight's codeshares (upper case). When the operating flight's own record is
///   not in the payload, the operating flight is built from the codeshared block and the
///   duplicate's schedule.
/// - Placeholder records (airline.name "empty", no flight number) and records without a
///   scheduled departure are ItemErrors; delays are minutes; {"error":{code,type,info}} is
///   one ItemError.
FlightBatch parse_aviationstack(std::string_view payload, const TimeZoneLookup& zones);

} // namespace aerowatch
