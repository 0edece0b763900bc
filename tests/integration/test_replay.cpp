// SPDX-License-Identifier: GPL-3.0-or-later
// Replay with the real binaries: `aerowatch replay` prints the timeline in simulated time and
// never fires twice on the same database; `aerowatchd --replay` runs the service itself on the
// scenario, webhooks included, and exits at the scenario's end.
#include "notify/webhook_signature.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/webhook_receiver.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace aerowatch;
using namespace aerowatch::test;
using namespace std::chrono_literals;

namespace {

const std::string mini = AEROWATCH_FIXTURES_DIR "/replay/mini";

struct Output {
    int exit_code;
    std::string out;
    std::string err;
};

Output run(const TempDir& dir, std::vector<std::string> args) {
    ChildProcess child(args, {}, dir / "run.out", dir / "run.err");
    const auto code = child.wait_exit(60s);
    REQUIRE(code.has_value());
    return {*code, read_file(dir / "run.out"), read_file(dir / "run.err")};
}

int line_count(const std::filesystem::path& path) {
    std::ifstream in(path);
    int n = 0;
    for (std::string line; std::getline(in, line);) {
        ++n;
    }
    return n;
}

} // namespace

TEST_CASE("aerowatch replay prints the alerts in simulated time, once", "[replay]") {
    TempDir dir;
    const std::vector<std::string> args = {AEROWATCH_BINARY,
                                           "replay",
                                           mini,
                                           "--as-fast-as-possible",
                                           "--db",
                                           (dir / "replay.db").string(),
                                           "--alert-log",
                                           (dir / "alerts.jsonl").string()};
    auto first = run(dir, args);
    INFO(first.err);
    REQUIRE(first.exit_code == 0);
    CHECK_THAT(first.out, Catch::Contains("2025-11-21 18:"));
    CHECK_THAT(first.out, Catch::Contains("firing   warning  hazard:SVZM A0012/25"));
    CHECK_THAT(first.out, Catch::Contains("firing   warning  disruption_correlated:SVMI"));
    CHECK_THAT(first.out, Catch::Contains("6 of 11 flights at SVMI (Caracas) cancelled"));
    CHECK_THAT(first.out,
               Catch::Contains("  hazard                      1 alert(s)     1 event(s)"));
    CHECK_THAT(first.out, Catch::Contains("  rule hazard-disruption      1 alert(s)"));
    CHECK(line_count(dir / "alerts.jsonl") == 2);
    // Within one poll interval (5 min, +-10 % jitter) of the notice's publication at 18:08Z.
    const auto at = first.out.find("2025-11-21 18:");
    REQUIRE(at != std::string::npos);
    CHECK(std::stoi(first.out.substr(at + 14, 2)) <= 14);

    auto again = run(dir, args);
    CHECK(again.exit_code == 0);
    CHECK_THAT(again.out, !Catch::Contains("firing   warning"));
    CHECK(line_count(dir / "alerts.jsonl") == 2);

    auto bad = run(dir, {AEROWATCH_BINARY, "replay", (dir / "nowhere").string()});
    CHECK(bad.exit_code == 78);
    CHECK_THAT(bad.err, Catch::Contains("scenario.toml: cannot read"));
    CHECK(run(dir, {AEROWATCH_BINARY, "replay", mini, "--speed", "fast"}).exit_code == 64);
}

TEST_CASE("aerowatchd --replay runs the service on a scenario and sends its webhooks",
          "[replay][daemon]") {
    TempDir dir;
    const std::string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    std::string problem;
    WebhookReceiver receiver;
    dir.write("secret", secret);
    dir.write("aerowatch.toml", daemon_config_with_webhook(dir.path(), receiver.url()));
    auto daemon = run(
        dir, {AEROWATCHD_BINARY, "--config", (dir / "aerowatch.toml").string(), "--replay", mini});
    INFO(daemon.err);
    REQUIRE(daemon.exit_code == 0);
    CHECK_THAT(daemon.out, Catch::Contains("webhooks: 2 delivered, 0 pending, 0 dead"));
    CHECK_THAT(daemon.err, Catch::Contains("replay reached its end at 2025-11-25T00:00:00Z"));
    const auto received = receiver.received();
    REQUIRE(received.size() == 2);
    for (const auto& r : received) {
        // Checked at the simulated time the request was signed.
        CHECK(verify_webhook(*decode_webhook_secret(secret, problem), r.webhook_id, r.timestamp,
                             r.signature, r.body, std::stoll(r.timestamp)) == WebhookVerdict::ok);
        CHECK(r.timestamp.starts_with("176")); // 2025, the simulated clock
    }
    CHECK(nlohmann::json::parse(received[0].body)["kind"] == "hazard");
    CHECK(nlohmann::json::parse(received[1].body)["kind"] == "disruption_correlated");
    CHECK(line_count(dir / "alerts.jsonl") == 2);
}
