// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "notify/webhook_signature.hpp"
#include "support/http_server.hpp"

#include <chrono>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace aerowatch::test {

/// A webhook receiver on 127.0.0.1 that checks every request the way a Standard Webhooks
/// consumer does and answers from a script (then 200 OK).
class WebhookReceiver {
  public:
    struct Reply {
        Reply(int status_ = 200, std::string retry_after_ = {},
              std::chrono::milliseconds delay_ = std::chrono::milliseconds{0},
              std::string location_ = {})
            : status(status_), retry_after(std::move(retry_after_)), delay(delay_),
              location(std::move(location_)) {}
        int status;
        std::string retry_after; // sent as Retry-After when set
        std::chrono::milliseconds delay;
        std::string location; // sent as Location when set (3xx)
    };
    struct Received {
        std::string webhook_id;
        std::string timestamp;
        std::string signature;
        std::string body;
        std::string content_type;
        std::string verdict; // to_string(WebhookVerdict), "unsigned" without a key
        int answered = 200;
        std::chrono::steady_clock::time_point arrived;
    };

    /// With a key, signatures are verified against `now_unix()` (a test's simulated clock can
    /// be plugged in); without one they are recorded unchecked.
    explicit WebhookReceiver(std::optional<std::string> key = std::nullopt,
                             std::function<std::int64_t()> now_unix = nullptr)
        : key_(std::move(key)), now_unix_(std::move(now_unix)) {
        server_.server().Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
            handle(req, res);
        });
        server_.server().Post("/elsewhere",
                              [this](const httplib::Request&, httplib::Response& res) {
                                  std::lock_guard lock(mutex_);
                                  ++redirected_;
                                  res.status = 200;
                              });
        server_.start();
    }

    std::string url() const { return server_.url("/hook"); }
    std::string elsewhere_url() const { return server_.url("/elsewhere"); }

    void script(std::vector<Reply> replies) {
        std::lock_guard lock(mutex_);
        replies_.assign(replies.begin(), replies.end());
    }
    std::vector<Received> received() const {
        std::lock_guard lock(mutex_);
        return received_;
    }
    std::size_t count() const {
        std::lock_guard lock(mutex_);
        return received_.size();
    }
    int redirected() const {
        std::lock_guard lock(mutex_);
        return redirected_;
    }

  private:
    void handle(const httplib::Request& req, httplib::Response& res) {
        Reply reply;
        {
            std::lock_guard lock(mutex_);
            if (!replies_.empty()) {
                reply = replies_.front();
                replies_.pop_front();
            }
        }
        if (reply.delay.count() > 0) {
            std::this_thread::sleep_for(reply.delay); // a slow receiver, not a timer
        }
        Received r;
        r.webhook_id = req.get_header_value("webhook-id");
        r.timestamp = req.get_header_value("webhook-timestamp");
        r.signature = req.get_header_value("webhook-signature");
        r.content_type = req.get_header_value("Content-Type");
        r.body = req.body;
        r.answered = reply.status;
        r.arrived = std::chrono::steady_clock::now();
        if (key_) {
            const auto now = now_unix_ ? now_unix_()
                                       : std::chrono::duration_cast<std::chrono::seconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                             .count();
            r.verdict = to_string(
                verify_webhook(*key_, r.webhook_id, r.timestamp, r.signature, r.body, now));
        } else {
            r.verdict = "unsigned";
        }
        res.status = reply.status;
        if (!reply.retry_after.empty()) {
            res.set_header("Retry-After", reply.retry_after);
        }
        if (!reply.location.empty()) {
            res.set_header("Location", reply.location);
        }
        res.set_content(reply.status < 300 ? "{\"ok\":true}" : "{\"error\":\"scripted\"}",
                        "application/json");
        std::lock_guard lock(mutex_);
        received_.push_back(std::move(r));
    }

    std::optional<std::string> key_;
    std::function<std::int64_t()> now_unix_;
    mutable std::mutex mutex_;
    std::deque<Reply> replies_;
    std::vector<Received> received_;
    int redirected_ = 0;
    LocalHttpServer server_; // last: stopped first, while the members its handlers use live
};

/// A config for the real daemon in `dir`: state and alert log inside it, and one signed native
/// webhook "ops" to `url` whose secret is the file "secret" beside the config.
inline std::string daemon_config_with_webhook(const std::filesystem::path& dir,
                                              const std::string& url) {
    return "[daemon]\nhttp_listen = \"127.0.0.1:0\"\nstate_directory = \"" +
           (dir / "state").string() + "\"\nalert_log = \"" + (dir / "alerts.jsonl").string() +
           "\"\n\n[[webhook]]\nname = \"ops\"\nurl = \"" + url +
           "\"\nsecret = { file = \"secret\" }\nallow_http = true\n";
}

} // namespace aerowatch::test
