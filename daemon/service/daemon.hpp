// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/config.hpp"
#include "core/alert.hpp"
#include "core/clock.hpp"
#include "refdata/refdata.hpp"
#include "sources/fetcher.hpp"
#include "sources/paging.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace aerowatch {

/// A start-up failure with the exit code that tells systemd whether a restart can help.
class StartupError : public std::runtime_error {
  public:
    StartupError(int exit_code, const std::string& message)
        : std::runtime_error(message), exit_code_(exit_code) {}
    int exit_code() const noexcept { return exit_code_; }

  private:
    int exit_code_;
};

/// What a replay changes in the running service; the defaults are production.
struct DaemonOptions {
    std::optional<UtcTime> stop_at; // stop once the clock reaches it (the scenario's end)
    // The loop wakes at least this often, so the watchdog and shutdown never wait on a quiet
    // feed; a replay lets simulated time jump further.
    std::chrono::milliseconds max_loop_wait{1000};
    /// Called with the events of each correlation pass (the replay's timeline).
    std::function<void(const std::vector<AlertEvent>&)> on_events;
    /// Before exiting, wait up to this long (real time) for pending webhooks to go out.
    std::chrono::seconds drain_outbox{0};
    /// On reaching stop_at, keep serving HTTP (at the final simulated time) until SIGTERM.
    bool hold_at_end = false;
    /// Called with the bound address once the HTTP server listens ("127.0.0.1:41234").
    std::function<void(const std::string&)> on_http_ready;
    /// Called when the replay reaches its end and holding begins.
    std::function<void(UtcTime)> on_hold;
};

class SqliteStore;
class Poller;
class SignalFd;
class IngestRouter;
class AlertPipeline;
class AlertLog;
class DeliveryThread;
class HttpServer;
class ServiceStatus;
struct SourceConfig;
struct FetchResult;

/// The running service: owns the database, the reference data, the poller and the one loop
/// that drives fetches, timers, signals and the systemd watchdog.
///
/// Signals: SIGTERM/SIGINT finish in-flight work (briefly), close the database and return 0;
/// SIGHUP re-reads the config file and keeps the running config when the new one is invalid;
/// SIGUSR1 reopens log files and the alert log.
class Daemon {
  public:
    Daemon(Config config, const Clock& clock, std::unique_ptr<Fetcher> fetcher,
           DaemonOptions options = {});
    ~Daemon();
    Daemon(const Daemon&) = delete;
    Daemon& operator=(const Daemon&) = delete;

    /// Starts (database, reference data, timers), sends READY=1 and runs until told to stop.
    /// Start-up failures throw StartupError; returns the exit code.
    int run();

  private:
    void start();
    void loop_once();
    void handle_signal(int signal);
    void reload();
    void shut_down();
    void ping_watchdog();
    void configure_webhooks();
    void write_alert_log();
    void reopen_alert_log();
    PageLink on_payload(const SourceConfig& source, const FetchResult& result);

    void drain_outbox();
    void start_http();
    void hold();
    SteadyTime next_correlation() const;

    Config config_;
    const Clock& clock_;
    DaemonOptions options_;
    std::unique_ptr<Fetcher> fetcher_;
    std::unique_ptr<SqliteStore> store_;
    std::shared_ptr<const RefData> refdata_;
    std::unique_ptr<Poller> poller_;
    std::unique_ptr<IngestRouter> router_;
    std::unique_ptr<AlertPipeline> alerts_;
    std::unique_ptr<AlertLog> alert_log_;
    std::unique_ptr<DeliveryThread> delivery_;
    std::unique_ptr<ServiceStatus> status_;
    std::unique_ptr<HttpServer> http_;
    bool correlation_due_ = true;
    std::uint64_t endpoints_disabled_ = 0; // as last seen in the delivery thread's stats
    std::size_t endpoints_down_ = 0;
    std::optional<SteadyTime> last_correlation_;
    SteadyTime next_housekeeping_{};
    std::unique_ptr<SignalFd> signals_;
    std::optional<std::chrono::microseconds> watchdog_interval_;
    SteadyTime next_watchdog_{};
    bool stopping_ = false;
};

} // namespace aerowatch
