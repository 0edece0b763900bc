// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/flight_commands.hpp"
#include "unit/flight_test_support.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace aerowatch;
using aerowatch::test::friday_noon;
using aerowatch::test::make_flight;
using aerowatch::test::TempDir;
using nlohmann::json;
using std::chrono::hours;
using std::chrono::minutes;

namespace {

/// A config pointing at a temporary state directory, and a database the daemon would have
/// filled: around SVMI, five of ten flights cancelled by three airlines, one diverted.
struct CliRig {
    TempDir dir;
    CliContext context{
        dir.write("aerowatch.toml",
                  fmt::format("[daemon]\nstate_directory = \"{}\"\n", dir.path().string())),
        false};

    CliRig() {
        auto db = SqliteStore::open(dir / "aerowatch.db");
        auto& store = db->flights();
        const UtcTime dep = friday_noon + hours{2};
        auto cancel = FlightState::cancelled;
        auto iberia = make_flight("IB", "IBE", "6673", "LEMD", "SVMI", dep - hours{9});
        store.ingest("aeroapi", test::make_batch({iberia}), friday_noon - hours{20});
        iberia.state = cancel;
        store.ingest("aeroapi",
                     test::make_batch({
                         iberia,
                         make_flight("TP", "TAP", "173", "LPPT", "SVMI", dep - hours{8}, cancel),
                         make_flight("TP", "TAP", "175", "LPPT", "SVMI", dep - hours{7}, cancel),
                         make_flight("UX", "AEA", "71", "LEMD", "SVMI", dep - hours{9},
                                     FlightState::diverted),
                         make_flight("CM", "CMP", "222", "MPTO", "SVMI", dep - hours{6}),
                         make_flight("CM", "CMP", "224", "MPTO", "SVMI", dep - hours{5}),
                         make_flight("AV", "AVA", "20", "SVMI", "SKBO", dep, cancel),
                         make_flight("AV", "AVA", "22", "SVMI", "SKBO", dep + hours{1}),
                         make_flight("IB", "IBE", "6674", "SVMI", "LEMD", dep + hours{3}, cancel),
                         make_flight("CM", "CMP", "223", "SVMI", "MPTO", dep + hours{4}),
                         // Outside the window: not exposed.
                         make_flight("AV", "AVA", "24", "SVMI", "SKBO", dep + hours{48}, cancel),
                     }),
                     friday_noon - hours{2});
    }
};

} // namespace

TEST_CASE("flights lists stored flights, filtered", "[flight_cli]") {
    CliRig rig;
    std::ostringstream out;
    std::ostringstream err;
    REQUIRE(command_flights(rig.context, {"SVMI", "", "", "cancelled"}, out, err) == 0);
    CHECK(err.str().empty());
    const std::string text = out.str();
    CHECK(text.find("FLIGHT") == 0);
    CHECK(text.find("IBE6673") != std::string::npos);
    CHECK(text.find("TAP175") != std::string::npos);
    CHECK(text.find("CMP222") == std::string::npos);
    CHECK(text.find("6 flight(s)") != std::string::npos);

    // An IATA airport code finds the flights stored under the ICAO one (reference data).
    std::ostringstream iata;
    REQUIRE(command_flights(rig.context, {"CCS", "", "", "cancelled"}, iata, err) == 0);
    CHECK(iata.str().find("6 flight(s)") != std::string::npos);

    std::ostringstream dated;
    REQUIRE(command_flights(rig.context, {"", "ib", "2025-11-21", ""}, dated, err) == 0);
    CHECK(dated.str().find("2 flight(s)") != std::string::npos);
}

