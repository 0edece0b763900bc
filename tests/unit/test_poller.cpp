// SPDX-License-Identifier: GPL-3.0-or-later
#include "service/poller.hpp"
#include "sources/curl_fetcher.hpp"
#include "support/fake_fetcher.hpp"
#include "support/http_server.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <map>

using namespace aerowatch;
using aerowatch::test::FakeFetcher;
using aerowatch::test::http_result;
using aerowatch::test::MemoryStateStore;
using std::chrono::seconds;

namespace {

const UtcTime start_time{std::chrono::seconds{1763747000}}; // 2025-11-21T17:43:20Z

SourceConfig source(const std::string& name,
                    const std::string& url = "https://feed.example.org/x") {
    SourceConfig c;
    c.name = name;
    c.kind = "rss";
    c.url = url;
    c.interval = seconds{300};
    return c;
}

struct Rig {
    FakeFetcher fetcher;
    MemoryStateStore store;
    ManualClock clock{start_time};
    Poller poller{fetcher, store, clock, 1234};
    int payloads = 0;

    Rig() {
        poller.set_payload_handler([this](const SourceConfig&, const FetchResult&) {
            ++payloads;
            return PageLink{};
        });
    }
    /// Moves time to the next deadline and starts what is due there.
    void run_to_next_poll() {
        const auto next = poller.next_deadline();
        REQUIRE(next.has_value());
        clock.advance(std::chrono::duration_cast<seconds>(*next - clock.steady_now()));
        poller.poll_due();
    }
};

} // namespace

TEST_CASE("poller records success, sends validators, and does not parse a 304", "[poller]") {
    Rig rig;
    rig.poller.configure({source("faa")}, "aerowatch/test");
    CHECK(rig.poller.next_deadline() <= rig.clock.steady_now() + seconds{3});
    rig.run_to_next_poll();
    REQUIRE(rig.fetcher.active() == 1);
    CHECK(rig.fetcher.pending.front().request.user_agent == "aerowatch/test");

    auto ok = http_result(200, "<rss/>");
    ok.etag = "\"v1\"";
    rig.fetcher.complete(ok);
    auto state = rig.store.states.at("faa");
    CHECK(state.last_success == rig.clock.utc_now());
    CHECK(state.etag == "\"v1\"");
    CHECK(state.fetches == 1);
    CHECK(state.bytes_received == 6);
    CHECK(state.consecutive_failures == 0);
    REQUIRE(state.next_due.has_value());
    CHECK(*state.next_due - rig.clock.utc_now() >= seconds{270});
    CHECK(rig.payloads == 1);

    rig.run_to_next_poll();
    CHECK(rig.fetcher.pending.front().request.etag == "\"v1\"");
    rig.fetcher.complete(http_result(304));
    CHECK(rig.payloads == 1); // 304: nothing to parse
    state = rig.store.states.at("faa");
    CHECK(state.etag == "\"v1\"");
    CHECK(state.last_status == 304);
    CHECK(state.fetches == 2);
}

TEST_CASE("poller backs off on failure, honours Retry-After, and recovers", "[poller]") {
    Rig rig;
    rig.poller.configure({source("aeroapi")}, "ua");
    rig.run_to_next_poll();
    rig.fetcher.complete(http_result(500));
    auto state = rig.store.states.at("aeroapi");
    CHECK(state.consecutive_failures == 1);
    CHECK(state.last_error == "HTTP 500");
    CHECK(state.last_status == 500);
    CHECK_FALSE(state.last_success.has_value());
    CHECK(*state.next_due - rig.clock.utc_now() <= seconds{30});

    rig.run_to_next_poll();
    auto throttled = http_result(429);
    throttled.retry_after = "120";
    rig.fetcher.complete(throttled);
    state = rig.store.states.at("aeroapi");
    CHECK(state.consecutive_failures == 2);
    CHECK(*state.next_due - rig.clock.utc_now() >= seconds{120});

    rig.run_to_next_poll();
    rig.fetcher.complete(http_result(200, "{}"));
    state = rig.store.states.at("aeroapi");
    CHECK(state.consecutive_failures == 0);
    CHECK_FALSE(state.last_error.has_value());
    CHECK(rig.payloads == 1);
}

