// SPDX-License-Identifier: GPL-3.0-or-later
// The webhook and outbox commands of the real CLI, and the real daemon's handling of a
// receiver that answers 410 Gone: the endpoint is disabled, that becomes an alert, the alert log
// follows a rotation, and a retry from the dead letters delivers everything.
#include "core/time.hpp"
#include "notify/webhook_signature.hpp"
#include "store/sqlite_store.hpp"
#include "support/fixture_dates.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/webhook_receiver.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <fstream>

using namespace aerowatch;
using namespace aerowatch::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

const std::string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

std::string key() {
    std::string problem;
    return *decode_webhook_secret(secret, problem);
}

struct Output {
    int exit_code;
    std::string out;
    std::string err;
};

Output run_cli(const TempDir& dir, std::vector<std::string> args) {
    args.insert(args.begin(), {AEROWATCH_BINARY, "--config", (dir / "aerowatch.toml").string()});
    ChildProcess cli(args, {}, dir / "cli.out", dir / "cli.err");
    const auto code = cli.wait_exit(30s);
    REQUIRE(code.has_value());
    return {*code, read_file(dir / "cli.out"), read_file(dir / "cli.err")};
}

std::string webhook_table(const std::string& name, const std::string& url,
                          const std::string& format = "native") {
    return fmt::format(R"(
[[webhook]]
name = "{}"
url = "{}"
secret = {{ file = "secret" }}
format = "{}"
allow_http = true
)",
                       name, url, format);
}

std::vector<json> log_lines(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::vector<json> out;
    for (std::string line; std::getline(in, line);) {
        out.push_back(json::parse(line));
    }
    return out;
}

} // namespace

TEST_CASE("aerowatch webhook test posts a signed test event and prints the answer",
          "[cli][webhook]") {
    TempDir dir;
    WebhookReceiver receiver(key());
    dir.write("secret", secret + "\n");
    dir.write("aerowatch.toml",
              fmt::format("[daemon]\nhttp_listen = \"127.0.0.1:0\"\nstate_directory = \"{}\"\n",
                          (dir / "state").string()) +
                  webhook_table("ops", receiver.url()) +
                  webhook_table("chat", receiver.url(), "slack"));

    auto ok = run_cli(dir, {"webhook", "test", "ops"});
    INFO(ok.err);
    CHECK(ok.exit_code == 0);
    CHECK_THAT(ok.out, Catch::Contains("webhook ops: posted a native test event (signed)"));
    CHECK_THAT(ok.out, Catch::Contains("receiver answered HTTP 200"));
    CHECK_THAT(ok.out, Catch::Contains("response: {\"ok\":true}"));
    REQUIRE(receiver.count() == 1);
    const auto first = receiver.received().at(0);
    CHECK(first.verdict == "ok");
    CHECK_THAT(ok.out, Catch::Contains(first.webhook_id));
    const auto body = json::parse(first.body);
    CHECK(body["test"] == true);
    CHECK(body["fingerprint"] == "test:ops");

    auto slack = run_cli(dir, {"webhook", "test", "chat"});
    CHECK(slack.exit_code == 0);
    REQUIRE(receiver.count() == 2);
    CHECK(json::parse(receiver.received().at(1).body).contains("text"));

    receiver.script({WebhookReceiver::Reply{503}});
    auto failed = run_cli(dir, {"--json", "webhook", "test", "ops"});
    CHECK(failed.exit_code == 1);
    const auto answer = json::parse(failed.out);
    CHECK(answer["status"] == 503);
    CHECK(answer["ok"] == false);

    CHECK(run_cli(dir, {"webhook", "test", "nobody"}).exit_code == 64);
    // A test event is not an alert: nothing was queued, not even a database created.
    CHECK_FALSE(std::filesystem::exists(dir / "state" / "aerowatch.db"));
}

