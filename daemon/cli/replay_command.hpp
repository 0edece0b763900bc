// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/commands.hpp"

#include <iosfwd>
#include <optional>
#include <string>

namespace aerowatch {

struct ReplayOptions;

struct ReplayCommandOptions {
    std::string directory;
    std::string speed; // a number, or empty for as fast as possible
    std::string database;
    std::string alert_log;
    std::string webhook;
    std::string http;  // HOST:PORT; empty: no HTTP server
    std::string until; // ISO-8601 UTC; empty: the scenario's end
    bool hold = false;
};

/// `aerowatch replay DIR [--speed N|--as-fast-as-possible] [--db PATH] [--alert-log PATH]
/// [--webhook URL]`: the pipeline on a recorded scenario with a simulated clock.
int command_replay(const ReplayCommandOptions& options, std::ostream& out, std::ostream& err);

/// Checks --http and --until (shared with aerowatchd --replay); false with `err` written.
bool apply_replay_extras(const std::string& http, const std::string& until, bool hold,
                         ReplayOptions& replay, std::ostream& err);

/// Parses --speed: a positive number of simulated seconds per real second.
std::optional<double> parse_speed(const std::string& text);

} // namespace aerowatch
