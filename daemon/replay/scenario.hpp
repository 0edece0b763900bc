// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace aerowatch {

/// One recorded response of a source: from `at` until the source's next snapshot, fetching the
/// source returns `body` with `status`.
struct Snapshot {
    UtcTime at{};
    std::string source;
    std::filesystem::path file;
    int status = 200;
    std::string body;
};

/// A replay scenario: a folder with scenario.toml, an aerowatch config and the recorded feed
/// payloads in their real formats (README "Replay").
struct Scenario {
    std::filesystem::path directory;
    std::string name;
    std::string description;
    UtcTime start{};
    UtcTime end{};
    std::filesystem::path config; // absolute
    /// Per source, in time order.
    std::map<std::string, std::vector<Snapshot>> snapshots;
    std::size_t snapshot_count() const;
};

/// Reads DIR/scenario.toml and every snapshot file. Throws ConfigError naming file, line and key
/// for every problem (unknown keys, times outside the span, missing files).
Scenario load_scenario(const std::filesystem::path& directory);

} // namespace aerowatch
