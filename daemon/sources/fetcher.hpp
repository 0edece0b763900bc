// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace aerowatch {

struct FetchRequest {
    std::string url;
    std::string method = "GET"; // GET or POST
    std::string body;           // POST body, sent as is
    std::vector<std::pair<std::string, std::string>> headers;
    std::optional<std::string> etag;          // sent as If-None-Match
    std::optional<std::string> last_modified; // sent as If-Modified-Since
    std::string username;                     // HTTP Basic, when not empty (OAuth2 token calls)
    std::string password;
    std::chrono::seconds timeout{60};
    std::chrono::seconds connect_timeout{10};
    std::chrono::seconds low_speed_time{30};  // abort when under 1 byte/s for this long
    std::uint64_t max_body_bytes = 16u << 20; // counted on the decoded body
    bool allow_http = false;
    std::string user_agent;
};

enum class FetchOutcome {
    ok,           // 2xx, body complete
    not_modified, // 304: nothing to parse
    http_error,   // any other status
    too_large,    // body passed max_body_bytes (decoded)
    timeout,      // total timeout or low-speed abort
    connect_failed,
    tls_failed,
    protocol_refused, // scheme not allowed, including a redirect to another scheme
    transport_error,  // anything else from the transport
    cancelled,        // dropped at shutdown
};

const char* to_string(FetchOutcome outcome);

struct FetchResult {
    FetchOutcome outcome = FetchOutcome::transport_error;
    int status = 0;    // HTTP status of the final response, 0 when none arrived
    std::string error; // human-readable; never holds the request URL (it may carry a key)
    std::string body;
    std::optional<std::string> etag;
    std::optional<std::string> last_modified;
    std::optional<std::string> retry_after; // raw header value
    std::optional<std::string> content_type;
    std::chrono::milliseconds elapsed{0};

    bool succeeded() const {
        return outcome == FetchOutcome::ok || outcome == FetchOutcome::not_modified;
    }
};

using FetchCallback = std::function<void(FetchResult)>;

/// The HTTP edge. start() queues a transfer; drive() makes progress on all of them, runs the
/// callbacks of those that finished, and waits for network activity, for `wake_fd` to become
/// readable, or for `max_wait`, whichever comes first. One thread calls every method: the loop's.
/// Replay and tests substitute their own implementation.
class Fetcher {
  public:
    virtual ~Fetcher() = default;
    virtual void start(FetchRequest request, FetchCallback done) = 0;
    virtual void drive(std::chrono::milliseconds max_wait, int wake_fd) = 0;
    virtual std::size_t active() const = 0;
    /// Ends every transfer now; their callbacks run with FetchOutcome::cancelled.
    virtual void cancel_all() = 0;
};

} // namespace aerowatch
