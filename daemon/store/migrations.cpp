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
