// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/replay_command.hpp"

#include "replay/replay_runner.hpp"
#include "service/daemon.hpp"
#include "service/exit_codes.hpp"

#include <charconv>
#include <cmath>
#include <optional>
#include <ostream>

namespace aerowatch {

std::optional<double> parse_speed(const std::string& text) {
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value) ||
        value <= 0) {
        return std::nullopt;
    }
    return value;
}

int command_replay(const ReplayCommandOptions& options, std::ostream& out, std::ostream& err) {
    ReplayOptions replay;
    replay.scenario = options.directory;
    if (!options.speed.empty()) {
        const auto speed = parse_speed(options.speed);
        if (!speed) {
            err << "aerowatch: --speed: expected a positive number, not \"" << options.speed
                << "\"\n";
            return exit_code::usage;
        }
        replay.speed = *speed;
    }
    if (!options.database.empty()) {
        replay.database = options.database;
    }
    if (!options.alert_log.empty()) {
        replay.alert_log = options.alert_log;
    }
    if (!options.webhook.empty()) {
        replay.webhook_url = options.webhook;
    }
    try {
        return run_replay(replay, out);
    } catch (const ConfigError& e) {
        err << e.what() << "\n";
        return exit_code::config;
    } catch (const StartupError& e) {
        err << "aerowatch: " << e.what() << "\n";
        return e.exit_code();
    } catch (const std::exception& e) {
        err << "aerowatch: replay: " << e.what() << "\n";
        return exit_code::failure;
    }
}

} // namespace aerowatch
