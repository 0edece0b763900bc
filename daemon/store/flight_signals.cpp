// SPDX-License-Identifier: GPL-3.0-or-later
// Airport-level signals (FAA NAS status: ground stops, ground delay programmes, closures).
#include "core/text.hpp"
#include "store/flight_rows.hpp"
#include "store/flight_store.hpp"

#include <map>
#include <utility>

namespace aerowatch {

using namespace flight_rows;

namespace {

using SignalKey = std::pair<std::string, std::string>; // airport, type

bool same_signal(const AirportSignal& a, const AirportSignal& b) {
    return a.reason == b.reason && a.start == b.start && a.end == b.end &&
           a.average_delay_minutes == b.average_delay_minutes &&
           a.max_delay_minutes == b.max_delay_minutes;
}

std::optional<int> optional_int(const sqlite::Statement::Binding& row, int column) {
    auto v = row.get_optional_int(column);
    return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
}

} // namespace

const char* to_string(AirportSignalChange::Type type) {
    switch (type) {
    case AirportSignalChange::Type::started:
        return "started";
    case AirportSignalChange::Type::changed:
        return "changed";
    case AirportSignalChange::Type::cleared:
        return "cleared";
    }
    return "changed";
}

bool FlightStore::has_active_signals(const std::string& source) {
    auto row = any_active_signal_.use();
    row.bind(1, source);
    return row.step();
}

std::vector<AirportSignalChange> FlightStore::apply_signals(const std::string& source,
                                                            const FlightBatch& batch, UtcTime now) {
    const auto at = now.time_since_epoch().count();
    std::map<SignalKey, StoredSignal> active;
    {
        auto rows = select_active_signals_.use();
        rows.bind(1, source);
        while (rows.step()) {
            StoredSignal s;
            s.id = rows.get_int(0);
            s.source = source;
            s.signal.airport = rows.get_text(1);
            s.signal.type = rows.get_text(2);
            s.signal.reason = rows.get_text(3);
            s.signal.start = from_unix(rows.get_optional_int(4));
            s.signal.end = from_unix(rows.get_optional_int(5));
            s.signal.average_delay_minutes = optional_int(rows, 6);
            s.signal.max_delay_minutes = optional_int(rows, 7);
            s.first_seen = from_unix(rows.get_int(8));
            s.last_seen = from_unix(rows.get_int(9));
            s.last_changed = from_unix(rows.get_int(10));
            active.emplace(SignalKey{s.signal.airport, s.signal.type}, std::move(s));
        }
    }
    // One per airport and type; a repeated one in the listing: the last wins, every poll alike.
    std::map<SignalKey, AirportSignal> listed;
    for (const auto& signal : batch.signals) {
        AirportSignal s = signal;
        s.airport = std::string(codes_.airport(signal.airport));
        s.type = std::string(trim(signal.type));
        if (!s.airport.empty() && !s.type.empty()) {
            listed.insert_or_assign(SignalKey{s.airport, s.type}, std::move(s));
        }
    }

    std::vector<AirportSignalChange> changes;
    for (auto& [key, signal] : listed) {
        auto found = active.find(key);
        if (found == active.end()) {
            auto b = insert_signal_.use();
            b.bind(1, source)
                .bind(2, signal.airport)
                .bind(3, signal.type)
                .bind(4, signal.reason)
                .bind(5, to_unix(signal.start))
                .bind(6, to_unix(signal.end))
                .bind(7, signal.average_delay_minutes)
                .bind(8, signal.max_delay_minutes)
                .bind(9, signal.raw)
                .bind(10, at);
            b.run();
            StoredSignal s{
                sqlite3_last_insert_rowid(db_.get()), source, signal, now, now, now, std::nullopt};
            s.signal.raw.clear();
            changes.push_back({AirportSignalChange::Type::started, std::move(s)});
            continue;
        }
        StoredSignal& stored = found->second;
        if (same_signal(stored.signal, signal)) {
            // Unchanged: last_seen is refreshed coarsely, so that steady polling writes little.
            if (now - stored.last_seen >= signal_touch_interval) {
                auto b = touch_signal_.use();
                b.bind(1, stored.id).bind(2, at);
                b.run();
            }
        } else {
            auto b = update_signal_.use();
            b.bind(1, stored.id)
                .bind(2, signal.reason)
                .bind(3, to_unix(signal.start))
                .bind(4, to_unix(signal.end))
                .bind(5, signal.average_delay_minutes)
                .bind(6, signal.max_delay_minutes)
                .bind(7, signal.raw)
                .bind(8, at);
            b.run();
            StoredSignal s = stored;
            s.signal = signal;
            s.signal.raw.clear();
            s.last_seen = now;
            s.last_changed = now;
            changes.push_back({AirportSignalChange::Type::changed, std::move(s)});
        }
        active.erase(found);
    }
    // What the source no longer lists has ended, unless part of the payload failed to parse
    // (the missing item may be among the failures).
    if (batch.errors.empty()) {
        for (auto& [key, stored] : active) {
            auto b = clear_signal_.use();
            b.bind(1, stored.id).bind(2, at);
            b.run();
            stored.cleared = now;
            stored.last_changed = now;
            changes.push_back({AirportSignalChange::Type::cleared, std::move(stored)});
        }
    }
    return changes;
}

std::vector<StoredSignal> FlightStore::signals(std::string_view airport, bool active_only) {
    std::string sql = "SELECT id, source, airport, type, reason, start_time, end_time, "
                      "average_delay_minutes, max_delay_minutes, first_seen, last_seen, "
                      "last_changed, cleared FROM airport_signal WHERE 1 = 1";
    const std::string given = to_upper_ascii(trim(airport));
    const std::string canonical = given.empty() ? given : std::string(codes_.airport(given));
    if (!given.empty()) {
        sql += " AND airport IN (?1, ?2)";
    }
    if (active_only) {
        sql += " AND cleared IS NULL";
    }
    sql += " ORDER BY last_changed DESC, id DESC LIMIT 1000";
    // Filters vary per call: a one-off statement, not one of the prepared-once set.
    sqlite::Statement statement(db_, sql.c_str());
    auto rows = statement.use();
    if (!given.empty()) {
        rows.bind(1, given).bind(2, canonical);
    }
    std::vector<StoredSignal> out;
    while (rows.step()) {
        StoredSignal s;
        s.id = rows.get_int(0);
        s.source = rows.get_text(1);
        s.signal.airport = rows.get_text(2);
        s.signal.type = rows.get_text(3);
        s.signal.reason = rows.get_text(4);
        s.signal.start = from_unix(rows.get_optional_int(5));
        s.signal.end = from_unix(rows.get_optional_int(6));
        s.signal.average_delay_minutes = optional_int(rows, 7);
        s.signal.max_delay_minutes = optional_int(rows, 8);
        s.first_seen = from_unix(rows.get_int(9));
        s.last_seen = from_unix(rows.get_int(10));
        s.last_changed = from_unix(rows.get_int(11));
        s.cleared = from_unix(rows.get_optional_int(12));
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace aerowatch
