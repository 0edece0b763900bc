// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/sqlite/database.hpp"

#include <fmt/format.h>

#include <utility>

namespace aerowatch::sqlite {

Database::Database(const std::filesystem::path& path, Mode mode) {
    const int flags =
        mode == Mode::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close(db);
        throw Error(rc, fmt::format("cannot open database {}: {}", path.string(), message));
    }
    db_ = db;
    sqlite3_extended_result_codes(db_, 1);
}

Database::~Database() {
    if (db_ != nullptr) {
        sqlite3_close_v2(db_);
    }
}

Database::Database(Database&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        if (db_ != nullptr) {
            sqlite3_close_v2(db_);
        }
        db_ = std::exchange(other.db_, nullptr);
    }
    return *this;
}

void Database::check(int rc, const char* what) const {
    if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE) {
        throw Error(rc, fmt::format("{}: {}", what, sqlite3_errmsg(db_)));
    }
}

void Database::execute(const char* sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string text = message != nullptr ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        throw Error(rc, text);
    }
}

namespace {

template <typename Read> auto query_single(sqlite3* db, const char* sql, Read read) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
    if (rc != SQLITE_OK) {
        throw Error(rc, fmt::format("{}: {}", sql, sqlite3_errmsg(db)));
    }
    rc = sqlite3_step(stmt);
    if (rc != SQLITE_ROW) {
        std::string message = rc == SQLITE_DONE ? "no row" : sqlite3_errmsg(db);
        sqlite3_finalize(stmt);
        throw Error(rc, fmt::format("{}: {}", sql, message));
    }
    auto value = read(stmt);
    sqlite3_finalize(stmt);
    return value;
}

} // namespace

long long Database::query_int(const char* sql) {
    return query_single(db_, sql, [](sqlite3_stmt* s) { return sqlite3_column_int64(s, 0); });
}

std::string Database::query_text(const char* sql) {
    return query_single(db_, sql, [](sqlite3_stmt* s) {
        const auto* text = sqlite3_column_text(s, 0);
        return text != nullptr ? std::string(reinterpret_cast<const char*>(text)) : std::string();
    });
}

Transaction::Transaction(Database& db) : db_(db) {
    db_.execute("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (!done_) {
        // Harmless when SQLite already rolled back after SQLITE_FULL or an I/O error.
        sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void Transaction::commit() {
    db_.execute("COMMIT");
    done_ = true;
}

} // namespace aerowatch::sqlite
