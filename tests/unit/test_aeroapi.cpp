// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/time.hpp"
#include "sources/flights/aeroapi.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace aerowatch;
using Catch::Matchers::Contains;

namespace {

std::string fixture(const char* name) {
    return test::read_file(std::string(AEROWATCH_FIXTURES_DIR) + "/aeroapi/" + name);
}

UtcTime at(const char* iso) {
    return *parse_iso8601(iso);
}

const FlightStatus& find(const FlightBatch& b, const std::string& airline,
                         const std::string& number) {
    auto found = std::find_if(b.flights.begin(), b.flights.end(), [&](const FlightStatus& f) {
        return (f.airline_iata == airline || f.airline_icao == airline) &&
               f.flight_number == number;
    });
    INFO(airline << number);
    REQUIRE(found != b.flights.end());
    return *found;
}

std::string errors_of(const FlightBatch& b) {
    std::string out;
    for (const auto& e : b.errors) {
        out += std::to_string(e.line) + ": " + e.message + "\n";
    }
    return out;
}

/// One record inside a scheduled_departures page.
std::string page_with(const std::string& record) {
    return R"({"scheduled_departures":[)" + record + R"(],"links":null,"num_pages":1})";
}

} // namespace

TEST_CASE("SVMI scheduled departures of 24 Nov 2025, page 1", "[aeroapi]") {
    const auto batch = parse_aeroapi(fixture("svmi_scheduled_departures_2025-11-24_p1.json"));
    INFO(errors_of(batch));
    CHECK(batch.errors.empty());
    REQUIRE(batch.flights.size() == 7);
    CHECK(batch.next_page_url ==
          "/airports/SVMI/flights/scheduled_departures?start=2025-11-24T00%3A00%3A00Z"
          "&end=2025-11-25T00%3A00%3A00Z&cursor=6a1f0c9e4b7d2a85");
    CHECK_FALSE(batch.next_offset);

    const auto& tk = find(batch, "TK", "224");
    CHECK(tk.airline_icao == "THY");
    CHECK(tk.origin == "SVMI");
    CHECK(tk.destination == "LTFM");
    CHECK(tk.state == FlightState::cancelled);
    CHECK(tk.scheduled_departure == at("2025-11-24T17:10:00Z"));
    CHECK(tk.scheduled_arrival == at("2025-11-25T05:40:00Z"));
    CHECK_FALSE(tk.estimated_departure);
    CHECK_FALSE(tk.actual_departure);
    CHECK_FALSE(tk.delay_minutes);
    CHECK(tk.source_id == "THY224-1763600000-schedule-0001");
    CHECK(tk.raw.starts_with("{"));
    CHECK(tk.raw.ends_with("}"));
    CHECK_THAT(tk.raw, Contains("\"fa_flight_id\": \"THY224-1763600000-schedule-0001\""));

    SECTION("the cancelled boolean decides, not the free-text status") {
        CHECK(find(batch, "TP", "174").state == FlightState::cancelled); // status "Scheduled"
    }
    SECTION("codeshares are the marketing designators") {
        CHECK(find(batch, "IB", "6674").codeshares == std::vector<std::string>{"AA8652", "BA7430"});
        CHECK(find(batch, "TK", "224").codeshares.empty());
    }
    SECTION("a delayed departure: status text, delay in seconds as minutes, estimates") {
        const auto& cm = find(batch, "CM", "221");
        CHECK(cm.state == FlightState::delayed);
        CHECK(cm.delay_minutes == 45);
        CHECK(cm.estimated_departure == at("2025-11-24T12:55:00Z"));
        CHECK(cm.estimated_arrival == at("2025-11-24T15:05:00Z"));
        CHECK(cm.codeshares == std::vector<std::string>{"UA6524"});
    }
    SECTION("operator_iata null: the IATA code comes from ident_iata") {
        const auto& latam = find(batch, "ARE", "5043");
        CHECK(latam.airline_iata == "4C");
        CHECK(latam.state == FlightState::cancelled);
    }
    SECTION("a flight still scheduled on time") {
        const auto& ux = find(batch, "UX", "72");
        CHECK(ux.state == FlightState::scheduled);
        CHECK(ux.delay_minutes == 0);
    }
}

