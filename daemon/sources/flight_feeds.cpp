// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/flight_feeds.hpp"

#include "sources/flights/aeroapi.hpp"
#include "sources/flights/aviationstack.hpp"
#include "sources/flights/json_board.hpp"
#include "sources/flights/nas_status.hpp"

#include <algorithm>
#include <array>

namespace aerowatch {

namespace {

constexpr std::array<std::string_view, 4> flight_kinds = {"aeroapi", "aviationstack", "json_board",
                                                          "faa_nas_status"};

} // namespace

bool is_flight_kind(std::string_view kind) {
    return std::find(flight_kinds.begin(), flight_kinds.end(), kind) != flight_kinds.end();
}

std::optional<FlightBatch> parse_flight_payload(std::string_view kind, std::string_view payload,
                                                const SourceConfig& source,
                                                const TimeZoneLookup& zones) {
    if (kind == "aeroapi") {
        return parse_aeroapi(payload);
    }
    if (kind == "aviationstack") {
        return parse_aviationstack(payload, zones);
    }
    if (kind == "faa_nas_status") {
        return parse_nas_status(payload);
    }
    if (kind == "json_board") {
        if (!source.board) {
            // The config loader requires the table, so only a hand-built SourceConfig gets here.
            FlightBatch batch;
            batch.errors.push_back(
                {"source \"" + source.name + "\": kind json_board needs a [source.board] table",
                 0});
            return batch;
        }
        return parse_json_board(payload, *source.board, zones);
    }
    return std::nullopt;
}

} // namespace aerowatch
