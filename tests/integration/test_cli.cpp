// SPDX-License-Identifier: GPL-3.0-or-later
// The real aerowatch CLI binary.
#include "correlate/alert_lifecycle.hpp"
#include "integration/daemon_rig.hpp"
#include "store/sqlite_store.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <csignal>

using namespace aerowatch::test;
using namespace std::chrono_literals;

namespace {

struct Output {
    int exit_code;
    std::string out;
    std::string err;
};

Output run_cli(const TempDir& dir, std::vector<std::string> args,
               const std::vector<std::string>& env = {}) {
    args.insert(args.begin(), AEROWATCH_BINARY);
    ChildProcess cli(args, env, dir / "cli.out", dir / "cli.err");
    const auto code = cli.wait_exit(30s);
    REQUIRE(code.has_value());
    return {*code, read_file(dir / "cli.out"), read_file(dir / "cli.err")};
}

} // namespace

TEST_CASE("aerowatch airport looks codes up in the shipped reference data", "[cli]") {
    TempDir dir;
    auto svmi = run_cli(dir, {"airport", "SVMI"});
    CHECK(svmi.exit_code == 0);
    CHECK_THAT(svmi.out, Catch::Contains("SVMI / CCS"));
    CHECK_THAT(svmi.out, Catch::Contains("Venezuela"));
    CHECK_THAT(svmi.out, Catch::Contains("SVZM"));

    auto json = run_cli(dir, {"airport", "ccs", "--json"});
    REQUIRE(json.exit_code == 0);
    const auto parsed = nlohmann::json::parse(json.out);
    CHECK(parsed["icao"] == "SVMI");
    CHECK(parsed["iata"] == "CCS");
    CHECK(parsed["fir"] == "SVZM");
    CHECK(parsed["lat"].get<double>() == Approx(10.6012).margin(0.01));

    auto unknown = run_cli(dir, {"airport", "QQQQ"});
    CHECK(unknown.exit_code == 1);
    CHECK_THAT(unknown.err, Catch::Contains("QQQQ"));
}

TEST_CASE("aerowatch --help, --version and usage errors", "[cli]") {
    TempDir dir;
    auto help = run_cli(dir, {"--help"});
    CHECK(help.exit_code == 0);
    CHECK_THAT(help.out, Catch::Contains("check-config"));
    CHECK_THAT(help.out, Catch::Contains("sources"));
    CHECK_THAT(help.out, Catch::Contains("airport CODE"));
    auto version = run_cli(dir, {"--version"});
    CHECK(version.exit_code == 0);
    CHECK_THAT(version.out, Catch::StartsWith("aerowatch 0."));
    CHECK(run_cli(dir, {"frobnicate"}).exit_code == 64);
    CHECK(run_cli(dir, {}).exit_code == 64);
}

TEST_CASE("aerowatch check-config validates and never prints secrets", "[cli]") {
    DaemonRig rig;
    const auto path = rig.write_config(rig.config(false) + R"(
[[source]]
name = "aeroapi"
kind = "aeroapi"
url = "https://aeroapi.flightaware.com/aeroapi/airports/SVMI/flights/scheduled_departures"
credentials = { type = "api_key_header", header = "x-apikey", key = { env = "AEROWATCH_TEST_KEY" } }
)");
    const std::vector<std::string> env = {"AEROWATCH_TEST_KEY=sup3r-s3cret-k3y"};
    auto ok = run_cli(rig.dir, {"--config", path.string(), "check-config"}, env);
    CHECK(ok.exit_code == 0);
    CHECK_THAT(ok.out, Catch::Contains("aeroapi"));
    CHECK_THAT(ok.out, Catch::Contains("AEROWATCH_TEST_KEY"));
    CHECK_THAT(ok.out + ok.err, !Catch::Contains("sup3r-s3cret-k3y"));

    auto missing = run_cli(rig.dir, {"--config", path.string(), "check-config"});
    CHECK(missing.exit_code == 78);
    CHECK_THAT(missing.err, Catch::Contains("AEROWATCH_TEST_KEY"));
}

