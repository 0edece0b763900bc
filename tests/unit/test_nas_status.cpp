// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/time.hpp"
#include "sources/flights/nas_status.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

using namespace aerowatch;
using Catch::Matchers::Contains;

namespace {

std::string fixture(const char* name) {
    return test::read_file(std::string(AEROWATCH_FIXTURES_DIR) + "/nas_status/" + name);
}

UtcTime at(const char* iso) {
    return *parse_iso8601(iso);
}

const AirportSignal& find(const FlightBatch& b, const std::string& airport,
                          const std::string& type) {
    auto found = std::find_if(b.signals.begin(), b.signals.end(), [&](const AirportSignal& s) {
        return s.airport == airport && s.type == type;
    });
    INFO(airport << " " << type);
    REQUIRE(found != b.signals.end());
    return *found;
}

std::string status_with(const std::string& update, const std::string& delay_types) {
    return "<AIRPORT_STATUS_INFORMATION><Update_Time>" + update + "</Update_Time>" + delay_types +
           "</AIRPORT_STATUS_INFORMATION>";
}

} // namespace

TEST_CASE("NAS status of 26 Nov 2025: ground delays, stops, delays and closures", "[nas_status]") {
    const auto batch = parse_nas_status(fixture("airport_status_2025-11-26.xml"));
    CHECK(batch.errors.empty());
    CHECK(batch.flights.empty());
    REQUIRE(batch.signals.size() == 9); // the airspace flow programme is not an airport

    const auto& ewr = find(batch, "EWR", "ground_delay");
    CHECK(ewr.reason == "low ceilings");
    CHECK(ewr.average_delay_minutes == 69);
    CHECK(ewr.max_delay_minutes == 121);
    CHECK_FALSE(ewr.start);
    CHECK_FALSE(ewr.end);
    CHECK_THAT(ewr.raw, Contains("<ARPT>EWR</ARPT>"));
    CHECK(find(batch, "SFO", "ground_delay").max_delay_minutes == 118);

    const auto& lga = find(batch, "LGA", "ground_stop");
    CHECK(lga.reason == "thunderstorms");
    CHECK(lga.end == at("2025-11-26T22:30:00Z")); // 5:30 pm EST on the update's date
    CHECK(find(batch, "SEA", "ground_stop").end == at("2025-11-26T22:15:00Z"));

    const auto& ord_arr = find(batch, "ORD", "arrival_delay");
    CHECK(ord_arr.max_delay_minutes == 45);
    CHECK(ord_arr.reason == "WX:Low Ceilings; trend: Increasing");
    const auto& ord_dep = find(batch, "ORD", "departure_delay");
    CHECK(ord_dep.max_delay_minutes == 30);
    CHECK_THAT(ord_dep.raw, Contains("Departure"));
    CHECK(find(batch, "ATL", "departure_delay").reason == "VOL:Multi-taxi; trend: Increasing");

    const auto& bos = find(batch, "BOS", "closure");
    CHECK(bos.start == at("2025-11-03T07:00:00Z"));
    CHECK(bos.end == at("2026-02-26T23:59:00Z")); // the next February
    CHECK_THAT(bos.reason, Contains("AD AP CLSD"));
    const auto& mmu = find(batch, "MMU", "closure");
    CHECK(mmu.start == at("2025-11-27T04:00:00Z"));
    CHECK(mmu.end == at("2025-11-27T11:00:00Z"));
}

TEST_CASE("NAS status with nothing to report", "[nas_status]") {
    const auto batch = parse_nas_status(fixture("airport_status_empty.xml"));
    CHECK(batch.errors.empty());
    CHECK(batch.signals.empty());
}

TEST_CASE("NAS status times relative to the update", "[nas_status]") {
    const auto stop = [](const std::string& update, const std::string& end) {
        const auto b = parse_nas_status(status_with(
            update, "<Delay_type><Name>Ground Stop Programs</Name><Ground_Stop_List><Program>"
                    "<ARPT>JFK</ARPT><Reason>x</Reason><End_Time>" +
                        end + "</End_Time></Program></Ground_Stop_List></Delay_type>"));
        REQUIRE(b.signals.size() == 1);
        return b.signals[0].end;
    };
    // An end time of day well before the update is tomorrow's.
    CHECK(stop("Wed Nov 26 23:50:00 2025 GMT", "1:00 am EST") == at("2025-11-27T06:00:00Z"));
    CHECK(stop("Wed Nov 26 23:50:00 2025 GMT", "12:30 pm EST") == at("2025-11-27T17:30:00Z"));
    CHECK(stop("Wed Nov 26 12:00:00 2025 GMT", "12:00 AM EST") == at("2025-11-27T05:00:00Z"));
    CHECK(stop("Wed Jul 16 20:00:00 2025 GMT", "4:45 pm EDT") == at("2025-07-16T20:45:00Z"));
    CHECK(stop("Wed Jul 16 20:00:00 2025 GMT", "2300 UTC") == at("2025-07-16T23:00:00Z"));
    CHECK(stop("Wed Jul 16 20:00:00 2025 GMT", "2:00 pm HST") == at("2025-07-17T00:00:00Z"));
    CHECK(stop("Wed Jul 16 20:00:00 2025 GMT", "soon") == std::nullopt);
    // Without an update time, a time of day cannot be placed.
    CHECK(stop("whenever", "4:45 pm EDT") == std::nullopt);
}

