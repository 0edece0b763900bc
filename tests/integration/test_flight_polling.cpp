// SPDX-License-Identifier: GPL-3.0-or-later
// The real aerowatchd polling local servers that serve flight-status sources in their real
// formats: it follows their pages, stores the flights and airport signals with their changes,
// and polling the same boards again changes nothing.
#include "store/sqlite_store.hpp"
#include "support/http_server.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <map>

using namespace aerowatch;
using namespace aerowatch::test;
using namespace std::chrono_literals;

namespace {

std::string fixture(const std::string& name) {
    return read_file(std::string(AEROWATCH_FIXTURES_DIR "/") + name);
}

struct Hits {
    std::atomic<int> aeroapi_first{0};
    std::atomic<int> aeroapi_second{0};
    std::atomic<int> aviationstack_first{0};
    std::atomic<int> aviationstack_second{0};
    std::atomic<int> nas{0};
    std::atomic<int> board{0};
    std::atomic<bool> key_missing{false};
};

void serve_boards(LocalHttpServer& http, Hits& hits) {
    const auto p1 = fixture("aeroapi/svmi_scheduled_departures_2025-11-24_p1.json");
    const auto p2 = fixture("aeroapi/svmi_scheduled_departures_2025-11-24_p2.json");
    // AeroAPI lives under /aeroapi and its links.next is relative to that base.
    http.server().Get("/aeroapi/airports/SVMI/flights/scheduled_departures",
                      [&hits, p1, p2](const httplib::Request& req, httplib::Response& res) {
                          if (req.get_header_value("x-apikey") != "test-aeroapi-key") {
                              hits.key_missing = true;
                              res.status = 401;
                              return;
                          }
                          const bool second = req.get_param_value("cursor") == "6a1f0c9e4b7d2a85";
                          ++(second ? hits.aeroapi_second : hits.aeroapi_first);
                          res.set_content(second ? p2 : p1, "application/json");
                      });
    const auto a1 = fixture("aviationstack/ccs_2025-11-22.json");
    const auto a2 = fixture("aviationstack/ccs_2025-11-22_page2.json");
    http.server().Get("/v1/flights",
                      [&hits, a1, a2](const httplib::Request& req, httplib::Response& res) {
                          if (req.get_param_value("access_key") != "test-stack-key") {
                              hits.key_missing = true;
                              res.status = 401;
                              return;
                          }
                          const bool second = req.get_param_value("offset") == "10";
                          ++(second ? hits.aviationstack_second : hits.aviationstack_first);
                          res.set_content(second ? a2 : a1, "application/json");
                      });
    const auto nas = fixture("nas_status/airport_status_2025-11-26.xml");
    http.server().Get("/api/airport-status-information",
                      [&hits, nas](const httplib::Request&, httplib::Response& res) {
                          ++hits.nas;
                          res.set_content(nas, "application/xml");
                      });
    const auto board = fixture("json_board/ccs_salidas_2025-11-24.json");
    http.server().Get("/ccs/salidas.json",
                      [&hits, board](const httplib::Request&, httplib::Response& res) {
                          ++hits.board;
                          res.set_content(board, "application/json");
                      });
}

std::string flights_config(const TempDir& dir, const LocalHttpServer& http) {
    return fmt::format(R"([daemon]
http_listen = "127.0.0.1:0"
state_directory = "{state}"
log_level = "debug"

[flights]
# The fixtures are the Caracas boards of November 2025.
retention = "3650d"

[[source]]
name = "aeroapi-svmi"
kind = "aeroapi"
url = "{aeroapi}?start=2025-11-24T00%3A00%3A00Z&end=2025-11-25T00%3A00%3A00Z"
interval = "1h"
allow_http = true
headers = {{ "x-apikey" = {{ env = "TEST_AEROAPI_KEY" }} }}

[[source]]
name = "aviationstack-ccs"
kind = "aviationstack"
url = "{stack}?dep_iata=CCS&flight_date=2025-11-22"
interval = "1h"
allow_http = true
[source.credentials]
type = "api_key_query"
param = "access_key"
key = {{ env = "TEST_STACK_KEY" }}

[[source]]
name = "nas"
kind = "faa_nas_status"
url = "{nas}"
interval = "1h"
allow_http = true

[[source]]
name = "ccs-salidas"
kind = "json_board"
url = "{board}"
interval = "1h"
allow_http = true
[source.board]
list = "/vuelos/salidas"
airline = "/aerolinea"
flight_number = "/vuelo"
origin_code = "SVMI"
destination = "/destino/iata"
scheduled = "/programada"
time_format = "%d/%m/%Y %H:%M"
time_zone = "America/Caracas"
status = "/estado"
status_map = {{ "CANCELADO" = "cancelled", "DESVIADO" = "diverted", "ATERRIZADO" = "landed", "PROGRAMADO" = "scheduled", "DEMORADO" = "delayed", "EN VUELO" = "active" }}
)",
                       fmt::arg("state", (dir / "state").string()),
                       fmt::arg("aeroapi", http.url("/aeroapi/airports/SVMI/flights/"
                                                    "scheduled_departures")),
                       fmt::arg("stack", http.url("/v1/flights")),
                       fmt::arg("nas", http.url("/api/airport-status-information")),
                       fmt::arg("board", http.url("/ccs/salidas.json")));
}

