// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/config.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "sources/fetcher.hpp"
#include "store/state_store.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace aerowatch {

/// "aerowatch/0.1.0 (+ops@example.org)"; the contact lets a feed operator reach us.
std::string user_agent(std::string_view contact);

/// The poll request for a source: its headers and credentials, the stored validators for a
/// conditional GET, and its limits. `bearer_token` is the OAuth2 token when the source uses one.
FetchRequest build_request(const SourceConfig& source, const SourceState* state,
                           std::string_view user_agent,
                           const std::optional<std::string>& bearer_token);

/// The OAuth2 client-credentials token request (RFC 6749 4.4): POST, HTTP Basic client auth.
FetchRequest build_token_request(const SourceConfig& source, std::string_view user_agent);

struct OAuthToken {
    std::string access_token;
    std::chrono::seconds expires_in{0};
};

/// Reads {"access_token": "...", "expires_in": 1799, ...}; expires_in may be a number or a
/// numeric string (seen from the FAA NMS token endpoint).
Result<OAuthToken> parse_token_response(std::string_view body);

/// A token kept until shortly before it expires, so a poll never goes out with a stale one.
class TokenCache {
  public:
    static constexpr std::chrono::seconds refresh_margin{60};

    void store(OAuthToken token, SteadyTime now) {
        token_ = std::move(token.access_token);
        expires_ = now + token.expires_in;
    }
    void clear() { token_.reset(); }
    /// The token when it is still good for at least refresh_margin.
    std::optional<std::string> valid(SteadyTime now) const {
        if (token_ && now + refresh_margin < expires_) {
            return token_;
        }
        return std::nullopt;
    }

  private:
    std::optional<std::string> token_;
    SteadyTime expires_{};
};

/// Percent-encodes a query component (RFC 3986 unreserved characters stay as they are).
std::string url_encode(std::string_view text);

} // namespace aerowatch
