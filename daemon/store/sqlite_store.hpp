// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "lib/sqlite/database.hpp"
#include "lib/sqlite/statement.hpp"
#include "store/alert_store.hpp"
#include "store/flight_store.hpp"
#include "store/hazard_store.hpp"
#include "store/outbox_store.hpp"
#include "store/state_store.hpp"

#include <filesystem>
#include <memory>

namespace aerowatch {

/// The daemon's SQLite database.
///
/// Durability: WAL with synchronous=FULL. Alert and outbox rows (later migrations) must survive
/// a power cut once committed, or a delivered webhook could be re-sent; commits are small and
/// rare, so the extra fsync per commit costs little (../shared/reference/reliability.md 3.1).
class SqliteStore final : public StateStore {
  public:
    /// read_only: the CLI beside the daemon. reader: read-only without the quick_check, for
    /// the daemon's own HTTP threads (the daemon checked the file when it started).
    enum class Access { read_write, read_only, reader };

    /// Opens the database, runs quick_check and (read_write) the migrations.
    /// Throws SchemaError for a newer or foreign schema, CorruptDatabaseError for a corrupt
    /// file, sqlite::Error when it cannot be opened at all. read_only never creates or changes the
    /// file (the CLI beside the daemon).
    static std::unique_ptr<SqliteStore> open(const std::filesystem::path& path,
                                             Access access = Access::read_write);

    std::optional<SourceState> source_state(const std::string& name) override;
    void save_source_state(const SourceState& state) override;
    std::vector<SourceState> all_source_states() override;

    sqlite::Database& database() { return db_; }
    HazardStore& hazards() { return hazards_; }
    FlightStore& flights() { return flights_; }
    AlertStore& alerts() { return alerts_; }
    OutboxStore& outbox() { return outbox_; }

  private:
    explicit SqliteStore(sqlite::Database db);
    static SourceState read_state(const sqlite::Statement::Binding& row);

    sqlite::Database db_;
    sqlite::Statement select_state_;
    sqlite::Statement select_all_states_;
    sqlite::Statement upsert_state_;
    HazardStore hazards_;
    FlightStore flights_;
    AlertStore alerts_;
    OutboxStore outbox_;
};

} // namespace aerowatch
