// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/commands.hpp"

#include <iosfwd>
#include <optional>
#include <string>

namespace aerowatch {

struct ReplayCommandOptions {
    std::string directory;
    std::string speed; // a number, or empty for as fast as possible
    std::string database;
    std::string alert_log;
    std::string webhook;
};

/// `aerowatch replay DIR [--speed N|--as-fast-as-possible] [--db PATH] [--alert-log PATH]
/// [--webhook URL]`: the pipeline on a recorded scenario with a simulated clock.
int command_replay(const ReplayCommandOptions& options, std::ostream& out, std::ostream& err);

/// Parses --speed: a positive number of simulated seconds per real second.
std::optional<double> parse_speed(const std::string& text);

} // namespace aerowatch