TEST_CASE("OAuth2 sources fetch a token first and reuse it until shortly before expiry",
          "[poller]") {
    Rig rig;
    auto nms = source("faa-nms", "https://api-nms.aim.faa.gov/nmsapi/v1/notams");
    nms.credentials.type = Credentials::Type::oauth2_client_credentials;
    nms.credentials.token_url = "https://api-nms.aim.faa.gov/v1/auth/token";
    nms.credentials.client_id = SecretValue::secret("client", "env ID");
    nms.credentials.client_secret = SecretValue::secret("s3cret", "env SECRET");
    nms.interval = seconds{600};
    rig.poller.configure({nms}, "ua");

    rig.run_to_next_poll();
    auto token_request = rig.fetcher.complete(
        http_result(200, R"({"access_token":"tok-1","expires_in":1799,"status":"approved"})"));
    CHECK(token_request.method == "POST");
    CHECK(token_request.url == "https://api-nms.aim.faa.gov/v1/auth/token");
    CHECK(token_request.username == "client");
    CHECK(token_request.password == "s3cret");
    REQUIRE(rig.fetcher.active() == 1); // the real request followed at once
    auto request = rig.fetcher.complete(http_result(200, "[]"));
    CHECK(request.url == nms.url);
    CHECK(std::count(request.headers.begin(), request.headers.end(),
                     std::make_pair(std::string("Authorization"), std::string("Bearer tok-1"))) ==
          1);

    rig.run_to_next_poll(); // ~600 s later: the 1799 s token is still good
    request = rig.fetcher.complete(http_result(200, "[]"));
    CHECK(request.url == nms.url);

    rig.run_to_next_poll(); // ~1200 s: still good (expires at 1799, margin 60)
    rig.fetcher.complete(http_result(401));
    rig.run_to_next_poll(); // 401 dropped the token: a new one is requested
    CHECK(rig.fetcher.pending.front().request.url == nms.credentials.token_url);
    rig.fetcher.complete(http_result(500));
    CHECK(rig.store.states.at("faa-nms").last_error == "token request: HTTP 500");
    CHECK(rig.fetcher.active() == 0);
}

TEST_CASE("API keys go into the query or a header as configured", "[poller]") {
    Rig rig;
    auto stack = source("aviationstack", "https://api.aviationstack.com/v1/flights?dep_iata=CCS");
    stack.credentials.type = Credentials::Type::api_key_query;
    stack.credentials.param = "access_key";
    stack.credentials.key = SecretValue::secret("k&y", "env KEY");
    auto aero = source("aeroapi", "https://aeroapi.flightaware.com/aeroapi/airports/SVMI/flights");
    aero.credentials.type = Credentials::Type::api_key_header;
    aero.credentials.header = "x-apikey";
    aero.credentials.key = SecretValue::secret("abc", "file aeroapi.key");
    rig.poller.configure({stack, aero}, "ua");
    rig.clock.advance(seconds{5});
    rig.poller.poll_due();
    REQUIRE(rig.fetcher.active() == 2);
    std::map<std::string, FetchRequest> by_url;
    while (rig.fetcher.active() > 0) {
        auto r = rig.fetcher.complete(http_result(200, "{}"));
        by_url[r.url.find("aviationstack") != std::string::npos ? "stack" : "aero"] = r;
    }
    CHECK(by_url.at("stack").url ==
          "https://api.aviationstack.com/v1/flights?dep_iata=CCS&access_key=k%26y");
    const auto& aero_request = by_url.at("aero");
    CHECK(std::count(aero_request.headers.begin(), aero_request.headers.end(),
                     std::make_pair(std::string("x-apikey"), std::string("abc"))) == 1);
}

