// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.hpp"
#include "core/hazard.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aerowatch {

enum class FlightState { scheduled, active, landed, cancelled, diverted, delayed, unknown };

const char* to_string(FlightState s);
std::optional<FlightState> flight_state_from_string(std::string_view s);

/// One scheduled flight leg as a status source last showed it. Codeshares are collapsed onto
/// the operating flight: airline and number are the operator's.
struct FlightStatus {
    // Identity: operating airline + number + scheduled departure date (UTC) + origin.
    std::string airline_iata;  // "TK"; may be empty when the source gives only ICAO
    std::string airline_icao;  // "THY"
    std::string flight_number; // "223" (digits and an optional suffix letter, no airline code)
    std::string origin;        // ICAO airport code "LTFM" (IATA when the source has no ICAO)
    std::string destination;   // ICAO "SVMI"

    std::optional<UtcTime> scheduled_departure; // UTC; its date is part of the identity
    std::optional<UtcTime> estimated_departure;
    std::optional<UtcTime> actual_departure;
    std::optional<UtcTime> scheduled_arrival;
    std::optional<UtcTime> estimated_arrival;
    std::optional<UtcTime> actual_arrival;

    FlightState state = FlightState::unknown;
    std::optional<int> delay_minutes;    // departure delay
    std::vector<std::string> codeshares; // marketing flight designators seen: "QF2"
    std::string source_id;               // the source's own id (fa_flight_id), if any
    std::string raw;                     // the record it came from, for audit
};

/// An airport-level disruption signal that is not about one flight (FAA NAS status: ground
/// stops, ground delay programmes, closures, delays).
struct AirportSignal {
    std::string airport; // ICAO where known ("KJFK"), else as given ("JFK")
    std::string type;    // "ground_stop", "ground_delay", "closure", "departure_delay", ...
    std::string reason;
    std::optional<UtcTime> start;
    std::optional<UtcTime> end;
    std::optional<int> average_delay_minutes;
    std::optional<int> max_delay_minutes;
    std::string raw;
};

/// What a flight-status parser makes of one payload.
struct FlightBatch {
    std::vector<FlightStatus> flights;
    std::vector<AirportSignal> signals;
    std::vector<ItemError> errors;
    std::optional<std::string> next_page_url; // AeroAPI links.next, made absolute when possible
    std::optional<int> next_offset;           // AviationStack: offset of the next page
};

/// How the baselines of cancellation and diversion rates are computed (store/baseline.hpp).
struct BaselineConfig {
    std::chrono::days window{14};          // trailing days, the day of `at` excluded
    int min_flights_per_hour_of_week = 20; // in the window, for the hour-of-week basis
    int min_flights_per_window = 50;       // in the window, for the window basis
    double prior_cancel_rate = 0.02;
    double prior_divert_rate = 0.005;
    double prior_weight = 50; // pseudo-flights the prior counts for; 0 gives raw rates
};

} // namespace aerowatch
