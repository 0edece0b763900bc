// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/flight.hpp"

#include <string_view>

namespace aerowatch {

/// Parses a FlightAware AeroAPI v4 airport board (/airports/{id}/flights and its departures,
/// arrivals, scheduled_departures and scheduled_arrivals variants: every list present is read).
///
/// - State comes from the `cancelled` and `diverted` booleans; the free-text `status` only
///   tells scheduled, active, landed and delayed apart ("Result Unknown" and unrecognised text
///   fall back to the actual times, else unknown).
/// - Times are the OOOI gate times (out = departure, in = arrival), falling back to the runway
///   times (off, on) when the gate times are null. Delays are seconds, stored as minutes.
/// - Airline from operator_iata / operator_icao, else the IATA prefix of ident_iata or the
///   three-letter ICAO prefix of ident_icao / ident (a bare ident may be a registration);
///   airports by code_icao, else code. codeshares_iata (else codeshares) are the marketing
///   designators; fa_flight_id is the source id.
/// - links.next is kept as given when it is a path on the AeroAPI host ("/airports/...");
///   anything else (an absolute URL could send the key elsewhere) is an ItemError.
/// - An error body {"title","reason","detail","status"} is one ItemError. A record without a
///   flight number or scheduled departure is an ItemError; the rest still count.
FlightBatch parse_aeroapi(std::string_view payload);

} // namespace aerowatch
