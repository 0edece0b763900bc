// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/flights/aviationstack.hpp"

#include "core/text.hpp"
#include "sources/flights/flight_fields.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace aerowatch {

namespace {

using Value = simdjson::ondemand::value;

// The usual on-time threshold: a smaller delay is noise in a departure board.
constexpr int delayed_minutes = 15;

struct Side {
    std::string timezone, iata, icao, scheduled, estimated, actual;
    std::optional<double> delay;
};

struct Record {
    std::string flight_date, status, airline_name, airline_iata, airline_icao;
    std::string number, flight_iata, flight_icao;
    Side departure, arrival;
    bool codeshared = false;
    std::string cs_airline_iata, cs_airline_icao, cs_number, cs_flight_iata, cs_flight_icao;
};

std::string text_of(Value& v) {
    return flights::json_text(v).value_or("");
}

void read_side(Value& value, Side& s) {
    flights::for_each_member(value, [&](std::string_view key, Value& v) {
        if (key == "delay") {
            s.delay = flights::json_number(v);
            return;
        }
        const std::pair<std::string_view, std::string*> fields[] = {
            {"timezone", &s.timezone},   {"iata", &s.iata},           {"icao", &s.icao},
            {"scheduled", &s.scheduled}, {"estimated", &s.estimated}, {"actual", &s.actual}};
        for (const auto& [name, target] : fields) {
            if (key == name) {
                *target = text_of(v);
            }
        }
    });
}

void read_field(Record& r, std::string_view key, Value& v) {
    if (key == "flight_date") {
        r.flight_date = text_of(v);
    } else if (key == "flight_status") {
        r.status = text_of(v);
    } else if (key == "departure") {
        read_side(v, r.departure);
    } else if (key == "arrival") {
        read_side(v, r.arrival);
    } else if (key == "airline") {
        flights::for_each_member(v, [&](std::string_view k, Value& x) {
            const std::pair<std::string_view, std::string*> fields[] = {
                {"name", &r.airline_name}, {"iata", &r.airline_iata}, {"icao", &r.airline_icao}};
            for (const auto& [name, target] : fields) {
                if (k == name) {
                    *target = text_of(x);
                }
            }
        });
    } else if (key == "flight") {
        flights::for_each_member(v, [&](std::string_view k, Value& x) {
            if (k == "number") {
                r.number = text_of(x);
            } else if (k == "iata") {
                r.flight_iata = text_of(x);
            } else if (k == "icao") {
                r.flight_icao = text_of(x);
            } else if (k == "codeshared") {
                flights::for_each_member(x, [&](std::string_view c, Value& y) {
                    const std::pair<std::string_view, std::string*> fields[] = {
                        {"airline_iata", &r.cs_airline_iata},
                        {"airline_icao", &r.cs_airline_icao},
                        {"flight_number", &r.cs_number},
                        {"flight_iata", &r.cs_flight_iata},
                        {"flight_icao", &r.cs_flight_icao}};
                    for (const auto& [name, target] : fields) {
                        if (c == name) {
                            *target = text_of(y);
                        }
                    }
                });
                // null (the usual case) or an empty block: not a marketing duplicate
                r.codeshared =
                    !(r.cs_airline_iata.empty() && r.cs_airline_icao.empty() &&
                      r.cs_number.empty() && r.cs_flight_iata.empty() && r.cs_flight_icao.empty());
            }
        });
    }
}

/// The zone to read `side`'s times in, or "" when none is known.
std::string zone_for(const Side& side, const TimeZoneLookup& zones) {
    if (!side.timezone.empty() && zones.has_zone(side.timezone)) {
        return side.timezone;
    }
    for (const auto* code : {&side.icao, &side.iata}) {
        if (code->empty()) {
            continue;
        }
        if (auto zone = zones.airport_zone(flights::normalise_code(*code));
            zone && zones.has_zone(*zone)) {
            return *zone;
        }
    }
    return {};
}

/// A time labelled +00:00 that is really local time in `zone`.
std::optional<UtcTime> localise(const std::string& text, const std::string& zone,
                                const TimeZoneLookup& zones) {
    auto t = flights::parse_local_iso(text);
    if (!t) {
        return std::nullopt;
    }
    if (t->offset && *t->offset != 0) {
        return flights::as_utc(*t); // a real offset: the quirk does not apply
    }
    t->offset.reset();
    return flights::to_utc(*t, zone, zones);
}

FlightState state_of(const Record& r, std::optional<int> delay, bool departed) {
    std::string s = flights::normalise_code(r.status);
    if (s == "SCHEDULED") {
        return delay && *delay >= delayed_minutes && !departed ? FlightState::delayed
                                                               : FlightState::scheduled;
    }
    if (s == "CANCELLED" || s == "CANCELED") {
        return FlightState::cancelled;
    }
    for (auto state : {FlightState::active, FlightState::landed, FlightState::diverted}) {
        if (s == flights::normalise_code(to_string(state))) {
            return state;
        }
    }
    return FlightState::unknown; // "incident" and anything new
}

bool same_flight(const FlightStatus& a, const FlightStatus& b) {
    const bool airline = (!a.airline_iata.empty() && a.airline_iata == b.airline_iata) ||
                         (!a.airline_icao.empty() && a.airline_icao == b.airline_icao);
    return airline && a.flight_number == b.flight_number && a.origin == b.origin &&
           a.scheduled_departure == b.scheduled_departure;
}

class Builder {
  public:
    Builder(const TimeZoneLookup& zones, FlightBatch& batch) : zones_(zones), batch_(batch) {}