TEST_CASE("SVMI scheduled departures, page 2: the last page, with unusable records", "[aeroapi]") {
    const auto batch = parse_aeroapi(fixture("svmi_scheduled_departures_2025-11-24_p2.json"));
    CHECK_FALSE(batch.next_page_url);
    REQUIRE(batch.flights.size() == 4);
    REQUIRE(batch.errors.size() == 2);
    CHECK_THAT(batch.errors[0].message, Contains("YV3016") && Contains("no airline or flight"));
    CHECK_THAT(batch.errors[1].message, Contains("VCV3104") || Contains("V03104"));
    CHECK_THAT(batch.errors[1].message, Contains("no scheduled departure"));
    CHECK(batch.errors[0].line > 1);
    CHECK(batch.errors[1].line > batch.errors[0].line);

    CHECK(find(batch, "G3", "7690").state == FlightState::cancelled);
    const auto& pu = find(batch, "PU", "712"); // sparse: no destination, no codeshare keys
    CHECK(pu.destination.empty());
    CHECK(pu.codeshares.empty());
    CHECK(pu.state == FlightState::scheduled);
    CHECK(pu.scheduled_arrival == at("2025-11-25T09:05:00Z"));
    const auto& cm = find(batch, "CM", "223");
    CHECK(cm.state == FlightState::active); // "Taxiing / Left Gate"
    CHECK(cm.actual_departure == at("2025-11-24T19:37:00Z"));
    CHECK(cm.delay_minutes == 7);
}

TEST_CASE("both pages: six airlines cancelled, four did not (feeds.md 8.3 item 4)", "[aeroapi]") {
    std::vector<std::string> cancelled, operating;
    for (const char* page : {"svmi_scheduled_departures_2025-11-24_p1.json",
                             "svmi_scheduled_departures_2025-11-24_p2.json"}) {
        for (const auto& f : parse_aeroapi(fixture(page)).flights) {
            (f.state == FlightState::cancelled ? cancelled : operating).push_back(f.airline_iata);
        }
    }
    std::sort(cancelled.begin(), cancelled.end());
    std::sort(operating.begin(), operating.end());
    CHECK(cancelled == std::vector<std::string>{"4C", "AV", "G3", "IB", "TK", "TP"});
    CHECK(operating == std::vector<std::string>{"CM", "CM", "PU", "QL", "UX"});
}

TEST_CASE("SVMI arrivals: landed, diverted, and runway times standing in for gate times",
          "[aeroapi]") {
    const auto batch = parse_aeroapi(fixture("svmi_arrivals_2025-11-23.json"));
    INFO(errors_of(batch));
    CHECK(batch.errors.empty());
    REQUIRE(batch.flights.size() == 4);
    CHECK_FALSE(batch.next_page_url); // "links": null

    const auto& cm = find(batch, "CM", "222");
    CHECK(cm.state == FlightState::landed);
    CHECK(cm.origin == "MPTO");
    CHECK(cm.destination == "SVMI");
    CHECK(cm.actual_departure == at("2025-11-23T13:20:00Z"));
    CHECK(cm.actual_arrival == at("2025-11-23T15:28:00Z"));
    CHECK(cm.delay_minutes == 5);

    const auto& wingo = find(batch, "P5", "7312");
    CHECK(wingo.state == FlightState::diverted);
    CHECK(wingo.airline_icao == "RPB");
    CHECK(wingo.delay_minutes == 18);

    CHECK(find(batch, "V0", "3105").state == FlightState::landed); // "Landed / Taxiing"

    const auto& avior = find(batch, "9V", "1201");
    CHECK(avior.state == FlightState::landed); // "Arrived / Delayed"
    CHECK(avior.scheduled_departure == at("2025-11-23T19:00:00Z"));
    CHECK(avior.actual_departure == at("2025-11-23T19:25:00Z"));
    CHECK(avior.scheduled_arrival == at("2025-11-23T19:45:00Z"));
    CHECK(avior.actual_arrival == at("2025-11-23T20:09:00Z"));
    CHECK(avior.delay_minutes == 25);
}

