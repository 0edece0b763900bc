// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Builders shared by the flight store, baseline and flight CLI tests.

#include "store/sqlite_store.hpp"
#include "support/temp_dir.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace aerowatch::test {

/// 2025-11-21T12:00:00Z, a Friday.
inline const UtcTime friday_noon{std::chrono::seconds{1763726400}};

inline FlightStatus make_flight(const std::string& iata, const std::string& icao,
                                const std::string& number, const std::string& origin,
                                const std::string& destination, UtcTime departure,
                                FlightState state = FlightState::scheduled) {
    FlightStatus f;
    f.airline_iata = iata;
    f.airline_icao = icao;
    f.flight_number = number;
    f.origin = origin;
    f.destination = destination;
    f.scheduled_departure = departure;
    f.scheduled_arrival = departure + std::chrono::hours{9};
    f.state = state;
    f.raw = "{\"ident\":\"" + (icao.empty() ? iata : icao) + number + "\"}";
    return f;
}

inline FlightBatch make_batch(std::vector<FlightStatus> flights) {
    FlightBatch b;
    b.flights = std::move(flights);
    return b;
}

/// A database in a temporary directory, reopened on demand (a restart of the daemon).
struct FlightRig {
    TempDir dir;
    std::unique_ptr<SqliteStore> db = SqliteStore::open(dir / "aerowatch.db");

    FlightStore& store() { return db->flights(); }
    void reopen() {
        db.reset();
        db = SqliteStore::open(dir / "aerowatch.db");
    }
    /// Rows inserted, updated or deleted on this connection so far.
    long long writes() { return sqlite3_total_changes64(db->database().get()); }
    long long count(const char* sql) { return db->database().query_int(sql); }
    FlightIngestResult ingest(std::vector<FlightStatus> flights, UtcTime now = friday_noon,
                              const std::string& source = "aeroapi") {
        return store().ingest(source, make_batch(std::move(flights)), now);
    }
};

} // namespace aerowatch::test
