// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/flights/json_board.hpp"

#include "core/text.hpp"
#include "sources/flights/flight_fields.hpp"

#include <simdjson.h>

#include <utility>

namespace aerowatch {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

/// The value at `pointer` inside `record` as text: strings trimmed, numbers as written; nullopt
/// for an empty pointer, a missing value, null, arrays and objects.
std::optional<std::string> text_at(element record, const std::string& pointer) {
    element value;
    if (pointer.empty() || record.at_pointer(pointer).get(value)) {
        return std::nullopt;
    }
    switch (value.type()) {
    case element_type::STRING: {
        std::string_view s;
        if (value.get_string().get(s)) {
            return std::nullopt;
        }
        const auto text = trim(s);
        return text.empty() ? std::nullopt : std::optional<std::string>(to_valid_utf8(text));
    }
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
        return simdjson::minify(value);
    default:
        return std::nullopt;
    }
}

std::string fold(std::string_view text) {
    return to_upper_ascii(trim(text));
}

FlightState map_status(const std::optional<std::string>& value, const JsonBoardConfig& board) {
    if (!value) {
        return FlightState::unknown;
    }
    const std::string folded = fold(*value);
    for (const auto& [source, state] : board.status_map) {
        if (fold(source) == folded) {
            return state;
        }
    }
    return FlightState::unknown;
}

class BoardReader {
  public:
    BoardReader(const JsonBoardConfig& board, const TimeZoneLookup& zones, FlightBatch& batch)
        : board_(board), zones_(zones), batch_(batch) {}

    void read(element record, std::size_t index) {
        FlightStatus f;
        const std::string where = "board record " + std::to_string(index + 1);
        const auto number_text = text_at(record, board_.flight_number);
        auto designator = number_text ? flights::split_designator(*number_text) : std::nullopt;
        if (!designator) {
            fail(where + ": no readable flight number" +
                 (number_text ? " (\"" + *number_text + "\")" : std::string()));
            return;
        }
        f.flight_number = designator->number;
        // The airline field wins; the number's own prefix stands in when there is none.
        const auto airline = text_at(record, board_.airline);
        const std::string code = airline ? *airline : designator->airline;
        if (!flights::set_airline(f, code)) {
            fail(where + " (" + *number_text + "): no IATA or ICAO airline code" +
                 (code.empty() ? std::string() : " (\"" + code + "\")"));
            return;
        }
        const std::string label = flights::flight_label(f);
        f.origin =
            flights::normalise_code(text_at(record, board_.origin).value_or(board_.origin_code));
        f.destination = flights::normalise_code(
            text_at(record, board_.destination).value_or(board_.destination_code));
        const auto scheduled = text_at(record, board_.scheduled);
        if (!scheduled) {
            fail(where + " (" + label + "): no scheduled time");
            return;
        }
        f.scheduled_departure = read_time(*scheduled);
        if (!f.scheduled_departure) {
            fail(where + " (" + label + "): scheduled time \"" + *scheduled + "\" does not match " +
                 board_.time_format +
                 (board_.time_zone.empty() ? std::string() : " in " + board_.time_zone));
            return;
        }
        f.state = map_status(text_at(record, board_.status), board_);
        f.raw = simdjson::minify(record);
        batch_.flights.push_back(std::move(f));
    }

  private:
    std::optional<UtcTime> read_time(const std::string& text) const {
        const auto local = board_.time_format == "iso8601"
                               ? flights::parse_local_iso(text)
                               : flights::parse_with_pattern(text, board_.time_format);
        return local ? flights::to_utc(*local, board_.time_zone, zones_) : std::nullopt;
    }

    void fail(std::string message) { batch_.errors.push_back({std::move(message), 0}); }

    const JsonBoardConfig& board_;
    const TimeZoneLookup& zones_;
    FlightBatch& batch_;
};

} // namespace

FlightBatch parse_json_board(std::string_view payload, const JsonBoardConfig& board,
                             const TimeZoneLookup& zones) {
    FlightBatch batch;
    // simdjson rejects a whole document over one bad byte; repairing first keeps the rest.
    const simdjson::padded_string padded(to_valid_utf8(payload));
    simdjson::dom::parser parser;
    element root;
    if (auto e = parser.parse(padded).get(root); e) {
        batch.errors.push_back({std::string("board: JSON: ") + simdjson::error_message(e), 0});
        return batch;
    }
    simdjson::dom::array list;
    element listed;
    if (auto e = root.at_pointer(board.list).get(listed); e) {
        batch.errors.push_back(
            {"board: nothing at list pointer \"" + board.list + "\": " + simdjson::error_message(e),
             0});
        return batch;
    }
    if (listed.get_array().get(list)) {
        batch.errors.push_back({"board: the value at \"" + board.list + "\" is not an array", 0});
        return batch;
    }
    BoardReader reader(board, zones, batch);
    std::size_t index = 0;
    for (element record : list) {
        reader.read(record, index++);
    }
    return batch;
}

} // namespace aerowatch
