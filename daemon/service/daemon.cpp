// SPDX-License-Identifier: GPL-3.0-or-later
#include "service/daemon.hpp"

#include "core/time.hpp"
#include "http/http_server.hpp"
#include "lib/systemd/notify.hpp"
#include "notify/alert_log.hpp"
#include "service/alert_pipeline.hpp"
#include "service/delivery_thread.hpp"
#include "service/exit_codes.hpp"
#include "service/ingest_router.hpp"
#include "service/logging.hpp"
#include "service/poller.hpp"
#include "service/service_status.hpp"
#include "service/signals.hpp"
#include "sources/request_builder.hpp"
#include "store/migrations.hpp"
#include "store/sqlite_store.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <csignal>
#include <poll.h>
#include <thread>

namespace aerowatch {

namespace {

// At shutdown, in-flight transfers get this long to finish before they are cancelled.
constexpr std::chrono::seconds shutdown_grace{2};
// Expiry of hazards whose validity ended runs this often even when no feed changes; pruning of
// old flights rides along once a day.
constexpr std::chrono::seconds housekeeping_interval{60};
// Correlation passes: after new data at most this soon after the last one (or the configured
// interval if shorter); without new data at least this long apart (or the interval if longer).
constexpr std::chrono::seconds data_pass_spacing{10};
constexpr std::chrono::seconds time_pass_interval{300};

std::string status_line(const Poller& poller) {
    return fmt::format("STATUS=polling {} source{}", poller.source_count(),
                       poller.source_count() == 1 ? "" : "s");
}

} // namespace

Daemon::Daemon(Config config, const Clock& clock, std::unique_ptr<Fetcher> fetcher,
               DaemonOptions options)
    : config_(std::move(config)), clock_(clock), options_(std::move(options)),
      fetcher_(std::move(fetcher)) {}

Daemon::~Daemon() = default;

void Daemon::start() {
    const auto started = std::chrono::steady_clock::now();
    try {
        std::filesystem::create_directories(config_.daemon.state_directory);
        std::filesystem::create_directories(config_.database_path().parent_path());
        store_ = SqliteStore::open(config_.database_path());
    } catch (const SchemaError& e) {
        throw StartupError(exit_code::config, e.what());
    } catch (const CorruptDatabaseError& e) {
        throw StartupError(exit_code::data_error, e.what());
    } catch (const std::exception& e) {
        throw StartupError(exit_code::failure, e.what());
    }

    const auto data_dir = config_.daemon.data_directory.value_or(default_data_directory());
    try {
        refdata_ = RefData::load(data_dir);
    } catch (const std::exception& e) {
        throw StartupError(exit_code::os_file, fmt::format("reference data: {}", e.what()));
    }
    spdlog::info("reference data from {}: {} airports, {} airlines, {} FIRs", data_dir.string(),
                 refdata_->airport_count(), refdata_->airline_count(), refdata_->fir_count());

    try {
        alert_log_ = std::make_unique<AlertLog>(config_.alert_log_path(), *store_);
        // Events committed before a crash that the log had not caught up with.
        alert_log_->catch_up();
    } catch (const std::exception& e) {
        throw StartupError(exit_code::cant_create, fmt::format("alert log: {}", e.what()));
    }
    configure_webhooks();

    status_ = std::make_unique<ServiceStatus>(clock_.utc_now());
    status_->set_config(config_);
    router_ = std::make_unique<IngestRouter>(*store_, refdata_, config_, &status_->fetches());
    alerts_ = std::make_unique<AlertPipeline>(*store_, refdata_, config_, clock_.utc_now());
    poller_ = std::make_unique<Poller>(*fetcher_, *store_, clock_);
    poller_->set_payload_handler([this](const SourceConfig& source, const FetchResult& result) {
        return on_payload(source, result);
    });
    poller_->set_fetch_observer([this](const std::string& source, const FetchResult& result) {
        status_->fetches().record_fetch(source, result.outcome, result.elapsed);
    });
    poller_->configure(config_.sources, user_agent(config_.daemon.contact));
    start_http();
    // The first housekeeping runs in the first loop turn, after READY=1: pruning a large
    // history must not hold up start-up.
    next_housekeeping_ = clock_.steady_now();
    signals_ = std::make_unique<SignalFd>();
    watchdog_interval_ = systemd::watchdog_ping_interval();

    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    spdlog::info("aerowatchd ready in {} ms: database {}, {} source(s)", elapsed.count(),
                 config_.database_path().string(), poller_->source_count());
    systemd::notify("READY=1\n" + status_line(*poller_));
    status_->loop_ticked(clock_.steady_now());
    status_->set_ready(true);
    ping_watchdog();
}

void Daemon::start_http() {
    if (config_.daemon.http_listen == "off") {
        spdlog::info("http: off (http_listen = \"off\")");
        return;
    }
    http_ = std::make_unique<HttpServer>(*status_, clock_, config_.database_path(), refdata_);
    try {
        const auto address = http_->start(config_.daemon.http_listen);
        spdlog::info("http: listening on {}{}", address,
                     config_.daemon.http_token ? " (bearer token required but for /healthz)" : "");
        if (options_.on_http_ready) {
            options_.on_http_ready(address);
        }
    } catch (const std::exception& e) {
        throw StartupError(exit_code::unavailable, fmt::format("http: {}", e.what()));
    }
}

int Daemon::run() {
    start();
    while (!stopping_) {
        loop_once();
        if (options_.stop_at && clock_.utc_now() >= *options_.stop_at) {
            spdlog::info("replay reached its end at {}", format_iso8601(*options_.stop_at));
            if (options_.hold_at_end) {
                hold();
            }
            stopping_ = true;
        }
    }
    drain_outbox();
    shut_down();
    return 0;
}

void Daemon::loop_once() {
    poller_->poll_due();

    const auto now = clock_.steady_now();
    auto wake = now + options_.max_loop_wait;
    if (auto next = poller_->next_deadline()) {
        wake = std::min(wake, *next);
    }
    if (watchdog_interval_) {
        wake = std::min(wake, next_watchdog_);
    }
    wake = std::min(wake, std::max(next_correlation(), now));
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::max(wake - now, SteadyTime::duration::zero()));
    fetcher_->drive(wait, signals_->fd());

