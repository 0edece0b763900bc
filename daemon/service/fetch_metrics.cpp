// SPDX-License-Identifier: GPL-3.0-or-later
#include "service/fetch_metrics.hpp"

namespace aerowatch {

void FetchMetrics::record_fetch(const std::string& source, FetchOutcome outcome,
                                std::chrono::milliseconds elapsed) {
    const auto index = static_cast<std::size_t>(outcome);
    if (index >= outcome_count) {
        return;
    }
    const double seconds = std::chrono::duration<double>(elapsed).count();
    std::lock_guard lock(mutex_);
    auto& s = sources_[source];
    s.fetches[index] += 1;
    for (std::size_t i = 0; i < duration_buckets.size(); ++i) {
        if (seconds <= duration_buckets[i]) {
            s.duration_le[i] += 1;
        }
    }
    s.duration_count += 1;
    s.duration_sum += seconds;
}

void FetchMetrics::record_items(const std::string& source, std::uint64_t parsed,
                                std::uint64_t skipped) {
    std::lock_guard lock(mutex_);
    auto& s = sources_[source];
    s.items_parsed += parsed;
    s.items_skipped += skipped;
}

std::map<std::string, FetchMetrics::Source> FetchMetrics::snapshot() const {
    std::lock_guard lock(mutex_);
    return sources_;
}

} // namespace aerowatch
