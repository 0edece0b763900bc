// SPDX-License-Identifier: GPL-3.0-or-later
// The generic JSON board adapter on arbitrary bytes, with two fixed board configs: the Spanish
// board of tests/fixtures/json_board/README.md and an ISO 8601 one reading the root array.
#include "core/text.hpp"
#include "sources/flights/json_board.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

namespace {

aerowatch::JsonBoardConfig salidas() {
    aerowatch::JsonBoardConfig b;
    b.list = "/vuelos/salidas";
    b.airline = "/aerolinea";
    b.flight_number = "/vuelo";
    b.origin_code = "SVMI";
    b.destination = "/destino/iata";
    b.scheduled = "/programada";
    b.time_format = "%d/%m/%Y %H:%M";
    b.time_zone = "America/Caracas";
    b.status = "/estado";
    b.status_map = {{"CANCELADO", aerowatch::FlightState::cancelled},
                    {"DESVIADO", aerowatch::FlightState::diverted},
                    {"PROGRAMADO", aerowatch::FlightState::scheduled}};
    return b;
}

aerowatch::JsonBoardConfig iso_root() {
    aerowatch::JsonBoardConfig b;
    b.flight_number = "/flight";
    b.origin = "/from/0";
    b.destination_code = "SVMI";
    b.scheduled = "/std";
    b.time_zone = "Europe/Madrid";
    b.status = "/a~1b~0c";
    return b;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const aerowatch::TzifTimeZones zones;
    static const std::array<aerowatch::JsonBoardConfig, 2> boards = {salidas(), iso_root()};
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (const auto& board : boards) {
        const auto batch = aerowatch::parse_json_board(text, board, zones);
        for (const auto& f : batch.flights) {
            if (f.flight_number.empty() || !f.scheduled_departure ||
                !aerowatch::is_valid_utf8(f.raw) || !aerowatch::is_valid_utf8(f.destination)) {
                throw std::logic_error("unusable flight");
            }
        }
    }
    return 0;
}
