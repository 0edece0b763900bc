// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/migrations.hpp"

#include <fmt/format.h>

#include <array>
#include <string>

namespace aerowatch {

namespace {

// "AERO" in ASCII: marks the file as ours so that a stray SQLite file is never migrated.
constexpr long long application_id = 0x4145524f;

// Append only: migration N (1-based) brings user_version from N-1 to N. Never edit a shipped one.
constexpr std::array migrations = {
    // 1: per-source polling state.
    R"sql(
CREATE TABLE source_state (
    name                 TEXT PRIMARY KEY,
    etag                 TEXT,
    last_modified        TEXT,
    last_attempt         INTEGER,
    last_success         INTEGER,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    last_error           TEXT,
    last_status          INTEGER,
    next_due             INTEGER,
    fetches              INTEGER NOT NULL DEFAULT 0,
    bytes_received       INTEGER NOT NULL DEFAULT 0
) STRICT;
)sql",
    // 2: hazards with their lifecycle and the history of every version seen.
    R"sql(
CREATE TABLE hazard (
    id                 INTEGER PRIMARY KEY,
    key                TEXT NOT NULL UNIQUE,
    source             TEXT NOT NULL,
    kind               TEXT NOT NULL,
    display_id         TEXT NOT NULL,
    issuer             TEXT NOT NULL,
    action             TEXT NOT NULL,
    ref_key            TEXT NOT NULL,
    status             TEXT NOT NULL,
    severity           TEXT NOT NULL,
    categories         INTEGER NOT NULL,
    firs               TEXT NOT NULL,
    airports           TEXT NOT NULL,
    countries          TEXT NOT NULL,
    geometry           TEXT,
    lower_ft           INTEGER,
    upper_ft           INTEGER,
    lower_text         TEXT NOT NULL,
    upper_text         TEXT NOT NULL,
    issued             INTEGER,
    valid_from         INTEGER,
    valid_to           INTEGER,
    valid_to_estimated INTEGER NOT NULL,
    permanent          INTEGER NOT NULL,
    schedule           TEXT NOT NULL,
    qcode              TEXT NOT NULL,
    title              TEXT NOT NULL,
    body               TEXT NOT NULL,
    link               TEXT NOT NULL,
    replaced_by        TEXT,
    content_hash       TEXT NOT NULL,
    version            INTEGER NOT NULL,
    first_seen         INTEGER NOT NULL,
    last_seen          INTEGER NOT NULL,
    last_changed       INTEGER NOT NULL
) STRICT;
CREATE INDEX hazard_by_status ON hazard (status, valid_to);
CREATE INDEX hazard_by_source ON hazard (source, status);

CREATE TABLE hazard_version (
    hazard_id INTEGER NOT NULL REFERENCES hazard (id) ON DELETE CASCADE,
    version   INTEGER NOT NULL,
    seen_at   INTEGER NOT NULL,
    source    TEXT NOT NULL,
    status    TEXT NOT NULL,
    severity  TEXT NOT NULL,
    content   TEXT NOT NULL,
    raw       TEXT NOT NULL,
    PRIMARY KEY (hazard_id, version)
) STRICT;

-- A NOTAMC or NOTAMR that arrived before the NOTAM it cancels or replaces.
CREATE TABLE hazard_pending_action (
    target_key TEXT PRIMARY KEY,
    action     TEXT NOT NULL,
    by_key     TEXT NOT NULL,
    source     TEXT NOT NULL,
    seen_at    INTEGER NOT NULL
) STRICT;
)sql",
    // 3: flights with their change history, airport-level signals, and the per-hour counters
    // the baselines read (kept apart from the raw rows so that pruning those never moves a
    // baseline). Day-first keys keep each ingest's writes on a few hot pages.
    R"sql(
-- One scheduled flight leg as last seen. Identity: (departure_day, origin, airline,
-- flight_number); airline is the ICAO designator when known, else the IATA one (2 characters,
-- so the two never collide).
CREATE TABLE flight (
    id                  INTEGER PRIMARY KEY,
    departure_day       INTEGER NOT NULL, -- UTC days since 1970-01-01 of scheduled_departure
    airline             TEXT NOT NULL,
    flight_number       TEXT NOT NULL,
    origin              TEXT NOT NULL,
    airline_iata        TEXT NOT NULL,
    airline_icao        TEXT NOT NULL,
    destination         TEXT NOT NULL,
    scheduled_departure INTEGER NOT NULL,
    estimated_departure INTEGER,
    actual_departure    INTEGER,
    scheduled_arrival   INTEGER,
    estimated_arrival   INTEGER,
    actual_arrival      INTEGER,
    state               TEXT NOT NULL,
    delay_minutes       INTEGER,
    codeshares          TEXT NOT NULL, -- space-separated marketing designators, sorted
    source              TEXT NOT NULL, -- the source of the last change
    source_id           TEXT NOT NULL,
    first_seen          INTEGER NOT NULL,
    last_changed        INTEGER NOT NULL,
    -- Day and origin first: a board (one airport's day) then writes one region of the index,
    -- and the index serves "departures from X on day D" too.
    UNIQUE (departure_day, origin, airline, flight_number)
) STRICT;
CREATE INDEX flight_by_destination ON flight (departure_day, destination);

-- Every observed change ('added' first), with the record that showed it.
CREATE TABLE flight_change (
    id                  INTEGER PRIMARY KEY,
    flight_id           INTEGER NOT NULL REFERENCES flight (id) ON DELETE CASCADE,
    seen_at             INTEGER NOT NULL,
    source              TEXT NOT NULL,
    change              TEXT NOT NULL,
    previous_state      TEXT,
    state               TEXT NOT NULL,
    scheduled_departure INTEGER,
    estimated_departure INTEGER,
    actual_departure    INTEGER,
    scheduled_arrival   INTEGER,
    estimated_arrival   INTEGER,
    actual_arrival      INTEGER,
    delay_minutes       INTEGER,
    raw                 TEXT NOT NULL
) STRICT;
CREATE INDEX flight_change_by_flight ON flight_change (flight_id);

-- IATA -> ICAO airline designators learned from records that carry both.
CREATE TABLE airline_code (
    iata TEXT PRIMARY KEY,
    icao TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- IATA designators some flight was keyed by (no ICAO known then): only for these can a record
-- that brings the ICAO code find its flight under the IATA key.
CREATE TABLE airline_iata_key (
    iata TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;

-- Baseline counters: flights scheduled at an airport in one UTC hour of one day, per airline
-- and ('') for all airlines, counted by current state. Departures count at the origin,
-- arrivals at the destination.
CREATE TABLE flight_stats (
    day       INTEGER NOT NULL,
    airport   TEXT NOT NULL,
    airline   TEXT NOT NULL,
    hour      INTEGER NOT NULL,
    flights   INTEGER NOT NULL,
    cancelled INTEGER NOT NULL,
    diverted  INTEGER NOT NULL,
    PRIMARY KEY (day, airport, airline, hour)
) STRICT, WITHOUT ROWID;

-- Changes to flight_stats not folded in yet: one row per ingest, written in its transaction,
-- holding that batch's changes as lines of tab-separated day, airport, airline (empty for all
-- airlines), hour, flights, cancelled, diverted. One append is cheap where updating counters
-- scattered over every airport is not. Folded into flight_stats (and emptied) every few tens of
-- thousands of changes; readers add the pending ones in. AUTOINCREMENT: readers remember the
-- last id they read, so ids must never be reused after a fold empties the table.
CREATE TABLE flight_stats_pending (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    changes TEXT NOT NULL
) STRICT;

-- Airport-level disruption signals (FAA NAS status), one row per occurrence.
CREATE TABLE airport_signal (
    id                    INTEGER PRIMARY KEY,
    source                TEXT NOT NULL,
    airport               TEXT NOT NULL,
    type                  TEXT NOT NULL,
    reason                TEXT NOT NULL,
    start_time            INTEGER,
    end_time              INTEGER,
    average_delay_minutes INTEGER,
    max_delay_minutes     INTEGER,
    raw                   TEXT NOT NULL,
    first_seen            INTEGER NOT NULL,
    last_seen             INTEGER NOT NULL,
    last_changed          INTEGER NOT NULL,
    cleared               INTEGER -- when the source stopped listing it
) STRICT;
CREATE INDEX airport_signal_by_source ON airport_signal (source, cleared);
CREATE INDEX airport_signal_by_airport ON airport_signal (airport, cleared);
)sql",
    // 4: alerts, one row per fingerprint; every event of their lives, in order; silences.
    R"sql(
CREATE TABLE alert (
    id          INTEGER PRIMARY KEY,
    fingerprint TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    severity    TEXT NOT NULL,
    state       TEXT NOT NULL, -- firing | resolved
    subject     TEXT NOT NULL,
    summary     TEXT NOT NULL,
    labels      TEXT NOT NULL, -- JSON
    evidence    TEXT NOT NULL, -- JSON
    magnitude   REAL NOT NULL, -- as of the last notified event
    first_fired INTEGER NOT NULL,
    last_event  INTEGER NOT NULL,
    clear_since INTEGER,       -- the correlator stopped finding it; resolved after a hold
    resolved    INTEGER
) STRICT;
CREATE INDEX alert_by_state ON alert (state, kind);
-- Append-only. seq orders the alert log and the webhook outbox.
CREATE TABLE alert_event (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id INTEGER NOT NULL REFERENCES alert (id),
    event    TEXT NOT NULL, -- firing | updated | resolved
    at       INTEGER NOT NULL,
    silenced INTEGER NOT NULL,
    payload  TEXT NOT NULL  -- the event as JSON, exactly as notified
) STRICT;
CREATE INDEX alert_event_by_alert ON alert_event (alert_id, seq);
CREATE TABLE silence (
    id       INTEGER PRIMARY KEY,
    matchers TEXT NOT NULL, -- JSON [["airport","SVMI"], ...]
    starts   INTEGER NOT NULL,
    ends     INTEGER NOT NULL,
    comment  TEXT NOT NULL,
    created  INTEGER NOT NULL
) STRICT;
)sql",
    // 5: the webhook outbox, written in the transaction that records the alert event, so that
    // an event exists exactly when its deliveries do; endpoints a receiver disabled (410);
    // how far the alert log has been written.
    R"sql(
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    webhook_id      TEXT NOT NULL UNIQUE, -- generated once; the receivers' idempotency key
    endpoint        TEXT NOT NULL,        -- [[webhook]] name
    event_seq       INTEGER NOT NULL REFERENCES alert_event (seq),
    payload         TEXT NOT NULL,        -- the exact body, rendered once (JSON)
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    state           TEXT NOT NULL,        -- pending | delivered | dead
    last_status     INTEGER,              -- HTTP status of the last attempt
    last_error      TEXT,
    finished_at     INTEGER               -- delivered or dead-lettered
) STRICT;
CREATE INDEX outbox_queue ON outbox (endpoint, state, id);
CREATE INDEX outbox_by_state ON outbox (state, id);
CREATE TABLE webhook_endpoint (
    name            TEXT PRIMARY KEY,
    disabled_at     INTEGER,
    disabled_reason TEXT
) STRICT;
CREATE TABLE log_cursor (
    name TEXT PRIMARY KEY,
    seq  INTEGER NOT NULL
) STRICT;
)sql",
};

} // namespace

