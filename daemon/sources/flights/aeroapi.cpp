// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/flights/aeroapi.hpp"

#include "core/text.hpp"
#include "sources/flights/flight_fields.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace aerowatch {

namespace {

constexpr std::array<std::string_view, 4> list_keys = {
    "departures", "arrivals", "scheduled_departures", "scheduled_arrivals"};

// OOOI: gate out, wheels off, wheels on, gate in; each scheduled, estimated and actual.
enum Slot {
    sched_out,
    est_out,
    act_out,
    sched_off,
    est_off,
    act_off,
    sched_on,
    est_on,
    act_on,
    sched_in,
    est_in,
    act_in,
    slot_count
};
constexpr std::array<std::string_view, slot_count> slot_keys = {
    "scheduled_out", "estimated_out", "actual_out", "scheduled_off", "estimated_off", "actual_off",
    "scheduled_on",  "estimated_on",  "actual_on",  "scheduled_in",  "estimated_in",  "actual_in"};

struct AeroRecord {
    std::string ident, ident_icao, ident_iata, fa_flight_id, op, op_icao, op_iata, number;
    std::string status, origin_icao, origin_code, dest_icao, dest_code;
    std::vector<std::string> codeshares, codeshares_iata;
    bool cancelled = false, diverted = false;
    std::optional<double> departure_delay;
    std::array<std::optional<UtcTime>, slot_count> times;
};

/// The error body AeroAPI sends with 4xx/5xx statuses.
struct ErrorBody {
    std::string title, reason, detail, status;
    bool empty() const { return title.empty() && reason.empty() && detail.empty(); }
};

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
    return out;
}

std::string text_of(simdjson::ondemand::value& value) {
    return std::string(trim(flights::json_text(value).value_or("")));
}

bool boolean_of(simdjson::ondemand::value& value) {
    bool b = false;
    return !value.get_bool().get(b) && b;
}

void read_airport(simdjson::ondemand::value& value, std::string& icao, std::string& code) {
    flights::for_each_member(value, [&](std::string_view key, simdjson::ondemand::value& v) {
        if (key == "code_icao") {
            icao = text_of(v);
        } else if (key == "code") {
            code = text_of(v);
        }
    });
}

void read_field(AeroRecord& r, std::string_view key, simdjson::ondemand::value& v) {
    if (auto slot = std::find(slot_keys.begin(), slot_keys.end(), key); slot != slot_keys.end()) {
        // AeroAPI writes "...Z"; an offset or none (read as UTC) is accepted all the same.
        const auto t = flights::parse_local_iso(text_of(v));
        const std::size_t index = static_cast<std::size_t>(slot - slot_keys.begin());
        r.times[index] = t ? flights::as_utc(*t) : std::nullopt;
        return;
    }
    const std::pair<std::string_view, std::string*> strings[] = {
        {"ident", &r.ident},           {"ident_icao", &r.ident_icao},
        {"ident_iata", &r.ident_iata}, {"fa_flight_id", &r.fa_flight_id},
        {"operator", &r.op},           {"operator_icao", &r.op_icao},
        {"operator_iata", &r.op_iata}, {"flight_number", &r.number},
        {"status", &r.status}};
    for (const auto& [name, target] : strings) {
        if (key == name) {
            *target = text_of(v);
            return;
        }
    }
    if (key == "cancelled") {
        r.cancelled = boolean_of(v);
    } else if (key == "diverted") {
        r.diverted = boolean_of(v);
    } else if (key == "origin") {
        read_airport(v, r.origin_icao, r.origin_code);
    } else if (key == "destination") {
        read_airport(v, r.dest_icao, r.dest_code);
    } else if (key == "departure_delay") {
        r.departure_delay = flights::json_number(v);
    } else if (key == "codeshares") {
        r.codeshares = flights::json_strings(v);
    } else if (key == "codeshares_iata") {
        r.codeshares_iata = flights::json_strings(v);
    }
}