    void add(Record r, std::string_view raw, int line) {
        FlightStatus f;
        const std::string label = r.flight_iata.empty() ? r.flight_icao : r.flight_iata;
        const std::string what =
            "AviationStack flight " + (label.empty() ? "?" : label) + " " + r.flight_date;
        if (flights::normalise_code(r.airline_name) == "EMPTY" ||
            (r.number.empty() && label.empty())) {
            batch_.errors.push_back({what + ": placeholder record (no airline or number)", line});
            return;
        }
        flights::set_airline(f, r.airline_iata);
        flights::set_airline(f, r.airline_icao);
        if (!fill_number(f, r.number, {r.flight_iata, r.flight_icao, r.number})) {
            batch_.errors.push_back({what + ": no airline or flight number", line});
            return;
        }
        const auto& dep = r.departure;
        const auto& arr = r.arrival;
        f.origin = flights::normalise_code(dep.icao.empty() ? dep.iata : dep.icao);
        f.destination = flights::normalise_code(arr.icao.empty() ? arr.iata : arr.icao);
        read_times(dep, what + ": departure", line, f.scheduled_departure, f.estimated_departure,
                   f.actual_departure);
        read_times(arr, what + ": arrival", line, f.scheduled_arrival, f.estimated_arrival,
                   f.actual_arrival);
        if (!f.scheduled_departure) {
            batch_.errors.push_back({what + ": no scheduled departure time", line});
            return;
        }
        if (dep.delay) {
            f.delay_minutes = flights::seconds_to_minutes(*dep.delay * 60);
        }
        f.state = state_of(r, f.delay_minutes, f.actual_departure.has_value());
        f.raw = std::string(raw);
        if (!r.codeshared) {
            batch_.flights.push_back(std::move(f));
            return;
        }
        // A marketing duplicate: the operating flight is the one in the codeshared block.
        FlightStatus operating = f;
        operating.airline_iata.clear();
        operating.airline_icao.clear();
        operating.flight_number.clear();
        flights::set_airline(operating, r.cs_airline_iata);
        flights::set_airline(operating, r.cs_airline_icao);
        if (!fill_number(operating, r.cs_number,
                         {r.cs_flight_iata, r.cs_flight_icao, r.cs_number})) {
            batch_.errors.push_back({what + ": codeshare of an unreadable operating flight", line});
            return;
        }
        flights::add_codeshare(operating, label.empty() ? flights::flight_label(f) : label);
        marketing_.push_back(std::move(operating));
    }

    /// Collapses the marketing duplicates onto their operating flights.
    void finish() {
        for (auto& m : marketing_) {
            const auto end = batch_.flights.end();
            auto found = std::find_if(batch_.flights.begin(), end,
                                      [&](const FlightStatus& f) { return same_flight(f, m); });
            if (found == end) {
                batch_.flights.push_back(std::move(m));
                continue;
            }
            for (const auto& code : m.codeshares) {
                flights::add_codeshare(*found, code);
            }
            // Fill in what only the duplicate carried (its own record may lack a code).
            if (found->airline_iata.empty() || found->airline_icao.empty()) {
                found->airline_iata =
                    found->airline_iata.empty() ? m.airline_iata : found->airline_iata;
                found->airline_icao =
                    found->airline_icao.empty() ? m.airline_icao : found->airline_icao;
            }
        }
        marketing_.clear();
    }

  private:
    static bool fill_number(FlightStatus& f, const std::string& number,
                            std::initializer_list<std::string> designators) {
        if (auto n = flights::normalise_flight_number(number)) {
            f.flight_number = *n;
        }
        for (const auto& text : designators) {
            auto d = flights::split_designator(text);
            if (!d) {
                continue;
            }
            if (f.flight_number.empty()) {
                f.flight_number = d->number;
            }
            if (f.airline_iata.empty() && f.airline_icao.empty()) {
                flights::set_airline(f, d->airline);
            }
        }
        return !f.flight_number.empty() && !(f.airline_iata.empty() && f.airline_icao.empty());
    }

