// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace aerowatch {

/// A failure of one poll, one item or one request: logged and counted, never thrown past the loop.
struct Error {
    std::string message;
    int line = 0; // 1-based line in the input where it went wrong; 0 when not meaningful
};

/// Value-or-error for per-poll and per-item work (C++20 has no std::expected).
template <typename T> class Result {
  public:
    Result(T value) : state_(std::move(value)) {}
    Result(Error error) : state_(std::move(error)) {}

    static Result failure(std::string message, int line = 0) {
        return Result(Error{std::move(message), line});
    }

    [[nodiscard]] bool ok() const noexcept { return state_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    T& value() & { return std::get<0>(state_); }
    const T& value() const& { return std::get<0>(state_); }
    T&& value() && { return std::get<0>(std::move(state_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<1>(state_); }

  private:
    std::variant<T, Error> state_;
};

} // namespace aerowatch