std::int64_t count_rows(const TempDir& dir, const char* table) {
    sqlite::Database db(dir / "state" / "aerowatch.db", sqlite::Database::Mode::read_only);
    const auto sql = fmt::format("SELECT count(*) FROM {}", table);
    sqlite::Statement st(db, sql.c_str());
    auto row = st.use();
    row.step();
    return row.get_int(0);
}

} // namespace

TEST_CASE("aerowatchd follows pages and stores the flights and signals of every board",
          "[daemon][flights]") {
    TempDir dir;
    LocalHttpServer http;
    Hits hits;
    serve_boards(http, hits);
    http.start();
    dir.write("aerowatch.toml", flights_config(dir, http));
    const std::vector<std::string> env = {"TEST_AEROAPI_KEY=test-aeroapi-key",
                                          "TEST_STACK_KEY=test-stack-key"};
    NotifySocket notify(dir / "notify.sock");
    auto with_notify = env;
    with_notify.push_back(notify.env());
    {
        ChildProcess daemon({AEROWATCHD_BINARY, "--config", (dir / "aerowatch.toml").string()},
                            with_notify, dir / "out", dir / "err");
        REQUIRE(notify.receive_until("READY=1", 10s));
        const bool polled = eventually(
            [&] {
                return hits.aeroapi_second > 0 && hits.aviationstack_second > 0 && hits.nas > 0 &&
                       hits.board > 0;
            },
            20s);
        INFO(read_file(dir / "err"));
        REQUIRE(polled);
        REQUIRE(eventually(
            [&] {
                const auto log = read_file(dir / "err");
                return log.find("source ccs-salidas:") != std::string::npos &&
                       log.find("source aviationstack-ccs:", log.find("page 2")) !=
                           std::string::npos &&
                       log.find("source aeroapi-svmi:", log.find("page 2")) != std::string::npos;
            },
            5s));
        daemon.signal(SIGTERM);
        REQUIRE(daemon.wait_exit(5s) == 0);
    }
    CHECK_FALSE(hits.key_missing);
    CHECK(hits.aeroapi_first == 1);
    CHECK(hits.aeroapi_second == 1);
    const auto log = read_file(dir / "err");
    INFO(log);
    // The key never reaches the log, though the URL that carried it was requested.
    CHECK_THAT(log, !Catch::Contains("test-stack-key"));
    CHECK_THAT(log, !Catch::Contains("test-aeroapi-key"));

    auto store = SqliteStore::open(dir / "state" / "aerowatch.db", SqliteStore::Access::read_only);
    auto& flights = store->flights();
    // Page 1 of the AeroAPI board: Turkish 224 cancelled; page 2: GOL 7690 cancelled.
    const auto day = std::chrono::sys_days{std::chrono::year{2025} / 11 / 24};
    const auto thy = flights.find("THY", "224", day, "SVMI");
    REQUIRE(thy);
    CHECK(thy->flight.state == FlightState::cancelled);
    const auto glo = flights.find("GLO", "7690", day, "SVMI");
    REQUIRE(glo);
    CHECK(glo->flight.state == FlightState::cancelled);
    CHECK_THAT(log, Catch::Contains("flight THY224 2025-11-24 SVMI-"));

    // AviationStack: both pages, the second reached through offset=10.
    FlightQuery by_source;
    by_source.limit = 10000;
    std::map<std::string, int> per_source;
    for (const auto& f : flights.query(by_source)) {
        per_source[f.source] += 1;
    }
    CHECK(per_source["aeroapi-svmi"] >= 10);
    CHECK(per_source["aviationstack-ccs"] >= 8);
    CHECK(per_source["ccs-salidas"] + per_source["aeroapi-svmi"] >= 12);

    // NAS status: ground stops and delay programmes as airport signals.
    const auto signals = flights.signals("", true);
    CHECK(signals.size() >= 4);
    CHECK(std::any_of(signals.begin(), signals.end(), [](const StoredSignal& s) {
        return s.signal.type == "ground_stop" && s.source == "nas";
    }));
    const auto changes = count_rows(dir, "flight_change");
    CHECK(changes > 0);
    store.reset();

    // A restart polls the same boards again (the remembered next poll cleared): no change rows.
    {
        sqlite::Database db(dir / "state" / "aerowatch.db");
        db.execute("UPDATE source_state SET next_due = NULL");
    }
    ChildProcess again({AEROWATCHD_BINARY, "--config", (dir / "aerowatch.toml").string()},
                       with_notify, dir / "out2", dir / "err2");
    REQUIRE(notify.receive_until("READY=1", 10s));
    REQUIRE(
        eventually([&] { return hits.aeroapi_second > 1 && hits.aviationstack_second > 1; }, 20s));
    REQUIRE(eventually(
        [&] {
            const auto log2 = read_file(dir / "err2");
            return log2.find("source aviationstack-ccs:", log2.find("page 2")) != std::string::npos;
        },
        5s));
    again.signal(SIGTERM);
    REQUIRE(again.wait_exit(5s) == 0);
    CHECK(count_rows(dir, "flight_change") == changes);
}
