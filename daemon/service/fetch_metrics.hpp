// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sources/fetcher.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace aerowatch {

/// Counters of the polling loop since start, read by /metrics from the HTTP threads. Persistent
/// figures (last success, consecutive failures) live in the database instead.
class FetchMetrics {
  public:
    // Upper bounds of the fetch-duration histogram, in seconds (the last bucket is +Inf).
    static constexpr std::array<double, 10> duration_buckets{0.05, 0.1, 0.25, 0.5, 1,
                                                             2.5,  5,   10,   30,  60};
    static constexpr std::size_t outcome_count = static_cast<std::size_t>(FetchOutcome::cancelled);

    struct Source {
        std::array<std::uint64_t, outcome_count> fetches{}; // by FetchOutcome, cancelled excluded
        std::array<std::uint64_t, duration_buckets.size()> duration_le{}; // cumulative
        std::uint64_t duration_count = 0;
        double duration_sum = 0; // seconds
        std::uint64_t items_parsed = 0;
        std::uint64_t items_skipped = 0;
    };

    /// One completed transfer (first page or a later one). Cancelled transfers are not counted.
    void record_fetch(const std::string& source, FetchOutcome outcome,
                      std::chrono::milliseconds elapsed);
    /// Items a payload held: stored (added, changed or unchanged) and skipped as malformed.
    void record_items(const std::string& source, std::uint64_t parsed, std::uint64_t skipped);

    std::map<std::string, Source> snapshot() const;

  private:
    mutable std::mutex mutex_;
    std::map<std::string, Source> sources_;
};

} // namespace aerowatch
