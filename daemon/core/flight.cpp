// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/flight.hpp"

#include <array>
#include <utility>

namespace aerowatch {

namespace {

constexpr std::array<std::pair<FlightState, const char*>, 7> states = {{
    {FlightState::scheduled, "scheduled"},
    {FlightState::active, "active"},
    {FlightState::landed, "landed"},
    {FlightState::cancelled, "cancelled"},
    {FlightState::diverted, "diverted"},
    {FlightState::delayed, "delayed"},
    {FlightState::unknown, "unknown"},
}};

} // namespace

const char* to_string(FlightState s) {
    for (const auto& [state, name] : states) {
        if (state == s) {
            return name;
        }
    }
    return "unknown";
}

std::optional<FlightState> flight_state_from_string(std::string_view s) {
    for (const auto& [state, name] : states) {
        if (s == name) {
            return state;
        }
    }
    return std::nullopt;
}

} // namespace aerowatch
