// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "lib/sqlite/database.hpp"

#include <stdexcept>

namespace aerowatch {

/// The schema version this binary writes; PRAGMA user_version of a migrated database.
int latest_schema_version();

/// Thrown for a database this binary must not touch: written by a newer aerowatch, or not an
/// aerowatch database at all. The daemon exits with EX_CONFIG on it.
class SchemaError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Thrown when quick_check fails or the file is not a readable database: restarting cannot fix
/// it, so the daemon exits with EX_DATAERR and touches nothing.
class CorruptDatabaseError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Brings the database to latest_schema_version(), one migration per transaction, so a crash
/// leaves it at the old or the new version, never between. Throws SchemaError or sqlite::Error.
void migrate(sqlite::Database& db);

/// Refuses (SchemaError) a database newer than this binary or carrying a foreign application id.
void check_schema_compatible(sqlite::Database& db);

} // namespace aerowatch
