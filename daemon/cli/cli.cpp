// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/cli.hpp"

#include "cli/commands.hpp"
#include "core/version.hpp"
#include "service/exit_codes.hpp"

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace aerowatch {

namespace {

constexpr const char* usage_text = R"(Usage: aerowatch [--config PATH] [--json] COMMAND [ARGS]

Commands:
  check-config        validate the configuration file (exit 0 when valid, 78 when not)
  sources             per-source polling state from the daemon's database: last success,
                      consecutive failures, last error, next poll
  airport CODE        an airport by ICAO or IATA code: name, country, position, FIR

Options:
  -c, --config PATH   configuration file (default: )" AEROWATCH_DEFAULT_CONFIG R"()
      --json          machine-readable output
  -h, --help          show this help
  -V, --version       show the version
)";

} // namespace

int run_cli(int argc, char** argv, std::ostream& out, std::ostream& err) {
    CliContext context;
    context.config_path = AEROWATCH_DEFAULT_CONFIG;
    std::vector<std::string> words;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if ((arg == "--config" || arg == "-c") && i + 1 < argc) {
            context.config_path = argv[++i];
        } else if (arg.starts_with("--config=")) {
            context.config_path = std::string(arg.substr(9));
        } else if (arg == "--json") {
            context.json = true;
        } else if (arg == "--help" || arg == "-h") {
            out << usage_text;
            return exit_code::ok;
        } else if (arg == "--version" || arg == "-V") {
            out << "aerowatch " << version << "\n";
            return exit_code::ok;
        } else if (arg.starts_with("-")) {
            err << "aerowatch: unknown option \"" << arg << "\"\n" << usage_text;
            return exit_code::usage;
        } else {
            words.emplace_back(arg);
        }
    }
    if (words.empty()) {
        err << usage_text;
        return exit_code::usage;
    }
    const std::string& command = words.front();
    if (command == "check-config" && words.size() == 1) {
        return command_check_config(context, out, err);
    }
    if (command == "sources" && words.size() == 1) {
        return command_sources(context, out, err);
    }
    if (command == "airport" && words.size() == 2) {
        return command_airport(context, words[1], out, err);
    }
    err << "aerowatch: unknown command or wrong arguments: " << command << "\n" << usage_text;
    return exit_code::usage;
}

} // namespace aerowatch
