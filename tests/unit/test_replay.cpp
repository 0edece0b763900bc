// SPDX-License-Identifier: GPL-3.0-or-later
// Scenario manifests and the replay fetcher: what a fetch returns at each simulated time.
#include "config/config.hpp"
#include "core/time.hpp"
#include "replay/scenario.hpp"
#include "replay/scenario_fetcher.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace aerowatch;
using aerowatch::test::TempDir;
using namespace std::chrono_literals;

namespace {

const std::string mini = AEROWATCH_FIXTURES_DIR "/replay/mini";
const std::string notams_url = "https://notams.example.org/svzm.txt";

UtcTime at(const char* iso) {
    return *parse_iso8601(iso);
}

FetchResult fetch(ScenarioFetcher& fetcher, const std::string& url,
                  std::optional<std::string> etag = std::nullopt) {
    FetchRequest request;
    request.url = url;
    request.etag = std::move(etag);
    FetchResult result;
    fetcher.start(request, [&](FetchResult r) { result = std::move(r); });
    fetcher.drive(0ms, -1);
    return result;
}

std::vector<std::string> errors_of(const TempDir& dir) {
    try {
        load_scenario(dir.path());
    } catch (const ConfigError& e) {
        return e.errors();
    }
    return {};
}

} // namespace

TEST_CASE("a scenario manifest is read with its snapshots in time order", "[replay]") {
    const auto scenario = load_scenario(mini);
    CHECK(scenario.name == "mini-venezuela");
    CHECK(scenario.start == at("2025-11-21T12:00:00Z"));
    CHECK(scenario.end == at("2025-11-25T00:00:00Z"));
    CHECK(scenario.config.filename() == "aerowatch.toml");
    CHECK(scenario.snapshot_count() == 2);
    REQUIRE(scenario.snapshots.at("notams").size() == 1);
    CHECK_THAT(scenario.snapshots.at("notams")[0].body, Catch::StartsWith("A0012/25 NOTAMN"));
}

TEST_CASE("a fetch returns the snapshot in force, 304 for its ETag, and time moves in drive()",
          "[replay]") {
    const auto scenario = load_scenario(mini);
    ReplayClock clock(scenario.start);
    ScenarioFetcher fetcher(scenario, {{notams_url, "notams"}}, clock, 0);

    auto before = fetch(fetcher, notams_url);
    CHECK(before.outcome == FetchOutcome::not_modified); // nothing recorded yet
    CHECK(clock.utc_now() == scenario.start);            // answering takes no time

    fetcher.drive(std::chrono::milliseconds(6h + 8min), -1);
    CHECK(clock.utc_now() == at("2025-11-21T18:08:00Z"));
    auto first = fetch(fetcher, notams_url);
    CHECK(first.outcome == FetchOutcome::ok);
    CHECK(first.status == 200);
    CHECK_THAT(first.body, Catch::StartsWith("A0012/25 NOTAMN"));
    REQUIRE(first.etag);
    auto again = fetch(fetcher, notams_url, first.etag);
    CHECK(again.outcome == FetchOutcome::not_modified);

    auto unknown = fetch(fetcher, "https://elsewhere.example.org/");
    CHECK(unknown.outcome == FetchOutcome::http_error);
    CHECK(unknown.status == 404);
    CHECK(fetcher.fetches() == 4);
}

TEST_CASE("a later snapshot replaces the earlier one from its time on", "[replay]") {
    TempDir dir;
    dir.write("a.txt", "first");
    dir.write("b.txt", "second");
    dir.write("c.json", "");
    dir.write("scenario.toml", R"(start = "2025-11-21T00:00:00Z"
end = "2025-11-22T00:00:00Z"
config = "aerowatch.toml"
[[snapshot]]
at = "2025-11-21T12:00:00Z"
source = "feed"
file = "b.txt"
[[snapshot]]
at = "2025-11-21T06:00:00Z"
source = "feed"
file = "a.txt"
[[snapshot]]
at = "2025-11-21T18:00:00Z"
source = "feed"
file = "c.json"
status = 204
)");
    const auto scenario = load_scenario(dir.path());
    ReplayClock clock(scenario.start);
    ScenarioFetcher fetcher(scenario, {{"https://x.example.org/", "feed"}}, clock, 0);
    fetcher.drive(std::chrono::milliseconds(7h), -1);
    CHECK(fetch(fetcher, "https://x.example.org/").body == "first");
    fetcher.drive(std::chrono::milliseconds(6h), -1);
    CHECK(fetch(fetcher, "https://x.example.org/").body == "second");
    fetcher.drive(std::chrono::milliseconds(6h), -1);
    const auto none = fetch(fetcher, "https://x.example.org/");
    CHECK(none.status == 204);
    CHECK(none.outcome == FetchOutcome::ok);
    CHECK(none.body.empty());
}

TEST_CASE("scenario errors name the file, the line and the key", "[replay]") {
    TempDir dir;
    dir.write("scenario.toml", R"(start = "2025-11-21T00:00:00Z"
end = "2025-11-20T00:00:00Z"
config = "aerowatch.toml"
speed = 3
[[snapshot]]
at = "2025-12-01T00:00:00Z"
source = "feed"
file = "missing.txt"
[[snapshot]]
source = "feed"
file = "missing.txt"
)");
    const auto errors = errors_of(dir);
    const auto file = (dir / "scenario.toml").string();
    REQUIRE(errors.size() == 6);
    CHECK(errors[0] == file + ":2: end: must be after start");
    CHECK(errors[1] == file + ":4: speed: unknown key");
    CHECK(errors[2] == file + ":6: snapshot #1: at: outside the scenario's span");
    CHECK_THAT(errors[3], Catch::StartsWith(file + ":8: snapshot #1: file: "));
    CHECK(errors[4] == file + ":9: snapshot #2: at: required key is missing");
    CHECK_THAT(errors[5], Catch::StartsWith(file + ":11: snapshot #2: file: "));
}
