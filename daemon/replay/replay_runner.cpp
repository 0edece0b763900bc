// SPDX-License-Identifier: GPL-3.0-or-later
#include "replay/replay_runner.hpp"

#include "core/time.hpp"
#include "replay/replay_clock.hpp"
#include "replay/scenario.hpp"
#include "replay/scenario_fetcher.hpp"
#include "service/daemon.hpp"
#include "service/logging.hpp"
#include "store/sqlite_store.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <map>
#include <ostream>
#include <set>

namespace aerowatch {

namespace {

/// The scenario's config with what replay decides: where state goes, the base's service
/// settings and webhooks, and an extra webhook from the command line.
Config replay_config(const Scenario& scenario, const ReplayOptions& options) {
    Config config = load_config(scenario.config);
    std::vector<std::string> problems;
    std::map<std::string, std::string> urls;
    for (const auto& source : config.sources) {
        if (auto [it, fresh] = urls.emplace(source.url, source.name); !fresh) {
            problems.push_back(fmt::format("{}: sources {} and {} share a URL; a replay tells "
                                           "sources apart by URL",
                                           scenario.config.string(), it->second, source.name));
        }
    }
    for (const auto& [source, list] : scenario.snapshots) {
        if (config.find_source(source) == nullptr) {
            problems.push_back(fmt::format("{}: snapshot of {} (\"{}\"): no [[source]] of that "
                                           "name in {}",
                                           (scenario.directory / "scenario.toml").string(), source,
                                           list.front().file.filename().string(),
                                           scenario.config.string()));
        }
    }
    if (!problems.empty()) {
        throw ConfigError(problems);
    }
    if (options.base) {
        config.daemon = options.base->daemon;
        config.webhooks = options.base->webhooks;
    }
    config.daemon.http_listen = options.http_listen.value_or("off");
    if (options.database) {
        config.database_file = std::filesystem::absolute(*options.database);
        config.daemon.state_directory = config.database_file->parent_path();
    } else if (!options.base) {
        std::string pattern = (std::filesystem::temp_directory_path() / "aerowatch-replay-XXXXXX");
        if (::mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("cannot create a temporary directory for the replay");
        }
        config.daemon.state_directory = pattern;
    }
    if (options.alert_log) {
        config.daemon.alert_log = std::filesystem::absolute(*options.alert_log);
    } else if (!options.base) {
        config.daemon.alert_log = config.database_path().parent_path() / "alerts.jsonl";
    }
    if (options.webhook_url) {
        WebhookConfig w;
        w.name = "replay";
        w.url = SecretValue::plain(*options.webhook_url);
        w.allow_http = options.webhook_url->starts_with("http://");
        config.webhooks.push_back(std::move(w));
    }
    return config;
}

std::string short_time(UtcTime t) {
    const auto iso = format_iso8601(t); // 2025-11-21T18:15:00Z
    return iso.substr(0, 10) + " " + iso.substr(11, 5) + "Z";
}

void print_event(std::ostream& out, const AlertEvent& e) {
    const auto& p = e.payload;
    std::string summary = p.value("summary", "");
    if (summary.size() > 110) {
        summary = summary.substr(0, 107) + "...";
    }
    out << fmt::format("{}  {:<8} {:<8} {}{}\n   {}\n", short_time(e.at), to_string(e.type),
                       p.value("severity", ""), p.value("fingerprint", ""),
                       e.silenced ? " (silenced)" : "", summary)
        << std::flush;
}

void print_summary(std::ostream& out, const Config& config, const Scenario& scenario) {
    auto store = SqliteStore::open(config.database_path(), SqliteStore::Access::read_only);
    std::map<std::string, std::pair<int, int>> by_kind; // alerts, events
    std::map<std::string, int> by_rule;
    std::optional<AlertEvent> first_alert;
    for (const auto& event : store->alerts().events_after(0, 1000000)) {
        const auto kind = event.payload.value("kind", "");
        ++by_kind[kind].second;
        if (event.type == AlertEventType::firing) {
            ++by_kind[kind].first;
            if (!first_alert) {
                first_alert = event;
            }
            if (const auto& ev = event.payload["evidence"]; ev.is_object() && ev.contains("rule")) {
                ++by_rule[ev["rule"].get<std::string>()];
            }
        }
    }
    out << fmt::format("\nscenario {}: {} .. {}, {} snapshot(s)\n", scenario.name,
                       format_iso8601(scenario.start), format_iso8601(scenario.end),
                       scenario.snapshot_count());
    for (const auto& [kind, counts] : by_kind) {
        out << fmt::format("  {:<24} {:>4} alert(s) {:>5} event(s)\n", kind, counts.first,
                           counts.second);
    }
    for (const auto& [rule, count] : by_rule) {
        out << fmt::format("  rule {:<19} {:>4} alert(s)\n", rule, count);
    }
    if (first_alert) {
        // How long after its hazard reached aerowatch the first alert went out.
        const auto fingerprint = first_alert->payload.value("fingerprint", "");
        std::string lag;
        if (fingerprint.starts_with("hazard:")) {
            if (auto h = store->hazards().find(fingerprint.substr(7))) {
                lag = fmt::format(", {} after {} was first seen",
                                  format_duration(std::chrono::duration_cast<std::chrono::seconds>(
                                      first_alert->at - h->first_seen)),
                                  h->hazard.id);
            }
        }
        out << fmt::format("  first alert {} ({}){}\n", short_time(first_alert->at), fingerprint,
                           lag);
    }
    const auto counts = store->outbox().counts();
    out << fmt::format("  webhooks: {} delivered, {} pending, {} dead\n",
                       counts.at(OutboxState::delivered), counts.at(OutboxState::pending),
                       counts.at(OutboxState::dead));
    out << fmt::format("  database {}\n  alert log {}\n", config.database_path().string(),
                       config.alert_log_path().string());
}

/// Where a database that already holds part of this history left off: the last poll it
/// recorded. Replaying from the start again would run time backwards over stored state.
std::optional<UtcTime> resume_point(const Config& config) {
    if (!std::filesystem::exists(config.database_path())) {
        return std::nullopt;
    }
    auto store = SqliteStore::open(config.database_path(), SqliteStore::Access::read_only);
    std::optional<UtcTime> last;
    for (const auto& state : store->all_source_states()) {
        if (state.last_attempt) {
            last = last ? std::max(*last, *state.last_attempt) : *state.last_attempt;
        }
    }
    return last;
}

} // namespace

int run_replay(const ReplayOptions& options, std::ostream& out) {
    const Scenario scenario = load_scenario(options.scenario);
    Config config = replay_config(scenario, options);
    if (options.quiet_logs) {
        setup_logging(LogLevel::error, std::nullopt);
    }
    std::map<std::string, std::string> urls;
    for (const auto& source : config.sources) {
        urls.emplace(source.url, source.name);
    }
    auto start = scenario.start;
    if (const auto resume = resume_point(config); resume && *resume > start) {
        start = std::min(*resume, scenario.end);
        out << fmt::format("{} already holds this history up to {}: resuming there, so nothing "
                           "fires twice\n",
                           config.database_path().string(), format_iso8601(start));
    }
    ReplayClock clock(start);
    auto fetcher =
        std::make_unique<ScenarioFetcher>(scenario, std::move(urls), clock, options.speed);
    out << fmt::format("replaying {} ({}) from {} to {}{}\n", scenario.name, scenario.description,
                       format_iso8601(scenario.start), format_iso8601(scenario.end),
                       options.speed > 0 ? fmt::format(" at {}x", options.speed)
                                         : std::string(" as fast as possible"));
    DaemonOptions daemon_options;
    daemon_options.stop_at = options.until ? std::min(*options.until, scenario.end) : scenario.end;
    daemon_options.hold_at_end = options.hold;
    daemon_options.on_http_ready = [&out](const std::string& address) {
        out << fmt::format("status page http://{}/ and API http://{}/api/v1/ (simulated time)\n",
                           address, address)
            << std::flush;
    };
    daemon_options.on_hold = [&out](UtcTime at) {
        out << fmt::format("replay stopped at {}; still serving HTTP until SIGTERM or Ctrl-C\n",
                           format_iso8601(at))
            << std::flush;
    };
    // Simulated time jumps from one timer to the next; a minute keeps housekeeping on time.
    daemon_options.max_loop_wait = std::chrono::seconds{60};
    daemon_options.drain_outbox = std::chrono::seconds{30};
    daemon_options.on_events = [&out](const std::vector<AlertEvent>& events) {
        for (const auto& e : events) {
            print_event(out, e);
        }
    };
    int code = 0;
    {
        Daemon daemon(config, clock, std::move(fetcher), std::move(daemon_options));
        code = daemon.run();
    }
    print_summary(out, config, scenario);
    return code;
}

} // namespace aerowatch
