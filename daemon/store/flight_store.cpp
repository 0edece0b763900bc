// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/flight_store.hpp"

#include "core/text.hpp"
#include "store/flight_rows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace aerowatch {

using namespace flight_rows;

namespace {

// Boards list today's flights and a day either side; a record for an older flight is rare
// enough to take the slow path (a read, and no write when unchanged).
constexpr std::int64_t cache_days = 2;

constexpr std::array<std::pair<FlightChange::Type, const char*>, 5> change_names = {{
    {FlightChange::Type::added, "added"},
    {FlightChange::Type::state_changed, "state_changed"},
    {FlightChange::Type::reinstated, "reinstated"},
    {FlightChange::Type::time_changed, "time_changed"},
    {FlightChange::Type::updated, "updated"},
}};

/// An airline or airport code fit to key by: letters and digits (what the counters' pending
/// rows and the identity can hold), and short.
bool is_code(std::string_view code) {
    return !code.empty() && code.size() <= 8 && std::all_of(code.begin(), code.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    });
}

/// What a flight adds to the counters at an airport, so that a change can be undone exactly.
bool same_contribution(const StoredFlight& a, const StoredFlight& b) {
    auto cls = [](FlightState s) {
        return s == FlightState::cancelled ? 1 : s == FlightState::diverted ? 2 : 0;
    };
    return a.airline == b.airline && a.flight.origin == b.flight.origin &&
           a.flight.destination == b.flight.destination &&
           a.flight.scheduled_departure == b.flight.scheduled_departure &&
           a.flight.scheduled_arrival == b.flight.scheduled_arrival &&
           cls(a.flight.state) == cls(b.flight.state);
}

} // namespace

const char* to_string(FlightChange::Type type) {
    for (const auto& [t, name] : change_names) {
        if (t == type) {
            return name;
        }
    }
    return "updated";
}

std::optional<FlightChange::Type> flight_change_type_from_string(std::string_view text) {
    for (const auto& [t, name] : change_names) {
        if (text == name) {
            return t;
        }
    }
    return std::nullopt;
}

FlightStore::FlightStore(sqlite::Database& db)
    : db_(db), baselines_(db),
      select_identity_(db, fmt::format("SELECT {} FROM flight WHERE departure_day = ?1 AND "
                                       "airline = ?2 AND flight_number = ?3 AND origin = ?4",
                                       columns)
                               .c_str()),
      insert_(db, sql::insert), update_(db, sql::update), insert_change_(db, sql::insert_change),
      select_history_(db, sql::select_history),
      insert_airline_code_(db, "INSERT OR IGNORE INTO airline_code (iata, icao) VALUES (?1, ?2)"),
      insert_iata_key_(db, "INSERT OR IGNORE INTO airline_iata_key (iata) VALUES (?1)"),
      select_departures_(db, fmt::format("SELECT {} FROM flight WHERE departure_day = ?1 AND "
                                         "origin IN (?2, ?3) AND scheduled_departure >= ?4 AND "
                                         "scheduled_departure < ?5",
                                         columns)
                                 .c_str()),
      select_arrivals_(db, fmt::format("SELECT {} FROM flight WHERE departure_day = ?1 AND "
                                       "destination IN (?2, ?3) AND scheduled_arrival >= ?4 AND "
                                       "scheduled_arrival < ?5",
                                       columns)
                               .c_str()),
      delete_flights_(db, "DELETE FROM flight WHERE departure_day < ?1"),
      delete_changes_(db, "DELETE FROM flight_change WHERE flight_id IN "
                          "(SELECT id FROM flight WHERE departure_day < ?1)"),
      select_active_signals_(db, "SELECT id, airport, type, reason, start_time, end_time, "
                                 "average_delay_minutes, max_delay_minutes, first_seen, "
                                 "last_seen, last_changed FROM airport_signal "
                                 "WHERE source = ?1 AND cleared IS NULL"),
      any_active_signal_(db, "SELECT 1 FROM airport_signal WHERE source = ?1 AND cleared IS "
                             "NULL LIMIT 1"),
      insert_signal_(db, sql::insert_signal), update_signal_(db, sql::update_signal),
      touch_signal_(db, "UPDATE airport_signal SET last_seen = ?2 WHERE id = ?1"),
      clear_signal_(db, "UPDATE airport_signal SET cleared = ?2, last_changed = ?2 WHERE id = ?1") {
    load_airline_codes();
}

void FlightStore::load_airline_codes() {
    sqlite::Statement pairs(db_, "SELECT iata, icao FROM airline_code");
    for (auto rows = pairs.use(); rows.step();) {
        codes_.learn(rows.get_text(0), rows.get_text(1));
    }
    iata_keys_.clear();
    sqlite::Statement keys(db_, "SELECT iata FROM airline_iata_key");
    for (auto rows = keys.use(); rows.step();) {
        iata_keys_.insert(rows.get_text(0));
    }
}

