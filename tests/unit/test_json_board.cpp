// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/time.hpp"
#include "sources/flight_feeds.hpp"
#include "sources/flights/flight_fields.hpp"
#include "sources/flights/json_board.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

using namespace aerowatch;
using Catch::Matchers::Contains;

namespace {

std::string fixture(const char* name) {
    return test::read_file(std::string(AEROWATCH_FIXTURES_DIR) + "/json_board/" + name);
}

UtcTime at(const char* iso) {
    return *parse_iso8601(iso);
}

/// The board of tests/fixtures/json_board/README.md.
JsonBoardConfig salidas() {
    JsonBoardConfig b;
    b.list = "/vuelos/salidas";
    b.airline = "/aerolinea";
    b.flight_number = "/vuelo";
    b.origin_code = "SVMI";
    b.destination = "/destino/iata";
    b.scheduled = "/programada";
    b.time_format = "%d/%m/%Y %H:%M";
    b.time_zone = "America/Caracas";
    b.status = "/estado";
    b.status_map = {{"CANCELADO", FlightState::cancelled}, {"DESVIADO", FlightState::diverted},
                    {"ATERRIZADO", FlightState::landed},   {"PROGRAMADO", FlightState::scheduled},
                    {"DEMORADO", FlightState::delayed},    {"EN VUELO", FlightState::active}};
    return b;
}

const FlightStatus& find(const FlightBatch& b, const std::string& number) {
    auto found = std::find_if(b.flights.begin(), b.flights.end(),
                              [&](const FlightStatus& f) { return f.flight_number == number; });
    INFO(number);
    REQUIRE(found != b.flights.end());
    return *found;
}

} // namespace

TEST_CASE("a Spanish departure board read through its TOML board config", "[json_board]") {
    const TzifTimeZones zones;
    REQUIRE(zones.has_zone("America/Caracas")); // else: install tzdata (scripts/setup)
    const auto batch = parse_json_board(fixture("ccs_salidas_2025-11-24.json"), salidas(), zones);
    REQUIRE(batch.flights.size() == 8);
    REQUIRE(batch.errors.size() == 3);
    CHECK_THAT(batch.errors[0].message,
               Contains("record 8") && Contains("QL600") && Contains("no scheduled time"));
    CHECK_THAT(batch.errors[1].message, Contains("record 9") && Contains("no readable flight"));
    CHECK_THAT(batch.errors[2].message, Contains("record 10") && Contains("2025-11-24 11:40"));

    const auto& ib = find(batch, "6674");
    CHECK(ib.airline_iata == "IB");
    CHECK(ib.origin == "SVMI");
    CHECK(ib.destination == "MAD");
    CHECK(ib.scheduled_departure == at("2025-11-24T21:55:00Z"));
    CHECK(ib.state == FlightState::cancelled);
    CHECK_THAT(ib.raw, Contains("\"vuelo\":\"IB6674\""));

    SECTION("flight numbers with a space, leading zeros, or as a JSON number") {
        CHECK(find(batch, "224").airline_iata == "TK");
        CHECK(find(batch, "72").airline_iata == "UX");
        CHECK(find(batch, "1102").airline_iata == "9V");
    }
    SECTION("statuses match ignoring case and blanks; unmapped is unknown") {
        CHECK(find(batch, "224").state == FlightState::cancelled); // "Cancelado"
        CHECK(find(batch, "72").state == FlightState::scheduled);  // " programado "
        CHECK(find(batch, "221").state == FlightState::delayed);
        CHECK(find(batch, "3104").state == FlightState::active);
        CHECK(find(batch, "7313").state == FlightState::diverted);
        CHECK(find(batch, "1102").state == FlightState::unknown); // "Embarcando"
    }
    SECTION("the airline: an ICAO code, or the flight number's prefix when null") {
        CHECK(find(batch, "221").airline_icao == "CMP");
        CHECK(find(batch, "221").airline_iata.empty());
        CHECK(find(batch, "3104").airline_iata == "V0");
        CHECK(find(batch, "3104").scheduled_departure == at("2025-11-24T11:30:00Z"));
    }
    SECTION("a null destination object leaves the destination empty") {
        CHECK(find(batch, "7690").destination.empty());
    }
}

