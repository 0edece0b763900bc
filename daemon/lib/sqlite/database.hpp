// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <sqlite3.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace aerowatch::sqlite {

/// An SQLite failure with its result code, so callers can tell SQLITE_BUSY or SQLITE_FULL apart.
class Error : public std::runtime_error {
  public:
    Error(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
    int code() const noexcept { return code_; }

  private:
    int code_;
};

/// Owns one sqlite3 connection. Move-only; closing is the destructor's job.
/// Not thread-safe: one connection per thread.
class Database {
  public:
    enum class Mode { read_write_create, read_only };

    /// Opens (and with read_write_create, creates) the file. Throws sqlite::Error.
    explicit Database(const std::filesystem::path& path, Mode mode = Mode::read_write_create);
    ~Database();
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    sqlite3* get() const noexcept { return db_; }

    /// Runs one or more statements without results. Throws sqlite::Error.
    void execute(const char* sql);
    /// Runs a query returning a single integer (PRAGMA user_version, COUNT(*)...).
    long long query_int(const char* sql);
    /// Runs a query returning a single text value.
    std::string query_text(const char* sql);

    /// Throws sqlite::Error with `what` and the connection's last message when rc is an error.
    void check(int rc, const char* what) const;

  private:
    sqlite3* db_ = nullptr;
};

/// BEGIN IMMEDIATE on construction (writes never upgrade from a read lock, which no busy
/// handler can rescue); ROLLBACK on destruction unless commit() ran.
class Transaction {
  public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

  private:
    Database& db_;
    bool done_ = false;
};

} // namespace aerowatch::sqlite
