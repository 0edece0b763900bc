// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.hpp"
#include "lib/curl/curl_multi.hpp"
#include "lib/sqlite/database.hpp"
#include "store/outbox_store.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace aerowatch {

/// A [[webhook]] as the delivery worker uses it: secrets resolved, the signing key decoded.
struct WebhookTarget {
    std::string name;
    std::string url;
    std::optional<std::string> key;          // HMAC key; none: requests are not signed
    std::optional<std::string> previous_key; // while rotating, a second signature
    std::chrono::seconds timeout{15};
    int max_attempts = 50;
    std::chrono::seconds max_age{std::chrono::hours{72}};
    bool allow_http = false;
    std::string user_agent = "aerowatch";
};

/// Exponential backoff with full jitter: the n-th retry waits random(0, min(cap, base * 2^n)),
/// at least one second, and at least what a Retry-After asked for (clamped to
/// max_retry_after, so a hostile header cannot park an endpoint for a year).
struct RetrySchedule {
    std::chrono::seconds base{5};
    std::chrono::seconds cap{std::chrono::hours{2}};
    std::chrono::seconds max_retry_after{std::chrono::hours{6}};
};

std::chrono::seconds retry_delay(int attempts, const RetrySchedule& schedule,
                                 std::optional<std::chrono::seconds> retry_after,
                                 std::mt19937_64& random);

/// What a response means for the row (../shared/reference/reliability.md 4.3).
enum class DeliveryOutcome { delivered, retry, dead, disable_endpoint };
/// `status` 0 means no HTTP answer (connection refused, timeout, TLS failure): retried.
DeliveryOutcome classify_delivery(long status);

struct DeliveryStats {
    std::uint64_t delivered = 0;
    std::uint64_t retried = 0;
    std::uint64_t dead = 0;
    std::uint64_t disabled = 0;     // endpoints disabled by a 410, ever
    std::size_t endpoints_down = 0; // endpoints disabled now
};

/// Sends the outbox: at most one request in flight per endpoint, so each endpoint receives its
/// events in order; endpoints proceed independently over one curl multi handle. Every result
/// is written to the database before the next row of that endpoint is sent, so a crash re-sends
/// at most the one row that was in flight, with the same webhook-id.
///
/// Single-threaded: step() does the work; wakeup() is the one call safe from another thread.
class WebhookDeliverer {
  public:
    WebhookDeliverer(sqlite::Database& db, const Clock& clock, RetrySchedule schedule = {});
    ~WebhookDeliverer();
    WebhookDeliverer(const WebhookDeliverer&) = delete;
    WebhookDeliverer& operator=(const WebhookDeliverer&) = delete;

    /// Replaces the endpoints. Transfers in flight to an endpoint that changed finish first.
    void configure(std::vector<WebhookTarget> targets);
    /// Starts what is due (unless `start_new` is false), waits up to `wait` for transfers or
    /// wakeup(), and records every transfer that finished.
    void step(std::chrono::milliseconds wait, bool start_new = true);
    /// Interrupts a step() waiting in another thread.
    void wakeup();
    /// Forget cached rows and endpoint states: the database changed behind our back (the CLI
    /// requeued dead letters, another transaction failed).
    void refresh();

    std::size_t in_flight() const { return transfers_.size(); }
    /// The earliest next attempt among the rows at the head of each idle endpoint's queue.
    std::optional<UtcTime> next_due() const;
    const DeliveryStats& stats() const { return stats_; }

  private:
    struct Transfer;
    struct Queue {
        std::deque<OutboxRow> rows; // cached head of the endpoint's pending rows
        bool exhausted = false;     // the database had no more when last asked
    };

    void start_due();
    void start(const WebhookTarget& target, OutboxRow& row);
    void finish(Transfer& transfer, CURLcode code);
    void record(const WebhookTarget& target, Queue& queue, long status, const std::string& error,
                std::optional<std::chrono::seconds> retry_after);
    Queue& queue_of(const std::string& endpoint);
    const WebhookTarget* target(const std::string& name) const;

    sqlite::Database& db_;
    OutboxStore outbox_;
    const Clock& clock_;
    RetrySchedule schedule_;
    std::mt19937_64 random_;
    curl::Multi multi_;
    std::vector<WebhookTarget> targets_;
    std::map<std::string, Queue> queues_;
    std::map<std::string, std::unique_ptr<Transfer>> transfers_; // by endpoint
    std::set<std::string> disabled_;
    SteadyTime next_refresh_{};
    DeliveryStats stats_;
};

} // namespace aerowatch
