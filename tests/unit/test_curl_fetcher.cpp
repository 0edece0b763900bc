// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/curl_fetcher.hpp"
#include "support/fetch_helpers.hpp"
#include "support/http_server.hpp"
#include "support/self_signed.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

using namespace aerowatch;
using aerowatch::test::fetch_one;
using aerowatch::test::LocalHttpServer;

namespace {

FetchRequest request_for(const std::string& url) {
    FetchRequest r;
    r.url = url;
    r.allow_http = true; // the test servers speak plain HTTP on loopback
    r.timeout = std::chrono::seconds{10};
    r.user_agent = "aerowatch/test (+ops@example.org)";
    return r;
}

} // namespace

TEST_CASE("a conditional GET gets 200 with an ETag, then 304 with no body", "[fetcher]") {
    LocalHttpServer http;
    std::atomic<int> full_responses{0};
    http.server().Get("/notams", [&](const httplib::Request& req, httplib::Response& res) {
        if (req.get_header_value("If-None-Match") == "\"v1\"") {
            res.status = 304;
            return;
        }
        ++full_responses;
        res.set_header("ETag", "\"v1\"");
        res.set_header("Last-Modified", "Fri, 21 Nov 2025 18:08:00 GMT");
        res.set_content(R"({"items":[]})", "application/json");
    });
    http.start();
    CurlFetcher fetcher;

    auto first = fetch_one(fetcher, request_for(http.url("/notams")));
    CHECK(first.outcome == FetchOutcome::ok);
    CHECK(first.status == 200);
    CHECK(first.body == R"({"items":[]})");
    CHECK(first.etag == "\"v1\"");
    CHECK(first.last_modified == "Fri, 21 Nov 2025 18:08:00 GMT");
    CHECK(first.content_type == "application/json");

    auto again = request_for(http.url("/notams"));
    again.etag = first.etag;
    again.last_modified = first.last_modified;
    auto second = fetch_one(fetcher, again);
    CHECK(second.outcome == FetchOutcome::not_modified);
    CHECK(second.status == 304);
    CHECK(second.body.empty());
    CHECK(second.succeeded());
    CHECK(full_responses == 1);
}

TEST_CASE("429 and 503 carry their Retry-After to the caller", "[fetcher]") {
    LocalHttpServer http;
    http.server().Get("/busy", [](const httplib::Request&, httplib::Response& res) {
        res.status = 429;
        res.set_header("Retry-After", "120");
        res.set_content(R"({"title":"Too Many Requests"})", "application/json");
    });
    http.server().Get("/down", [](const httplib::Request&, httplib::Response& res) {
        res.status = 503;
        res.set_header("Retry-After", "Fri, 21 Nov 2025 18:10:00 GMT");
    });
    http.start();
    CurlFetcher fetcher;

    auto busy = fetch_one(fetcher, request_for(http.url("/busy")));
    CHECK(busy.outcome == FetchOutcome::http_error);
    CHECK(busy.status == 429);
    CHECK(busy.retry_after == "120");
    CHECK_FALSE(busy.succeeded());
    CHECK_FALSE(busy.etag.has_value());

    auto down = fetch_one(fetcher, request_for(http.url("/down")));
    CHECK(down.status == 503);
    CHECK(down.retry_after == "Fri, 21 Nov 2025 18:10:00 GMT");
}

TEST_CASE("an endless chunked body is cut at the cap", "[fetcher]") {
    LocalHttpServer http;
    std::atomic<bool> finished{false};
    std::atomic<std::size_t> sent{0};
    http.server().Get("/endless", [&](const httplib::Request&, httplib::Response& res) {
        res.set_chunked_content_provider("application/json", [&](size_t, httplib::DataSink& sink) {
            const std::string chunk(16 * 1024, 'x');
            // Stops only when the client hangs up (or, as a safety net, after 64 MiB).
            if (finished || sent > (64u << 20) || !sink.write(chunk.data(), chunk.size())) {
                sink.done();
                return false;
            }
            sent += chunk.size();
            return true;
        });
    });
    http.start();
    CurlFetcher fetcher;

    auto request = request_for(http.url("/endless"));
    request.max_body_bytes = 256 * 1024;
    auto result = fetch_one(fetcher, request);
    finished = true;
    CHECK(result.outcome == FetchOutcome::too_large);
    CHECK(result.body.empty());
    CHECK_THAT(result.error, Catch::Contains("262144"));
    CHECK(sent < (64u << 20));
}

