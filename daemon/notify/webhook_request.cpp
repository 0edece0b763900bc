// SPDX-License-Identifier: GPL-3.0-or-later
#include "notify/webhook_request.hpp"

#include "core/text.hpp"
#include "notify/webhook_deliverer.hpp"
#include "notify/webhook_signature.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace aerowatch {

namespace {

// Enough of an error page to tell the operator what the receiver said.
constexpr std::size_t max_response_bytes = 4096;

bool header_is(std::string_view line, std::string_view name) {
    if (line.size() <= name.size() || line[name.size()] != ':') {
        return false;
    }
    return std::equal(name.begin(), name.end(), line.begin(), [](char a, char b) {
        return (a >= 'A' && a <= 'Z' ? a + 32 : a) == (b >= 'A' && b <= 'Z' ? b + 32 : b);
    });
}

long seconds_of(std::chrono::seconds s) {
    return static_cast<long>(std::clamp<std::int64_t>(s.count(), 1, 3600));
}

} // namespace

WebhookRequest::WebhookRequest(const WebhookTarget& target, const std::string& webhook_id,
                               std::string body, UtcTime now)
    : body_(std::move(body)) {
    const auto timestamp = now.time_since_epoch().count();
    headers_.append("Content-Type: application/json");
    // fmt rather than "literal" + std::string: g++ 12 at -O3 warns -Wrestrict on the latter.
    headers_.append(fmt::format("webhook-id: {}", webhook_id));
    headers_.append(fmt::format("webhook-timestamp: {}", timestamp));
    if (target.key) {
        // During a rotation both signatures go out, so receivers can switch keys at leisure.
        auto signatures = webhook_signature(*target.key, webhook_id, timestamp, body_);
        if (target.previous_key) {
            signatures =
                fmt::format("{} {}", signatures,
                            webhook_signature(*target.previous_key, webhook_id, timestamp, body_));
        }
        headers_.append(fmt::format("webhook-signature: {}", signatures));
    }
    headers_.append("Expect:"); // no 100-continue round trip for small bodies

    easy_.set(CURLOPT_URL, target.url);
    easy_.set(CURLOPT_PRIVATE, static_cast<void*>(this));
    easy_.set(CURLOPT_ERRORBUFFER, error_.data());
    easy_.set(CURLOPT_NOSIGNAL, 1L);
    easy_.set(CURLOPT_NOPROGRESS, 1L);
    easy_.set(CURLOPT_PROTOCOLS_STR, target.allow_http ? "http,https" : "https");
    easy_.set(CURLOPT_FOLLOWLOCATION, 0L);
    easy_.set(CURLOPT_SSL_VERIFYPEER, 1L);
    easy_.set(CURLOPT_SSL_VERIFYHOST, 2L);
    easy_.set(CURLOPT_CONNECTTIMEOUT, std::min(10L, seconds_of(target.timeout)));
    easy_.set(CURLOPT_TIMEOUT, seconds_of(target.timeout));
    easy_.set(CURLOPT_POST, 1L);
    easy_.set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body_.size()));
    easy_.set(CURLOPT_POSTFIELDS, body_.c_str());
    easy_.set(CURLOPT_HTTPHEADER, headers_.get());
    easy_.set(CURLOPT_USERAGENT, target.user_agent);
    easy_.set(CURLOPT_WRITEFUNCTION, &WebhookRequest::on_body);
    easy_.set(CURLOPT_WRITEDATA, static_cast<void*>(this));
    easy_.set(CURLOPT_HEADERFUNCTION, &WebhookRequest::on_header);
    easy_.set(CURLOPT_HEADERDATA, static_cast<void*>(this));
}

std::size_t WebhookRequest::on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* self = static_cast<WebhookRequest*>(user);
    const std::size_t n = size * count;
    const std::size_t room =
        max_response_bytes - std::min(max_response_bytes, self->response_.size());
    self->response_.append(data, std::min(n, room));
    return n; // the rest is read and dropped: the status line is what matters
}

std::size_t WebhookRequest::on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* self = static_cast<WebhookRequest*>(user);
    const std::size_t n = size * count;
    const std::string_view line(data, n);
    if (header_is(line, "retry-after")) {
        self->retry_after_ = std::string(trim(line.substr(line.find(':') + 1)));
    }
    return n;
}

CURLcode WebhookRequest::perform() {
    return curl_easy_perform(easy_.get());
}

long WebhookRequest::status() const {
    long code = 0;
    curl_easy_getinfo(easy_.get(), CURLINFO_RESPONSE_CODE, &code);
    return code;
}

std::string WebhookRequest::error_text(CURLcode code) const {
    if (code == CURLE_OK) {
        return {};
    }
    const std::string detail = error_.front() != '\0' ? error_.data() : curl_easy_strerror(code);
    return collapse_whitespace(to_valid_utf8(detail));
}

std::string WebhookRequest::response_excerpt() const {
    auto text = collapse_whitespace(to_valid_utf8(response_));
    if (text.size() > 300) {
        text.resize(300);
        text = to_valid_utf8(text) + "...";
    }
    return text;
}

} // namespace aerowatch
