// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.hpp"

#include <atomic>
#include <chrono>

namespace aerowatch {

/// The simulated clock of a replay. Only the replay's fetcher moves it (in the loop's thread);
/// the delivery thread reads it too, hence the atomic.
class ReplayClock final : public Clock {
  public:
    explicit ReplayClock(UtcTime start) : start_(start), elapsed_ms_(0) {}

    SteadyTime steady_now() const override {
        return SteadyTime{} + std::chrono::milliseconds{elapsed_ms_.load()};
    }
    UtcTime utc_now() const override {
        return start_ + std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::milliseconds{elapsed_ms_.load()});
    }
    void advance(std::chrono::milliseconds by) {
        if (by.count() > 0) {
            elapsed_ms_ += by.count();
        }
    }

  private:
    UtcTime start_;
    std::atomic<std::int64_t> elapsed_ms_;
};

} // namespace aerowatch