std::optional<FlightStore::Identity> FlightStore::identify(const FlightStatus& f) {
    if (!f.scheduled_departure || f.flight_number.empty() || f.origin.empty()) {
        return std::nullopt;
    }
    Identity id;
    id.airline = codes_.airline_key(f.airline_iata, f.airline_icao);
    id.flight_number = normalise_flight_number(f.flight_number);
    id.origin = codes_.airport(f.origin);
    if (!is_code(id.airline) || id.flight_number.empty() || !is_code(id.origin)) {
        return std::nullopt;
    }
    id.day = day_of(*f.scheduled_departure);
    return id;
}

FlightIngestResult FlightStore::ingest(const std::string& source, const FlightBatch& batch,
                                       UtcTime now) {
    FlightIngestResult result;
    const std::int64_t today = day_of(now);
    const std::int64_t horizon = today - retention_.count();
    // Opened at the first record that needs SQLite: an unchanged board costs no transaction.
    std::optional<sqlite::Transaction> tx;
    std::vector<Staged> staged; // cache entries, applied only once the batch is committed
    try {
        for (const auto& f : batch.flights) {
            auto id = identify(f);
            if (!id || id->day < horizon) {
                ++result.skipped;
                continue;
            }
            const auto key = key_hash(source, id->airline, id->flight_number, id->day, id->origin);
            const auto content = content_hash(f);
            const auto hit = cache_.find(key);
            if (hit != cache_.end() && hit->second.content == content) {
                ++result.unchanged;
                continue;
            }
            if (!tx) {
                tx.emplace(db_);
            }
            if (auto change = apply(source, f, *id, now, hit != cache_.end())) {
                result.changes.push_back(std::move(*change));
            } else {
                ++result.unchanged;
            }
            staged.push_back({key, {content, id->day}});
        }
        if (!batch.signals.empty() || (batch.errors.empty() && has_active_signals(source))) {
            if (!tx) {
                tx.emplace(db_);
            }
            result.signal_changes = apply_signals(source, batch, now);
        }
        if (tx) {
            baselines_.flush();
            tx->commit();
        }
    } catch (...) {
        // Rolled back: forget what this batch taught us that the database no longer holds.
        baselines_.rolled_back();
        codes_.forget_learned();
        tx.reset();
        load_airline_codes();
        throw;
    }
    for (const auto& s : staged) {
        cache_[s.key] = s.entry;
    }
    if (today - cache_days > evicted_through_day_) {
        evict(today - cache_days);
    }
    return result;
}

std::optional<StoredFlight> FlightStore::select_identity(std::int64_t day, std::string_view airline,
                                                         std::string_view number,
                                                         std::string_view origin) {
    auto row = select_identity_.use();
    row.bind(1, day).bind(2, airline).bind(3, number).bind(4, origin);
    if (!row.step()) {
        return std::nullopt;
    }
    return read_row(row);
}

std::optional<FlightChange> FlightStore::apply(const std::string& source, const FlightStatus& f,
                                               const Identity& id, UtcTime now, bool seen_before) {
    // Own copies: learning a code pair below invalidates the views in `id`.
    const std::string airline(id.airline);
    const std::string origin(id.origin);
    const std::string icao = to_upper_ascii(trim(f.airline_icao));
    std::string iata = to_upper_ascii(trim(f.airline_iata));
    if (!iata.empty() && !icao.empty() && codes_.learn(iata, icao)) {
        auto b = insert_airline_code_.use();
        b.bind(1, iata).bind(2, icao);
        b.run();
    }
    const bool iata_given = !iata.empty();
    if (!iata_given && !icao.empty()) {
        iata = std::string(codes_.iata_for(icao)); // for finding a flight keyed by it
    }
    auto merged = [&](const std::optional<StoredFlight>& stored) {
        StoredFlight row = stored ? *stored : StoredFlight{};
        merge(row.flight, f);
        row.airline = airline;
        row.date = to_sys_days(id.day);
        row.flight.flight_number = id.flight_number;
        row.flight.origin = origin;
        if (!trim(f.destination).empty()) {
            row.flight.destination = std::string(codes_.airport(f.destination));
        }
        row.source = source;
        row.last_changed = now;
        if (!stored) {
            row.first_seen = now;
        }
        return row;
    };
    auto added = [&](StoredFlight row) {
        row.id = sqlite3_last_insert_rowid(db_.get());
        if (icao.empty() && iata_given && airline == iata && iata_keys_.insert(iata).second) {
            auto b = insert_iata_key_.use();
            b.bind(1, iata);
            b.run();
        }
        count(row, +1);
        FlightChange change;
        change.type = FlightChange::Type::added;
        change.flight = std::move(row);
        record_change(change, f.raw, now);
        return change;
    };

    // Could be stored under its IATA code from before its ICAO code was known.
    const bool adoptable = !iata.empty() && iata != airline && iata_keys_.count(iata) != 0;
    if (!seen_before && !adoptable) {
        // A record no poll has shown before is most likely a new flight: insert first, and the
        // uniqueness check is the only lookup.
        StoredFlight row = merged(std::nullopt);
        if (write_row(row, true)) {
            return added(std::move(row));
        }
    }
    auto stored = select_identity(id.day, airline, id.flight_number, origin);
    if (!stored && adoptable) {
        stored = select_identity(id.day, iata, id.flight_number, origin);
    }
    StoredFlight row = merged(stored);
    if (!stored) {
        if (!write_row(row, true)) {
            throw std::logic_error("flight " + row.designator() + " neither found nor inserted");
        }
        return added(std::move(row));
    }
    FlightChange change;
    if (row.airline == stored->airline && same_content(row.flight, stored->flight)) {
        return std::nullopt;
    }
    write_row(row, false);
    if (!same_contribution(row, *stored)) {
        count(*stored, -1);
        count(row, +1);
    }
    const FlightState before = stored->flight.state;
    const FlightState after = row.flight.state;
    change.previous_state = before;
    change.times_changed = !same_times(row.flight, stored->flight);
    if (before != after) {
        change.type = before == FlightState::cancelled ? FlightChange::Type::reinstated
                                                       : FlightChange::Type::state_changed;
    } else {
        change.type =
            change.times_changed ? FlightChange::Type::time_changed : FlightChange::Type::updated;
    }
    change.flight = std::move(row);
    record_change(change, f.raw, now);
    return change;
}