TEST_CASE("NMS calls carry nmsResponseFormat: GEOJSON unless the config names a format",
          "[poller]") {
    Rig rig;
    auto plain = source("nms-geojson", "https://api-nms.aim.faa.gov/nmsapi/v1/notams?a=1");
    plain.kind = "faa_nms_api";
    auto aixm = source("nms-aixm", "https://api-nms.aim.faa.gov/nmsapi/v1/notams?a=2");
    aixm.kind = "faa_nms_api";
    aixm.headers.push_back({"NMSResponseFormat", SecretValue::plain("AIXM")});
    auto legacy = source("faa-legacy", "https://external-api.faa.gov/notamapi/v1/notams");
    legacy.kind = "faa_notam_api";
    rig.poller.configure({plain, aixm, legacy}, "ua");
    rig.clock.advance(seconds{5});
    rig.poller.poll_due();
    REQUIRE(rig.fetcher.active() == 3);
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> headers;
    while (rig.fetcher.active() > 0) {
        auto r = rig.fetcher.complete(http_result(200, "{}"));
        headers[r.url] = r.headers;
    }
    using H = std::vector<std::pair<std::string, std::string>>;
    CHECK(headers.at(plain.url) == H{{"nmsResponseFormat", "GEOJSON"}});
    CHECK(headers.at(aixm.url) == H{{"NMSResponseFormat", "AIXM"}});
    CHECK(headers.at(legacy.url).empty());
}

TEST_CASE("reconfiguring adds and removes sources; late completions are ignored", "[poller]") {
    Rig rig;
    rig.poller.configure({source("a"), source("b")}, "ua");
    rig.clock.advance(seconds{5});
    rig.poller.poll_due();
    REQUIRE(rig.fetcher.active() == 2);
    auto disabled = source("c");
    disabled.enabled = false;
    rig.poller.configure({source("b"), disabled}, "ua"); // a removed while in flight
    CHECK(rig.poller.source_count() == 1);
    rig.fetcher.complete(http_result(200, "x"));
    rig.fetcher.complete(http_result(200, "x"));
    CHECK(rig.store.states.count("a") == 0);
    CHECK(rig.store.states.count("b") == 1);
    CHECK(rig.store.states.count("c") == 0);
}

TEST_CASE("a restart keeps the remembered next poll instead of polling at once", "[poller]") {
    Rig rig;
    SourceState remembered;
    remembered.name = "easa";
    remembered.next_due = start_time + seconds{200};
    rig.store.states["easa"] = remembered;
    rig.poller.configure({source("easa")}, "ua");
    const auto first = *rig.poller.next_deadline() - rig.clock.steady_now();
    CHECK(first >= seconds{200});
    CHECK(first <= seconds{203});
}

TEST_CASE("a failing source served by a real server backs off", "[poller]") {
    test::LocalHttpServer http;
    std::atomic<int> hits{0};
    http.server().Get("/feed", [&](const httplib::Request&, httplib::Response& res) {
        ++hits;
        res.status = 500;
        res.set_content("boom", "text/plain");
    });
    http.start();
    CurlFetcher fetcher;
    MemoryStateStore store;
    ManualClock clock{start_time};
    Poller poller(fetcher, store, clock, 99);
    auto config = source("local", http.url("/feed"));
    config.allow_http = true;
    poller.configure({config}, "ua");

    std::vector<seconds> delays;
    for (int i = 0; i < 4; ++i) {
        clock.advance(
            std::chrono::duration_cast<seconds>(*poller.next_deadline() - clock.steady_now()));
        poller.poll_due();
        const auto deadline = std::chrono::steady_clock::now() + seconds{10};
        while (fetcher.active() > 0 && std::chrono::steady_clock::now() < deadline) {
            fetcher.drive(std::chrono::milliseconds{50}, -1);
        }
        const auto& state = store.states.at("local");
        CHECK(state.consecutive_failures == i + 1);
        delays.push_back(*state.next_due - clock.utc_now());
    }
    CHECK(hits == 4);
    // Ceilings 30, 60, 120, 240 with equal jitter: each delay within its step.
    for (std::size_t i = 0; i < delays.size(); ++i) {
        const auto ceiling = Scheduler::backoff_ceiling(static_cast<int>(i + 1), seconds{3600});
        CHECK(delays[i] >= ceiling / 2);
        CHECK(delays[i] <= ceiling);
    }
}

