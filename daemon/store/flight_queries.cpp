// SPDX-License-Identifier: GPL-3.0-or-later
// Read side of the flight store: lookups, listings, history and the disruption summary.
#include "core/text.hpp"
#include "store/flight_rows.hpp"
#include "store/flight_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace aerowatch {

using namespace flight_rows;

namespace {

struct Codes {
    std::string given;     // as asked, upper-cased
    std::string canonical; // as ingest keys it
    /// The given spelling when it differs from the key (NULL-bound otherwise).
    std::string alternate() const { return given != canonical ? given : std::string(); }
};

void bind_or_null(sqlite::Statement::Binding& b, int index, const std::string& value) {
    if (value.empty()) {
        b.bind_null(index);
    } else {
        b.bind(index, value);
    }
}

} // namespace

std::optional<StoredFlight> FlightStore::find(std::string_view airline,
                                              std::string_view flight_number,
                                              std::chrono::sys_days date, std::string_view origin) {
    const std::string given = to_upper_ascii(trim(airline));
    // A three-letter code is ICAO, anything else IATA: the key ingest would have made of it.
    const std::string key(given.size() == 3 ? codes_.airline_key({}, given)
                                            : codes_.airline_key(given, {}));
    const std::string number = normalise_flight_number(flight_number);
    const std::string airport(codes_.airport(origin));
    const std::int64_t day = date.time_since_epoch().count();
    auto found = select_identity(day, key, number, airport);
    if (!found && key != given) {
        found = select_identity(day, given, number, airport);
    }
    return found;
}

void FlightStore::for_each_scheduled(UtcTime from, UtcTime to,
                                     const std::function<void(const StoredFlight&)>& visit) {
    // departure_day bounds the index range; scheduled_departure is exact.
    const auto sql = std::string("SELECT ") + flight_rows::columns +
                     " FROM flight WHERE departure_day BETWEEN ?1 AND ?2 AND "
                     "scheduled_departure >= ?3 AND scheduled_departure < ?4 ORDER BY id";
    sqlite::Statement st(db_, sql.c_str());
    auto row = st.use();
    row.bind(1, utc_day(from))
        .bind(2, utc_day(to))
        .bind(3, static_cast<std::int64_t>(from.time_since_epoch().count()))
        .bind(4, static_cast<std::int64_t>(to.time_since_epoch().count()));
    while (row.step()) {
        visit(flight_rows::read_row(row));
    }
}

std::vector<StoredFlight> FlightStore::query(const FlightQuery& q) {
    std::string sql = fmt::format("SELECT {} FROM flight WHERE 1 = 1", columns);
    Codes airport{to_upper_ascii(trim(q.airport)), {}};
    Codes airline{to_upper_ascii(trim(q.airline)), {}};
    if (!airport.given.empty()) {
        airport.canonical = codes_.airport(airport.given);
        sql += " AND (origin IN (?1, ?2) OR destination IN (?1, ?2))";
    }
    if (!airline.given.empty()) {
        airline.canonical = airline.given.size() == 3 ? codes_.airline_key({}, airline.given)
                                                      : codes_.airline_key(airline.given, {});
        sql += " AND (airline IN (?3, ?4) OR airline_iata = ?3 OR airline_icao = ?3)";
    }
    if (q.date) {
        sql += " AND departure_day = ?5";
    }
    if (q.state) {
        sql += " AND state = ?6";
    }
    sql += " ORDER BY scheduled_departure, airline, flight_number LIMIT ?7";
    // Filters vary per call: a one-off statement, not one of the prepared-once set.
    sqlite::Statement statement(db_, sql.c_str());
    auto rows = statement.use();
    if (!airport.given.empty()) {
        rows.bind(1, airport.given).bind(2, airport.canonical);
    }
    if (!airline.given.empty()) {
        rows.bind(3, airline.given).bind(4, airline.canonical);
    }
    if (q.date) {
        rows.bind(5, static_cast<std::int64_t>(q.date->time_since_epoch().count()));
    }
    if (q.state) {
        rows.bind(6, to_string(*q.state));
    }
    rows.bind(7, static_cast<std::int64_t>(q.limit));
    std::vector<StoredFlight> out;
    while (rows.step()) {
        out.push_back(read_row(rows));
    }
    return out;
}