TEST_CASE("flights --json carries each flight's history", "[flight_cli]") {
    CliRig rig;
    rig.context.json = true;
    std::ostringstream out;
    std::ostringstream err;
    REQUIRE(command_flights(rig.context, {"", "IBE", "", ""}, out, err) == 0);
    const auto list = json::parse(out.str());
    REQUIRE(list.size() == 2);
    const auto& first = list[0];
    CHECK(first["flight"] == "IBE6673");
    CHECK(first["airline_iata"] == "IB");
    CHECK(first["date"] == "2025-11-21");
    CHECK(first["state"] == "cancelled");
    CHECK(first["scheduled_departure"] == "2025-11-21T05:00:00Z");
    REQUIRE(first["history"].size() == 2);
    CHECK(first["history"][0]["change"] == "added");
    CHECK(first["history"][0]["seen_at"] == "2025-11-20T16:00:00Z");
    CHECK(first["history"][1]["change"] == "state_changed");
    CHECK(first["history"][1]["previous_state"] == "scheduled");
    CHECK(first["history"][1]["state"] == "cancelled");
}

TEST_CASE("flights rejects a malformed date or status", "[flight_cli]") {
    CliRig rig;
    std::ostringstream out;
    std::ostringstream err;
    CHECK(command_flights(rig.context, {"", "", "21/11/2025", ""}, out, err) == 64);
    CHECK(command_flights(rig.context, {"", "", "2025-02-30", ""}, out, err) == 64);
    CHECK(command_flights(rig.context, {"", "", "", "late"}, out, err) == 64);
    CHECK(err.str().find("--status") != std::string::npos);
}

TEST_CASE("disruption summarises an airport against its baseline", "[flight_cli]") {
    CliRig rig;
    DisruptionOptions options;
    options.airport = "svmi";
    options.at = friday_noon;
    std::ostringstream out;
    std::ostringstream err;
    REQUIRE(command_disruption(rig.context, options, out, err) == 0);
    const std::string text = out.str();
    CHECK(text.find("SVMI: flights scheduled 2025-11-20T12:00:00Z .. 2025-11-22T12:00:00Z") == 0);
    CHECK(text.find("exposed flights     10") != std::string::npos);
    CHECK(text.find("cancelled           5 (50.0%; baseline 2.0%") != std::string::npos);
    CHECK(text.find("25.0x baseline") != std::string::npos);
    CHECK(text.find("airlines cancelling 3 AVA IBE TAP") != std::string::npos);
    CHECK(text.find("baseline basis      prior") != std::string::npos);

    rig.context.json = true;
    std::ostringstream js;
    REQUIRE(command_disruption(rig.context, options, js, err) == 0);
    const auto j = json::parse(js.str());
    CHECK(j["exposed"] == 10);
    CHECK(j["cancelled"] == 5);
    CHECK(j["diverted"] == 1);
    CHECK(j["airlines_cancelling"] == json({"AVA", "IBE", "TAP"}));
    CHECK(j["cancel_rate"].get<double>() == Approx(0.5));
    CHECK(j["baseline_cancel_rate"].get<double>() == Approx(0.02));
    CHECK(j["cancel_ratio"].get<double>() == Approx(25.0));
    CHECK(j["baseline_basis"] == "prior");
    CHECK(j["cancelled_flights"].size() == 5);

    options.window = hours{1};
    std::ostringstream narrow;
    REQUIRE(command_disruption(rig.context, options, narrow, err) == 0);
    CHECK(json::parse(narrow.str())["exposed"] == 0);
}

TEST_CASE("disruption needs an airport and a positive window; a missing database fails",
          "[flight_cli]") {
    CliRig rig;
    std::ostringstream out;
    std::ostringstream err;
    CHECK(command_disruption(rig.context, {}, out, err) == 64);
    DisruptionOptions zero;
    zero.airport = "SVMI";
    zero.window = std::chrono::seconds{0};
    CHECK(command_disruption(rig.context, zero, out, err) == 64);

    TempDir empty;
    CliContext elsewhere{
        empty.write("aerowatch.toml",
                    fmt::format("[daemon]\nstate_directory = \"{}\"\n", empty.path().string())),
        false};
    std::ostringstream missing;
    CHECK(command_flights(elsewhere, {}, out, missing) == 1);
    CHECK(missing.str().find("no database") != std::string::npos);
}
