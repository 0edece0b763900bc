// SPDX-License-Identifier: GPL-3.0-or-later
#include "notify/webhook_deliverer.hpp"

#include "core/time.hpp"
#include "notify/webhook_request.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace aerowatch {

namespace {

// Rows read ahead per endpoint: one query serves many deliveries.
constexpr std::size_t read_ahead = 64;
// How often rows and endpoint states changed by others (the CLI) are looked for when idle.
constexpr std::chrono::seconds refresh_interval{1};

std::string describe_status(long status, const std::string& error) {
    if (status == 0) {
        return error.empty() ? "no response" : error;
    }
    return error.empty() ? fmt::format("HTTP {}", status)
                         : fmt::format("HTTP {}: {}", status, error);
}

} // namespace

struct WebhookDeliverer::Transfer {
    std::string endpoint;
    std::unique_ptr<WebhookRequest> request;
};

std::chrono::seconds retry_delay(int attempts, const RetrySchedule& schedule,
                                 std::optional<std::chrono::seconds> retry_after,
                                 std::mt19937_64& random) {
    const int shift = std::clamp(attempts - 1, 0, 30);
    const auto ceiling =
        std::min<std::int64_t>(schedule.cap.count(), schedule.base.count() << shift);
    std::uniform_int_distribution<std::int64_t> jitter(0, std::max<std::int64_t>(ceiling, 1));
    auto delay = std::chrono::seconds{std::max<std::int64_t>(jitter(random), 1)};
    if (retry_after) {
        delay = std::max(delay, std::min(*retry_after, schedule.max_retry_after));
    }
    return delay;
}

DeliveryOutcome classify_delivery(long status) {
    if (status >= 200 && status < 300) {
        return DeliveryOutcome::delivered;
    }
    if (status == 410) {
        return DeliveryOutcome::disable_endpoint;
    }
    if (status == 0 || status == 408 || status == 425 || status == 429 || status >= 500) {
        return DeliveryOutcome::retry;
    }
    return DeliveryOutcome::dead; // other 4xx, and 3xx: redirects are not followed
}

WebhookDeliverer::WebhookDeliverer(sqlite::Database& db, const Clock& clock, RetrySchedule schedule)
    : db_(db), outbox_(db), clock_(clock), schedule_(schedule), random_(std::random_device{}()) {}

WebhookDeliverer::~WebhookDeliverer() {
    for (auto& [endpoint, transfer] : transfers_) {
        multi_.remove(transfer->request->handle());
    }
}

void WebhookDeliverer::configure(std::vector<WebhookTarget> targets) {
    targets_ = std::move(targets);
    refresh();
}

void WebhookDeliverer::refresh() {
    // A queue whose head is in flight stays: its result must be recorded against that row.
    std::erase_if(queues_, [&](const auto& entry) { return !transfers_.contains(entry.first); });
    disabled_.clear();
    for (const auto& [name, status] : outbox_.disabled_endpoints()) {
        disabled_.insert(name);
    }
    stats_.endpoints_down = disabled_.size();
    next_refresh_ = clock_.steady_now() + refresh_interval;
}

void WebhookDeliverer::wakeup() {
    curl_multi_wakeup(multi_.get());
}

const WebhookTarget* WebhookDeliverer::target(const std::string& name) const {
    auto found = std::find_if(targets_.begin(), targets_.end(),
                              [&](const WebhookTarget& t) { return t.name == name; });
    return found == targets_.end() ? nullptr : &*found;
}

WebhookDeliverer::Queue& WebhookDeliverer::queue_of(const std::string& endpoint) {
    auto& queue = queues_[endpoint];
    if (queue.rows.empty()) {
        for (auto& row : outbox_.pending(endpoint, read_ahead)) {
            queue.rows.push_back(std::move(row));
        }
    }
    return queue;
}

std::optional<UtcTime> WebhookDeliverer::next_due() const {
    std::optional<UtcTime> due;
    for (const auto& [endpoint, queue] : queues_) {
        if (queue.rows.empty() || transfers_.contains(endpoint) || disabled_.contains(endpoint)) {
            continue;
        }
        const auto at = queue.rows.front().next_attempt;
        due = due ? std::min(*due, at) : at;
    }
    return due;
}

void WebhookDeliverer::start_due() {
    if (clock_.steady_now() >= next_refresh_) {
        refresh();
    }
    const auto now = clock_.utc_now();
    for (const auto& target : targets_) {
        if (transfers_.contains(target.name) || disabled_.contains(target.name)) {
            continue;
        }
        auto& queue = queue_of(target.name);
        if (!queue.rows.empty() && queue.rows.front().next_attempt <= now) {
            start(target, queue.rows.front());
        }
    }
}

void WebhookDeliverer::start(const WebhookTarget& target, OutboxRow& row) {
    auto transfer = std::make_unique<Transfer>();
    transfer->endpoint = target.name;
    transfer->request =
        std::make_unique<WebhookRequest>(target, row.webhook_id, row.payload, clock_.utc_now());
    multi_.add(transfer->request->handle());
    transfers_.emplace(target.name, std::move(transfer));
}

