// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/cli.hpp"

#include "cli/alert_commands.hpp"
#include "cli/commands.hpp"
#include "cli/flight_commands.hpp"
#include "cli/hazard_commands.hpp"
#include "cli/notam_command.hpp"
#include "cli/replay_command.hpp"
#include "cli/webhook_commands.hpp"
#include "core/time.hpp"
#include "core/version.hpp"
#include "service/exit_codes.hpp"

#include <iostream>
#include <map>
#include <ostream>
#include <set>
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
  notam decode [FILE|-]
                      decode NOTAMs (ICAO, FAA domestic or FAA notice form) from FILE or stdin
  hazards [--active] [--fir CODE] [--airport CODE]
                      stored hazards with their status, severity and validity
  import KIND FILE [--source NAME]
                      parse a saved payload of a hazard or flight source kind into the
                      database (a json_board needs the configured source NAME)
  flights [--airport CODE] [--airline CODE] [--date YYYY-MM-DD] [--status STATE]
                      stored flights and their status
  disruption --airport CODE [--window 24h] [--at TIME]
                      flights, cancellations and diversions at an airport against its
                      baseline, in the window either side of TIME (default now)

  alerts [--state firing|resolved] [--kind KIND] [--since TIME|DURATION]
                      alerts, newest first
  alerts show ID      an alert's evidence, why each threshold held, and its events
  silence add --match KEY=VALUE... [--duration 2h] [--comment TEXT]
                      record matching alerts' events without notifying them; keys: kind,
                      severity, fingerprint, alert_id, fir, airport, airline, country
  silence list [--all]
  silence expire ID

  webhook test NAME   post a signed test event to a [[webhook]] and print the answer
  webhook listen HOST:PORT [--secret-file FILE]
                      receive webhooks, check their signatures and print them (for trials)
  outbox [--dead]     webhook deliveries, newest first, and the counts by state
  outbox retry ID|--all-dead
                      send dead letters again (re-enables an endpoint a 410 disabled)

  replay DIR [--speed N|--as-fast-as-possible] [--db PATH] [--alert-log PATH] [--webhook URL]
         [--http HOST:PORT] [--until TIME] [--hold]
                      run the pipeline on a recorded scenario with a simulated clock and
                      print the alerts as a timeline (the config comes from the scenario);
                      --http serves the status page and API at the simulated time, --until
                      ends early, --hold keeps serving after the end until Ctrl-C

Options:
  -c, --config PATH   configuration file (default: )" AEROWATCH_DEFAULT_CONFIG R"()
      --json          machine-readable output
  -h, --help          show this help
  -V, --version       show the version
)";

// Options that take a value, and flags, of the commands above.
const std::set<std::string_view> valued_options = {
    "--fir", "--airport",   "--airline", "--date",        "--status",   "--window",  "--source",
    "--at",  "--state",     "--kind",    "--since",       "--duration", "--comment", "--speed",
    "--db",  "--alert-log", "--webhook", "--secret-file", "--http",     "--until"};
const std::set<std::string_view> flags = {
    "--active", "--all", "--dead", "--all-dead", "--as-fast-as-possible", "--hold"};

struct CommandLine {
    std::vector<std::string> words;
    std::map<std::string, std::string> options; // "--fir" -> "SVZM", "--active" -> ""
    std::vector<std::string> matches;           // every --match, in order
};

int usage_error(std::ostream& err, const std::string& message) {
    err << "aerowatch: " << message << "\n" << usage_text;
    return exit_code::usage;
}

std::string option(const CommandLine& line, const std::string& name) {
    auto found = line.options.find(name);
    return found == line.options.end() ? std::string() : found->second;
}

/// Which of the options each command takes; any other is a usage error, not ignored.
const std::map<std::string, std::set<std::string>, std::less<>> command_options = {
    {"hazards", {"--active", "--fir", "--airport"}},
    {"flights", {"--airport", "--airline", "--date", "--status"}},
    {"disruption", {"--airport", "--window", "--at"}},
    {"import", {"--source"}},
    {"alerts", {"--state", "--kind", "--since"}},
    {"silence", {"--duration", "--comment", "--all"}},
    {"outbox", {"--dead", "--all-dead"}},
    {"webhook", {"--secret-file"}},
    {"replay",
     {"--speed", "--as-fast-as-possible", "--db", "--alert-log", "--webhook", "--http", "--until",
      "--hold"}},
};