TEST_CASE("a server that stalls after the headers is aborted by the timeout", "[fetcher]") {
    LocalHttpServer http;
    std::atomic<bool> finished{false};
    http.server().Get("/stall", [&](const httplib::Request&, httplib::Response& res) {
        res.set_chunked_content_provider("text/plain", [&](size_t, httplib::DataSink& sink) {
            sink.write("partial", 7);
            // Hold the connection open without sending more, until the test is over.
            const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds{10};
            while (!finished && std::chrono::steady_clock::now() < give_up) {
                std::this_thread::sleep_for(std::chrono::milliseconds{20});
            }
            sink.done();
            return false;
        });
    });
    http.start();
    CurlFetcher fetcher;

    auto request = request_for(http.url("/stall"));
    request.timeout = std::chrono::seconds{2};
    request.low_speed_time = std::chrono::seconds{1};
    const auto started = std::chrono::steady_clock::now();
    auto result = fetch_one(fetcher, request);
    const auto took = std::chrono::steady_clock::now() - started;
    finished = true;
    CHECK(result.outcome == FetchOutcome::timeout);
    CHECK(result.body.empty()); // a partial body is never handed on
    CHECK(took < std::chrono::seconds{5});
}

TEST_CASE("redirects never change scheme", "[fetcher]") {
    LocalHttpServer http;
    http.server().Get("/to-https", [&](const httplib::Request&, httplib::Response& res) {
        res.set_redirect("https://127.0.0.1:" + std::to_string(http.port()) + "/feed");
    });
    http.server().Get("/to-file", [](const httplib::Request&, httplib::Response& res) {
        res.set_redirect("file:///etc/passwd");
    });
    http.server().Get("/moved", [&](const httplib::Request&, httplib::Response& res) {
        res.set_redirect("/feed");
    });
    http.server().Get("/loop", [](const httplib::Request&, httplib::Response& res) {
        res.set_redirect("/loop");
    });
    http.server().Get("/feed", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("<rss/>", "application/rss+xml");
    });
    http.start();
    CurlFetcher fetcher;

    CHECK(fetch_one(fetcher, request_for(http.url("/to-https"))).outcome ==
          FetchOutcome::protocol_refused);
    CHECK(fetch_one(fetcher, request_for(http.url("/to-file"))).outcome ==
          FetchOutcome::protocol_refused);
    CHECK(fetch_one(fetcher, request_for(http.url("/loop"))).outcome ==
          FetchOutcome::protocol_refused);
    auto same_scheme = fetch_one(fetcher, request_for(http.url("/moved")));
    CHECK(same_scheme.outcome == FetchOutcome::ok);
    CHECK(same_scheme.body == "<rss/>");
}

TEST_CASE("plain http is refused unless the source allows it", "[fetcher]") {
    LocalHttpServer http;
    std::atomic<int> hits{0};
    http.server().Get("/feed", [&](const httplib::Request&, httplib::Response& res) {
        ++hits;
        res.set_content("ok", "text/plain");
    });
    http.start();
    CurlFetcher fetcher;
    auto request = request_for(http.url("/feed"));
    request.allow_http = false;
    CHECK(fetch_one(fetcher, request).outcome == FetchOutcome::protocol_refused);
    CHECK(hits == 0);
}

TEST_CASE("gzip bodies are decoded and the cap applies to the decoded size", "[fetcher]") {
    const std::string document(200 * 1024, 'N'); // compresses to a few hundred bytes
    const std::string compressed = test::gzip(document);
    LocalHttpServer http;
    http.server().Get("/gz", [&](const httplib::Request& req, httplib::Response& res) {
        CHECK_THAT(req.get_header_value("Accept-Encoding"), Catch::Contains("gzip"));
        res.set_header("Content-Encoding", "gzip");
        res.set_content(compressed, "application/json");
    });
    http.start();
    CurlFetcher fetcher;

    auto decoded = fetch_one(fetcher, request_for(http.url("/gz")));
    CHECK(decoded.outcome == FetchOutcome::ok);
    CHECK(decoded.body == document);

    auto capped = request_for(http.url("/gz"));
    capped.max_body_bytes = 64 * 1024; // far above the compressed size, below the decoded one
    REQUIRE(compressed.size() < capped.max_body_bytes);
    CHECK(fetch_one(fetcher, capped).outcome == FetchOutcome::too_large);
}

