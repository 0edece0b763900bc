// SPDX-License-Identifier: GPL-3.0-or-later
#include "notify/webhook_signature.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace aerowatch;

namespace {

std::string key_of(std::string_view secret) {
    std::string error;
    auto key = decode_webhook_secret(secret, error);
    REQUIRE(key);
    CHECK(error.empty());
    return *key;
}

} // namespace

TEST_CASE("Standard Webhooks test vectors", "[webhook]") {
    SECTION("the spec's example") {
        const auto key = key_of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        CHECK(webhook_signature(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                                R"({"test": 2432232314})") ==
              "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }
    SECTION("reliability.md 4.2, key bytes 0x00..0x1f") {
        const auto key = key_of("whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        REQUIRE(key.size() == 32);
        for (std::size_t i = 0; i < key.size(); ++i) {
            CHECK(static_cast<unsigned char>(key[i]) == i);
        }
        CHECK(webhook_signature(key, "msg_feedwatch_0001", 1700000000,
                                R"({"type":"feed.alert","data":{"feed":"example","item":"42"}})") ==
              "v1,g1qlOkSFOSwAac7brpKseHuEehdu7gMfP7FqzYWsn0k=");
    }
    SECTION("a bare base64 secret is the same key") {
        CHECK(key_of("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") ==
              key_of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
    }
}

TEST_CASE("Webhook secrets that are not usable keys are refused", "[webhook]") {
    std::string error;
    CHECK_FALSE(decode_webhook_secret("", error));
    CHECK(error == "is empty");
    CHECK_FALSE(decode_webhook_secret("whsec_", error));
    CHECK(error == "is empty");
    CHECK_FALSE(decode_webhook_secret("whsec_not base64 at all!", error));
    CHECK(error == "is not base64");
    CHECK_FALSE(decode_webhook_secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n", error));
    CHECK(error == "is not base64");
    CHECK_FALSE(decode_webhook_secret("whsec_AAECAwQFBgcICQoL", error)); // 12 bytes
    CHECK(error == "decodes to 12 byte(s); at least 16 are needed");
    error.clear();
    CHECK(decode_webhook_secret("whsec_AAECAwQFBgcICQoLDA0ODw==", error)->size() == 16);
    CHECK(decode_webhook_secret("whsec_AAECAwQFBgcICQoLDA0ODw", error)->size() == 16);
    CHECK(error.empty());
}

TEST_CASE("verify_webhook accepts what we sign and nothing else", "[webhook]") {
    const auto key = key_of("whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    const std::string id = generate_webhook_id();
    const std::int64_t ts = 1763834400; // 2025-11-22T18:00:00Z
    const std::string body = R"({"event":"firing","fingerprint":"disruption_correlated:SVMI"})";
    const auto signature = webhook_signature(key, id, ts, body);
    const auto verify = [&](std::string_view header, std::string_view b, std::int64_t now,
                            std::string_view msg_id, std::string_view ts_header = "1763834400") {
        return verify_webhook(key, msg_id, ts_header, header, b, now);
    };

    CHECK(verify(signature, body, ts, id) == WebhookVerdict::ok);
    CHECK(verify(signature, body, ts + 300, id) == WebhookVerdict::ok);
    CHECK(verify(signature, body, ts - 300, id) == WebhookVerdict::ok);

    std::string tampered = body;
    tampered[tampered.find("firing")] = 'F';
    CHECK(verify(signature, tampered, ts, id) == WebhookVerdict::bad_signature);
    CHECK(verify(signature, body, ts, generate_webhook_id()) == WebhookVerdict::bad_signature);
    CHECK(verify(signature, body, ts, id, "1763834401") == WebhookVerdict::bad_signature);
    const auto other_key = key_of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    CHECK(verify_webhook(other_key, id, "1763834400", signature, body, ts) ==
          WebhookVerdict::bad_signature);

    CHECK(verify(signature, body, ts + 301, id) == WebhookVerdict::stale_timestamp);
    CHECK(verify(signature, body, ts - 301, id) == WebhookVerdict::stale_timestamp);
    CHECK(verify_webhook(key, id, "1763834400", signature, body, ts + 3600, 7200) ==
          WebhookVerdict::ok);

    CHECK(verify("garbage", body, ts, id) == WebhookVerdict::malformed);
    CHECK(verify("", body, ts, id) == WebhookVerdict::malformed);
    CHECK(verify("v1a,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", body, ts, id) ==
          WebhookVerdict::malformed); // only an ed25519 signature: nothing to check
    CHECK(verify("v1,!!!not-base64!!!", body, ts, id) == WebhookVerdict::bad_signature);
    CHECK(verify("v1,AAAA", body, ts, id) == WebhookVerdict::bad_signature);
    CHECK(verify(signature, body, ts, id, "") == WebhookVerdict::malformed);
    CHECK(verify(signature, body, ts, id, "17638344OO") == WebhookVerdict::malformed);
    CHECK(verify(signature, body, ts, id, "-1763834400") == WebhookVerdict::malformed);
    CHECK(verify(signature, body, ts, id, "99999999999999999999") == WebhookVerdict::malformed);
    // Far from now in either direction, without overflowing.
    CHECK(verify(signature, body, INT64_MIN, id, "9223372036854775807") ==
          WebhookVerdict::stale_timestamp);

    SECTION("during a secret rotation one of several signatures is enough") {
        const auto old_signature = webhook_signature(other_key, id, ts, body);
        CHECK(verify(old_signature + " " + signature, body, ts, id) == WebhookVerdict::ok);
        CHECK(verify(signature + " " + old_signature, body, ts, id) == WebhookVerdict::ok);
        CHECK(verify("v1a,c29tZXRoaW5n " + signature, body, ts, id) == WebhookVerdict::ok);
        CHECK(verify(old_signature + "  v1,AAAA", body, ts, id) == WebhookVerdict::bad_signature);
    }
    CHECK(std::string(to_string(WebhookVerdict::stale_timestamp)).find("timestamp") !=
          std::string::npos);
}

TEST_CASE("base64 round trips and refuses what is not base64", "[webhook]") {
    std::string bytes;
    for (int length = 0; length <= 40; ++length) {
        const auto encoded = base64_encode(bytes);
        CHECK(encoded.size() == (bytes.size() + 2) / 3 * 4);
        const auto decoded = base64_decode(encoded);
        REQUIRE(decoded);
        CHECK(*decoded == bytes);
        // Without its padding the text decodes to the same bytes.
        auto unpadded = encoded;
        while (!unpadded.empty() && unpadded.back() == '=') {
            unpadded.pop_back();
        }
        CHECK(base64_decode(unpadded) == bytes);
        bytes += static_cast<char>((length * 89 + 251) & 0xFF); // zeros, 0xFF and all between
    }
    CHECK(base64_encode("") == "");
    CHECK(base64_encode("f") == "Zg==");
    CHECK(base64_encode("fo") == "Zm8=");
    CHECK(base64_encode("foo") == "Zm9v");
    CHECK(base64_encode(std::string("\xFB\xFF", 2)) == "+/8=");
    CHECK(base64_decode("Zm9vYg==") == std::string("foob"));
    CHECK(base64_decode("Zm9vYmE=") == std::string("fooba"));

    CHECK_FALSE(base64_decode("Z"));        // a lone character is no byte
    CHECK_FALSE(base64_decode("Zm9vY"));    // nor is a trailing one
    CHECK_FALSE(base64_decode("Zg==="));    // too much padding
    CHECK_FALSE(base64_decode("Zg="));      // too little
    CHECK_FALSE(base64_decode("Zg==Zg==")); // padding inside
    CHECK_FALSE(base64_decode(" Zm9v"));    // whitespace
    CHECK_FALSE(base64_decode("Zm9v\n"));
    CHECK_FALSE(base64_decode("Zm-_")); // the URL-safe alphabet is another encoding
    CHECK_FALSE(base64_decode(std::string("Zm\0v", 4)));
}

TEST_CASE("Webhook ids are unique, fixed-length and dot-free", "[webhook]") {
    std::set<std::string> seen;
    for (int i = 0; i < 10000; ++i) {
        const auto id = generate_webhook_id();
        REQUIRE(id.size() == 30);
        REQUIRE(id.starts_with("msg_"));
        REQUIRE(id.find('.') == std::string::npos);
        REQUIRE(id.find_first_not_of("abcdefghijklmnopqrstuvwxyz234567", 4) == std::string::npos);
        seen.insert(id);
    }
    CHECK(seen.size() == 10000);
}