TEST_CASE("a reinstated flight: cancelled in one snapshot, scheduled in the next", "[aeroapi]") {
    const auto before = parse_aeroapi(fixture("reinstated_1_svmi_2025-11-24T1000Z.json"));
    const auto after = parse_aeroapi(fixture("reinstated_2_svmi_2025-11-25T1000Z.json"));
    REQUIRE(before.flights.size() == 1);
    REQUIRE(after.flights.size() == 1);
    const auto& a = before.flights[0];
    const auto& b = after.flights[0];
    CHECK(a.state == FlightState::cancelled);
    CHECK(b.state == FlightState::scheduled);
    // The same flight: identity and source id unchanged.
    CHECK(a.airline_iata == b.airline_iata);
    CHECK(a.flight_number == b.flight_number);
    CHECK(a.origin == b.origin);
    CHECK(a.scheduled_departure == b.scheduled_departure);
    CHECK(a.source_id == b.source_id);
}

TEST_CASE("an AeroAPI error body is one ItemError", "[aeroapi]") {
    const auto batch = parse_aeroapi(fixture("error_429.json"));
    CHECK(batch.flights.empty());
    REQUIRE(batch.errors.size() == 1);
    CHECK_THAT(batch.errors[0].message,
               Contains("429") && Contains("Too Many Requests") && Contains("TOO_MANY_REQUESTS"));
    const auto unauthorized = parse_aeroapi(
        R"({"title":"Unauthorized","reason":"UNAUTHORIZED","detail":"Invalid API key","status":401})");
    REQUIRE(unauthorized.errors.size() == 1);
    CHECK_THAT(unauthorized.errors[0].message, Contains("401") && Contains("Invalid API key"));
}

TEST_CASE("the /airports/{id}/flights endpoint carries all four lists", "[aeroapi]") {
    const std::string record = R"({"ident":"%I","operator_iata":"CM","operator_icao":"CMP",
        "flight_number":"%N","cancelled":false,"diverted":false,"status":"%S",
        "origin":{"code":"SVMI","code_icao":"SVMI"},"destination":{"code":"MPTO","code_icao":null},
        "scheduled_out":"2025-11-24T12:00:00Z"})";
    const auto make = [&](const char* number, const char* status) {
        std::string r = record;
        r.replace(r.find("%I"), 2, std::string("CMP") + number);
        r.replace(r.find("%N"), 2, number);
        r.replace(r.find("%S"), 2, status);
        return r;
    };
    const std::string payload = R"({"arrivals":[)" + make("1", "Arrived / Gate Arrival") +
                                R"(],"departures":[)" + make("2", "En Route / Delayed") +
                                R"(],"scheduled_arrivals":[)" + make("3", "Scheduled / On Time") +
                                R"(],"scheduled_departures":[)" + make("4", "Result Unknown") +
                                R"(],"links":{"next":"/airports/SVMI/flights?cursor=abc"},
        "num_pages":1})";
    const auto batch = parse_aeroapi(payload);
    INFO(errors_of(batch));
    CHECK(batch.errors.empty());
    REQUIRE(batch.flights.size() == 4);
    CHECK(batch.flights[0].state == FlightState::landed);
    CHECK(batch.flights[1].state == FlightState::active);
    CHECK(batch.flights[2].state == FlightState::scheduled);
    CHECK(batch.flights[3].state == FlightState::unknown);
    CHECK(batch.flights[0].destination == "MPTO"); // code_icao null: code
    CHECK(batch.next_page_url == "/airports/SVMI/flights?cursor=abc");
}