TEST_CASE("aerowatch sources shows what the daemon recorded", "[cli]") {
    DaemonRig rig;
    const auto path = rig.write_config(rig.config(false));

    auto before = run_cli(rig.dir, {"--config", path.string(), "sources"});
    CHECK(before.exit_code == 1);
    CHECK_THAT(before.err, Catch::Contains("no database"));

    auto daemon = rig.start();
    REQUIRE(rig.notify.receive_until("READY=1", 10s));
    REQUIRE(eventually([&] { return rig.czib_hits >= 1; }, 10s));
    // The CLI reads beside the running daemon (WAL).
    REQUIRE(eventually(
        [&] {
            auto r = run_cli(rig.dir, {"--config", path.string(), "--json", "sources"});
            if (r.exit_code != 0) {
                return false;
            }
            auto list = nlohmann::json::parse(r.out);
            return list.size() == 1 && list[0]["last_success"].is_string();
        },
        10s));
    auto table = run_cli(rig.dir, {"--config", path.string(), "sources"});
    CHECK(table.exit_code == 0);
    CHECK_THAT(table.out, Catch::Contains("easa-czib"));
    CHECK_THAT(table.out, Catch::Contains("easa_czib_rss"));
    auto json = nlohmann::json::parse(
        run_cli(rig.dir, {"--config", path.string(), "--json", "sources"}).out);
    CHECK(json[0]["consecutive_failures"] == 0);
    CHECK(json[0]["last_status"] == 200);
    CHECK(json[0]["next_due"].is_string());
    daemon->signal(SIGTERM);
    CHECK(daemon->wait_exit(5s) == 0);
}

TEST_CASE("aerowatch import fills the database; hazards lists and filters it", "[cli]") {
    TempDir dir;
    const auto config = dir.write("aerowatch.toml",
                                  "[daemon]\nhttp_listen = \"127.0.0.1:0\"\nstate_directory = \"" +
                                      (dir / "state").string() + "\"\n");
    const std::string notice = AEROWATCH_FIXTURES_DIR "/notam/kicz_a0012_25.txt";
    auto imported =
        run_cli(dir, {"--config", config.string(), "import", "faa_security_notice", notice});
    CHECK(imported.exit_code == 0);
    CHECK_THAT(imported.out, Catch::Contains("added"));
    CHECK_THAT(imported.out, Catch::Contains("KICZ A0012/25"));
    CHECK_THAT(imported.out, Catch::Contains("1 item(s): 1 added"));

    // The same file again: nothing new.
    auto again =
        run_cli(dir, {"--config", config.string(), "import", "faa_security_notice", notice});
    CHECK_THAT(again.out, Catch::Contains("1 unchanged"));

    const std::string easa = AEROWATCH_FIXTURES_DIR "/easa/czib_export.json";
    CHECK(run_cli(dir, {"--config", config.string(), "import", "easa_czib_json", easa}).exit_code ==
          0);

    auto svzm = run_cli(dir, {"--config", config.string(), "--json", "hazards", "--fir", "svzm"});
    REQUIRE(svzm.exit_code == 0);
    const auto list = nlohmann::json::parse(svzm.out);
    REQUIRE(list.size() >= 1);
    bool found = false;
    for (const auto& h : list) {
        if (h["key"] == "KICZ A0012/25") {
            found = true;
            CHECK(h["valid_from"] == "2025-11-21T17:43:00Z");
            CHECK(h["valid_to"] == "2026-02-19T23:59:00Z");
            CHECK(h["lower"] == "SFC");
            CHECK(h["upper"] == "UNL");
            CHECK(h["source"] == "import:faa_security_notice");
        }
        CHECK(std::find(h["firs"].begin(), h["firs"].end(), "SVZM") != h["firs"].end());
    }
    CHECK(found);

    auto table = run_cli(dir, {"--config", config.string(), "hazards"});
    CHECK(table.exit_code == 0);
    CHECK_THAT(table.out, Catch::Contains("KICZ A0012/25"));
    CHECK_THAT(table.out, Catch::Contains("EASA CZIB"));

    // Another complete listing (the FAA restrictions page) withdraws only what it listed
    // before, not the EASA bulletins imported beside it.
    const std::string restrictions =
        AEROWATCH_FIXTURES_DIR "/faa_restrictions/us_restrictions.html";
    auto listed =
        run_cli(dir, {"--config", config.string(), "import", "faa_us_restrictions", restrictions});
    CHECK(listed.exit_code == 0);
    CHECK_THAT(listed.out, Catch::Contains("4 item(s): 4 added"));
    CHECK_THAT(listed.out, !Catch::Contains("withdrawn"));
    auto active = run_cli(dir, {"--config", config.string(), "--json", "hazards", "--active"});
    const auto still = nlohmann::json::parse(active.out);
    CHECK(std::any_of(still.begin(), still.end(),
                      [](const auto& h) { return h["key"] == "EASA CZIB 136057"; }));

    CHECK(run_cli(dir, {"--config", config.string(), "import", "no_such_kind", notice}).exit_code ==
          64);
    CHECK(run_cli(dir, {"--config", config.string(), "hazards", "--window", "2h"}).exit_code == 64);
}