    for (const int signal : signals_->read_pending()) {
        handle_signal(signal);
    }
    if (clock_.steady_now() >= next_housekeeping_) {
        if (router_->housekeeping(clock_.utc_now(), config_.flights) > 0) {
            correlation_due_ = true;
        }
        next_housekeeping_ = clock_.steady_now() + housekeeping_interval;
    }
    if (delivery_) {
        // An endpoint disabled by a 410 is an alert of its own, and one enabled again resolves
        // it: look at once, not at the next housekeeping.
        const auto stats = delivery_->stats();
        if (stats.disabled != endpoints_disabled_ || stats.endpoints_down != endpoints_down_) {
            endpoints_disabled_ = stats.disabled;
            endpoints_down_ = stats.endpoints_down;
            correlation_due_ = true;
        }
    }
    if (clock_.steady_now() >= next_correlation()) {
        correlation_due_ = false;
        const auto events = alerts_->run(clock_.utc_now());
        write_alert_log();
        if (options_.on_events && !events.empty()) {
            options_.on_events(events);
        }
        if (!events.empty() && delivery_) {
            delivery_->notify();
        }
        last_correlation_ = clock_.steady_now();
    }
    if (delivery_) {
        status_->set_delivery(delivery_->stats());
    }
    status_->loop_ticked(clock_.steady_now());
    // Pinged from the loop, so a wedged loop stops pinging and systemd restarts us.
    if (watchdog_interval_ && clock_.steady_now() >= next_watchdog_) {
        ping_watchdog();
    }
}

void Daemon::hold() {
    // Polling stops and the simulated clock stays where the replay ended; the HTTP server and
    // the webhook worker go on, until SIGTERM or SIGINT.
    spdlog::info("holding at {} for the status page and the API; SIGTERM or Ctrl-C ends it",
                 format_iso8601(clock_.utc_now()));
    systemd::notify("STATUS=replay finished, holding");
    if (options_.on_hold) {
        options_.on_hold(clock_.utc_now());
    }
    while (!stopping_) {
        pollfd fd{signals_->fd(), POLLIN, 0};
        ::poll(&fd, 1, 1000);
        for (const int signal : signals_->read_pending()) {
            if (signal == SIGTERM || signal == SIGINT) {
                handle_signal(signal);
            }
        }
        if (delivery_) {
            status_->set_delivery(delivery_->stats());
        }
        status_->loop_ticked(clock_.steady_now());
        if (watchdog_interval_) {
            ping_watchdog();
        }
    }
}

SteadyTime Daemon::next_correlation() const {
    if (!last_correlation_) {
        return SteadyTime{}; // the first pass runs at once
    }
    // New data is looked at soon (a burst of pages still makes one pass); without it, time
    // alone (holds ending, sources going stale, windows sliding) needs a pass less often.
    const auto& interval = config_.correlation.interval;
    return *last_correlation_ + (correlation_due_ ? std::min(interval, data_pass_spacing)
                                                  : std::max(interval, time_pass_interval));
}

void Daemon::ping_watchdog() {
    if (!watchdog_interval_) {
        return;
    }
    systemd::notify("WATCHDOG=1");
    next_watchdog_ =
        clock_.steady_now() + std::chrono::duration_cast<SteadyTime::duration>(*watchdog_interval_);
}

