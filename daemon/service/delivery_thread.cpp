// SPDX-License-Identifier: GPL-3.0-or-later
#include "service/delivery_thread.hpp"

#include "notify/webhook_signature.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace aerowatch {

namespace {

// The longest a step waits with nothing in flight: rows the CLI requeued are seen this soon.
constexpr std::chrono::milliseconds idle_wait{1000};

} // namespace

WebhookTarget webhook_target(const WebhookConfig& w, const std::string& user_agent) {
    WebhookTarget t;
    t.name = w.name;
    t.url = w.url.reveal();
    if (w.secret) {
        std::string problem;
        t.key = decode_webhook_secret(w.secret->reveal(), problem); // checked at load
        if (w.previous_secret) {
            t.previous_key = decode_webhook_secret(w.previous_secret->reveal(), problem);
        }
    }
    t.timeout = w.timeout;
    t.max_attempts = w.max_attempts;
    t.max_age = w.max_age;
    t.allow_http = w.allow_http;
    t.user_agent = user_agent;
    return t;
}

std::vector<WebhookTarget> webhook_targets(const Config& config, const std::string& user_agent) {
    std::vector<WebhookTarget> targets;
    for (const auto& w : config.webhooks) {
        if (w.enabled) {
            targets.push_back(webhook_target(w, user_agent));
        }
    }
    return targets;
}

std::vector<OutboxRoute> outbox_routes(const Config& config) {
    std::vector<OutboxRoute> routes;
    for (const auto& w : config.webhooks) {
        if (!w.enabled) {
            continue;
        }
        OutboxRoute r;
        r.endpoint = w.name;
        r.format = w.format;
        r.kinds = w.kinds;
        r.min_severity = w.min_severity;
        r.match = w.match;
        r.external_url = config.daemon.external_url;
        routes.push_back(std::move(r));
    }
    return routes;
}

DeliveryThread::DeliveryThread(const std::filesystem::path& database, const Clock& clock,
                               std::vector<WebhookTarget> targets)
    : db_(OutboxStore::open_worker_connection(database)), clock_(clock),
      deliverer_(std::make_unique<WebhookDeliverer>(db_, clock_)) {
    deliverer_->configure(std::move(targets));
    thread_ = std::thread([this] { run(); });
}

DeliveryThread::~DeliveryThread() {
    stop(grace_);
}

void DeliveryThread::notify() {
    // New rows always come after the cached ones, so waking is enough.
    deliverer_->wakeup();
}

void DeliveryThread::configure(std::vector<WebhookTarget> targets) {
    {
        std::lock_guard lock(mutex_);
        pending_targets_ = std::move(targets);
    }
    deliverer_->wakeup();
}

void DeliveryThread::stop(std::chrono::milliseconds grace) {
    if (!thread_.joinable()) {
        return;
    }
    grace_ = grace;
    stopping_ = true;
    deliverer_->wakeup();
    thread_.join();
}

DeliveryStats DeliveryThread::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

void DeliveryThread::run() {
    while (!stopping_) {
        try {
            {
                std::lock_guard lock(mutex_);
                if (pending_targets_) {
                    deliverer_->configure(std::move(*pending_targets_));
                    pending_targets_.reset();
                }
            }
            auto wait = idle_wait;
            if (deliverer_->in_flight() == 0) {
                if (auto due = deliverer_->next_due()) {
                    const auto until = *due - clock_.utc_now();
                    wait = std::clamp(std::chrono::duration_cast<std::chrono::milliseconds>(until),
                                      std::chrono::milliseconds{0}, idle_wait);
                }
            }
            deliverer_->step(wait);
            std::lock_guard lock(mutex_);
            stats_ = deliverer_->stats();
        } catch (const std::exception& e) {
            // A locked or full database: nothing was marked, the rows stay pending.
            spdlog::error("webhook delivery: {}", e.what());
            deliverer_->refresh();
        }
    }
    const auto deadline = std::chrono::steady_clock::now() + grace_;
    while (deliverer_->in_flight() > 0 && std::chrono::steady_clock::now() < deadline) {
        try {
            deliverer_->step(std::chrono::milliseconds{100}, false);
        } catch (const std::exception& e) {
            spdlog::error("webhook delivery: {}", e.what());
            break;
        }
    }
}

} // namespace aerowatch
