// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/config.hpp"
#include "core/clock.hpp"
#include "notify/webhook_deliverer.hpp"
#include "service/fetch_metrics.hpp"

#include <atomic>
#include <memory>
#include <mutex>

namespace aerowatch {

/// What the loop thread tells the HTTP threads: whether it is ready, when it last went round,
/// the config it runs (replaced whole on reload), and counters that only live in memory.
/// Everything else the HTTP side reads from the database through its own connections.
class ServiceStatus {
  public:
    explicit ServiceStatus(UtcTime started) : started_(started) {}

    void set_config(const Config& config) {
        auto copy = std::make_shared<const Config>(config);
        std::lock_guard lock(mutex_);
        config_ = std::move(copy);
    }
    std::shared_ptr<const Config> config() const {
        std::lock_guard lock(mutex_);
        return config_;
    }

    /// Set once start-up finished (READY=1), cleared when shutting down.
    void set_ready(bool ready) { ready_.store(ready); }
    bool ready() const { return ready_.load(); }

    void loop_ticked(SteadyTime at) { last_tick_.store(at.time_since_epoch().count()); }
    SteadyTime last_tick() const { return SteadyTime{SteadyTime::duration{last_tick_.load()}}; }

    void set_delivery(const DeliveryStats& stats) {
        std::lock_guard lock(mutex_);
        delivery_ = stats;
    }
    DeliveryStats delivery() const {
        std::lock_guard lock(mutex_);
        return delivery_;
    }

    UtcTime started() const { return started_; }
    FetchMetrics& fetches() { return fetches_; }
    const FetchMetrics& fetches() const { return fetches_; }

  private:
    const UtcTime started_;
    mutable std::mutex mutex_;
    std::shared_ptr<const Config> config_;
    DeliveryStats delivery_;
    std::atomic<bool> ready_{false};
    std::atomic<SteadyTime::rep> last_tick_{0};
    FetchMetrics fetches_;
};

} // namespace aerowatch
