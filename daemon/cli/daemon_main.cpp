// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/daemon_main.hpp"

#include "cli/replay_command.hpp"
#include "config/config.hpp"
#include "core/version.hpp"
#include "lib/curl/curl_error.hpp"
#include "lib/systemd/notify.hpp"
#include "replay/replay_runner.hpp"
#include "service/daemon.hpp"
#include "service/exit_codes.hpp"
#include "service/logging.hpp"
#include "service/signals.hpp"
#include "sources/curl_fetcher.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstring>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>

namespace aerowatch {

namespace {

constexpr const char* usage_text = R"(Usage: aerowatchd [--config PATH] [--check-config]
       aerowatchd [--config PATH] --replay DIR [--speed N|--as-fast-as-possible]
                  [--http HOST:PORT] [--until TIME] [--hold]

Polls aviation hazard and flight-status feeds, stores what it sees and raises alerts.

Options:
  -c, --config PATH   configuration file (default: )" AEROWATCH_DEFAULT_CONFIG R"()
      --check-config  validate the configuration and exit: 0 when valid, 78 when not
      --replay DIR    run on a recorded scenario with a simulated clock instead of polling:
                      sources, rules and watches come from the scenario, the service
                      settings and webhooks from the config; exits at the scenario's end
      --speed N       simulated seconds per real second (default: as fast as possible)
      --http HOST:PORT  serve the status page and the API during the replay (default: none)
      --until TIME    end the replay at TIME (UTC) instead of the scenario's end
      --hold          at the end, keep serving HTTP at the final simulated time until
                      SIGTERM or Ctrl-C
  -h, --help          show this help
  -V, --version       show the version

Signals: SIGTERM/SIGINT stop, SIGHUP reloads the configuration (an invalid one is refused and
the running one kept), SIGUSR1 reopens log files.
)";

struct Options {
    std::string config_path = AEROWATCH_DEFAULT_CONFIG;
    bool check_only = false;
    std::string replay;
    double speed = 0;
    std::string http;
    std::string until;
    bool hold = false;
};

/// Reports a start-up failure on stderr and to systemd (STATUS= and ERRNO=) and returns `code`.
int fail(int code, const std::string& message) {
    spdlog::critical("{}", message);
    systemd::notify(fmt::format("STATUS={}\nERRNO={}", message.substr(0, message.find('\n')),
                                code == exit_code::config ? EINVAL : EIO));
    return code;
}

} // namespace

int daemon_main(int argc, char** argv) noexcept try {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if ((arg == "--config" || arg == "-c") && i + 1 < argc) {
            options.config_path = argv[++i];
        } else if (arg.starts_with("--config=")) {
            options.config_path = std::string(arg.substr(9));
        } else if (arg == "--check-config") {
            options.check_only = true;
        } else if (arg == "--replay" && i + 1 < argc) {
            options.replay = argv[++i];
        } else if (arg == "--speed" && i + 1 < argc) {
            const auto speed = parse_speed(argv[++i]);
            if (!speed) {
                std::fprintf(stderr, "aerowatchd: --speed: expected a positive number\n");
                return exit_code::usage;
            }
            options.speed = *speed;
        } else if (arg == "--http" && i + 1 < argc) {
            options.http = argv[++i];
        } else if (arg == "--until" && i + 1 < argc) {
            options.until = argv[++i];
        } else if (arg == "--hold") {
            options.hold = true;
        } else if (arg == "--as-fast-as-possible") {
            options.speed = 0;
        } else if (arg == "--help" || arg == "-h") {
            std::fputs(usage_text, stdout);
            return exit_code::ok;
        } else if (arg == "--version" || arg == "-V") {
            std::printf("aerowatchd %s\n", version);
            return exit_code::ok;
        } else {
            std::fprintf(stderr, "aerowatchd: unknown argument \"%s\"\n%s", argv[i], usage_text);
            return exit_code::usage;
        }
    }

    // Before any thread exists: libcurl's resolver threads must inherit the blocked mask.
    SignalFd::block_signals();
    setup_logging(LogLevel::info, std::nullopt);

    Config config;
    try {
        config = load_config(options.config_path);
    } catch (const ConfigError& e) {
        for (const auto& error : e.errors()) {
            std::fprintf(stderr, "%s\n", error.c_str());
        }
        if (options.check_only) {
            return exit_code::config;
        }
        return fail(exit_code::config, "invalid configuration: " + e.errors().front());
    }
    if (options.check_only) {
        std::printf("%s: OK, %zu source(s)\n", options.config_path.c_str(), config.sources.size());
        return exit_code::ok;
    }
    setup_logging(config.daemon.log_level, config.daemon.log_file);
    spdlog::info("aerowatchd {} starting with {}", version, options.config_path);

    curl::global_init();
    if (!options.replay.empty()) {
        ReplayOptions replay;
        replay.scenario = options.replay;
        replay.speed = options.speed;
        replay.base = std::move(config);
        replay.quiet_logs = false;
        std::ostringstream problem;
        if (!apply_replay_extras(options.http, options.until, options.hold, replay, problem)) {
            std::fputs(problem.str().c_str(), stderr);
            return exit_code::usage;
        }
        try {
            return run_replay(replay, std::cout);
        } catch (const ConfigError& e) {
            for (const auto& error : e.errors()) {
                std::fprintf(stderr, "%s\n", error.c_str());
            }
            return fail(exit_code::config, "invalid scenario: " + e.errors().front());
        } catch (const StartupError& e) {
            return fail(e.exit_code(), e.what());
        }
    }
    SystemClock clock;
    Daemon daemon(std::move(config), clock, std::make_unique<CurlFetcher>());
    try {
        return daemon.run();
    } catch (const StartupError& e) {
        return fail(e.exit_code(), e.what());
    }
} catch (const std::exception& e) {
    std::fprintf(stderr, "aerowatchd: %s\n", e.what());
    return exit_code::failure;
} catch (...) {
    std::fprintf(stderr, "aerowatchd: unknown error\n");
    return exit_code::failure;
}

} // namespace aerowatch