TEST_CASE("json_board ISO 8601 times, root arrays and fixed destinations", "[json_board]") {
    const TzifTimeZones zones;
    JsonBoardConfig b;
    b.list = "";
    b.flight_number = "/flight";
    b.airline = "/carrier/code";
    b.origin = "/from";
    b.destination_code = "svmi";
    b.scheduled = "/std";
    b.time_zone = "Europe/Madrid";
    b.status = "/a~1b";
    b.status_map = {{"X", FlightState::cancelled}};
    const std::string payload = R"([
        {"flight":"IB6673","carrier":{"code":"ibe"},"from":"LEMD","std":"2025-11-24T12:05:00+01:00","a/b":"x"},
        {"flight":"IB6673","carrier":{"code":"IBE"},"from":"LEMD","std":"2025-11-25T12:05:00"},
        {"flight":"6673","carrier":{"code":"IB"},"from":"LEMD","std":"2025-07-25 12:05"},
        {"flight":"6673","carrier":{"code":"IB"},"from":"LEMD","std":"2025-07-25T12:05:00Z"},
        {"flight":"6673","carrier":{"code":"IBERIA"},"from":"LEMD","std":"2025-07-25T12:05:00Z"},
        "not an object"
    ])";
    const auto batch = parse_json_board(payload, b, zones);
    REQUIRE(batch.flights.size() == 4);
    REQUIRE(batch.errors.size() == 2);
    CHECK_THAT(batch.errors[0].message, Contains("IBERIA"));
    CHECK_THAT(batch.errors[1].message, Contains("record 6"));
    CHECK(batch.flights[0].airline_icao == "IBE");
    CHECK(batch.flights[0].flight_number == "6673"); // "IB" stripped though the airline is IBE
    CHECK(batch.flights[0].scheduled_departure == at("2025-11-24T11:05:00Z"));
    CHECK(batch.flights[0].state == FlightState::cancelled); // via the escaped pointer
    CHECK(batch.flights[0].destination == "SVMI");
    CHECK(batch.flights[1].scheduled_departure == at("2025-11-25T11:05:00Z")); // CET
    CHECK(batch.flights[1].state == FlightState::unknown);
    CHECK(batch.flights[2].scheduled_departure == at("2025-07-25T10:05:00Z")); // CEST
    CHECK(batch.flights[3].scheduled_departure == at("2025-07-25T12:05:00Z"));
}

TEST_CASE("json_board payloads and lists that do not fit the config", "[json_board]") {
    const TzifTimeZones zones;
    const auto board = salidas();
    for (const char* payload : {"", "nope", "{}", R"({"vuelos":{"salidas":{}}})",
                                R"({"vuelos":{"salidas":"x"}})", "{\"vuelos\":"}) {
        INFO(payload);
        const auto b = parse_json_board(payload, board, zones);
        CHECK(b.flights.empty());
        CHECK(b.errors.size() == 1);
    }
    SECTION("a time zone the lookup does not know fails each record, not the batch") {
        auto unknown = board;
        unknown.time_zone = "Mars/Olympus_Mons";
        const auto b = parse_json_board(
            R"({"vuelos":{"salidas":[{"aerolinea":"IB","vuelo":"IB1","programada":"24/11/2025 17:55"}]}})",
            unknown, zones);
        CHECK(b.flights.empty());
        REQUIRE(b.errors.size() == 1);
        CHECK_THAT(b.errors[0].message, Contains("Mars/Olympus_Mons"));
    }
}

