// SPDX-License-Identifier: GPL-3.0-or-later
// The real aerowatchd's HTTP side: health, readiness, the JSON API against the CLI's --json,
// the metrics through promtool, the token, and a port that cannot be bound.
#include "integration/daemon_rig.hpp"

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <cstdlib>
#include <regex>

using namespace aerowatch;
using namespace aerowatch::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

constexpr const char* token = "4f1c0c8e2b9d7a6f5e3d1c0b9a8f7e6d";

/// The port from "http: listening on 127.0.0.1:PORT" in the daemon's log, once it is there.
int listening_port(const DaemonRig& rig) {
    int port = 0;
    eventually(
        [&] {
            std::smatch m;
            const auto log = rig.log();
            if (std::regex_search(log, m, std::regex(R"(http: listening on 127\.0\.0\.1:(\d+))"))) {
                port = std::stoi(m[1]);
            }
            return port != 0;
        },
        10s);
    return port;
}

struct Answer {
    int status = 0;
    std::string body;
    std::string content_type;
    std::string www_authenticate;
};

Answer get(int port, const std::string& path, const char* bearer = token,
           const std::string& method = "GET") {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(10, 0);
    httplib::Headers headers;
    if (bearer != nullptr) {
        headers.emplace("Authorization", std::string("Bearer ") + bearer);
    }
    auto result = method == "POST" ? client.Post(path.c_str(), headers, "{}", "application/json")
                                   : client.Get(path.c_str(), headers);
    if (!result) {
        return {};
    }
    return {result->status, result->body, result->get_header_value("Content-Type"),
            result->get_header_value("WWW-Authenticate")};
}

json cli_json(const DaemonRig& rig, std::vector<std::string> args) {
    args.insert(args.begin(),
                {AEROWATCH_BINARY, "--config", (rig.dir / "aerowatch.toml").string(), "--json"});
    ChildProcess cli(args, {}, rig.dir / "cli.out", rig.dir / "cli.err");
    REQUIRE(cli.wait_exit(30s) == 0);
    return json::parse(read_file(rig.dir / "cli.out"));
}

} // namespace

