// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/replay_command.hpp"

#include "core/time.hpp"
#include "replay/replay_runner.hpp"
#include "service/daemon.hpp"
#include "service/exit_codes.hpp"
#include "service/signals.hpp"

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

bool apply_replay_extras(const std::string& http, const std::string& until, bool hold,
                         ReplayOptions& replay, std::ostream& err) {
    if (!http.empty()) {
        if (auto problem = check_listen(http)) {
            err << "aerowatch: --http: " << *problem << "\n";
            return false;
        }
        replay.http_listen = http;
    }
    if (!until.empty()) {
        replay.until = parse_iso8601(until);
        if (!replay.until) {
            err << "aerowatch: --until: expected a UTC time like 2025-11-23T00:00:00Z\n";
            return false;
        }
    }
    if (hold && http.empty()) {
        err << "aerowatch: --hold needs --http (it keeps the status page up)\n";
        return false;
    }
    replay.hold = hold;
    return true;
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
    if (!apply_replay_extras(options.http, options.until, options.hold, replay, err)) {
        return exit_code::usage;
    }
    // Before any thread exists (HTTP workers, curl's resolver): SIGTERM and SIGINT must reach
    // the loop's signalfd, not kill a worker thread's process.
    SignalFd::block_signals();
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
