// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/flight_rows.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <functional>

namespace aerowatch::flight_rows {

namespace {

/// splitmix64's finaliser: every input bit moves every output bit.
std::uint64_t mix(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

class Hasher {
  public:
    void add(std::uint64_t v) { h_ = mix(h_ ^ v); }
    void add(std::string_view s) {
        add(static_cast<std::uint64_t>(std::hash<std::string_view>{}(s)));
        add(static_cast<std::uint64_t>(s.size()));
    }
    void add(const std::optional<UtcTime>& t) {
        // A distinct marker for "absent": 0 is a valid time.
        add(t ? static_cast<std::uint64_t>(t->time_since_epoch().count()) : 0x8000000000000001ULL);
    }
    std::uint64_t value() const { return h_; }

  private:
    std::uint64_t h_ = 0x243f6a8885a308d3ULL;
};

void take(std::optional<UtcTime>& stored, const std::optional<UtcTime>& incoming) {
    if (incoming) {
        stored = incoming;
    }
}

void take(std::string& stored, const std::string& incoming) {
    if (!incoming.empty()) {
        stored = incoming;
    }
}

} // namespace

StoredFlight read_row(const sqlite::Statement::Binding& row) {
    StoredFlight s;
    s.id = row.get_int(0);
    s.date = to_sys_days(row.get_int(1));
    s.airline = row.get_text(2);
    FlightStatus& f = s.flight;
    f.flight_number = row.get_text(3);
    f.origin = row.get_text(4);
    f.airline_iata = row.get_text(5);
    f.airline_icao = row.get_text(6);
    f.destination = row.get_text(7);
    f.scheduled_departure = from_unix(row.get_int(8));
    f.estimated_departure = from_unix(row.get_optional_int(9));
    f.actual_departure = from_unix(row.get_optional_int(10));
    f.scheduled_arrival = from_unix(row.get_optional_int(11));
    f.estimated_arrival = from_unix(row.get_optional_int(12));
    f.actual_arrival = from_unix(row.get_optional_int(13));
    f.state = flight_state_from_string(row.get_text(14)).value_or(FlightState::unknown);
    if (auto delay = row.get_optional_int(15)) {
        f.delay_minutes = static_cast<int>(*delay);
    }
    f.codeshares = split_codeshares(row.get_text(16));
    s.source = row.get_text(17);
    f.source_id = row.get_text(18);
    s.first_seen = from_unix(row.get_int(19));
    s.last_changed = from_unix(row.get_int(20));
    return s;
}

void bind_row(sqlite::Statement::Binding& b, const StoredFlight& row) {
    const FlightStatus& f = row.flight;
    b.bind(2, static_cast<std::int64_t>(row.date.time_since_epoch().count()))
        .bind(3, row.airline)
        .bind(4, f.flight_number)
        .bind(5, f.origin)
        .bind(6, f.airline_iata)
        .bind(7, f.airline_icao)
        .bind(8, f.destination)
        .bind(9, to_unix(f.scheduled_departure))
        .bind(10, to_unix(f.estimated_departure))
        .bind(11, to_unix(f.actual_departure))
        .bind(12, to_unix(f.scheduled_arrival))
        .bind(13, to_unix(f.estimated_arrival))
        .bind(14, to_unix(f.actual_arrival))
        .bind(15, to_string(f.state))
        .bind(16, f.delay_minutes)
        .bind(17, join_codeshares(f.codeshares))
        .bind(18, row.source)
        .bind(19, f.source_id)
        .bind(20, row.first_seen.time_since_epoch().count())
        .bind(21, row.last_changed.time_since_epoch().count());
}

void merge(FlightStatus& stored, const FlightStatus& incoming) {
    take(stored.airline_iata, to_upper_ascii(trim(incoming.airline_iata)));
    take(stored.airline_icao, to_upper_ascii(trim(incoming.airline_icao)));
    take(stored.scheduled_departure, incoming.scheduled_departure);
    take(stored.estimated_departure, incoming.estimated_departure);
    take(stored.actual_departure, incoming.actual_departure);
    take(stored.scheduled_arrival, incoming.scheduled_arrival);
    take(stored.estimated_arrival, incoming.estimated_arrival);
    take(stored.actual_arrival, incoming.actual_arrival);
    // "unknown" is a source that did not say, not a change of state.
    if (incoming.state != FlightState::unknown) {
        stored.state = incoming.state;
    }
    if (incoming.delay_minutes) {
        stored.delay_minutes = incoming.delay_minutes;
    }
    if (stored.source_id.empty()) {
        stored.source_id = incoming.source_id; // ids differ per source: the first one stays
    }
    // Two sources may know different codeshares; accumulating them converges instead of
    // flipping with each poll.
    for (const auto& code : incoming.codeshares) {
        std::string upper = to_upper_ascii(trim(code));
        if (!upper.empty() && std::find(stored.codeshares.begin(), stored.codeshares.end(),
                                        upper) == stored.codeshares.end()) {
            stored.codeshares.push_back(std::move(upper));
        }
    }
    std::sort(stored.codeshares.begin(), stored.codeshares.end());
}

bool same_times(const FlightStatus& a, const FlightStatus& b) {
    return a.scheduled_departure == b.scheduled_departure &&
           a.estimated_departure == b.estimated_departure &&
           a.actual_departure == b.actual_departure && a.scheduled_arrival == b.scheduled_arrival &&
           a.estimated_arrival == b.estimated_arrival && a.actual_arrival == b.actual_arrival;
}

bool same_content(const FlightStatus& a, const FlightStatus& b) {
    return a.airline_iata == b.airline_iata && a.airline_icao == b.airline_icao &&
           a.flight_number == b.flight_number && a.origin == b.origin &&
           a.destination == b.destination && same_times(a, b) && a.state == b.state &&
           a.delay_minutes == b.delay_minutes && a.codeshares == b.codeshares;
}

std::uint64_t key_hash(std::string_view source, std::string_view airline, std::string_view number,
                       std::int64_t day, std::string_view origin) {
    Hasher h;
    h.add(source);
    h.add(airline);
    h.add(number);
    h.add(static_cast<std::uint64_t>(day));
    h.add(origin);
    return h.value();
}

std::uint64_t content_hash(const FlightStatus& f) {
    Hasher h;
    h.add(f.airline_iata);
    h.add(f.airline_icao);
    h.add(f.flight_number);
    h.add(f.origin);
    h.add(f.destination);
    h.add(f.scheduled_departure);
    h.add(f.estimated_departure);
    h.add(f.actual_departure);
    h.add(f.scheduled_arrival);
    h.add(f.estimated_arrival);
    h.add(f.actual_arrival);
    h.add(static_cast<std::uint64_t>(f.state));
    h.add(f.delay_minutes ? static_cast<std::uint64_t>(*f.delay_minutes) : 0x8000000000000001ULL);
    h.add(static_cast<std::uint64_t>(f.codeshares.size()));
    for (const auto& code : f.codeshares) {
        h.add(code);
    }
    return h.value();
}

std::string join_codeshares(const std::vector<std::string>& codeshares) {
    std::string out;
    for (const auto& code : codeshares) {
        if (!out.empty()) {
            out += ' ';
        }
        out += code;
    }
    return out;
}

std::vector<std::string> split_codeshares(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        const auto space = text.find(' ');
        const auto word = text.substr(0, space);
        if (!word.empty()) {
            out.emplace_back(word);
        }
        if (space == std::string_view::npos) {
            break;
        }
        text.remove_prefix(space + 1);
    }
    return out;
}

} // namespace aerowatch::flight_rows