TEST_CASE("aerowatch import reads flight boards; flights and disruption show them", "[cli]") {
    TempDir dir;
    const auto config = dir.write("aerowatch.toml",
                                  "[daemon]\nhttp_listen = \"127.0.0.1:0\"\nstate_directory = \"" +
                                      (dir / "state").string() +
                                      "\"\n\n[flights]\nretention = \"3650d\"\n"
                                      R"(
[[source]]
name = "ccs-salidas"
kind = "json_board"
url = "https://example.org/ccs/salidas.json"
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
status_map = { "CANCELADO" = "cancelled", "PROGRAMADO" = "scheduled" }
)");
    const std::string page1 =
        AEROWATCH_FIXTURES_DIR "/aeroapi/svmi_scheduled_departures_2025-11-24_p1.json";
    auto imported = run_cli(dir, {"--config", config.string(), "import", "aeroapi", page1});
    INFO(imported.err);
    CHECK(imported.exit_code == 0);
    CHECK_THAT(imported.out, Catch::Contains("THY224"));
    CHECK_THAT(imported.out, Catch::Contains("7 item(s): "));
    CHECK_THAT(imported.out, Catch::Contains("cancelled"));
    // The same file again: nothing changes.
    auto again = run_cli(dir, {"--config", config.string(), "import", "aeroapi", page1});
    CHECK_THAT(again.out, Catch::Contains("7 item(s): 7 unchanged"));

    // A board needs the configured mapping; with it, its records are stored under its name.
    const std::string board = AEROWATCH_FIXTURES_DIR "/json_board/ccs_salidas_2025-11-24.json";
    CHECK(run_cli(dir, {"--config", config.string(), "import", "json_board", board}).exit_code ==
          64);
    auto salidas = run_cli(dir, {"--config", config.string(), "import", "json_board", board,
                                 "--source", "ccs-salidas"});
    CHECK(salidas.exit_code == 0);
    CHECK_THAT(salidas.err, Catch::Contains("skipped"));

    auto cancelled = run_cli(dir, {"--config", config.string(), "--json", "flights", "--airport",
                                   "CCS", "--status", "cancelled"});
    CHECK(cancelled.exit_code == 0);
    const auto list = nlohmann::json::parse(cancelled.out);
    for (const auto& f : list) {
        CHECK(f["state"] == "cancelled");
        CHECK(f["origin"] == "SVMI");
    }
    CHECK(list.size() >= 4);

    auto disruption = run_cli(dir, {"--config", config.string(), "disruption", "--airport", "SVMI",
                                    "--at", "2025-11-24T12:00:00Z"});
    INFO(disruption.out << disruption.err);
    CHECK(disruption.exit_code == 0);
    CHECK_THAT(disruption.out, Catch::Contains("cancelled"));
}

