// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the flight-status parsers share: airline designators and flight numbers in the forms
// sources write them, local date-times with or without an offset, and nested JSON objects.

#include "core/clock.hpp"
#include "core/flight.hpp"
#include "sources/feeds/json_support.hpp"
#include "sources/flights/local_time.hpp"

#include <simdjson.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aerowatch::flights {

/// 1-based line numbers for byte offsets into one payload; cheap when asked in increasing order.
class LineCounter {
  public:
    explicit LineCounter(std::string_view text) : text_(text) {}
    int line_at(std::size_t offset);

  private:
    std::string_view text_;
    std::size_t offset_ = 0;
    int line_ = 1;
};

/// One element of a JSON array, as written, with the line it starts on.
struct JsonRecord {
    std::string_view text;
    int line = 0;
};

/// A code as sources write it ("ccs ", "Svmi"): trimmed, ASCII upper case, valid UTF-8.
std::string normalise_code(std::string_view text);

/// 2 characters of A-Z0-9, not both digits: "IB", "4C", "G3".
bool is_iata_airline(std::string_view code);
/// 3 letters: "IBE".
bool is_icao_airline(std::string_view code);

/// Sets airline_iata or airline_icao from a 2- or 3-character code; false for anything else.
bool set_airline(FlightStatus& flight, std::string_view code);

/// A flight number without its airline: 1-5 digits and an optional letter suffix, leading
/// zeros dropped so that "TK0223" and "TK223" are one flight. nullopt when it is not one.
std::optional<std::string> normalise_flight_number(std::string_view text);

/// "IB6673", "IB 6673", "THY223", "V03104" split into airline and number. A bare number gives
/// an empty airline. nullopt when the text is neither.
struct Designator {
    std::string airline;
    std::string number;
};
std::optional<Designator> split_designator(std::string_view text);

/// "IB6673" for messages: the best designator the flight has.
std::string flight_label(const FlightStatus& flight);

/// Adds a marketing designator ("QF2") unless empty, already there or the flight's own.
void add_codeshare(FlightStatus& flight, std::string_view designator);

/// Rounds a delay in seconds to whole minutes; nullopt beyond a year either way.
std::optional<int> seconds_to_minutes(double seconds);

/// Calls on_field(key, value) for each member of `value` when it is an object; false when it
/// is not (null, a string...) or is malformed.
template <typename OnField>
bool for_each_member(simdjson::ondemand::value& value, OnField&& on_field) {
    simdjson::ondemand::object object;
    if (value.get_object().get(object)) {
        return false;
    }
    for (auto result : object) {
        simdjson::ondemand::field field;
        std::string_view key;
        if (std::move(result).get(field) || field.unescaped_key().get(key)) {
            return false;
        }
        on_field(key, field.value());
    }
    return true;
}

/// A string field: strings unescaped and trimmed, numbers and booleans as written, nullopt for
/// null, arrays and objects. Valid UTF-8.
std::optional<std::string> json_text(simdjson::ondemand::value& value);

/// A number, or a numeric string (sources send both); the hazard feeds' reader.
using feed::json_number;

/// Reads the object in `text` field by field with `parser`, calling on_field(key, value) for
/// each. Returns an error message when `text` is not a well-formed object.
template <typename OnField>
std::optional<std::string> for_each_field(simdjson::ondemand::parser& parser, std::string_view text,
                                          OnField&& on_field) {
    const simdjson::padded_string padded(text);
    simdjson::ondemand::document doc;
    simdjson::ondemand::object object;
    if (auto e = parser.iterate(padded).get(doc); e || (e = doc.get_object().get(object))) {
        return simdjson::error_message(e);
    }
    for (auto result : object) {
        simdjson::ondemand::field field;
        std::string_view key;
        if (auto e = std::move(result).get(field); e || (e = field.unescaped_key().get(key))) {
            return simdjson::error_message(e);
        }
        on_field(key, field.value());
    }
    return std::nullopt;
}

/// The strings of a JSON array (non-strings skipped); empty for null or anything else.
std::vector<std::string> json_strings(simdjson::ondemand::value& value);

/// Appends the elements of the array `value` to `records`, each as its text in `json` (the
/// buffer `padded` was copied from) with its line; an element that is not an object is an
/// ItemError. False, with an ItemError, when the array itself is malformed or not an array.
bool collect_records(simdjson::ondemand::value& value, std::string_view json,
                     const simdjson::padded_string& padded, LineCounter& lines,
                     std::vector<JsonRecord>& records, std::vector<ItemError>& errors);

} // namespace aerowatch::flights