int latest_schema_version() {
    return static_cast<int>(migrations.size());
}

void check_schema_compatible(sqlite::Database& db) {
    const long long app = db.query_int("PRAGMA application_id");
    const long long version = db.query_int("PRAGMA user_version");
    if (app != 0 && app != application_id) {
        throw SchemaError(
            fmt::format("database is not an aerowatch database (application_id {:#x})", app));
    }
    if (app == 0 && version != 0) {
        throw SchemaError("database is not an aerowatch database (foreign user_version set)");
    }
    if (version > latest_schema_version()) {
        throw SchemaError(
            fmt::format("database schema version {} is newer than this aerowatch supports ({}); "
                        "it was written by a newer release: upgrade aerowatch or restore a backup",
                        version, latest_schema_version()));
    }
}

void migrate(sqlite::Database& db) {
    check_schema_compatible(db);
    for (;;) {
        sqlite::Transaction tx(db);
        // Read inside the write transaction: another process may have migrated meanwhile.
        const auto version = static_cast<int>(db.query_int("PRAGMA user_version"));
        if (version >= latest_schema_version()) {
            return;
        }
        db.execute(migrations[static_cast<std::size_t>(version)]);
        db.execute(fmt::format("PRAGMA application_id = {}", application_id).c_str());
        db.execute(fmt::format("PRAGMA user_version = {}", version + 1).c_str());
        tx.commit();
    }
}

} // namespace aerowatch