TEST_CASE("aerowatch outbox lists deliveries and requeues dead letters", "[cli][webhook]") {
    TempDir dir;
    dir.write("aerowatch.toml",
              fmt::format("[daemon]\nhttp_listen = \"127.0.0.1:0\"\nstate_directory = \"{}\"\n",
                          (dir / "state").string()));
    std::int64_t dead_id = 0;
    {
        std::filesystem::create_directories(dir / "state");
        auto store = SqliteStore::open(dir / "state" / "aerowatch.db");
        OutboxRoute route;
        route.endpoint = "ops";
        store->outbox().set_routes({route});
        const UtcTime at{std::chrono::seconds{1763748180}};
        for (const char* key : {"KICZ A0012/25", "KICZ A0013/25"}) {
            Alert a;
            a.fingerprint = std::string("hazard:") + key;
            a.subject = key;
            a.summary = std::string(key) + " over SVZM";
            sqlite::Transaction tx(store->database());
            store->alerts().record(a, AlertEventType::firing, at, false);
            tx.commit();
        }
        dead_id = store->outbox().pending("ops", 1).at(0).id;
        store->outbox().mark_dead(dead_id, 1, 400, "HTTP 400: {\"error\":\"bad\"}", at);
    }
    auto all = run_cli(dir, {"outbox"});
    CHECK(all.exit_code == 0);
    CHECK_THAT(all.out, Catch::StartsWith("outbox: 1 pending, 0 delivered, 1 dead\n"));
    CHECK_THAT(all.out, Catch::Contains("HTTP 400: {\"error\":\"bad\"}"));
    auto dead = json::parse(run_cli(dir, {"--json", "outbox", "--dead"}).out);
    REQUIRE(dead["deliveries"].size() == 1);
    CHECK(dead["deliveries"][0]["id"] == dead_id);
    CHECK(dead["deliveries"][0]["state"] == "dead");
    CHECK(dead["deliveries"][0]["webhook_id"].get<std::string>().starts_with("msg_"));

    CHECK(run_cli(dir, {"outbox", "retry", "abc"}).exit_code == 64);
    CHECK(run_cli(dir, {"outbox", "retry"}).exit_code == 64);
    CHECK(run_cli(dir, {"outbox", "retry", "999"}).exit_code == 1);
    auto retried = run_cli(dir, {"outbox", "retry", std::to_string(dead_id)});
    CHECK(retried.exit_code == 0);
    CHECK(retried.out == "1 dead letter requeued; the daemon sends it within a second\n");
    CHECK_THAT(run_cli(dir, {"outbox"}).out,
               Catch::StartsWith("outbox: 2 pending, 0 delivered, 0 dead\n"));
    CHECK(run_cli(dir, {"outbox", "retry", "--all-dead"}).out ==
          "0 dead letters requeued; the daemon sends them within a second\n");
}