TEST_CASE("AeroAPI status text only separates the non-cancelled states", "[aeroapi]") {
    const auto state_of = [](const std::string& fields) {
        const auto batch = parse_aeroapi(
            page_with(R"({"ident":"THY224","operator_icao":"THY","flight_number":"224",)"
                      R"("scheduled_out":"2025-11-24T17:10:00Z",)" +
                      fields + "}"));
        REQUIRE(batch.flights.size() == 1);
        return batch.flights[0].state;
    };
    CHECK(state_of(R"("status":"Cancelled","cancelled":false)") == FlightState::unknown);
    CHECK(state_of(R"("status":"Diverted","diverted":false)") == FlightState::unknown);
    CHECK(state_of(R"("status":"En Route / On Time","diverted":true)") == FlightState::diverted);
    CHECK(state_of(R"("status":"Scheduled / Delayed")") == FlightState::delayed);
    CHECK(state_of(R"("status":"Delayed")") == FlightState::delayed);
    CHECK(state_of(R"("status":"Scheduled")") == FlightState::scheduled);
    CHECK(state_of(R"("status":"Taxiing / Left Gate")") == FlightState::active);
    CHECK(state_of(R"("status":"Arrived / Delayed")") == FlightState::landed);
    CHECK(state_of(R"("status":null)") == FlightState::unknown);
    CHECK(state_of(R"("status":"Whatever","actual_off":"2025-11-24T17:30:00Z")") ==
          FlightState::active);
    CHECK(state_of(R"("status":"?","actual_in":"2025-11-25T05:30:00Z")") == FlightState::landed);
    CHECK(state_of(R"("cancelled":"true")") == FlightState::unknown); // not a boolean
}

TEST_CASE("AeroAPI airline and number fall back to the idents", "[aeroapi]") {
    const auto one = [](const std::string& fields) {
        return parse_aeroapi(
            page_with(R"({"scheduled_out":"2025-11-24T17:10:00Z",)" + fields + "}"));
    };
    auto b = one(R"("ident":"IBE6674","ident_icao":"IBE6674","ident_iata":"IB6674")");
    REQUIRE(b.flights.size() == 1);
    CHECK(b.flights[0].airline_iata == "IB");
    CHECK(b.flights[0].airline_icao == "IBE");
    CHECK(b.flights[0].flight_number == "6674");

    b = one(R"("ident":"TAP0174","operator":"TAP")");
    REQUIRE(b.flights.size() == 1);
    CHECK(b.flights[0].airline_icao == "TAP");
    CHECK(b.flights[0].flight_number == "174"); // leading zero dropped

    b = one(R"("ident":"N512AB","ident_icao":"N512AB")"); // a registration, not a flight
    CHECK(b.flights.empty());
    CHECK(b.errors.size() == 1);
}

TEST_CASE("AeroAPI links.next must be a path on the same host", "[aeroapi]") {
    auto b = parse_aeroapi(R"({"departures":[],"links":{"next":"https://evil.example/x"}})");
    CHECK_FALSE(b.next_page_url);
    REQUIRE(b.errors.size() == 1);
    CHECK_THAT(b.errors[0].message, Contains("links.next"));
    b = parse_aeroapi(R"({"departures":[],"links":{"next":"//evil.example/x"}})");
    CHECK_FALSE(b.next_page_url);
    b = parse_aeroapi(R"({"departures":[],"links":{"next":"/airports/SVMI/flights?cursor=a b"}})");
    CHECK_FALSE(b.next_page_url);
    b = parse_aeroapi(R"({"departures":[],"links":{"next":""}})");
    CHECK_FALSE(b.next_page_url);
    CHECK(b.errors.empty());
}

TEST_CASE("AeroAPI payloads that are not boards", "[aeroapi]") {
    for (const char* payload :
         {"", "   ", "[]", "null", "{", "{}", R"({"departures":{}})",
          R"({"departures":[1,"x",null]})", "\xff\xfe{}", R"({"departures":[{"ident":"TK224"},)"}) {
        INFO(payload);
        const auto b = parse_aeroapi(payload);
        CHECK(b.flights.empty());
        CHECK_FALSE(b.errors.empty());
    }
    // Invalid UTF-8 inside a value is repaired, not fatal.
    const auto b = parse_aeroapi(
        page_with("{\"ident\":\"THY224\",\"operator_icao\":\"THY\",\"flight_number\":\"224\","
                  "\"status\":\"Sched\xc3uled\",\"scheduled_out\":\"2025-11-24T17:10:00Z\"}"));
    REQUIRE(b.flights.size() == 1);
    CHECK_THAT(b.flights[0].raw, Contains("\xef\xbf\xbd"));
}
