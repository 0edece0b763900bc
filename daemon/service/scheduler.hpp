// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace aerowatch {

/// When each source is polled next. Pure bookkeeping over the steady clock handed in: it never
/// reads a clock, sleeps or does I/O, so tests drive it with made-up time points.
///
/// - After a success the next poll is one interval away, jittered by +-10% so that sources
///   configured alike drift apart instead of firing together.
/// - After n consecutive failures it waits base * 2^(n-1), capped at the source's max_backoff,
///   drawn from [delay/2, delay] ("equal jitter": never a retry storm, never a fixed beat).
/// - A Retry-After from the server is honoured, clamped to [base, max_backoff], as a floor.
/// - A source with a transfer in flight is never due again until it completes.
class Scheduler {
  public:
    static constexpr std::chrono::seconds base_backoff{30};
    static constexpr double interval_jitter = 0.10;

    explicit Scheduler(std::uint64_t seed = std::random_device{}());

    /// Adds (or re-times) a source; its first poll is `first_delay` from `now`.
    void add(const std::string& name, std::chrono::seconds interval,
             std::chrono::seconds max_backoff, SteadyTime now, std::chrono::seconds first_delay);
    /// Changes interval and cap, keeping the source's current timing and failure count.
    void update(const std::string& name, std::chrono::seconds interval,
                std::chrono::seconds max_backoff);
    void remove(const std::string& name);
    bool contains(const std::string& name) const { return entries_.count(name) != 0; }

    /// Sources due at `now` that have no transfer in flight; each is marked in flight.
    std::vector<std::string> take_due(SteadyTime now);
    /// Ends an in-flight poll; returns the time of the next one.
    SteadyTime succeeded(const std::string& name, SteadyTime now);
    SteadyTime failed(const std::string& name, SteadyTime now,
                      std::optional<std::chrono::seconds> retry_after = std::nullopt);

    /// The earliest next poll among sources not in flight; nullopt when there is none.
    std::optional<SteadyTime> next_deadline() const;

    int consecutive_failures(const std::string& name) const;
    SteadyTime next_due(const std::string& name) const;
    bool in_flight(const std::string& name) const;

    /// The un-jittered backoff after `failures` consecutive failures (for tests and messages).
    static std::chrono::seconds backoff_ceiling(int failures, std::chrono::seconds max_backoff);

  private:
    struct Entry {
        std::chrono::seconds interval;
        std::chrono::seconds max_backoff;
        SteadyTime next;
        int failures = 0;
        bool in_flight = false;
    };
    Entry& entry(const std::string& name);
    const Entry& entry(const std::string& name) const;
    std::chrono::seconds uniform(std::chrono::seconds low, std::chrono::seconds high);

    std::map<std::string, Entry> entries_;
    std::mt19937_64 random_;
};

} // namespace aerowatch
