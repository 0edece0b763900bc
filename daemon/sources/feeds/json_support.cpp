// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/feeds/json_support.hpp"

#include "core/text.hpp"
#include "sources/feeds/feed_support.hpp"

#include <charconv>
#include <cmath>
#include <utility>

namespace aerowatch::feed {

namespace {

using simdjson::ondemand::json_type;

ItemError json_error(std::string_view what, simdjson::error_code e, int line) {
    return {std::string("JSON: ") + std::string(what) + simdjson::error_message(e), line};
}

} // namespace

bool split_json_array(std::string_view payload, std::string_view field,
                      std::vector<JsonRecord>& records, std::vector<ItemError>& errors) {
    LineCounter lines(payload);
    const simdjson::padded_string padded(payload);
    simdjson::ondemand::parser parser;
    simdjson::ondemand::document doc;
    simdjson::ondemand::array array;
    if (auto e = parser.iterate(padded).get(doc); e) {
        errors.push_back(json_error("", e, 0));
        return false;
    }
    if (field.empty()) {
        if (auto e = doc.get_array().get(array); e) {
            errors.push_back(json_error("expected an array: ", e, 1));
            return false;
        }
    } else {
        simdjson::ondemand::object top;
        simdjson::ondemand::value listing;
        if (auto e = doc.get_object().get(top); e) {
            errors.push_back(json_error("expected an object: ", e, 1));
            return false;
        }
        if (auto e = top.find_field_unordered(field).get(listing); e) {
            errors.push_back(json_error(std::string("no \"") + std::string(field) + "\": ", e, 1));
            return false;
        }
        if (auto e = listing.get_array().get(array); e) {
            errors.push_back(json_error(std::string(field) + " is not an array: ", e, 1));
            return false;
        }
    }
    const auto offset_of = [&](std::string_view inside) {
        return static_cast<std::size_t>(inside.data() - padded.data());
    };
    for (auto element : array) {
        simdjson::ondemand::value value;
        if (auto e = std::move(element).get(value); e) {
            errors.push_back(json_error("", e, lines.line_at(payload.size())));
            return false;
        }
        const int line = lines.line_at(offset_of(value.raw_json_token()));
        json_type type{};
        if (auto e = value.type().get(type); e) {
            errors.push_back(json_error("", e, line));
            return false;
        }
        if (type != json_type::object) {
            // Not consumed: the array iterator skips it on increment.
            errors.push_back({"record is not a JSON object", line});
            continue;
        }
        simdjson::ondemand::object object;
        std::string_view raw;
        if (auto e = value.get_object().get(object); e) {
            errors.push_back(json_error("", e, line));
            return false;
        }
        if (auto e = object.raw_json().get(raw); e) {
            errors.push_back(json_error("", e, line));
            return false;
        }
        // raw_json() runs to the next token, so it carries the whitespace after the object.
        records.push_back({trim(payload.substr(offset_of(raw), raw.size())), line});
    }
    return true;
}

std::optional<std::string> json_string(simdjson::ondemand::value& value) {
    json_type type{};
    if (value.type().get(type)) {
        return std::nullopt;
    }
    switch (type) {
    case json_type::string: {
        std::string_view s;
        if (value.get_string().get(s)) {
            return std::nullopt;
        }
        return to_valid_utf8(s);
    }
    case json_type::number:
    case json_type::boolean:
        return to_valid_utf8(trim(value.raw_json_token()));
    default:
        return std::nullopt;
    }
}

std::optional<double> json_number(simdjson::ondemand::value& value) {
    json_type type{};
    if (value.type().get(type)) {
        return std::nullopt;
    }
    double number = 0;
    if (type == json_type::number) {
        if (value.get_double().get(number)) {
            return std::nullopt;
        }
    } else if (type == json_type::string) {
        std::string_view s;
        if (value.get_string().get(s)) {
            return std::nullopt;
        }
        s = trim(s);
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), number);
        if (s.empty() || ec != std::errc{} || end != s.data() + s.size()) {
            return std::nullopt;
        }
    } else {
        return std::nullopt;
    }
    return std::isfinite(number) ? std::optional<double>(number) : std::nullopt;
}

} // namespace aerowatch::feed