void WebhookDeliverer::step(std::chrono::milliseconds wait, bool start_new) {
    // Records every transfer curl reports done; the number recorded.
    const auto collect = [this] {
        std::size_t finished = 0;
        int left = 0;
        while (CURLMsg* message = curl_multi_info_read(multi_.get(), &left)) {
            if (message->msg != CURLMSG_DONE) {
                continue;
            }
            void* user = nullptr;
            curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &user);
            auto* request = static_cast<WebhookRequest*>(user);
            auto found = std::find_if(transfers_.begin(), transfers_.end(), [&](const auto& entry) {
                return entry.second->request.get() == request;
            });
            if (found == transfers_.end()) {
                continue;
            }
            const CURLcode code = message->data.result;
            multi_.remove(message->easy_handle);
            auto transfer = std::move(found->second);
            transfers_.erase(found);
            finish(*transfer, code);
            ++finished;
        }
        return finished;
    };
    if (start_new) {
        start_due();
    }
    int running = 0;
    curl::Multi::check(curl_multi_perform(multi_.get(), &running), "curl_multi_perform");
    // A transfer whose response the previous step read completes in this perform: record it
    // now rather than after the poll, which would otherwise wait (for `wait`, or the next
    // wakeup) before that endpoint's next row could start.
    if (collect() > 0) {
        return;
    }
    curl::Multi::check(curl_multi_poll(multi_.get(), nullptr, 0,
                                       static_cast<int>(std::max<std::int64_t>(wait.count(), 0)),
                                       nullptr),
                       "curl_multi_poll");
    curl::Multi::check(curl_multi_perform(multi_.get(), &running), "curl_multi_perform");
    collect();
}

void WebhookDeliverer::finish(Transfer& transfer, CURLcode code) {
    const WebhookTarget* t = target(transfer.endpoint);
    auto queue = queues_.find(transfer.endpoint);
    if (t == nullptr || queue == queues_.end() || queue->second.rows.empty()) {
        return; // reconfigured away meanwhile: the row is still pending in the database
    }
    const auto& request = *transfer.request;
    const long status = request.status();
    std::string error = status == 0 ? request.error_text(code) : request.response_excerpt();
    std::optional<std::chrono::seconds> retry_after;
    if (request.retry_after()) {
        retry_after = parse_retry_after(*request.retry_after(), clock_.utc_now());
    }
    try {
        record(*t, queue->second, status, error, retry_after);
    } catch (const std::exception& e) {
        // The row stays as the database has it (pending): it is sent again, with the same
        // webhook-id, once the database takes writes again.
        spdlog::error("webhook {}: cannot record the delivery result: {}", t->name, e.what());
        queues_.erase(queue);
    }
}

void WebhookDeliverer::record(const WebhookTarget& target, Queue& queue, long status,
                              const std::string& error,
                              std::optional<std::chrono::seconds> retry_after) {
    OutboxRow& row = queue.rows.front();
    const auto now = clock_.utc_now();
    const int attempts = row.attempts + 1;
    const auto what = describe_status(status, error);
    switch (classify_delivery(status)) {
    case DeliveryOutcome::delivered:
        outbox_.mark_delivered(row.id, attempts, static_cast<int>(status), now);
        ++stats_.delivered;
        spdlog::debug("webhook {}: delivered event {} ({}) on attempt {}", target.name,
                      row.event_seq, row.webhook_id, attempts);
        queue.rows.pop_front();
        return;
    case DeliveryOutcome::disable_endpoint: {
        sqlite::Transaction tx(db_);
        outbox_.mark_dead(row.id, attempts, static_cast<int>(status), what, now);
        outbox_.disable_endpoint(target.name, what, now);
        tx.commit();
        ++stats_.disabled;
        disabled_.insert(target.name);
        stats_.endpoints_down = disabled_.size();
        queue.rows.clear();
        spdlog::error("webhook {}: the receiver answered 410 Gone: endpoint disabled, its "
                      "pending events dead-lettered (aerowatch outbox retry --all-dead "
                      "re-enables it)",
                      target.name);
        return;
    }
    case DeliveryOutcome::dead:
        outbox_.mark_dead(row.id, attempts, static_cast<int>(status), what, now);
        ++stats_.dead;
        spdlog::error("webhook {}: event {} ({}) dead-lettered: {}", target.name, row.event_seq,
                      row.webhook_id, what);
        queue.rows.pop_front();
        return;
    case DeliveryOutcome::retry:
        break;
    }
    const auto delay = retry_delay(attempts, schedule_, retry_after, random_);
    const auto next = now + delay;
    if (attempts >= target.max_attempts || next > row.created + target.max_age) {
        const auto reason = fmt::format("gave up after {} attempts over {}: {}", attempts,
                                        format_duration(now - row.created), what);
        outbox_.mark_dead(row.id, attempts, status == 0 ? std::nullopt : std::optional<int>(status),
                          reason, now);
        ++stats_.dead;
        spdlog::error("webhook {}: event {} ({}) dead-lettered: {}", target.name, row.event_seq,
                      row.webhook_id, reason);
        queue.rows.pop_front();
        return;
    }
    outbox_.mark_retry(row.id, attempts, next,
                       status == 0 ? std::nullopt : std::optional<int>(status), what);
    row.attempts = attempts;
    row.next_attempt = next;
    ++stats_.retried;
    spdlog::warn("webhook {}: event {} attempt {} failed ({}); next attempt in {}", target.name,
                 row.event_seq, attempts, what, format_duration(delay));
}

} // namespace aerowatch