TEST_CASE("headers, user agent and HTTP Basic are sent; errors name no URL", "[fetcher]") {
    LocalHttpServer http;
    http.server().Post("/token", [](const httplib::Request& req, httplib::Response& res) {
        CHECK(req.get_header_value("User-Agent") == "aerowatch/test (+ops@example.org)");
        CHECK(req.get_header_value("Authorization") == "Basic aWQ6c2VjcmV0"); // id:secret
        CHECK(req.get_header_value("x-custom") == "1");
        CHECK(req.body == "grant_type=client_credentials");
        res.set_content(R"({"access_token":"t","expires_in":1799})", "application/json");
    });
    http.start();
    CurlFetcher fetcher;
    auto request = request_for(http.url("/token"));
    request.method = "POST";
    request.body = "grant_type=client_credentials";
    request.username = "id";
    request.password = "secret";
    request.headers.emplace_back("x-custom", "1");
    auto result = fetch_one(fetcher, request);
    CHECK(result.outcome == FetchOutcome::ok);

    const int port = test::unused_loopback_port();
    auto refused = fetch_one(fetcher, request_for("http://127.0.0.1:" + std::to_string(port) +
                                                  "/feed?access_key=SECRETKEY"));
    CHECK(refused.outcome == FetchOutcome::connect_failed);
    CHECK_THAT(refused.error, !Catch::Contains("SECRETKEY"));
}

TEST_CASE("slow sources do not hold up fast ones", "[fetcher]") {
    LocalHttpServer http;
    std::atomic<bool> finished{false};
    http.server().Get("/slow", [&](const httplib::Request&, httplib::Response& res) {
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds{10};
        while (!finished && std::chrono::steady_clock::now() < give_up) {
            std::this_thread::sleep_for(std::chrono::milliseconds{20});
        }
        res.set_content("slow", "text/plain");
    });
    http.server().Get("/fast", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("fast", "text/plain");
    });
    http.start();
    CurlFetcher fetcher;
    std::optional<FetchResult> slow;
    std::optional<FetchResult> fast;
    fetcher.start(request_for(http.url("/slow")), [&](FetchResult r) { slow = std::move(r); });
    fetcher.start(request_for(http.url("/fast")), [&](FetchResult r) { fast = std::move(r); });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{5};
    while (!fast && std::chrono::steady_clock::now() < deadline) {
        fetcher.drive(std::chrono::milliseconds{50}, -1);
    }
    REQUIRE(fast.has_value());
    CHECK(fast->body == "fast");
    CHECK_FALSE(slow.has_value());
    CHECK(fetcher.active() == 1);
    finished = true;
    fetcher.cancel_all();
    REQUIRE(slow.has_value());
    CHECK(slow->outcome == FetchOutcome::cancelled);
}

TEST_CASE("TLS verification stays on: a self-signed server is refused", "[fetcher]") {
    test::TempDir dir;
    test::write_self_signed_certificate(dir / "cert.pem", dir / "key.pem");
    httplib::SSLServer https((dir / "cert.pem").c_str(), (dir / "key.pem").c_str());
    REQUIRE(https.is_valid());
    std::atomic<int> hits{0};
    https.Get("/feed", [&](const httplib::Request&, httplib::Response& res) {
        ++hits;
        res.set_content("secret feed", "text/plain");
    });
    const int port = https.bind_to_any_port("127.0.0.1");
    std::thread server([&] { https.listen_after_bind(); });
    CurlFetcher fetcher;
    FetchRequest request;
    request.url = "https://127.0.0.1:" + std::to_string(port) + "/feed";
    request.timeout = std::chrono::seconds{10};
    const auto result = fetch_one(fetcher, request);
    https.stop();
    server.join();
    CHECK(result.outcome == FetchOutcome::tls_failed);
    CHECK(result.body.empty());
    CHECK(hits == 0); // the request never got past the handshake
}