/// The state when neither `cancelled` nor `diverted` is set.
FlightState state_from_status(const AeroRecord& r) {
    const std::string s = lower(r.status);
    const auto has = [&](std::string_view word) {
        return s.find(word) != std::string::npos;
    };
    if (has("landed") || has("arrived")) {
        return FlightState::landed;
    }
    if (has("en route") || has("taxiing") || has("left gate") || has("departed")) {
        return FlightState::active; // "En Route / Delayed" is airborne: active, not delayed
    }
    if (has("delayed")) {
        return FlightState::delayed;
    }
    if (has("scheduled") || has("on time")) {
        return FlightState::scheduled;
    }
    // "Result Unknown", "Cancelled"/"Diverted" contradicted by the booleans, or new wording.
    if (r.times[act_in] || r.times[act_on]) {
        return FlightState::landed;
    }
    if (r.times[act_out] || r.times[act_off]) {
        return FlightState::active;
    }
    return FlightState::unknown;
}

std::optional<FlightStatus> to_flight(AeroRecord r, std::string_view raw, int line,
                                      std::vector<ItemError>& errors) {
    FlightStatus f;
    flights::set_airline(f, r.op_iata);
    flights::set_airline(f, r.op_icao.empty() ? r.op : r.op_icao);
    // Without operator codes the ident prefixes still name the operating airline. ident_iata
    // is only set for airline flights; the other idents may be registrations ("YV3016",
    // "N512AB"), so there only a three-letter ICAO prefix counts.
    const std::pair<const std::string*, bool> idents[] = {
        {&r.ident_iata, true}, {&r.ident_icao, false}, {&r.ident, false}};
    for (const auto& [ident, iata] : idents) {
        auto designator = flights::split_designator(*ident);
        if (!designator || !(iata ? flights::is_iata_airline(designator->airline)
                                  : flights::is_icao_airline(designator->airline))) {
            continue;
        }
        auto& slot = iata ? f.airline_iata : f.airline_icao;
        if (slot.empty()) {
            slot = designator->airline;
        }
        if (r.number.empty()) {
            r.number = designator->number;
        }
    }
    if (auto number = flights::normalise_flight_number(r.number)) {
        f.flight_number = *number;
    }
    f.origin = flights::normalise_code(r.origin_icao.empty() ? r.origin_code : r.origin_icao);
    f.destination = flights::normalise_code(r.dest_icao.empty() ? r.dest_code : r.dest_icao);
    const auto& t = r.times;
    f.scheduled_departure = t[sched_out] ? t[sched_out] : t[sched_off];
    f.estimated_departure = t[est_out] ? t[est_out] : t[est_off];
    f.actual_departure = t[act_out] ? t[act_out] : t[act_off];
    f.scheduled_arrival = t[sched_in] ? t[sched_in] : t[sched_on];
    f.estimated_arrival = t[est_in] ? t[est_in] : t[est_on];
    f.actual_arrival = t[act_in] ? t[act_in] : t[act_on];
    if (f.flight_number.empty() || (f.airline_iata.empty() && f.airline_icao.empty())) {
        errors.push_back({"AeroAPI flight " + (r.ident.empty() ? r.fa_flight_id : r.ident) +
                              ": no airline or flight number",
                          line});
        return std::nullopt;
    }
    if (!f.scheduled_departure) {
        errors.push_back(
            {"AeroAPI flight " + flights::flight_label(f) + ": no scheduled departure time", line});
        return std::nullopt;
    }
    f.state = r.cancelled  ? FlightState::cancelled
              : r.diverted ? FlightState::diverted
                           : state_from_status(r);
    if (r.departure_delay) {
        f.delay_minutes = flights::seconds_to_minutes(*r.departure_delay);
    }
    for (const auto& code : r.codeshares_iata.empty() ? r.codeshares : r.codeshares_iata) {
        flights::add_codeshare(f, code);
    }
    f.source_id = r.fa_flight_id;
    f.raw = std::string(raw);
    return f;
}