TEST_CASE("NAS status oddities", "[nas_status]") {
    SECTION("an item without ARPT is an error; an unknown list with ARPT is still a signal") {
        const auto b = parse_nas_status(status_with(
            "Wed Nov 26 21:47:03 2025 GMT",
            "<Delay_type><Name>Ground Delay Programs</Name><Ground_Delay_List><Ground_Delay>"
            "<Reason>wind</Reason></Ground_Delay></Ground_Delay_List></Delay_type>"
            "<Delay_type><Name>Deicing</Name><Deicing_List><Deicing><ARPT>DEN</ARPT>"
            "<Reason>snow</Reason></Deicing></Deicing_List></Delay_type>"));
        REQUIRE(b.errors.size() == 1);
        CHECK_THAT(b.errors[0].message, Contains("ground_delay without ARPT"));
        REQUIRE(b.signals.size() == 1);
        CHECK(b.signals[0].type == "deicing");
        CHECK(b.signals[0].airport == "DEN");
    }
    SECTION("elements of a list that are not its items are skipped") {
        const auto b = parse_nas_status(status_with(
            "Wed Nov 26 21:47:03 2025 GMT",
            "<Delay_type><Ground_Stop_List><Count>1</Count><Program><ARPT>JFK</ARPT>"
            "<End_Time>6:00 pm EST</End_Time></Program></Ground_Stop_List></Delay_type>"));
        CHECK(b.errors.empty());
        REQUIRE(b.signals.size() == 1);
        CHECK(b.signals[0].end == at("2025-11-26T23:00:00Z"));
    }
    SECTION("a delay that gives no direction") {
        const auto b = parse_nas_status(status_with(
            "Wed Nov 26 21:47:03 2025 GMT",
            "<Delay_type><Arrival_Departure_Delay_List><Delay><ARPT>ord</ARPT><Reason>x</Reason>"
            "</Delay></Arrival_Departure_Delay_List></Delay_type>"));
        REQUIRE(b.signals.size() == 1);
        CHECK(b.signals[0].type == "delay");
        CHECK(b.signals[0].airport == "ORD");
    }
    SECTION("malformed documents, other roots and an unreadable update time") {
        for (const char* xml : {"", "<", "<AIRPORT_STATUS_INFORMATION>", "<rss/>", "not xml"}) {
            INFO(xml);
            const auto b = parse_nas_status(xml);
            CHECK(b.signals.empty());
            CHECK(b.errors.size() == 1);
        }
        const auto b = parse_nas_status(status_with("yesterday", ""));
        REQUIRE(b.errors.size() == 1);
        CHECK_THAT(b.errors[0].message, Contains("Update_Time"));
    }
    SECTION("a DTD is never processed: no entity expansion, no external fetch") {
        const std::string xml =
            R"(<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">)"
            R"(<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY x SYSTEM "file:///etc/passwd">]>)"
            "<AIRPORT_STATUS_INFORMATION><Delay_type><Ground_Delay_List><Ground_Delay>"
            "<ARPT>EWR</ARPT><Reason>&b;&x;</Reason></Ground_Delay></Ground_Delay_List>"
            "</Delay_type></AIRPORT_STATUS_INFORMATION>";
        const auto b = parse_nas_status(xml);
        REQUIRE(b.signals.size() == 1);
        CHECK(b.signals[0].reason.find("aaaa") == std::string::npos);
        CHECK(b.signals[0].reason.find("root:") == std::string::npos);
    }
}

TEST_CASE("NAS durations", "[nas_status]") {
    CHECK(parse_nas_duration("1 hour and 9 minutes") == 69);
    CHECK(parse_nas_duration("2 hours and 1 minute") == 121);
    CHECK(parse_nas_duration("45 minutes") == 45);
    CHECK(parse_nas_duration("3 hours") == 180);
    CHECK(parse_nas_duration("1 hr 5 min") == 65);
    CHECK(parse_nas_duration("") == std::nullopt);
    CHECK(parse_nas_duration("unknown") == std::nullopt);
    CHECK(parse_nas_duration("15") == std::nullopt);
}