std::vector<FlightHistoryEntry> FlightStore::history(std::int64_t flight_id) {
    std::vector<FlightHistoryEntry> out;
    auto rows = select_history_.use();
    rows.bind(1, flight_id);
    while (rows.step()) {
        FlightHistoryEntry e;
        e.seen_at = from_unix(rows.get_int(0));
        e.source = rows.get_text(1);
        e.type =
            flight_change_type_from_string(rows.get_text(2)).value_or(FlightChange::Type::updated);
        if (auto previous = rows.get_optional_text(3)) {
            e.previous_state = flight_state_from_string(*previous);
        }
        e.state = flight_state_from_string(rows.get_text(4)).value_or(FlightState::unknown);
        e.scheduled_departure = from_unix(rows.get_optional_int(5));
        e.estimated_departure = from_unix(rows.get_optional_int(6));
        e.actual_departure = from_unix(rows.get_optional_int(7));
        e.scheduled_arrival = from_unix(rows.get_optional_int(8));
        e.estimated_arrival = from_unix(rows.get_optional_int(9));
        e.actual_arrival = from_unix(rows.get_optional_int(10));
        if (auto delay = rows.get_optional_int(11)) {
            e.delay_minutes = static_cast<int>(*delay);
        }
        e.raw = rows.get_text(12);
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<StoredFlight> FlightStore::at_airport(const std::string& code,
                                                  const std::string& alternate, UtcTime from,
                                                  UtcTime to, bool departures) {
    std::vector<StoredFlight> out;
    if (to <= from) {
        return out;
    }
    // The key is day-first, so one seek per day. An arrival in the window departed up to two
    // days before it (UTC dates; the longest legs are under 20 hours).
    const std::int64_t last_day = day_of(to - std::chrono::seconds{1});
    for (std::int64_t day = day_of(from) - (departures ? 0 : 2); day <= last_day; ++day) {
        auto rows = (departures ? select_departures_ : select_arrivals_).use();
        rows.bind(1, day).bind(2, code);
        bind_or_null(rows, 3, alternate);
        rows.bind(4, from.time_since_epoch().count()).bind(5, to.time_since_epoch().count());
        while (rows.step()) {
            out.push_back(read_row(rows));
        }
    }
    return out;
}

DisruptionSummary FlightStore::disruption(std::string_view airport_code, UtcTime from, UtcTime to,
                                          const BaselineConfig& config) {
    Codes airport{to_upper_ascii(trim(airport_code)), {}};
    airport.canonical = codes_.airport(airport.given);
    DisruptionSummary s;
    s.airport = airport.canonical;
    s.from = from;
    s.to = to;
    // The baseline looks back from the start of the window: the disruption being measured
    // must not raise its own baseline.
    const auto profile =
        baselines_.profile(airport.canonical, std::nullopt, from, config, airport.alternate());
    std::set<std::int64_t> seen;
    std::set<std::string> airlines;
    int weakest = static_cast<int>(Baseline::Basis::hour_of_week);
    auto visit = [&](StoredFlight& f, UtcTime at) {
        if (!seen.insert(f.id).second) {
            return;
        }
        ++s.exposed;
        const Baseline& b = profile.at(at);
        s.expected_cancelled += b.cancel_rate;
        s.expected_diverted += b.divert_rate;
        weakest = std::max(weakest, static_cast<int>(b.basis));
        if (f.flight.state == FlightState::cancelled) {
            ++s.cancelled;
            airlines.insert(f.airline);
            s.cancelled_flights.push_back(std::move(f));
        } else if (f.flight.state == FlightState::diverted) {
            ++s.diverted;
            s.diverted_flights.push_back(std::move(f));
        }
    };
    for (auto& f : at_airport(airport.canonical, airport.alternate(), from, to, true)) {
        visit(f, *f.flight.scheduled_departure);
    }
    for (auto& f : at_airport(airport.canonical, airport.alternate(), from, to, false)) {
        visit(f, *f.flight.scheduled_arrival);
    }
    s.airlines_cancelling.assign(airlines.begin(), airlines.end());
    auto by_time = [](const StoredFlight& a, const StoredFlight& b) {
        return std::tie(a.flight.scheduled_departure, a.airline, a.flight.flight_number) <
               std::tie(b.flight.scheduled_departure, b.airline, b.flight.flight_number);
    };
    std::sort(s.cancelled_flights.begin(), s.cancelled_flights.end(), by_time);
    std::sort(s.diverted_flights.begin(), s.diverted_flights.end(), by_time);

    if (s.exposed == 0) {
        s.baseline_cancel_rate = profile.window.cancel_rate;
        s.baseline_divert_rate = profile.window.divert_rate;
        s.basis = profile.window.basis;
        return s;
    }
    const auto exposed = static_cast<double>(s.exposed);
    s.cancel_rate = static_cast<double>(s.cancelled) / exposed;
    s.divert_rate = static_cast<double>(s.diverted) / exposed;
    s.baseline_cancel_rate = s.expected_cancelled / exposed;
    s.baseline_divert_rate = s.expected_diverted / exposed;
    s.basis = static_cast<Baseline::Basis>(weakest);
    if (s.baseline_cancel_rate > 0) {
        s.cancel_ratio = s.cancel_rate / s.baseline_cancel_rate;
    }
    if (s.baseline_divert_rate > 0) {
        s.divert_ratio = s.divert_rate / s.baseline_divert_rate;
    }
    return s;
}

Baseline FlightStore::baseline(std::string_view airport_code,
                               std::optional<std::string_view> airline, UtcTime at,
                               const BaselineConfig& config) {
    Codes airport{to_upper_ascii(trim(airport_code)), {}};
    airport.canonical = codes_.airport(airport.given);
    std::optional<std::string> carrier;
    if (airline) {
        const std::string given = to_upper_ascii(trim(*airline));
        carrier = std::string(given.size() == 3 ? codes_.airline_key({}, given)
                                                : codes_.airline_key(given, {}));
    }
    return baselines_.baseline(airport.canonical,
                               carrier ? std::optional<std::string_view>(*carrier) : std::nullopt,
                               at, config, airport.alternate());
}

} // namespace aerowatch