    void read_times(const Side& side, const std::string& what, int line,
                    std::optional<UtcTime>& scheduled, std::optional<UtcTime>& estimated,
                    std::optional<UtcTime>& actual) {
        if (side.scheduled.empty() && side.estimated.empty() && side.actual.empty()) {
            return;
        }
        const std::string zone = zone_for(side, zones_);
        const auto labelled_utc = [](const std::string& text) {
            auto t = flights::parse_local_iso(text);
            return t && (!t->offset || *t->offset == 0);
        };
        if (zone.empty() && (labelled_utc(side.scheduled) || labelled_utc(side.estimated) ||
                             labelled_utc(side.actual))) {
            const auto& code = side.iata.empty() ? side.icao : side.iata;
            batch_.errors.push_back({what + ": no time zone for " + (code.empty() ? "?" : code) +
                                         "; times kept as labelled (UTC), flight recorded",
                                     line});
        }
        scheduled = localise(side.scheduled, zone, zones_);
        estimated = localise(side.estimated, zone, zones_);
        actual = localise(side.actual, zone, zones_);
    }

    const TimeZoneLookup& zones_;
    FlightBatch& batch_;
    std::vector<FlightStatus> marketing_;
};

void read_pagination(Value& value, FlightBatch& batch) {
    std::optional<double> offset, count, total;
    flights::for_each_member(value, [&](std::string_view k, Value& v) {
        if (k == "offset") {
            offset = flights::json_number(v);
        } else if (k == "count") {
            count = flights::json_number(v);
        } else if (k == "total") {
            total = flights::json_number(v);
        }
    });
    const auto sane = [](const std::optional<double>& n) {
        return n && *n >= 0 && *n <= 1e9 && *n == std::floor(*n);
    };
    if (sane(offset) && sane(count) && sane(total) && *count > 0 && *offset + *count < *total) {
        batch.next_offset = static_cast<int>(*offset + *count);
    }
}

ItemError error_envelope(Value& value) {
    std::string code, type, info;
    flights::for_each_member(value, [&](std::string_view k, Value& v) {
        if (k == "code") {
            code = text_of(v);
        } else if (k == "type") {
            type = text_of(v);
        } else if (k == "info" || k == "message") {
            info = text_of(v);
        }
    });
    std::string message = "AviationStack error";
    for (const auto* part : {&code, &type}) {
        message += part->empty() ? "" : " " + *part;
    }
    return {message + (info.empty() ? "" : ": " + info), 1};
}

} // namespace

FlightBatch parse_aviationstack(std::string_view payload, const TimeZoneLookup& zones) {
    FlightBatch batch;
    const std::string json = to_valid_utf8(payload);
    flights::LineCounter lines(json);
    const simdjson::padded_string padded(json);
    simdjson::ondemand::parser parser;
    simdjson::ondemand::document doc;
    simdjson::ondemand::object top;
    if (auto e = parser.iterate(padded).get(doc); e || (e = doc.get_object().get(top))) {
        batch.errors.push_back(
            {std::string("AviationStack: expected a JSON object: ") + simdjson::error_message(e),
             1});
        return batch;
    }
    std::vector<flights::JsonRecord> records;
    bool listed = false, failed = false;
    for (auto result : top) {
        simdjson::ondemand::field field;
        std::string_view key;
        if (auto e = std::move(result).get(field); e || (e = field.unescaped_key().get(key))) {
            batch.errors.push_back(
                {std::string("AviationStack: JSON: ") + simdjson::error_message(e),
                 lines.line_at(json.size())});
            break;
        }
        if (key == "data") {
            listed = true;
            if (!flights::collect_records(field.value(), json, padded, lines, records,
                                          batch.errors)) {
                break;
            }
        } else if (key == "pagination") {
            read_pagination(field.value(), batch);
        } else if (key == "error") {
            failed = true;
            batch.errors.push_back(error_envelope(field.value()));
        }
    }
    if (!listed && !failed) {
        batch.errors.push_back({"AviationStack: no data list", 1});
    }
    Builder builder(zones, batch);
    simdjson::ondemand::parser record_parser;
    for (const auto& record : records) {
        Record r;
        const auto failure =
            flights::for_each_field(record_parser, record.text,
                                    [&](std::string_view key, Value& v) { read_field(r, key, v); });
        if (failure) {
            batch.errors.push_back({"AviationStack flight record: " + *failure, record.line});
            continue;
        }
        builder.add(std::move(r), record.text, record.line);
    }
    builder.finish();
    return batch;
}

} // namespace aerowatch
