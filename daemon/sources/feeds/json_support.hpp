// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the JSON feed parsers (AWC SIGMET, EASA CZIB export) share: splitting a payload into
// records so that one bad record costs only itself, and field readers that accept the types
// feeds actually send (numbers as strings, strings as numbers, null).

#include "core/hazard.hpp"

#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace aerowatch::feed {

/// One element of a JSON array, as written, with the line it starts on.
struct JsonRecord {
    std::string_view text;
    int line = 0;
};

/// The elements of the top-level array of `payload` (when `field` is empty) or of the array
/// under `field` in its top-level object. `payload` must be valid UTF-8 (simdjson rejects the
/// whole document otherwise: run it through to_valid_utf8 first) and must outlive the records,
/// which point into it. Elements that are not objects are ItemErrors. Returns false, with an
/// ItemError, when the document itself is unreadable; records found before that are kept.
bool split_json_array(std::string_view payload, std::string_view field,
                      std::vector<JsonRecord>& records, std::vector<ItemError>& errors);

/// A string field: strings unescaped, numbers and booleans as written, nullopt for null and
/// for arrays and objects. Always valid UTF-8.
std::optional<std::string> json_string(simdjson::ondemand::value& value);

/// A numeric field: numbers, or strings holding a number ("25"); nullopt for anything else
/// ("UNK", null) and for non-finite values.
std::optional<double> json_number(simdjson::ondemand::value& value);

/// Reads the object in `text` field by field with `parser`, calling on_field(key, value) for
/// each. Returns an error message when `text` is not a well-formed object.
template <typename OnField>
std::optional<std::string> for_each_field(simdjson::ondemand::parser& parser, std::string_view text,
                                          OnField&& on_field) {
    const simdjson::padded_string padded(text);
    simdjson::ondemand::document doc;
    simdjson::ondemand::object object;
    if (auto e = parser.iterate(padded).get(doc); e) {
        return simdjson::error_message(e);
    }
    if (auto e = doc.get_object().get(object); e) {
        return simdjson::error_message(e);
    }
    for (auto result : object) {
        simdjson::ondemand::field field;
        std::string_view key;
        if (auto e = std::move(result).get(field); e) {
            return simdjson::error_message(e);
        }
        if (auto e = field.unescaped_key().get(key); e) {
            return simdjson::error_message(e);
        }
        on_field(key, field.value());
    }
    return std::nullopt;
}

} // namespace aerowatch::feed
