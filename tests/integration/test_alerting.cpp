// SPDX-License-Identifier: GPL-3.0-or-later
// The real aerowatchd end to end: it polls a security NOTAM over the Maiquetia FIR and the
// Caracas departure board from local servers, correlates them, and records the alerts once,
// also across a restart. The fixtures are the November 2025 documents with their dates moved
// to the days around the test run, since the daemon runs on the real clock.
#include "core/time.hpp"
#include "store/sqlite_store.hpp"
#include "support/fixture_dates.hpp"
#include "support/http_server.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <csignal>

using namespace aerowatch;
using namespace aerowatch::test;
using namespace std::chrono_literals;

namespace {

std::string day_of(UtcTime t) {
    return format_iso8601(t).substr(0, 10);
}

std::int64_t event_count(const TempDir& dir) {
    auto store = SqliteStore::open(dir / "state" / "aerowatch.db", SqliteStore::Access::read_only);
    return store->alerts().last_event_seq();
}

} // namespace

TEST_CASE("aerowatchd correlates a hazard with the cancellations after it, once",
          "[daemon][alerts]") {
    const auto now = std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now());
    const UtcTime today{std::chrono::floor<std::chrono::days>(now)};
    std::string notam = read_file(AEROWATCH_FIXTURES_DIR "/notam/kicz_a0012_25.icao.txt");
    notam = replace_all(notam, "2511211743", notam_time(now - 24h));
    notam = replace_all(notam, "2602192359", notam_time(now + 24h * 60));
    std::string p1 =
        read_file(AEROWATCH_FIXTURES_DIR "/aeroapi/svmi_scheduled_departures_2025-11-24_p1.json");
    std::string p2 =
        read_file(AEROWATCH_FIXTURES_DIR "/aeroapi/svmi_scheduled_departures_2025-11-24_p2.json");
    for (auto* page : {&p1, &p2}) {
        *page = replace_all(*page, "2025-11-23", day_of(today - 24h));
        *page = replace_all(*page, "2025-11-24", day_of(today));
        *page = replace_all(*page, "2025-11-25", day_of(today + 24h));
    }

    TempDir dir;
    LocalHttpServer http;
    std::atomic<int> board_pages{0};
    http.server().Get("/notams.txt", [notam](const httplib::Request&, httplib::Response& res) {
        res.set_content(notam, "text/plain");
    });
    http.server().Get("/aeroapi/airports/SVMI/flights/scheduled_departures",
                      [&, p1, p2](const httplib::Request& req, httplib::Response& res) {
                          ++board_pages;
                          res.set_content(req.has_param("cursor") ? p2 : p1, "application/json");
                      });
    http.start();
    dir.write("aerowatch.toml", fmt::format(R"([daemon]
http_listen = "127.0.0.1:0"
state_directory = "{}"
log_level = "debug"

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

[[source]]
name = "aeroapi-svmi"
kind = "aeroapi"
url = "{}"
interval = "1h"
allow_http = true
)",
                                            (dir / "state").string(), http.url("/notams.txt"),
                                            http.url("/aeroapi/airports/SVMI/flights/"
                                                     "scheduled_departures")));
    NotifySocket notify(dir / "notify.sock");
    const auto correlated = [&] {
        try {
            auto store =
                SqliteStore::open(dir / "state" / "aerowatch.db", SqliteStore::Access::read_only);
            // A pass may run between the board's two pages: wait for the one that saw both.
            const auto alert = store->alerts().find("disruption_correlated:SVMI");
            return alert && alert->evidence["counts"]["cancelled"] == 6;
        } catch (const std::exception&) {
            return false;
        }
    };
    {
        ChildProcess daemon({AEROWATCHD_BINARY, "--config", (dir / "aerowatch.toml").string()},
                            {notify.env()}, dir / "out", dir / "err");
        REQUIRE(notify.receive_until("READY=1", 10s));
        const bool fired = eventually(correlated, 20s);
        INFO(read_file(dir / "err"));
        REQUIRE(fired);
        daemon.signal(SIGTERM);
        REQUIRE(daemon.wait_exit(5s) == 0);
    }
    const auto log = read_file(dir / "err");
    INFO(log);
    CHECK_THAT(log, Catch::Contains("firing [warning] disruption_correlated:SVMI"));
    CHECK_THAT(log, Catch::Contains("firing [warning] hazard:SVZM A0012/25: SVZM A0012/25 "
                                    "(caution, security) in watch area venezuela: SECURITY.."));

    auto store = SqliteStore::open(dir / "state" / "aerowatch.db", SqliteStore::Access::read_only);
    const auto alert = store->alerts().find("disruption_correlated:SVMI");
    REQUIRE(alert);
    CHECK(alert->state == AlertState::firing);
    CHECK(alert->labels.airlines ==
          std::vector<std::string>{"ARE", "AVA", "GLO", "IBE", "TAP", "THY"});
    CHECK(alert->evidence["counts"]["cancelled"] == 6);
    CHECK_THAT(alert->summary, Catch::Contains("6 of 11 flights at SVMI (Caracas) cancelled by 6 "
                                               "airline(s)"));
    CHECK(alert->evidence["hazards"].size() == 1);
    CHECK(alert->evidence["confidence"]["value"].get<double>() > 0.5);
    const auto hazards = store->alerts().firing(AlertKind::hazard);
    REQUIRE(hazards.size() == 1);
    CHECK(hazards.front().labels.firs == std::vector<std::string>{"SVZM"});
    const auto events = store->alerts().last_event_seq();
    store.reset();

    // A restart re-polls the same documents and correlates again: no new event.
    {
        sqlite::Database db(dir / "state" / "aerowatch.db");
        db.execute("UPDATE source_state SET next_due = NULL");
    }
    const int pages_before = board_pages;
    ChildProcess again({AEROWATCHD_BINARY, "--config", (dir / "aerowatch.toml").string()},
                       {notify.env()}, dir / "out2", dir / "err2");
    REQUIRE(notify.receive_until("READY=1", 10s));
    REQUIRE(eventually([&] { return board_pages >= pages_before + 2; }, 20s));
    // Two passes after the re-poll: each one logs its summary line.
    REQUIRE(eventually(
        [&] {
            const auto log2 = read_file(dir / "err2");
            const auto polled = log2.find("source aeroapi-svmi: page 2");
            return polled != std::string::npos &&
                   log2.find("correlation:", log2.find("correlation:", polled) + 1) !=
                       std::string::npos;
        },
        10s));
    again.signal(SIGTERM);
    REQUIRE(again.wait_exit(5s) == 0);
    CHECK(event_count(dir) == events);
    CHECK_THAT(read_file(dir / "err2"), !Catch::Contains("firing [warning]"));
}