TEST_CASE("aerowatchd serves health, readiness, the API and metrics; the token guards them",
          "[daemon][http]") {
    DaemonRig rig;
    rig.write_config(rig.config(true, "30s", fmt::format("http_token = \"{}\"", token)));
    auto daemon = rig.start();
    REQUIRE(rig.notify.receive_until("READY=1", 10s));
    const int port = listening_port(rig);
    REQUIRE(port > 0);
    REQUIRE(eventually(
        [&] {
            const auto ready = get(port, "/readyz");
            if (ready.status != 200) {
                return false;
            }
            const auto body = json::parse(ready.body);
            for (const auto& s : body["sources"]) {
                if (s["health"] != "ok") {
                    return false;
                }
            }
            // Readiness follows the fetch; the hazards are stored just after it.
            const auto hazards = get(port, "/api/v1/hazards");
            return hazards.status == 200 && json::parse(hazards.body).size() >= 3;
        },
        15s));

    SECTION("health and readiness") {
        const auto health = get(port, "/healthz", nullptr); // no token needed
        CHECK(health.status == 200);
        CHECK(health.content_type == "application/json; charset=utf-8");
        CHECK(json::parse(health.body)["status"] == "ok");
        const auto ready = json::parse(get(port, "/readyz").body);
        INFO(ready.dump(2));
        CHECK(ready["ready"] == true);
        CHECK(ready["database"] == "ok");
        REQUIRE(ready["sources"].size() == 2);
        CHECK(ready["sources"][0]["name"] == "easa-czib");
        CHECK(ready["sources"][0]["last_success"].is_string());
    }

    SECTION("without the right token only /healthz answers") {
        for (const char* path :
             {"/readyz", "/metrics", "/", "/map.svg", "/api/v1/alerts", "/api/v1/alerts/1",
              "/api/v1/hazards", "/api/v1/flights", "/api/v1/sources", "/no-such-path"}) {
            INFO(path);
            const auto none = get(port, path, nullptr);
            CHECK(none.status == 401);
            CHECK(none.www_authenticate == "Bearer realm=\"aerowatch\"");
            CHECK(json::parse(none.body)["error"] == "missing or wrong bearer token");
            CHECK(get(port, path, "4f1c0c8e2b9d7a6f5e3d1c0b9a8f7e6X").status == 401);
            CHECK(get(port, path, "4f1c0c8e").status == 401); // a prefix is not the token
        }
        // The token never reaches the log.
        CHECK(rig.log().find(token) == std::string::npos);
    }

    SECTION("the API answers what the CLI prints") {
        const auto hazards = get(port, "/api/v1/hazards");
        REQUIRE(hazards.status == 200);
        const auto api_hazards = json::parse(hazards.body);
        CHECK(api_hazards.size() >= 3); // the CZIB bulletins and the travel advisories
        CHECK(api_hazards == cli_json(rig, {"hazards"}));
        CHECK(json::parse(get(port, "/api/v1/hazards?active=true").body) ==
              cli_json(rig, {"hazards", "--active"}));
        CHECK(json::parse(get(port, "/api/v1/hazards?airport=SVMI").body) ==
              cli_json(rig, {"hazards", "--airport", "SVMI"}));

        auto api_sources = json::parse(get(port, "/api/v1/sources").body);
        INFO(api_sources.dump(2));
        INFO(get(port, "/readyz").body);
        REQUIRE(api_sources.size() == 2);
        for (auto& s : api_sources) {
            CHECK(s["health"] == "ok");
            s.erase("health"); // the daemon knows its start time; the CLI does not
        }
        CHECK(api_sources == cli_json(rig, {"sources"}));
        CHECK(json::parse(get(port, "/api/v1/alerts?state=firing").body) ==
              cli_json(rig, {"alerts", "--state", "firing"}));
        CHECK(json::parse(get(port, "/api/v1/flights?status=cancelled").body) ==
              cli_json(rig, {"flights", "--status", "cancelled"}));
    }

    SECTION("bad requests get a 400, 404 or 405 that says why") {
        auto error_of = [&](const std::string& path, int status) {
            const auto answer = get(port, path);
            CHECK(answer.status == status);
            return json::parse(answer.body).value("error", "");
        };
        CHECK(error_of("/api/v1/alerts?state=burning", 400) ==
              "state: expected firing or resolved");
        CHECK(error_of("/api/v1/alerts?since=yesterday", 400) ==
              "since: expected a UTC time (2025-11-24T00:00:00Z) or a duration (24h)");
        CHECK(error_of("/api/v1/hazards?fri=SVZM", 400) ==
              "unknown parameter \"fri\"; this path takes active, fir, airport");
        CHECK(error_of("/api/v1/hazards?active=maybe", 400) == "active: expected true or false");
        CHECK(error_of("/api/v1/flights?date=21/11/2025", 400) ==
              "date: expected YYYY-MM-DD, not \"21/11/2025\"");
        CHECK(error_of("/api/v1/flights?limit=0", 400) ==
              "limit: expected a number from 1 to 10000");
        CHECK(error_of("/api/v1/alerts/abc", 400) == "expected an alert id, not \"abc\"");
        CHECK(error_of("/api/v1/alerts/424242", 404) == "no alert 424242");
        CHECK(error_of("/api/v2/alerts", 404) == "no such path");
        const auto post = get(port, "/api/v1/alerts", token, "POST");
        CHECK(post.status == 405);
    }

    SECTION("metrics pass promtool and count what happened") {
        const auto metrics = get(port, "/metrics");
        REQUIRE(metrics.status == 200);
        CHECK(metrics.content_type == "text/plain; version=0.0.4; charset=utf-8");
        const auto file = rig.dir.write("metrics.txt", metrics.body);
        const auto check = fmt::format("promtool check metrics < {} > {} 2>&1", file.string(),
                                       (rig.dir / "promtool.out").string());
        const int rc = std::system(check.c_str());
        INFO(read_file(rig.dir / "promtool.out"));
        CHECK(rc == 0);
        CHECK_THAT(metrics.body,
                   Catch::Contains("aerowatch_source_fetches_total{source=\"easa-czib\","
                                   "result=\"ok\"} 1\n"));
        CHECK_THAT(metrics.body,
                   Catch::Contains("aerowatch_source_fetch_duration_seconds_count{source=\"easa-"
                                   "czib\"} 1\n"));
        CHECK_THAT(metrics.body, Catch::Contains("aerowatch_source_items_parsed_total{source="
                                                 "\"easa-czib\"} 3\n"));
        CHECK_THAT(metrics.body,
                   Catch::Contains("aerowatch_source_healthy{source=\"state-dept\"} 1\n"));
        CHECK_THAT(metrics.body, Catch::Contains("aerowatch_ready 1\n"));
        CHECK_THAT(metrics.body, Catch::Contains("# TYPE aerowatch_alerts_firing gauge\n"));
        CHECK_THAT(metrics.body, Catch::Contains("# TYPE aerowatch_webhook_outbox_depth gauge\n"));
        CHECK_THAT(metrics.body, Catch::Contains("# TYPE aerowatch_flights gauge\n"));
    }

    SECTION("the status page and its map") {
        const auto page = get(port, "/");
        REQUIRE(page.status == 200);
        CHECK(page.content_type == "text/html; charset=utf-8");
        CHECK_THAT(page.body, Catch::Contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        CHECK_THAT(page.body, Catch::Contains("easa-czib"));
        const auto map = get(port, "/map.svg");
        CHECK(map.status == 200);
        CHECK(map.content_type == "image/svg+xml; charset=utf-8");
    }

    daemon->signal(SIGTERM);
    CHECK(daemon->wait_exit(10s) == 0);
}

TEST_CASE("aerowatchd exits 69 when http_listen is taken, and serves nothing with \"off\"",
          "[daemon][http]") {
    LocalHttpServer squatter; // holds a loopback port
    squatter.start();
    DaemonRig rig;
    auto config = rig.config(false);
    config = std::regex_replace(config, std::regex(R"(http_listen = "127\.0\.0\.1:0")"),
                                fmt::format("http_listen = \"127.0.0.1:{}\"", squatter.port()));
    rig.write_config(config);
    auto daemon = rig.start();
    CHECK(daemon->wait_exit(10s) == 69);
    CHECK_THAT(rig.log(), Catch::Contains(
                              fmt::format("http: cannot listen on 127.0.0.1:{}", squatter.port())));

    DaemonRig quiet;
    quiet.write_config(std::regex_replace(quiet.config(false),
                                          std::regex(R"(http_listen = "127\.0\.0\.1:0")"),
                                          "http_listen = \"off\""));
    auto off = quiet.start();
    REQUIRE(quiet.notify.receive_until("READY=1", 10s));
    CHECK_THAT(quiet.log(), Catch::Contains("http: off"));
    off->signal(SIGTERM);
    CHECK(off->wait_exit(10s) == 0);
}