bool FlightStore::write_row(const StoredFlight& row, bool insert) {
    auto b = (insert ? insert_ : update_).use();
    if (!insert) {
        b.bind(1, row.id);
    }
    bind_row(b, row);
    b.run();
    return sqlite3_changes64(db_.get()) == 1;
}

void FlightStore::record_change(const FlightChange& change, const std::string& raw, UtcTime now) {
    const FlightStatus& f = change.flight.flight;
    auto b = insert_change_.use();
    b.bind(1, change.flight.id)
        .bind(2, now.time_since_epoch().count())
        .bind(3, change.flight.source)
        .bind(4, to_string(change.type));
    if (change.previous_state) {
        b.bind(5, to_string(*change.previous_state));
    } else {
        b.bind_null(5);
    }
    b.bind(6, to_string(f.state))
        .bind(7, to_unix(f.scheduled_departure))
        .bind(8, to_unix(f.estimated_departure))
        .bind(9, to_unix(f.actual_departure))
        .bind(10, to_unix(f.scheduled_arrival))
        .bind(11, to_unix(f.estimated_arrival))
        .bind(12, to_unix(f.actual_arrival))
        .bind(13, f.delay_minutes)
        .bind(14, raw);
    b.run();
}

void FlightStore::count(const StoredFlight& row, std::int64_t sign) {
    const FlightStatus& f = row.flight;
    const StatsDelta delta{sign, f.state == FlightState::cancelled ? sign : 0,
                           f.state == FlightState::diverted ? sign : 0};
    // A departure counts at the origin at its scheduled departure, an arrival at the
    // destination at its scheduled arrival (not at all when the source gives none).
    baselines_.add(f.origin, row.airline, *f.scheduled_departure, delta);
    baselines_.add(f.origin, "", *f.scheduled_departure, delta);
    if (is_code(f.destination) && f.scheduled_arrival) {
        baselines_.add(f.destination, row.airline, *f.scheduled_arrival, delta);
        baselines_.add(f.destination, "", *f.scheduled_arrival, delta);
    }
}

void FlightStore::evict(std::int64_t before_day) {
    std::erase_if(cache_, [&](const auto& entry) { return entry.second.day < before_day; });
    evicted_through_day_ = before_day;
}

FlightPruneResult FlightStore::prune(UtcTime now, std::chrono::days keep,
                                     std::chrono::days stats_keep) {
    retention_ = keep;
    const std::int64_t cutoff = day_of(now) - keep.count();
    FlightPruneResult result;
    try {
        sqlite::Transaction tx(db_);
        {
            auto b = delete_changes_.use();
            b.bind(1, cutoff);
            b.run();
            result.changes = sqlite3_changes64(db_.get());
        }
        {
            auto b = delete_flights_.use();
            b.bind(1, cutoff);
            b.run();
            result.flights = sqlite3_changes64(db_.get());
        }
        result.stats_rows = baselines_.prune(to_sys_days(day_of(now) - stats_keep.count()));
        tx.commit();
    } catch (...) {
        baselines_.rolled_back();
        throw;
    }
    if (cutoff > evicted_through_day_) {
        evict(cutoff);
    }
    return result;
}

} // namespace aerowatch
