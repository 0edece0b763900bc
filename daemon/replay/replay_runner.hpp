// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/config.hpp"

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

namespace aerowatch {

struct ReplayOptions {
    std::filesystem::path scenario;
    double speed = 0; // simulated seconds per real second; 0: as fast as possible
    std::optional<std::filesystem::path> database;  // default: a fresh temporary directory
    std::optional<std::filesystem::path> alert_log; // default: beside the database
    std::optional<std::string> webhook_url;         // an extra native webhook, unsigned
    /// aerowatchd --config: the [daemon] settings and [[webhook]]s come from it, so webhooks and
    /// the service run as in production; the scenario brings sources, rules and watches.
    std::optional<Config> base;
    bool quiet_logs = true; // the timeline replaces the journal lines
    /// Where the status page and API listen during the replay; none by default, so that a
    /// replay beside a running daemon does not fight it for its port.
    std::optional<std::string> http_listen;
    std::optional<UtcTime> until; // end before the scenario does
    bool hold = false;            // at the end, keep serving HTTP until SIGTERM/SIGINT
};

/// Runs the real daemon on a scenario with a simulated clock: prints each alert event as a
/// timeline line, writes the alert log and sends webhooks as configured, and ends with a
/// summary. Throws ConfigError for a bad scenario or config; returns the exit code.
int run_replay(const ReplayOptions& options, std::ostream& out);

} // namespace aerowatch
