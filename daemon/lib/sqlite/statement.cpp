// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/sqlite/statement.hpp"

#include <fmt/format.h>

namespace aerowatch::sqlite {

Statement::Statement(Database& db, const char* sql) : db_(db), sql_(sql) {
    const int rc =
        sqlite3_prepare_v3(db.get(), sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
    if (rc != SQLITE_OK) {
        throw Error(rc, fmt::format("cannot prepare \"{}\": {}", sql, sqlite3_errmsg(db.get())));
    }
}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

Statement::Binding::~Binding() {
    sqlite3_reset(stmt_.stmt_);
    sqlite3_clear_bindings(stmt_.stmt_);
}

Statement::Binding& Statement::Binding::bind(int index, std::int64_t value) {
    stmt_.db_.check(sqlite3_bind_int64(stmt_.stmt_, index, value), stmt_.sql_.c_str());
    return *this;
}

Statement::Binding& Statement::Binding::bind(int index, double value) {
    stmt_.db_.check(sqlite3_bind_double(stmt_.stmt_, index, value), stmt_.sql_.c_str());
    return *this;
}

Statement::Binding& Statement::Binding::bind(int index, std::string_view value) {
    stmt_.db_.check(sqlite3_bind_text64(stmt_.stmt_, index, value.data(), value.size(),
                                        SQLITE_TRANSIENT, SQLITE_UTF8),
                    stmt_.sql_.c_str());
    return *this;
}

Statement::Binding& Statement::Binding::bind_null(int index) {
    stmt_.db_.check(sqlite3_bind_null(stmt_.stmt_, index), stmt_.sql_.c_str());
    return *this;
}

bool Statement::Binding::step() {
    const int rc = sqlite3_step(stmt_.stmt_);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    throw Error(rc, fmt::format("{}: {}", stmt_.sql_, sqlite3_errmsg(stmt_.db_.get())));
}

void Statement::Binding::run() {
    while (step()) {
    }
}

bool Statement::Binding::is_null(int column) const {
    return sqlite3_column_type(stmt_.stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::Binding::get_int(int column) const {
    return sqlite3_column_int64(stmt_.stmt_, column);
}

double Statement::Binding::get_double(int column) const {
    return sqlite3_column_double(stmt_.stmt_, column);
}

std::string Statement::Binding::get_text(int column) const {
    const auto* text = sqlite3_column_text(stmt_.stmt_, column);
    if (text == nullptr) {
        return {};
    }
    return std::string(reinterpret_cast<const char*>(text),
                       static_cast<std::size_t>(sqlite3_column_bytes(stmt_.stmt_, column)));
}

std::optional<std::string> Statement::Binding::get_optional_text(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return get_text(column);
}

std::optional<std::int64_t> Statement::Binding::get_optional_int(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return get_int(column);
}

} // namespace aerowatch::sqlite
