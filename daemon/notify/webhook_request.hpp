// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.hpp"
#include "lib/curl/curl_easy.hpp"

#include <array>
#include <chrono>
#include <optional>
#include <string>

namespace aerowatch {

struct WebhookTarget;

/// One POST of one outbox row: the easy handle with the policy's options, the Standard
/// Webhooks headers signed for this attempt, and what came back. Redirects are not followed
/// (a 3xx is a failure), only https unless the endpoint allows http, and the answer's body is
/// kept only up to a few KiB for the operator to read.
class WebhookRequest {
  public:
    WebhookRequest(const WebhookTarget& target, const std::string& webhook_id, std::string body,
                   UtcTime now);
    WebhookRequest(const WebhookRequest&) = delete;
    WebhookRequest& operator=(const WebhookRequest&) = delete;

    CURL* handle() const noexcept { return easy_.get(); }
    /// Blocking, for `aerowatch webhook test`; the daemon drives requests through its multi.
    CURLcode perform();

    /// The HTTP status, 0 when no response arrived.
    long status() const;
    /// Why the transfer failed, without the URL (it may hold a token).
    std::string error_text(CURLcode code) const;
    /// The start of the response body, valid UTF-8, control characters replaced.
    std::string response_excerpt() const;
    const std::optional<std::string>& retry_after() const noexcept { return retry_after_; }

  private:
    static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user);
    static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user);

    curl::Easy easy_;
    curl::Slist headers_;
    std::string body_;
    std::string response_;
    std::optional<std::string> retry_after_;
    std::array<char, CURL_ERROR_SIZE> error_{};
};

} // namespace aerowatch
