// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/config.hpp"
#include "core/clock.hpp"
#include "notify/webhook_deliverer.hpp"
#include "store/outbox_store.hpp"

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace aerowatch {

WebhookTarget webhook_target(const WebhookConfig& webhook, const std::string& user_agent);
/// The enabled [[webhook]] tables as the worker needs them (secrets revealed, keys decoded).
std::vector<WebhookTarget> webhook_targets(const Config& config, const std::string& user_agent);
/// Which events each enabled [[webhook]] receives, for the outbox writer.
std::vector<OutboxRoute> outbox_routes(const Config& config);

/// Runs a WebhookDeliverer on its own thread with its own database connection, so that a slow
/// or dead receiver never holds up polling, and the loop never waits on a receiver.
class DeliveryThread {
  public:
    DeliveryThread(const std::filesystem::path& database, const Clock& clock,
                   std::vector<WebhookTarget> targets);
    /// Stops: transfers in flight get `grace` to finish (their rows stay pending otherwise and
    /// are sent again after the restart, with the same webhook-id).
    ~DeliveryThread();
    DeliveryThread(const DeliveryThread&) = delete;
    DeliveryThread& operator=(const DeliveryThread&) = delete;

    /// New outbox rows were committed: look now rather than at the next timeout.
    void notify();
    /// New endpoints, applied between two steps.
    void configure(std::vector<WebhookTarget> targets);
    void stop(std::chrono::milliseconds grace = std::chrono::seconds{2});

    DeliveryStats stats() const;

  private:
    void run();

    sqlite::Database db_;
    const Clock& clock_;
    std::unique_ptr<WebhookDeliverer> deliverer_;
    mutable std::mutex mutex_;
    std::optional<std::vector<WebhookTarget>> pending_targets_;
    std::atomic<bool> stopping_{false};
    std::chrono::milliseconds grace_{2000};
    DeliveryStats stats_;
    std::thread thread_;
};

} // namespace aerowatch