TEST_CASE("aerowatch alerts lists and shows alerts; silence add, list and expire", "[cli]") {
    TempDir dir;
    const auto config = dir.write("aerowatch.toml",
                                  "[daemon]\nhttp_listen = \"127.0.0.1:0\"\nstate_directory = \"" +
                                      (dir / "state").string() + "\"\n");
    {
        std::filesystem::create_directories(dir / "state");
        auto store = aerowatch::SqliteStore::open(dir / "state" / "aerowatch.db");
        aerowatch::AlertLifecycle lifecycle(store->database(), store->alerts(), {});
        aerowatch::AlertCandidate c;
        c.kind = aerowatch::AlertKind::disruption_correlated;
        c.fingerprint = "disruption_correlated:SVMI";
        c.subject = "SVMI";
        c.severity = aerowatch::AlertSeverity::warning;
        c.summary = "18 of 24 flights at SVMI (Caracas) cancelled by 6 airline(s)";
        c.labels.airports = {"SVMI"};
        c.evidence = {{"thresholds", {"18 cancellation(s) >= 5"}},
                      {"confidence", {{"value", 0.93}, {"reasons", {"6 airline(s) cancelling"}}}}};
        const aerowatch::UtcTime at{std::chrono::seconds{1763985600}};
        REQUIRE(lifecycle.reconcile({c}, {c.kind}, at).size() == 1);
    }
    auto list = run_cli(dir, {"--config", config.string(), "alerts", "--state", "firing"});
    CHECK(list.exit_code == 0);
    CHECK_THAT(list.out, Catch::Contains("disruption_correlated"));
    CHECK_THAT(list.out, Catch::Contains("1 alert(s)"));
    CHECK(run_cli(dir, {"--config", config.string(), "alerts", "--state", "resolved"}).out ==
          "0 alert(s)\n");
    auto show = run_cli(dir, {"--config", config.string(), "alerts", "show", "1"});
    CHECK(show.exit_code == 0);
    CHECK_THAT(show.out, Catch::Contains("18 cancellation(s) >= 5"));
    CHECK_THAT(show.out, Catch::Contains("confidence   0.93"));
    CHECK(run_cli(dir, {"--config", config.string(), "alerts", "show", "99"}).exit_code == 1);
    CHECK(run_cli(dir, {"--config", config.string(), "alerts", "--state", "open"}).exit_code == 64);

    auto added = run_cli(dir, {"--config", config.string(), "silence", "add", "--match",
                               "airport=SVMI", "--match", "kind=disruption_correlated",
                               "--duration", "6h", "--comment", "known"});
    CHECK(added.exit_code == 0);
    CHECK_THAT(added.out, Catch::Contains("airport=SVMI kind=disruption_correlated"));
    auto silences = run_cli(dir, {"--config", config.string(), "--json", "silence", "list"});
    const auto parsed = nlohmann::json::parse(silences.out);
    REQUIRE(parsed.size() == 1);
    CHECK(parsed[0]["matchers"]["airport"] == "SVMI");
    CHECK(run_cli(dir, {"--config", config.string(), "silence", "add", "--match", "colour=red"})
              .exit_code == 64);
    CHECK(run_cli(dir, {"--config", config.string(), "silence", "expire", "1"}).exit_code == 0);
    CHECK(run_cli(dir, {"--config", config.string(), "silence", "expire", "1"}).exit_code == 1);
    CHECK(run_cli(dir, {"--config", config.string(), "silence", "list"}).out == "0 silence(s)\n");
}