void Daemon::handle_signal(int signal) {
    switch (signal) {
    case SIGTERM:
    case SIGINT:
        spdlog::info("received {}, shutting down", signal == SIGTERM ? "SIGTERM" : "SIGINT");
        stopping_ = true;
        break;
    case SIGHUP:
        reload();
        reopen_alert_log(); // SIGHUP reopens it even when the new config was refused
        break;
    case SIGUSR1:
        spdlog::info("received SIGUSR1, reopening log files");
        reopen_log_files();
        reopen_alert_log();
        spdlog::info("log files reopened");
        break;
    default:
        break;
    }
}

void Daemon::reload() {
    spdlog::info("received SIGHUP, reloading {}", config_.path.string());
    systemd::notify_reloading();
    try {
        Config fresh = load_config(config_.path);
        if (fresh.daemon.state_directory != config_.daemon.state_directory ||
            fresh.daemon.data_directory != config_.daemon.data_directory ||
            fresh.daemon.http_listen != config_.daemon.http_listen) {
            spdlog::warn("state_directory, data_directory and http_listen take effect only "
                         "after a restart; keeping the running values");
            fresh.daemon.state_directory = config_.daemon.state_directory;
            fresh.daemon.data_directory = config_.daemon.data_directory;
            fresh.daemon.http_listen = config_.daemon.http_listen;
        }
        const auto fresh_alert_log = fresh.alert_log_path();
        fresh.daemon.alert_log = config_.alert_log_path();
        config_ = std::move(fresh);
        status_->set_config(config_);
        setup_logging(config_.daemon.log_level, config_.daemon.log_file);
        if (fresh_alert_log != config_.alert_log_path()) {
            spdlog::warn("alert_log takes effect only after a restart; still writing {}",
                         alert_log_->path().string());
        }
        configure_webhooks();
        router_ = std::make_unique<IngestRouter>(*store_, refdata_, config_, &status_->fetches());
        alerts_->configure(config_);
        correlation_due_ = true;
        poller_->configure(config_.sources, user_agent(config_.daemon.contact));
        spdlog::info("configuration reloaded: {} source(s)", poller_->source_count());
        systemd::notify("READY=1\n" + status_line(*poller_));
    } catch (const ConfigError& e) {
        for (const auto& error : e.errors()) {
            spdlog::error("{}", error);
        }
        spdlog::error("reload failed: keeping the running configuration");
        // READY=1 all the same, or systemd would show the unit stuck in "reloading".
        systemd::notify("READY=1\nSTATUS=reload failed, running the previous configuration");
    }
}

void Daemon::configure_webhooks() {
    store_->outbox().set_routes(outbox_routes(config_));
    auto targets = webhook_targets(config_, user_agent(config_.daemon.contact));
    if (delivery_) {
        delivery_->configure(std::move(targets));
    } else if (!targets.empty()) {
        delivery_ =
            std::make_unique<DeliveryThread>(config_.database_path(), clock_, std::move(targets));
    }
}

void Daemon::drain_outbox() {
    if (!delivery_ || options_.drain_outbox.count() == 0) {
        return;
    }
    const auto deadline = std::chrono::steady_clock::now() + options_.drain_outbox;
    while (std::chrono::steady_clock::now() < deadline) {
        if (store_->outbox().counts().at(OutboxState::pending) == 0) {
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds{50}); // real time: receivers answer
    }
    spdlog::warn("webhooks still pending after {}; they stay in the outbox",
                 format_duration(options_.drain_outbox));
}

void Daemon::write_alert_log() {
    try {
        alert_log_->catch_up();
    } catch (const std::exception& e) {
        // The events are in the database; the next pass writes them.
        spdlog::error("alert log {}: {}", alert_log_->path().string(), e.what());
    }
}

void Daemon::reopen_alert_log() {
    try {
        alert_log_->reopen();
        write_alert_log();
    } catch (const std::exception& e) {
        spdlog::error("alert log {}: {}", alert_log_->path().string(), e.what());
    }
}

PageLink Daemon::on_payload(const SourceConfig& source, const FetchResult& result) {
    correlation_due_ = true;
    return router_->ingest(source, result.body, clock_.utc_now());
}

void Daemon::shut_down() {
    systemd::notify("STOPPING=1");
    status_->set_ready(false);
    if (http_) {
        http_->stop();
    }
    const auto deadline = std::chrono::steady_clock::now() + shutdown_grace;
    while (fetcher_->active() > 0 && std::chrono::steady_clock::now() < deadline) {
        fetcher_->drive(std::chrono::milliseconds{100}, -1);
    }
    if (fetcher_->active() > 0) {
        spdlog::info("cancelling {} unfinished transfer(s)", fetcher_->active());
        fetcher_->cancel_all();
    }
    if (delivery_) {
        delivery_->stop(shutdown_grace);
    }
    poller_.reset();
    alerts_.reset();
    router_.reset();
    store_.reset(); // closes the database, checkpointing the WAL
    spdlog::info("aerowatchd stopped");
}

} // namespace aerowatch
