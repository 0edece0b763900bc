// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/flight.hpp"
#include "sources/flights/nas_time.hpp"

#include <string_view>

namespace aerowatch {

/// Parses the FAA NAS Status airport XML
/// (https://nasstatus.faa.gov/api/airport-status-information): AIRPORT_STATUS_INFORMATION /
/// Delay_type (Name + one list) into airport signals:
///
/// - Ground_Delay_List / Ground_Delay: "ground_delay", Avg and Max ("1 hour and 9 minutes").
/// - Ground_Stop_List / Program: "ground_stop", End_Time ("5:30 pm EDT") as the end.
/// - Arrival_Departure_Delay_List / Delay / Arrival_Departure[@Type]: "arrival_delay" or
///   "departure_delay" per element, Max as the maximum, the Trend added to the reason.
/// - Airport_Closure_List / Airport: "closure", Start and Reopen ("Nov 03 at 07:00 UTC.").
/// - Airspace flow programmes are not about an airport and are skipped; items with an ARPT in
///   lists this parser does not know become signals typed after the list ("deicing").
///
/// Times without a date or year are placed relative to Update_Time ("Thu Nov 20 18:57:02 2025
/// GMT"): an end time of day on the update's local date (the next day when it would lie more
/// than 6 hours before the update), a month and day in the year that puts it nearest the update.
/// ARPT codes are kept as given ("EWR": FAA identifiers, mapped to ICAO by whoever has the
/// reference data). DTDs are never processed.
FlightBatch parse_nas_status(std::string_view xml);

} // namespace aerowatch