TEST_CASE("designators, flight numbers and time patterns", "[json_board]") {
    using flights::split_designator;
    CHECK(split_designator("IB6673")->airline == "IB");
    CHECK(split_designator("ib 6673")->number == "6673");
    CHECK(split_designator("THY223")->airline == "THY");
    CHECK(split_designator("G31234")->airline == "G3");
    CHECK(split_designator("4C5043")->airline == "4C");
    CHECK(split_designator("V03104")->number == "3104");
    CHECK(split_designator("0072")->number == "72");
    CHECK(split_designator("0072")->airline.empty());
    CHECK(split_designator("1234A")->number == "1234A");
    CHECK_FALSE(split_designator(""));
    CHECK_FALSE(split_designator("IB"));
    CHECK_FALSE(split_designator("12345678"));
    CHECK_FALSE(split_designator("IB6673XY"));
    CHECK_FALSE(split_designator("EC-MIG"));

    const auto t = flights::parse_with_pattern("24/11/2025  7:05", "%d/%m/%Y %H:%M");
    REQUIRE(t);
    CHECK((t->y == 2025 && t->mo == 11 && t->d == 24 && t->h == 7 && t->mi == 5));
    CHECK(flights::parse_with_pattern("2025%11-24 07.05.09", "%Y%%%m-%d %H.%M.%S")->s == 9);
    CHECK_FALSE(flights::parse_with_pattern("31/02/2025 10:00", "%d/%m/%Y %H:%M"));
    CHECK_FALSE(flights::parse_with_pattern("24/11/25 10:00", "%d/%m/%Y %H:%M"));
    CHECK_FALSE(flights::parse_with_pattern("24/11/2025 10:00 extra", "%d/%m/%Y %H:%M"));
    CHECK_FALSE(flights::parse_with_pattern("24/11/2025", "%d/%m/%Y"));
    std::string problem;
    CHECK_FALSE(flights::valid_time_pattern("%d/%m/%y %H:%M", &problem));
    CHECK_THAT(problem, Contains("%y"));
    CHECK_FALSE(flights::valid_time_pattern("%d/%m/%Y %H", &problem));
    CHECK_THAT(problem, Contains("%M"));
    CHECK_FALSE(flights::valid_time_pattern("%Y-%m-%d %H:%M %", &problem));
    CHECK_FALSE(flights::valid_time_pattern("%Y-%m-%d %H:%M:%M", &problem));
    CHECK(flights::valid_time_pattern("%Y-%m-%dT%H:%M:%S"));
}

TEST_CASE("flight payloads dispatch by source kind", "[json_board]") {
    const TzifTimeZones zones;
    CHECK(is_flight_kind("aeroapi"));
    CHECK(is_flight_kind("aviationstack"));
    CHECK(is_flight_kind("json_board"));
    CHECK(is_flight_kind("faa_nas_status"));
    CHECK_FALSE(is_flight_kind("rss"));
    SourceConfig source;
    source.name = "ccs";
    CHECK_FALSE(parse_flight_payload("rss", "<rss/>", source, zones));
    auto batch = parse_flight_payload("json_board", "[]", source, zones);
    REQUIRE(batch);
    REQUIRE(batch->errors.size() == 1);
    CHECK_THAT(batch->errors[0].message, Contains("[source.board]"));
    source.board = salidas();
    batch =
        parse_flight_payload("json_board", fixture("ccs_salidas_2025-11-24.json"), source, zones);
    REQUIRE(batch);
    CHECK(batch->flights.size() == 8);
    batch = parse_flight_payload("faa_nas_status", "<AIRPORT_STATUS_INFORMATION/>", source, zones);
    REQUIRE(batch);
    CHECK(batch->errors.empty());
    CHECK(parse_flight_payload("aeroapi", R"({"arrivals":[]})", source, zones)->errors.empty());
    CHECK(parse_flight_payload("aviationstack", R"({"data":[]})", source, zones)->errors.empty());
}
