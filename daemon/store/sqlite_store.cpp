// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/sqlite_store.hpp"

#include "store/migrations.hpp"

#include <fmt/format.h>

namespace aerowatch {

namespace {

constexpr const char* state_columns =
    "name, etag, last_modified, last_attempt, last_success, consecutive_failures, last_error, "
    "last_status, next_due, fetches, bytes_received";

std::optional<std::int64_t> to_unix(const std::optional<UtcTime>& t) {
    if (!t) {
        return std::nullopt;
    }
    return t->time_since_epoch().count();
}

std::optional<UtcTime> from_unix(const std::optional<std::int64_t>& s) {
    if (!s) {
        return std::nullopt;
    }
    return UtcTime{std::chrono::seconds{*s}};
}

void configure_connection(sqlite::Database& db, SqliteStore::Access access) {
    // Another process (the CLI, a backup) may hold the lock for a moment: wait, do not fail.
    db.execute("PRAGMA busy_timeout = 5000");
    db.execute("PRAGMA foreign_keys = ON");
    if (access == SqliteStore::Access::read_write) {
        db.execute("PRAGMA journal_mode = WAL");
        db.execute("PRAGMA synchronous = FULL");
    }
}

void check_integrity(sqlite::Database& db, const std::filesystem::path& path) {
    std::string verdict;
    try {
        verdict = db.query_text("PRAGMA quick_check");
    } catch (const sqlite::Error& e) {
        throw CorruptDatabaseError(
            fmt::format("database {} is corrupt: {}; refusing to start (restore a backup or "
                        "move the file aside)",
                        path.string(), e.what()));
    }
    if (verdict != "ok") {
        throw CorruptDatabaseError(
            fmt::format("database {} failed quick_check: {}; refusing to start (restore a "
                        "backup or move the file aside)",
                        path.string(), verdict));
    }
}

std::string select_sql(const char* where) {
    return fmt::format("SELECT {} FROM source_state {}", state_columns, where);
}

} // namespace

std::unique_ptr<SqliteStore> SqliteStore::open(const std::filesystem::path& path, Access access) {
    if (access != Access::read_write && !std::filesystem::exists(path)) {
        throw std::runtime_error(
            fmt::format("no database at {} (has aerowatchd run with this config?)", path.string()));
    }
    sqlite::Database db(path, access == Access::read_write
                                  ? sqlite::Database::Mode::read_write_create
                                  : sqlite::Database::Mode::read_only);
    try {
        configure_connection(db, access);
    } catch (const sqlite::Error& e) {
        // A file that is not a database at all fails on its first read, here.
        throw CorruptDatabaseError(
            fmt::format("database {} is unreadable or corrupt: {}", path.string(), e.what()));
    }
    if (access != Access::reader) {
        check_integrity(db, path);
    }
    if (access == Access::read_write) {
        migrate(db);
    } else {
        check_schema_compatible(db);
        if (db.query_int("PRAGMA user_version") != latest_schema_version()) {
            throw SchemaError(fmt::format(
                "database {} has not been migrated to this version yet; start aerowatchd once",
                path.string()));
        }
    }
    return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(db)));
}

SqliteStore::SqliteStore(sqlite::Database db)
    : db_(std::move(db)), select_state_(db_, select_sql("WHERE name = ?1").c_str()),
      select_all_states_(db_, select_sql("ORDER BY name").c_str()), upsert_state_(db_, R"sql(
INSERT INTO source_state (name, etag, last_modified, last_attempt, last_success,
                          consecutive_failures, last_error, last_status, next_due, fetches,
                          bytes_received)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
ON CONFLICT (name) DO UPDATE SET
    etag = excluded.etag, last_modified = excluded.last_modified,
    last_attempt = excluded.last_attempt, last_success = excluded.last_success,
    consecutive_failures = excluded.consecutive_failures, last_error = excluded.last_error,
    last_status = excluded.last_status, next_due = excluded.next_due,
    fetches = excluded.fetches, bytes_received = excluded.bytes_received
)sql"),
      hazards_(db_), flights_(db_), alerts_(db_), outbox_(db_) {
    alerts_.set_outbox(&outbox_);
}

SourceState SqliteStore::read_state(const sqlite::Statement::Binding& row) {
    SourceState s;
    s.name = row.get_text(0);
    s.etag = row.get_optional_text(1);
    s.last_modified = row.get_optional_text(2);
    s.last_attempt = from_unix(row.get_optional_int(3));
    s.last_success = from_unix(row.get_optional_int(4));
    s.consecutive_failures = static_cast<int>(row.get_int(5));
    s.last_error = row.get_optional_text(6);
    if (auto status = row.get_optional_int(7)) {
        s.last_status = static_cast<int>(*status);
    }
    s.next_due = from_unix(row.get_optional_int(8));
    s.fetches = row.get_int(9);
    s.bytes_received = row.get_int(10);
    return s;
}

std::optional<SourceState> SqliteStore::source_state(const std::string& name) {
    auto row = select_state_.use();
    row.bind(1, name);
    if (!row.step()) {
        return std::nullopt;
    }
    return read_state(row);
}

std::vector<SourceState> SqliteStore::all_source_states() {
    std::vector<SourceState> states;
    auto row = select_all_states_.use();
    while (row.step()) {
        states.push_back(read_state(row));
    }
    return states;
}

void SqliteStore::save_source_state(const SourceState& s) {
    auto row = upsert_state_.use();
    row.bind(1, s.name)
        .bind(2, s.etag)
        .bind(3, s.last_modified)
        .bind(4, to_unix(s.last_attempt))
        .bind(5, to_unix(s.last_success))
        .bind(6, s.consecutive_failures)
        .bind(7, s.last_error)
        .bind(8, s.last_status)
        .bind(9, to_unix(s.next_due))
        .bind(10, s.fetches)
        .bind(11, s.bytes_received);
    row.run();
}

} // namespace aerowatch