TEST_CASE("poller follows the pages a payload names, up to max_pages", "[poller][paging]") {
    FakeFetcher fetcher;
    MemoryStateStore store;
    ManualClock clock{start_time};
    Poller poller{fetcher, store, clock, 99};
    auto aeroapi = source("aeroapi", "https://aeroapi.flightaware.com/aeroapi/airports/SVMI/"
                                     "flights/scheduled_departures");
    aeroapi.headers.push_back({"x-apikey", SecretValue::plain("key")});
    aeroapi.max_pages = 3;
    int delivered = 0;
    poller.set_payload_handler([&](const SourceConfig&, const FetchResult& result) {
        ++delivered;
        PageLink link;
        if (result.body != "last") {
            link.url = "/airports/SVMI/flights/scheduled_departures?cursor=" + result.body;
        }
        return link;
    });
    poller.configure({aeroapi}, "ua");
    clock.advance(seconds{5});
    poller.poll_due();
    REQUIRE(fetcher.active() == 1);

    fetcher.complete(http_result(200, "c1"));
    REQUIRE(fetcher.active() == 1); // page 2 requested at once, not at the next interval
    const auto& page2 = fetcher.pending.front().request;
    CHECK(page2.url == "https://aeroapi.flightaware.com/aeroapi/airports/SVMI/flights/"
                       "scheduled_departures?cursor=c1");
    CHECK_FALSE(page2.etag.has_value()); // pages are never conditional
    REQUIRE(page2.headers.size() == 1);
    CHECK(page2.headers.front().first == "x-apikey");

    fetcher.complete(http_result(200, "c2"));
    fetcher.complete(http_result(200, "c3")); // page 3 names a page 4: past max_pages
    CHECK(fetcher.active() == 0);
    CHECK(delivered == 3);
    CHECK(store.states.at("aeroapi").fetches == 1);        // one poll ...
    CHECK(store.states.at("aeroapi").bytes_received == 6); // ... of three pages
}

TEST_CASE("a failed page leaves the poll's success alone; another host gets no credentials",
          "[poller][paging]") {
    FakeFetcher fetcher;
    MemoryStateStore store;
    ManualClock clock{start_time};
    Poller poller{fetcher, store, clock, 7};
    auto nms = source("nms", "https://api-nms.aim.faa.gov/nmsapi/v1/notams");
    nms.headers.push_back({"nmsResponseFormat", SecretValue::plain("GEOJSON")});
    poller.set_payload_handler([&](const SourceConfig&, const FetchResult& result) {
        PageLink link;
        if (result.body == "first") {
            link.url = "https://nms-content.example.net/initial-load/abc.json.gz";
        }
        return link;
    });
    poller.configure({nms}, "ua");
    clock.advance(seconds{5});
    poller.poll_due();
    fetcher.complete(http_result(200, "first"));
    REQUIRE(fetcher.active() == 1);
    CHECK(fetcher.pending.front().request.url ==
          "https://nms-content.example.net/initial-load/abc.json.gz");
    CHECK(fetcher.pending.front().request.headers.empty());
    fetcher.complete(http_result(503));
    const auto state = store.states.at("nms");
    CHECK(state.consecutive_failures == 0);
    CHECK(state.last_success.has_value());
    CHECK_FALSE(state.last_error.has_value());
}
