// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace aerowatch {

/// What the daemon remembers about polling one source, across restarts.
struct SourceState {
    std::string name;
    std::optional<std::string> etag;          // for If-None-Match
    std::optional<std::string> last_modified; // for If-Modified-Since, verbatim from the server
    std::optional<UtcTime> last_attempt;
    std::optional<UtcTime> last_success; // 2xx or 304
    int consecutive_failures = 0;
    std::optional<std::string> last_error;
    std::optional<int> last_status; // HTTP status of the last response, if any
    std::optional<UtcTime> next_due;
    std::int64_t fetches = 0;        // completed attempts, all outcomes
    std::int64_t bytes_received = 0; // decoded body bytes of successful fetches
};

/// The persistent per-source state. An interface so the scheduler and tests need no database.
class StateStore {
  public:
    virtual ~StateStore() = default;
    virtual std::optional<SourceState> source_state(const std::string& name) = 0;
    virtual void save_source_state(const SourceState& state) = 0;
    virtual std::vector<SourceState> all_source_states() = 0;
};

} // namespace aerowatch