int dispatch(const CliContext& context, const CommandLine& line, std::ostream& out,
             std::ostream& err) {
    const auto& words = line.words;
    const std::string& command = words.front();
    const std::size_t args = words.size() - 1;
    const auto allowed = command_options.find(command);
    for (const auto& [name, value] : line.options) {
        if (allowed == command_options.end() || allowed->second.count(name) == 0) {
            return usage_error(err, name + " does not apply to " + command);
        }
    }
    if (!line.matches.empty() && command != "silence") {
        return usage_error(err, "--match does not apply to " + command);
    }
    if (command == "alerts" && args == 0) {
        AlertsOptions options;
        options.state = option(line, "--state");
        options.kind = option(line, "--kind");
        options.since = option(line, "--since");
        return command_alerts(context, options, out, err);
    }
    if (command == "alerts" && args == 2 && words[1] == "show") {
        return command_alert_show(context, words[2], out, err);
    }
    if (command == "silence" && args == 1 && words[1] == "add") {
        SilenceAddOptions options;
        options.matchers = line.matches;
        if (auto d = option(line, "--duration"); !d.empty()) {
            options.duration = d;
        }
        options.comment = option(line, "--comment");
        return command_silence_add(context, options, out, err);
    }
    if (command == "silence" && args == 1 && words[1] == "list") {
        return command_silence_list(context, line.options.count("--all") != 0, out, err);
    }
    if (command == "silence" && args == 2 && words[1] == "expire") {
        return command_silence_expire(context, words[2], out, err);
    }
    if (command == "webhook" && args == 2 && words[1] == "listen") {
        return command_webhook_listen(words[2], option(line, "--secret-file"), out, err);
    }
    if (command == "webhook" && args == 2 && words[1] == "test") {
        return command_webhook_test(context, words[2], out, err);
    }
    if (command == "outbox" && args == 0 && line.options.count("--all-dead") == 0) {
        return command_outbox(context, line.options.count("--dead") != 0, out, err);
    }
    if (command == "outbox" && words.size() >= 2 && words[1] == "retry" &&
        line.options.count("--dead") == 0) {
        const bool all_dead = line.options.count("--all-dead") != 0;
        if (all_dead == (args == 2)) {
            return usage_error(err, "outbox retry takes a delivery ID or --all-dead");
        }
        return command_outbox_retry(context, all_dead ? "" : words[2], all_dead, out, err);
    }
    if (command == "replay" && args == 1) {
        if (line.options.count("--speed") != 0 &&
            line.options.count("--as-fast-as-possible") != 0) {
            return usage_error(err, "--speed and --as-fast-as-possible exclude each other");
        }
        ReplayCommandOptions options;
        options.directory = words[1];
        options.speed = option(line, "--speed");
        options.database = option(line, "--db");
        options.alert_log = option(line, "--alert-log");
        options.webhook = option(line, "--webhook");
        options.http = option(line, "--http");
        options.until = option(line, "--until");
        options.hold = line.options.count("--hold") != 0;
        return command_replay(options, out, err);
    }
    if (command == "check-config" && args == 0) {
        return command_check_config(context, out, err);
    }
    if (command == "sources" && args == 0) {
        return command_sources(context, out, err);
    }
    if (command == "airport" && args == 1) {
        return command_airport(context, words[1], out, err);
    }
    if (command == "notam" && args >= 1 && args <= 2 && words[1] == "decode") {
        return command_notam_decode(context, args == 2 ? words[2] : "-", std::cin, out, err);
    }
    if (command == "hazards" && args == 0) {
        HazardsOptions options;
        options.active_only = line.options.count("--active") != 0;
        options.fir = option(line, "--fir");
        options.airport = option(line, "--airport");
        return command_hazards(context, options, out, err);
    }
    if (command == "import" && args == 2) {
        return command_import(context, words[1], words[2], option(line, "--source"), out, err);
    }
    if (command == "flights" && args == 0) {
        FlightsOptions options;
        options.airport = option(line, "--airport");
        options.airline = option(line, "--airline");
        options.date = option(line, "--date");
        options.status = option(line, "--status");
        return command_flights(context, options, out, err);
    }
    if (command == "disruption" && args == 0) {
        DisruptionOptions options;
        options.airport = option(line, "--airport");
        if (const auto window = option(line, "--window"); !window.empty()) {
            const auto parsed = parse_duration(window);
            if (!parsed) {
                return usage_error(err, "--window: expected a duration like \"24h\", not \"" +
                                            window + "\"");
            }
            options.window = *parsed;
        }
        if (const auto at = option(line, "--at"); !at.empty()) {
            options.at = parse_iso8601(at);
            if (!options.at) {
                return usage_error(err, "--at: expected a UTC time like \"2025-11-24T12:00:00Z\", "
                                        "not \"" +
                                            at + "\"");
            }
        }
        return command_disruption(context, options, out, err);
    }
    return usage_error(err, "unknown command or wrong arguments: " + command);
}

} // namespace

int run_cli(int argc, char** argv, std::ostream& out, std::ostream& err) {
    CliContext context;
    context.config_path = AEROWATCH_DEFAULT_CONFIG;
    CommandLine line;
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
        } else if (arg == "--match") {
            if (i + 1 >= argc) {
                return usage_error(err, "--match needs KEY=VALUE");
            }
            line.matches.emplace_back(argv[++i]);
        } else if (valued_options.count(arg) != 0) {
            if (i + 1 >= argc) {
                return usage_error(err, std::string(arg) + " needs a value");
            }
            line.options[std::string(arg)] = argv[++i];
        } else if (flags.count(arg) != 0) {
            line.options[std::string(arg)] = "";
        } else if (arg.starts_with("-") && arg != "-") { // "-" is stdin
            return usage_error(err, "unknown option \"" + std::string(arg) + "\"");
        } else {
            line.words.emplace_back(arg);
        }
    }
    if (line.words.empty()) {
        err << usage_text;
        return exit_code::usage;
    }
    return dispatch(context, line, out, err);
}

} // namespace aerowatch
