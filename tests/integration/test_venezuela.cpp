// SPDX-License-Identifier: GPL-3.0-or-later
// The end-to-end test of the whole product: the real daemon replays the Venezuela scenario
// (7 Nov 2025 - 31 Jan 2026: FAA, ENAIRE, EASA and State Department documents, the Caracas
// boards and two control airports) and the alerts it raises are checked against what happened,
// in the alert log and at a webhook receiver that verifies every signature.
#include "core/time.hpp"
#include "notify/webhook_signature.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/webhook_receiver.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <set>

using namespace aerowatch;
using namespace aerowatch::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

const std::string scenario = AEROWATCH_SCENARIOS_DIR "/venezuela-2025-11";

UtcTime at(const std::string& iso) {
    return *parse_iso8601(iso);
}

bool has(const json& list, const std::string& value) {
    return list.is_array() && std::find(list.begin(), list.end(), value) != list.end();
}

} // namespace

TEST_CASE("the Venezuela scenario raises the alerts that history calls for, once each",
          "[replay][daemon][venezuela]") {
    TempDir dir;
    const std::string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    std::string problem;
    const auto key = *decode_webhook_secret(secret, problem);
    WebhookReceiver receiver;
    dir.write("secret", secret);
    dir.write("aerowatch.toml", daemon_config_with_webhook(dir.path(), receiver.url()));
    ChildProcess daemon(
        {AEROWATCHD_BINARY, "--config", (dir / "aerowatch.toml").string(), "--replay", scenario},
        {}, dir / "out", dir / "err");
    const auto code = daemon.wait_exit(280s); // ~45 s optimised; ASan builds take longer
    INFO(read_file(dir / "out"));
    INFO(read_file(dir / "err").substr(0, 4000));
    REQUIRE(code == 0);

    std::vector<json> events;
    {
        std::ifstream in(dir / "alerts.jsonl");
        for (std::string line; std::getline(in, line);) {
            events.push_back(json::parse(line));
        }
    }
    REQUIRE(!events.empty());
    CHECK(events.size() < 1000);

    // No event twice: ids are unique, and no alert has the same event at the same time twice.
    std::set<std::int64_t> ids;
    std::set<std::tuple<std::int64_t, std::string, std::string>> keys;
    for (const auto& e : events) {
        CHECK(ids.insert(e["event_id"].get<std::int64_t>()).second);
        CHECK(keys.emplace(e["alert_id"].get<std::int64_t>(), e["event"], e["at"]).second);
    }

    const auto first = [&](auto predicate) -> const json* {
        for (const auto& e : events) {
            if (predicate(e)) {
                return &e;
            }
        }
        return nullptr;
    };
    const auto time_of = [](const json* e) {
        return at(e->at("at").get<std::string>());
    };

    // The FAA notice (effective 17:43Z, created 18:08Z) fires within one poll interval of the
    // FAA source (15 min, +-10 % jitter).
    const auto* notice = first([](const json& e) {
        return e["kind"] == "hazard" && e["event"] == "firing" && has(e["labels"]["firs"], "SVZM");
    });
    REQUIRE(notice != nullptr);
    CHECK(time_of(notice) >= at("2025-11-21T17:43:00Z"));
    CHECK(time_of(notice) <= at("2025-11-21T18:25:00Z"));

    // The Caracas wave: correlated by the end of 22 Nov with TAP, Avianca and GOL...
    const auto* wave = first([](const json& e) {
        return e["fingerprint"] == "disruption_correlated:SVMI" && e["event"] == "firing";
    });
    REQUIRE(wave != nullptr);
    CHECK(time_of(wave) <= at("2025-11-22T23:59:59Z"));
    for (const char* airline : {"TAP", "AVA", "GLO"}) {
        INFO(airline << " in " << (*wave)["labels"]["airlines"].dump());
        CHECK(has((*wave)["labels"]["airlines"], airline));
    }
    // ...updated as it grows to Iberia and Turkish by the end of 24 Nov.
    const auto* grown = first([](const json& e) {
        return e["fingerprint"] == "disruption_correlated:SVMI" && e["event"] == "updated" &&
               has(e["labels"]["airlines"], "IBE") && has(e["labels"]["airlines"], "THY");
    });
    REQUIRE(grown != nullptr);
    CHECK(time_of(grown) <= at("2025-11-24T23:59:59Z"));

    // The prohibitions of 3 Jan 2026 escalate the caution.
    const auto* escalated = first(
        [](const json& e) { return e["kind"] == "hazard_escalated" && e["event"] == "firing"; });
    REQUIRE(escalated != nullptr);
    CHECK(format_iso8601(time_of(escalated)).substr(0, 10) == "2026-01-03");

    // EASA's bulletin of 3 Jan names no FIR, only "Venezuela" in its title: it is about the
    // SVZM airspace all the same (its export snapshot is served from 10:41Z).
    const auto* czib = first([](const json& e) {
        return e["fingerprint"] == "hazard:EASA CZIB 142977" && e["event"] == "firing";
    });
    REQUIRE(czib != nullptr);
    CHECK(time_of(czib) >= at("2026-01-03T10:41:00Z"));
    CHECK(time_of(czib) <= at("2026-01-03T23:59:59Z"));
    CHECK(has((*czib)["labels"]["firs"], "SVZM"));
    CHECK(has((*czib)["labels"]["countries"], "VENEZUELA"));
    CHECK_THAT((*czib)["summary"].get<std::string>(),
               Catch::Contains("EASA Venezuela and neighbouring airspace (warning"));

    // Their removal on 29 Jan resolves alerts.
    const auto* lifted = first([](const json& e) {
        return e["event"] == "resolved" && e["at"].get<std::string>() >= "2026-01-29";
    });
    CHECK(lifted != nullptr);

    // The control airports stay quiet.
    for (const auto& e : events) {
        const auto kind = e["kind"].get<std::string>();
        if (kind == "disruption_correlated" || kind == "disruption_unexplained") {
            INFO(e["fingerprint"]);
            CHECK_FALSE(has(e["labels"]["airports"], "SKBO"));
            CHECK_FALSE(has(e["labels"]["airports"], "MPTO"));
        }
    }

    // Every event reached the receiver, signed, once (no kill here, so no repeat either).
    std::map<std::int64_t, int> delivered;
    for (const auto& r : receiver.received()) {
        CHECK(verify_webhook(key, r.webhook_id, r.timestamp, r.signature, r.body,
                             std::stoll(r.timestamp)) == WebhookVerdict::ok);
        ++delivered[json::parse(r.body)["event_id"].get<std::int64_t>()];
    }
    CHECK(delivered.size() == events.size());
    for (const auto& [id, count] : delivered) {
        CHECK(count == 1);
    }
}