/// A path on the AeroAPI host: an absolute URL could send the x-apikey header elsewhere.
bool is_same_host_path(std::string_view next) {
    return next.size() > 1 && next[0] == '/' && next[1] != '/' &&
           std::none_of(next.begin(), next.end(),
                        [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; });
}

ItemError error_body(const ErrorBody& e) {
    std::string message = "AeroAPI error";
    if (!e.status.empty()) {
        message += " " + e.status;
    }
    message += ": " + (e.title.empty() ? std::string("(no title)") : e.title);
    if (!e.reason.empty()) {
        message += " (" + e.reason + ")";
    }
    if (!e.detail.empty()) {
        message += ": " + e.detail;
    }
    return {message, 1};
}

} // namespace

FlightBatch parse_aeroapi(std::string_view payload) {
    FlightBatch batch;
    const std::string json = to_valid_utf8(payload);
    if (trim(json).empty()) {
        batch.errors.push_back({"AeroAPI: empty payload", 0});
        return batch;
    }
    flights::LineCounter lines(json);
    const simdjson::padded_string padded(json);
    simdjson::ondemand::parser parser;
    simdjson::ondemand::document doc;
    simdjson::ondemand::object top;
    if (auto e = parser.iterate(padded).get(doc); e || (e = doc.get_object().get(top))) {
        batch.errors.push_back(
            {std::string("AeroAPI: expected a JSON object: ") + simdjson::error_message(e), 1});
        return batch;
    }
    std::vector<flights::JsonRecord> records;
    ErrorBody error;
    bool listed = false;
    for (auto result : top) {
        simdjson::ondemand::field field;
        std::string_view key;
        if (auto e = std::move(result).get(field); e || (e = field.unescaped_key().get(key))) {
            batch.errors.push_back({std::string("AeroAPI: JSON: ") + simdjson::error_message(e),
                                    lines.line_at(json.size())});
            break;
        }
        auto& value = field.value();
        if (std::find(list_keys.begin(), list_keys.end(), key) != list_keys.end()) {
            listed = true;
            if (!flights::collect_records(value, json, padded, lines, records, batch.errors)) {
                break; // the document is broken past this point
            }
        } else if (key == "links") {
            flights::for_each_member(value, [&](std::string_view k, simdjson::ondemand::value& v) {
                if (k != "next") {
                    return;
                }
                if (auto next = flights::json_text(v); next && !next->empty()) {
                    if (is_same_host_path(*next)) {
                        batch.next_page_url = std::move(*next);
                    } else {
                        next->resize(std::min<std::size_t>(next->size(), 200));
                        batch.errors.push_back(
                            {"AeroAPI: links.next is not a path on this host: " + *next, 1});
                    }
                }
            });
        } else if (key == "title" || key == "reason" || key == "detail" || key == "status") {
            auto& target = key == "title"    ? error.title
                           : key == "reason" ? error.reason
                           : key == "detail" ? error.detail
                                             : error.status;
            target = text_of(value);
        }
    }
    if (!listed) {
        batch.errors.push_back(error.empty()
                                   ? ItemError{"AeroAPI: no departures, arrivals, "
                                               "scheduled_departures or scheduled_arrivals list",
                                               1}
                                   : error_body(error));
    }
    simdjson::ondemand::parser record_parser;
    for (const auto& record : records) {
        AeroRecord r;
        const auto failure = flights::for_each_field(
            record_parser, record.text,
            [&](std::string_view key, simdjson::ondemand::value& v) { read_field(r, key, v); });
        if (failure) {
            batch.errors.push_back({"AeroAPI flight record: " + *failure, record.line});
            continue;
        }
        if (auto flight = to_flight(std::move(r), record.text, record.line, batch.errors)) {
            batch.flights.push_back(std::move(*flight));
        }
    }
    return batch;
}

} // namespace aerowatch
