// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>

namespace aerowatch {

using SteadyTime = std::chrono::steady_clock::time_point;
using UtcTime = std::chrono::sys_seconds;

/// The source of time for everything that schedules (steady) or records (UTC wall time).
/// Injected so that tests and replay run on a simulated clock and never sleep.
class Clock {
  public:
    virtual ~Clock() = default;
    virtual SteadyTime steady_now() const = 0;
    virtual UtcTime utc_now() const = 0;
};

class SystemClock final : public Clock {
  public:
    SteadyTime steady_now() const override { return std::chrono::steady_clock::now(); }
    UtcTime utc_now() const override {
        return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    }
};

/// A clock that moves only when told to; both readings advance together.
class ManualClock final : public Clock {
  public:
    explicit ManualClock(UtcTime utc_start = UtcTime{}) : utc_(utc_start) {}
    SteadyTime steady_now() const override { return steady_; }
    UtcTime utc_now() const override { return utc_; }
    void advance(std::chrono::seconds by) {
        steady_ += by;
        utc_ += by;
    }

  private:
    SteadyTime steady_{};
    UtcTime utc_;
};

} // namespace aerowatch
