// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Standard Webhooks signing (https://www.standardwebhooks.com/, spec/standard-webhooks.md):
// requests carry `webhook-id`, `webhook-timestamp` and `webhook-signature` headers, the last
// holding "v1,<base64 HMAC-SHA256 of "id.timestamp.body">".

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aerowatch {

/// Standard base64 (RFC 4648 section 4) with padding.
std::string base64_encode(std::string_view bytes);
/// Strict standard base64: padding may be omitted, but characters outside the alphabet,
/// whitespace, or '=' anywhere but at the end give nullopt.
std::optional<std::string> base64_decode(std::string_view text);

/// Secrets shorter than this are refused: the spec asks for 24 to 64 random bytes, and 16
/// (128 bits) is the least an HMAC-SHA256 key should have.
inline constexpr std::size_t min_webhook_secret_bytes = 16;

/// The HMAC key of a secret "whsec_<base64>"; a bare base64 string is accepted too, as the
/// spec's libraries do. nullopt with `error` set (a phrase to follow the key's name: "is
/// empty", "is not base64", "decodes to 8 bytes; at least 16 are needed").
std::optional<std::string> decode_webhook_secret(std::string_view secret, std::string& error);

/// "v1,<base64 HMAC-SHA256 of "msg_id.timestamp.body">". `key` is the decoded secret.
std::string webhook_signature(std::string_view key, std::string_view msg_id, std::int64_t timestamp,
                              std::string_view body);

enum class WebhookVerdict { ok, bad_signature, stale_timestamp, malformed };
const char* to_string(WebhookVerdict verdict);

/// The receiver's check, as the spec describes it: `signature_header` is a space-separated list
/// of "v1,<base64>" of which any one matching is enough (several allow a secret rotation);
/// other versions are ignored. Signatures compare in constant time. The timestamp must be
/// within +-tolerance_seconds of `now_unix`. A timestamp that is not an integer, or a header
/// without any "v1," signature, is `malformed`; the timestamp is checked before the signature,
/// as in the reference library.
WebhookVerdict verify_webhook(std::string_view key, std::string_view msg_id,
                              std::string_view timestamp_header, std::string_view signature_header,
                              std::string_view body, std::int64_t now_unix,
                              std::int64_t tolerance_seconds = 300);

/// "msg_" + 26 random lowercase base32 characters (130 bits) from RAND_bytes. Generated once
/// per outbox row, it is the idempotency key receivers de-duplicate on, so it stays the same on
/// every retry; it never contains '.', which would make the signed "id.timestamp.body"
/// ambiguous. Throws std::runtime_error when the random generator fails.
std::string generate_webhook_id();

} // namespace aerowatch
