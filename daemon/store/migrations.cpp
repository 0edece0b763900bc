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