TEST_CASE("aerowatchd: a 410 disables the endpoint and raises an alert; the alert log follows "
          "a rotation; a retry delivers everything",
          "[daemon][webhook]") {
    const auto now = std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now());
    std::string notam = read_file(AEROWATCH_FIXTURES_DIR "/notam/kicz_a0012_25.icao.txt");
    notam = replace_all(notam, "2511211743", notam_time(now - 24h));
    notam = replace_all(notam, "2602192359", notam_time(now + 24h * 60));
    TempDir dir;
    LocalHttpServer feed;
    feed.server().Get("/notams.txt", [notam](const httplib::Request&, httplib::Response& res) {
        res.set_content(notam, "text/plain");
    });
    feed.start();
    WebhookReceiver receiver(key());
    receiver.script({WebhookReceiver::Reply{410}});
    dir.write("secret", secret);
    dir.write("aerowatch.toml",
              fmt::format(R"([daemon]
http_listen = "127.0.0.1:0"
state_directory = "{}"
alert_log = "{}"

[correlation]
interval = "1s"

[[watch]]
name = "venezuela"
firs = ["SVZM"]

[[source]]
name = "notams"
kind = "icao_notam_text"
url = "{}"
interval = "1h"
allow_http = true
)",
                          (dir / "state").string(), (dir / "alerts.jsonl").string(),
                          feed.url("/notams.txt")) +
                  webhook_table("ops", receiver.url()));
    NotifySocket notify(dir / "notify.sock");
    ChildProcess daemon({AEROWATCHD_BINARY, "--config", (dir / "aerowatch.toml").string()},
                        {notify.env()}, dir / "out", dir / "err");
    REQUIRE(notify.receive_until("READY=1", 10s));
    const auto logged = [&](const std::filesystem::path& path, const std::string& fingerprint,
                            const std::string& event) {
        return [&, path, fingerprint, event] {
            for (const auto& line : log_lines(path)) {
                if (line["fingerprint"] == fingerprint && line["event"] == event) {
                    return true;
                }
            }
            return false;
        };
    };
    const bool disabled =
        eventually(logged(dir / "alerts.jsonl", "source_unhealthy:webhook:ops", "firing"), 20s);
    INFO(read_file(dir / "err"));
    REQUIRE(disabled);
    CHECK(receiver.count() == 1); // the hazard's event, answered 410; nothing since
    CHECK_THAT(read_file(dir / "err"), Catch::Contains("the receiver answered 410 Gone"));
    CHECK_THAT(read_file(dir / "err"),
               Catch::Contains("firing [critical] source_unhealthy:webhook:ops"));

    // logrotate: rename, then SIGUSR1; the daemon writes on in a new file.
    std::filesystem::rename(dir / "alerts.jsonl", dir / "alerts.jsonl.1");
    daemon.signal(SIGUSR1);
    REQUIRE(eventually([&] { return std::filesystem::exists(dir / "alerts.jsonl"); }, 10s));

    auto retried = run_cli(dir, {"outbox", "retry", "--all-dead"});
    CHECK(retried.exit_code == 0);
    // The endpoint is back: its alert resolves and every event reaches the receiver.
    const bool resolved =
        eventually(logged(dir / "alerts.jsonl", "source_unhealthy:webhook:ops", "resolved"), 20s);
    REQUIRE(resolved);
    REQUIRE(eventually([&] { return receiver.count() == 4; }, 20s));
    daemon.signal(SIGTERM);
    REQUIRE(daemon.wait_exit(10s) == 0);

    std::vector<std::int64_t> ids;
    for (const auto* file : {"alerts.jsonl.1", "alerts.jsonl"}) {
        for (const auto& line : log_lines(dir / file)) {
            ids.push_back(line["event_id"].get<std::int64_t>());
        }
    }
    CHECK(ids == std::vector<std::int64_t>{1, 2, 3});
    std::vector<std::int64_t> sent;
    for (const auto& r : receiver.received()) {
        CHECK(r.verdict == "ok");
        sent.push_back(json::parse(r.body)["event_id"].get<std::int64_t>());
    }
    // The first try of event 1 (410), then events 1, 2, 3 in order after the retry.
    CHECK(sent == std::vector<std::int64_t>{1, 1, 2, 3});
}

TEST_CASE("aerowatch webhook listen checks signatures and prints each event", "[cli][webhook]") {
    TempDir dir;
    dir.write("secret", secret + "\n");
    const int port = unused_loopback_port();
    ChildProcess listener({AEROWATCH_BINARY, "webhook", "listen",
                           "127.0.0.1:" + std::to_string(port), "--secret-file",
                           (dir / "secret").string()},
                          {}, dir / "listen.out", dir / "listen.err");
    REQUIRE(eventually(
        [&] { return read_file(dir / "listen.out").find("listening on") != std::string::npos; },
        10s));
    const auto url = fmt::format("http://127.0.0.1:{}/aerowatch", port);
    dir.write("aerowatch.toml",
              fmt::format("[daemon]\nhttp_listen = \"127.0.0.1:0\"\nstate_directory = \"{}\"\n",
                          (dir / "state").string()) +
                  webhook_table("ops", url));
    CHECK(run_cli(dir, {"webhook", "test", "ops"}).exit_code == 0);
    // A wrong key is refused with 401, which `webhook test` reports as a failure.
    dir.write("secret", "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    auto refused = run_cli(dir, {"webhook", "test", "ops"});
    CHECK(refused.exit_code == 1);
    CHECK_THAT(refused.out, Catch::Contains("HTTP 401"));
    listener.signal(SIGTERM);
    listener.wait_exit(5s);
    const auto printed = read_file(dir / "listen.out");
    CHECK_THAT(printed, Catch::Contains("[ok] firing info test:ops"));
    CHECK_THAT(printed, Catch::Contains("[bad signature] firing info test:ops"));
}
