// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "lib/sqlite/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aerowatch::sqlite {

/// A prepared statement, prepared once and reused. Each use goes through a Binding, which
/// resets the statement and clears its parameters when it goes out of scope, so a thrown
/// exception never leaves a statement half-stepped.
class Statement {
  public:
    Statement(Database& db, const char* sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    class Binding {
      public:
        explicit Binding(Statement& statement) : stmt_(statement) {}
        ~Binding();
        Binding(const Binding&) = delete;
        Binding& operator=(const Binding&) = delete;

        Binding& bind(int index, std::int64_t value);
        Binding& bind(int index, int value) { return bind(index, std::int64_t{value}); }
        Binding& bind(int index, double value);
        Binding& bind(int index, std::string_view value);
        Binding& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
        Binding& bind(int index, const std::string& value) {
            return bind(index, std::string_view(value));
        }
        Binding& bind_null(int index);
        template <typename T> Binding& bind(int index, const std::optional<T>& value) {
            return value ? bind(index, *value) : bind_null(index);
        }

        /// Steps once; true while a row is available.
        bool step();
        /// Steps to completion for statements without results.
        void run();

        bool is_null(int column) const;
        std::int64_t get_int(int column) const;
        double get_double(int column) const;
        std::string get_text(int column) const;
        std::optional<std::string> get_optional_text(int column) const;
        std::optional<std::int64_t> get_optional_int(int column) const;

      private:
        Statement& stmt_;
    };

    Binding use() { return Binding(*this); }

  private:
    Database& db_;
    sqlite3_stmt* stmt_ = nullptr;
    std::string sql_; // kept for error messages; callers may pass a temporary
};

} // namespace aerowatch::sqlite
