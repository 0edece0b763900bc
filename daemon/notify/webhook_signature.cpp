// SPDX-License-Identifier: GPL-3.0-or-later
#include "notify/webhook_signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <climits>
#include <stdexcept>
#include <vector>

namespace aerowatch {

namespace {

constexpr std::string_view secret_prefix = "whsec_";
constexpr std::size_t sha256_bytes = 32;

bool is_base64_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/';
}

std::array<unsigned char, sha256_bytes> hmac_sha256(std::string_view key, std::string_view msg_id,
                                                    std::int64_t timestamp, std::string_view body) {
    std::string message;
    message.reserve(msg_id.size() + body.size() + 24);
    message.append(msg_id).append(1, '.').append(std::to_string(timestamp)).append(1, '.');
    message.append(body);
    // OpenSSL wants a non-null key pointer even for an empty key.
    static const unsigned char no_key = 0;
    const void* key_data = key.empty() ? static_cast<const void*>(&no_key) : key.data();
    std::array<unsigned char, sha256_bytes> mac{};
    unsigned int length = 0;
    if (key.size() > INT_MAX ||
        HMAC(EVP_sha256(), key_data, static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac.data(),
             &length) == nullptr ||
        length != mac.size()) {
        throw std::runtime_error("HMAC-SHA256 failed");
    }
    return mac;
}

std::optional<std::int64_t> parse_timestamp(std::string_view text) {
    if (text.empty() || text.size() > 19) {
        return std::nullopt;
    }
    for (char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
    }
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

} // namespace

std::string base64_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    // EVP_EncodeBlock takes an int length; whole groups of 3 bytes keep the chunks joinable.
    constexpr std::size_t chunk = 3 * (1u << 20);
    std::string buffer((std::min(chunk, bytes.size()) + 2) / 3 * 4 + 1, '\0');
    for (std::size_t at = 0; at < bytes.size(); at += chunk) {
        const auto piece = bytes.substr(at, chunk);
        const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(buffer.data()),
                                            reinterpret_cast<const unsigned char*>(piece.data()),
                                            static_cast<int>(piece.size()));
        out.append(buffer.data(), static_cast<std::size_t>(written));
    }
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    std::size_t padding = 0;
    while (!text.empty() && text.back() == '=') {
        text.remove_suffix(1);
        ++padding;
    }
    if (padding > 2 || text.size() % 4 == 1 || text.size() > INT_MAX - 4) {
        return std::nullopt;
    }
    if (padding > 0 && (text.size() + padding) % 4 != 0) {
        return std::nullopt;
    }
    // EVP_DecodeBlock skips surrounding whitespace and accepts '=' mid-string; being strict
    // here means a mangled secret is refused instead of becoming a different key.
    for (char c : text) {
        if (!is_base64_char(c)) {
            return std::nullopt;
        }
    }
    const std::size_t missing = (4 - text.size() % 4) % 4;
    std::string padded(text);
    padded.append(missing, '=');
    std::string out(padded.size() / 4 * 3, '\0');
    if (padded.empty()) {
        return out;
    }
    const int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                        reinterpret_cast<const unsigned char*>(padded.data()),
                                        static_cast<int>(padded.size()));
    if (written < 0 || static_cast<std::size_t>(written) != out.size()) {
        return std::nullopt;
    }
    // EVP_DecodeBlock counts the padding as zero bytes of output.
    out.resize(out.size() - missing);
    return out;
}

std::optional<std::string> decode_webhook_secret(std::string_view secret, std::string& error) {
    if (secret.starts_with(secret_prefix)) {
        secret.remove_prefix(secret_prefix.size());
    }
    if (secret.empty()) {
        error = "is empty";
        return std::nullopt;
    }
    auto key = base64_decode(secret);
    if (!key) {
        error = "is not base64";
        return std::nullopt;
    }
    if (key->size() < min_webhook_secret_bytes) {
        error = "decodes to " + std::to_string(key->size()) + " byte(s); at least " +
                std::to_string(min_webhook_secret_bytes) + " are needed";
        return std::nullopt;
    }
    return key;
}

std::string webhook_signature(std::string_view key, std::string_view msg_id, std::int64_t timestamp,
                              std::string_view body) {
    const auto mac = hmac_sha256(key, msg_id, timestamp, body);
    return "v1," + base64_encode({reinterpret_cast<const char*>(mac.data()), mac.size()});
}

const char* to_string(WebhookVerdict verdict) {
    switch (verdict) {
    case WebhookVerdict::ok:
        return "ok";
    case WebhookVerdict::bad_signature:
        return "bad signature";
    case WebhookVerdict::stale_timestamp:
        return "timestamp outside the tolerance";
    case WebhookVerdict::malformed:
        return "malformed headers";
    }
    return "unknown";
}

WebhookVerdict verify_webhook(std::string_view key, std::string_view msg_id,
                              std::string_view timestamp_header, std::string_view signature_header,
                              std::string_view body, std::int64_t now_unix,
                              std::int64_t tolerance_seconds) {
    const auto timestamp = parse_timestamp(timestamp_header);
    if (!timestamp) {
        return WebhookVerdict::malformed;
    }
    std::vector<std::string_view> candidates;
    for (std::size_t at = 0; at < signature_header.size();) {
        const auto space = signature_header.find(' ', at);
        const auto token = signature_header.substr(
            at, space == std::string_view::npos ? std::string_view::npos : space - at);
        at = space == std::string_view::npos ? signature_header.size() : space + 1;
        if (token.starts_with("v1,")) {
            candidates.push_back(token.substr(3));
        }
    }
    if (candidates.empty()) {
        return WebhookVerdict::malformed;
    }
    // Unsigned arithmetic: the distance between any two int64 values fits, no overflow.
    const auto distance =
        *timestamp >= now_unix
            ? static_cast<std::uint64_t>(*timestamp) - static_cast<std::uint64_t>(now_unix)
            : static_cast<std::uint64_t>(now_unix) - static_cast<std::uint64_t>(*timestamp);
    if (distance > static_cast<std::uint64_t>(tolerance_seconds < 0 ? 0 : tolerance_seconds)) {
        return WebhookVerdict::stale_timestamp;
    }
    const auto expected = hmac_sha256(key, msg_id, *timestamp, body);
    bool match = false;
    for (const auto candidate : candidates) {
        const auto given = base64_decode(candidate);
        // Every candidate is compared, so the time taken does not tell which one matched.
        if (given && given->size() == expected.size() &&
            CRYPTO_memcmp(given->data(), expected.data(), expected.size()) == 0) {
            match = true;
        }
    }
    return match ? WebhookVerdict::ok : WebhookVerdict::bad_signature;
}

std::string generate_webhook_id() {
    static constexpr std::string_view alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    std::array<unsigned char, 26> random{};
    if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
        throw std::runtime_error("RAND_bytes failed: no webhook id can be generated");
    }
    std::string id = "msg_";
    for (const unsigned char byte : random) {
        id += alphabet[byte & 31u]; // 256 is a multiple of 32: every character equally likely
    }
    return id;
}

} // namespace aerowatch
