// SPDX-License-Identifier: GPL-3.0-or-later
// The real aerowatchd polling local servers that serve hazard feeds in their real formats:
// what it stores, and that polling the same documents again changes nothing.
#include "core/time.hpp"
#include "store/sqlite_store.hpp"
#include "support/http_server.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <csignal>
#include <map>
#include <set>

using namespace aerowatch;
using namespace aerowatch::test;
using namespace std::chrono_literals;

namespace {

struct Feed {
    const char* name;
    const char* kind;
    const char* fixture;
};

// One source per parser family, each serving a fixture in its real format.
const Feed feeds[] = {
    {"faa-notice", "faa_security_notice", "notam/kicz_a0012_25.txt"},
    {"faa-api", "faa_notam_api", "faa_api/legacy_page1.json"},
    {"easa-json", "easa_czib_json", "easa/czib_export.json"},
    {"easa-rss", "easa_czib_rss", "easa/czib_feed.xml"},
    {"awc", "awc_isigmet", "awc/isigmet.json"},
    {"state-dept", "state_dept_rss", "statedept/TAsTWs.xml"},
    {"cap", "cap", "cap/alert_two_info.xml"},
};

std::optional<StoredHazard> find(const TempDir& dir, const std::string& key) {
    try {
        auto store =
            SqliteStore::open(dir / "state" / "aerowatch.db", SqliteStore::Access::read_only);
        return store->hazards().find(key);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

} // namespace

TEST_CASE("aerowatchd stores the hazards of every feed it polls", "[daemon][hazards]") {
    TempDir dir;
    LocalHttpServer http;
    std::map<std::string, std::atomic<int>> hits;
    std::string config = fmt::format("[daemon]\nhttp_listen = \"127.0.0.1:0\"\nstate_directory = "
                                     "\"{}\"\nlog_level = \"debug\"\n",
                                     (dir / "state").string());
    for (const auto& feed : feeds) {
        const std::string body = read_file(std::string(AEROWATCH_FIXTURES_DIR "/") + feed.fixture);
        REQUIRE_FALSE(body.empty());
        auto& counter = hits[feed.name];
        auto& second_pages = hits[std::string(feed.name) + " page 2"];
        // The FAA API's page 1 says totalPages 2: the daemon asks for pageNum=2 at once.
        const std::string page2 =
            read_file(AEROWATCH_FIXTURES_DIR "/faa_api/legacy_page2_empty.json");
        http.server().Get(std::string("/") + feed.name,
                          [body, page2, &counter, &second_pages](const httplib::Request& req,
                                                                 httplib::Response& res) {
                              if (req.get_param_value("pageNum") == "2") {
                                  ++second_pages;
                                  res.set_content(page2, "application/json");
                                  return;
                              }
                              ++counter;
                              res.set_content(body, "application/octet-stream");
                          });
    }
    http.start(); // the port, and so the URLs, exist from here on
    for (const auto& feed : feeds) {
        config += fmt::format("\n[[source]]\nname = \"{}\"\nkind = \"{}\"\nurl = \"{}\"\n"
                              "interval = \"1h\"\nallow_http = true\n",
                              feed.name, feed.kind, http.url(std::string("/") + feed.name));
    }
    dir.write("aerowatch.toml", config);
    NotifySocket notify(dir / "notify.sock");
    ChildProcess daemon({AEROWATCHD_BINARY, "--config", (dir / "aerowatch.toml").string()},
                        {notify.env()}, dir / "out", dir / "err");
    REQUIRE(notify.receive_until("READY=1", 10s));
    const bool all_polled = eventually(
        [&] {
            for (const auto& feed : feeds) {
                if (hits[feed.name] == 0) {
                    return false;
                }
            }
            return true;
        },
        15s);
    INFO(read_file(dir / "err"));
    REQUIRE(all_polled);

    // The KICZ A0012/25 notice, as the FAA web page renders it.
    REQUIRE(eventually([&] { return find(dir, "KICZ A0012/25").has_value(); }, 5s));
    const auto kicz = *find(dir, "KICZ A0012/25");
    CHECK(kicz.hazard.firs == std::vector<std::string>{"SVZM"});
    REQUIRE(kicz.hazard.valid_to.has_value());
    CHECK(format_iso8601(*kicz.hazard.valid_from) == "2025-11-21T17:43:00Z");
    CHECK(format_iso8601(*kicz.hazard.valid_to) == "2026-02-19T23:59:00Z");
    // Stored as what it is on the day the test runs: in force until 19 Feb 2026.
    const auto today = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    CHECK(kicz.hazard.status ==
          (today > *kicz.hazard.valid_to ? HazardStatus::expired : HazardStatus::active));
    CHECK(kicz.hazard.severity >= Severity::caution);
    CHECK(kicz.hazard.categories.has(HazardCategory::security_conflict));

    // Every feed produced something, recorded against its source.
    auto store = SqliteStore::open(dir / "state" / "aerowatch.db", SqliteStore::Access::read_only);
    REQUIRE(eventually(
        [&] {
            std::set<std::string> sources;
            for (const auto& h : store->hazards().query({})) {
                sources.insert(h.source);
            }
            // The EASA RSS only supplements records the JSON export carries, so its hazards are
            // stored under whichever of the two sources delivered them last.
            return sources.count("faa-api") && sources.count("awc") &&
                   sources.count("state-dept") && sources.count("cap") &&
                   (sources.count("easa-json") || sources.count("easa-rss"));
        },
        5s));
    CHECK(eventually([&] { return hits["faa-api page 2"] == 1; }, 5s));
    CHECK(hits["awc page 2"] == 0);
    const auto venezuela = store->hazards().find("USDOS Venezuela");
    REQUIRE(venezuela);
    CHECK(venezuela->hazard.severity == Severity::prohibition);

    daemon.signal(SIGTERM);
    REQUIRE(daemon.wait_exit(5s) == 0);
    const auto log = read_file(dir / "err");
    CHECK_THAT(log, Catch::Contains("hazard KICZ A0012/25 added"));

    // A restart re-polls the same documents (the remembered next poll is cleared): nothing
    // changes, no new versions.
    const auto versions_before = store->hazards().history("KICZ A0012/25").size();
    store.reset();
    {
        sqlite::Database db(dir / "state" / "aerowatch.db");
        db.execute("UPDATE source_state SET next_due = NULL");
    }
    const int polls_before = hits["faa-notice"];
    ChildProcess again({AEROWATCHD_BINARY, "--config", (dir / "aerowatch.toml").string()},
                       {notify.env()}, dir / "out2", dir / "err2");
    REQUIRE(notify.receive_until("READY=1", 10s));
    REQUIRE(eventually([&] { return hits["faa-notice"] > polls_before; }, 15s));
    REQUIRE(eventually(
        [&] { return read_file(dir / "err2").find("source faa-notice:") != std::string::npos; },
        5s));
    again.signal(SIGTERM);
    REQUIRE(again.wait_exit(5s) == 0);
    CHECK_THAT(read_file(dir / "err2"), !Catch::Contains("hazard KICZ A0012/25 changed"));
    CHECK(SqliteStore::open(dir / "state" / "aerowatch.db", SqliteStore::Access::read_only)
              ->hazards()
              .history("KICZ A0012/25")
              .size() == versions_before);
}
