// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/time.hpp"
#include "sources/flights/aviationstack.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

using namespace aerowatch;
using Catch::Matchers::Contains;

namespace {

/// The system tz database plus a few airport zones, as the reference data would give them.
class Zones final : public TimeZoneLookup {
  public:
    std::optional<UtcTime> to_utc(std::string_view zone, int y, int mo, int d, int h,
                                  int mi) const override {
        return tz_.to_utc(zone, y, mo, d, h, mi);
    }
    std::optional<std::string> airport_zone(std::string_view code) const override {
        static const std::map<std::string, std::string, std::less<>> airports = {
            {"SVMI", "America/Caracas"}, {"CCS", "America/Caracas"}, {"LEMD", "Europe/Madrid"}};
        auto found = airports.find(code);
        return found == airports.end() ? std::nullopt : std::optional<std::string>(found->second);
    }

  private:
    TzifTimeZones tz_;
};

std::string fixture(const char* name) {
    return test::read_file(std::string(AEROWATCH_FIXTURES_DIR) + "/aviationstack/" + name);
}

UtcTime at(const char* iso) {
    return *parse_iso8601(iso);
}

const FlightStatus& find(const FlightBatch& b, const std::string& airline,
                         const std::string& number) {
    auto found = std::find_if(b.flights.begin(), b.flights.end(), [&](const FlightStatus& f) {
        return f.airline_iata == airline && f.flight_number == number;
    });
    INFO(airline << number);
    REQUIRE(found != b.flights.end());
    return *found;
}

bool has_flight(const FlightBatch& b, const std::string& airline, const std::string& number) {
    return std::any_of(b.flights.begin(), b.flights.end(), [&](const FlightStatus& f) {
        return f.airline_iata == airline && f.flight_number == number;
    });
}

/// A one-record page; `departure` and `flight` are JSON objects.
std::string page_with(const std::string& records) {
    return R"({"pagination":{"limit":100,"offset":0,"count":1,"total":1},"data":[)" + records +
           "]}";
}

std::string record(const std::string& airline, const std::string& number,
                   const std::string& departure, const std::string& codeshared = "null") {
    return R"({"flight_date":"2025-11-22","flight_status":"scheduled","departure":)" + departure +
           R"(,"arrival":null,"airline":{"name":"X","iata":")" + airline +
           R"(","icao":null},"flight":{"number":")" + number + R"(","iata":")" + airline + number +
           R"(","icao":null,"codeshared":)" + codeshared + "}}";
}

const std::string ccs_departure =
    R"({"timezone":"America/Caracas","iata":"CCS","icao":"SVMI","scheduled":"2025-11-22T08:10:00+00:00"})";

} // namespace

TEST_CASE("AviationStack CCS 22 Nov 2025, page 1 of 2", "[aviationstack]") {
    const Zones zones;
    REQUIRE(zones.has_zone("America/Caracas")); // else: install tzdata (scripts/setup)
    const auto batch = parse_aviationstack(fixture("ccs_2025-11-22.json"), zones);
    CHECK(batch.next_offset == 10);
    CHECK_FALSE(batch.next_page_url);
    REQUIRE(batch.flights.size() == 8);
    REQUIRE(batch.errors.size() == 2);
    CHECK_THAT(batch.errors[0].message, Contains("placeholder"));
    CHECK_THAT(batch.errors[1].message, Contains("V02120") && Contains("no time zone for LRV") &&
                                            Contains("flight recorded"));
    CHECK(batch.errors[0].line > 1);

    SECTION("cancellations with airport-local times labelled +00:00") {
        const auto& tp = find(batch, "TP", "174");
        CHECK(tp.state == FlightState::cancelled);
        CHECK(tp.airline_icao == "TAP");
        CHECK(tp.origin == "SVMI");
        CHECK(tp.destination == "LPPT");
        CHECK(tp.scheduled_departure == at("2025-11-22T19:45:00Z")); // 15:45 in Caracas
        CHECK(tp.scheduled_arrival == at("2025-11-23T05:55:00Z"));   // Lisbon is UTC in Nov
        const auto& av = find(batch, "AV", "62");
        CHECK(av.state == FlightState::cancelled);
        CHECK(av.scheduled_departure == at("2025-11-22T15:40:00Z"));
        CHECK(av.scheduled_arrival == at("2025-11-22T18:05:00Z")); // Bogota UTC-5
    }
    SECTION("\"canceled\" spelling, and a null timezone resolved through the airport") {
        const auto& gol = find(batch, "G3", "7690");
        CHECK(gol.state == FlightState::cancelled);
        CHECK(gol.scheduled_departure == at("2025-11-22T16:55:00Z"));
        CHECK(gol.scheduled_arrival == at("2025-11-22T22:50:00Z")); // Sao Paulo UTC-3
    }
    SECTION("the codeshare duplicate collapses onto the operating flight") {
        const auto& ib = find(batch, "IB", "6674");
        CHECK(ib.state == FlightState::active);
        CHECK(ib.codeshares == std::vector<std::string>{"AA8652"});
        CHECK(ib.scheduled_departure == at("2025-11-22T21:55:00Z"));
        CHECK(ib.actual_departure == at("2025-11-22T22:07:00Z"));
        CHECK(ib.scheduled_arrival == at("2025-11-23T06:50:00Z")); // Madrid CET
        CHECK(ib.estimated_arrival == at("2025-11-23T06:41:00Z"));
        CHECK(ib.delay_minutes == 12);
        CHECK(ib.raw.find("\"iberia\"") == std::string::npos); // its own record, not AA's
        CHECK_FALSE(has_flight(batch, "AA", "8652"));
    }
    SECTION("a duplicate whose operating record is not in the payload becomes that flight") {
        CHECK_FALSE(has_flight(batch, "UA", "6524"));
        const auto& cm = find(batch, "CM", "221");
        CHECK(cm.airline_icao == "CMP");
        CHECK(cm.codeshares == std::vector<std::string>{"UA6524"});
        CHECK(cm.state == FlightState::scheduled);
        CHECK(cm.scheduled_departure == at("2025-11-22T12:10:00Z"));
        CHECK(cm.scheduled_arrival == at("2025-11-22T14:25:00Z")); // Panama UTC-5
        CHECK(cm.destination == "MPTO");
    }
    SECTION("incident is unknown; diverted; scheduled with a 20-minute delay is delayed") {
        const auto& incident = find(batch, "V0", "3106");
        CHECK(incident.state == FlightState::unknown);
        CHECK(incident.actual_departure == at("2025-11-22T13:41:00Z"));
        CHECK(incident.delay_minutes == 11);
        const auto& wingo = find(batch, "P5", "7313");
        CHECK(wingo.state == FlightState::diverted);
        CHECK(wingo.scheduled_arrival == at("2025-11-22T20:45:00Z"));
        CHECK_FALSE(wingo.estimated_arrival);
        const auto& late = find(batch, "V0", "2120");
        CHECK(late.state == FlightState::delayed);
        CHECK(late.delay_minutes == 20);
        CHECK(late.estimated_departure == at("2025-11-22T14:20:00Z"));
        // No zone for Los Roques: kept as labelled, noted in the errors.
        CHECK(late.scheduled_arrival == at("2025-11-22T10:40:00Z"));
        CHECK(late.destination == "SVRS");
    }
}

TEST_CASE("AviationStack page 2: the operating record of the codeshare, last page",
          "[aviationstack]") {
    const Zones zones;
    const auto page1 = parse_aviationstack(fixture("ccs_2025-11-22.json"), zones);
    const auto page2 = parse_aviationstack(fixture("ccs_2025-11-22_page2.json"), zones);
    CHECK(page2.errors.empty());
    CHECK_FALSE(page2.next_offset);
    REQUIRE(page2.flights.size() == 4);
    // Same identity as the flight page 1 built from the codeshare block.
    const auto& a = find(page1, "CM", "221");
    const auto& b = find(page2, "CM", "221");
    CHECK(a.airline_icao == b.airline_icao);
    CHECK(a.origin == b.origin);
    CHECK(a.scheduled_departure == b.scheduled_departure);
    CHECK(b.codeshares.empty());
    CHECK(find(page2, "QL", "1930").state == FlightState::landed);
    CHECK(find(page2, "UX", "72").scheduled_departure == at("2025-11-22T22:30:00Z"));
}

TEST_CASE("AviationStack error envelope", "[aviationstack]") {
    const Zones zones;
    const auto batch = parse_aviationstack(fixture("error_usage_limit.json"), zones);
    CHECK(batch.flights.empty());
    REQUIRE(batch.errors.size() == 1);
    CHECK_THAT(batch.errors[0].message,
               Contains("104") && Contains("usage_limit_reached") && Contains("monthly"));
}

TEST_CASE("AviationStack times: real offsets believed, Z and +00:00 re-localised",
          "[aviationstack]") {
    const Zones zones;
    const auto departure = [](const std::string& scheduled) {
        return R"({"timezone":"Europe/Madrid","iata":"MAD","icao":"LEMD","scheduled":")" +
               scheduled + R"("})";
    };
    const auto time_of = [&](const std::string& scheduled) {
        auto b = parse_aviationstack(page_with(record("IB", "3166", departure(scheduled))), zones);
        REQUIRE(b.flights.size() == 1);
        return b.flights[0].scheduled_departure;
    };
    CHECK(time_of("2025-11-22T10:00:00+00:00") == at("2025-11-22T09:00:00Z"));
    CHECK(time_of("2025-11-22T10:00:00Z") == at("2025-11-22T09:00:00Z"));
    CHECK(time_of("2025-11-22T10:00:00") == at("2025-11-22T09:00:00Z"));
    CHECK(time_of("2025-07-22T10:00:00+00:00") == at("2025-07-22T08:00:00Z"));
    CHECK(time_of("2025-11-22T10:00:00+01:00") == at("2025-11-22T09:00:00Z"));
    CHECK(time_of("2025-11-22T10:00:00-03:00") == at("2025-11-22T13:00:00Z"));

    SECTION("an unknown timezone name falls back to the airport's zone") {
        auto b = parse_aviationstack(
            page_with(record("IB", "3166",
                             R"({"timezone":"Europe/Atlantis","iata":"MAD","icao":"LEMD",)"
                             R"("scheduled":"2025-11-22T10:00:00+00:00"})")),
            zones);
        REQUIRE(b.flights.size() == 1);
        CHECK(b.errors.empty());
        CHECK(b.flights[0].scheduled_departure == at("2025-11-22T09:00:00Z"));
    }
    SECTION("without airport zones a null timezone keeps the label and says so") {
        const TzifTimeZones plain; // no reference data
        auto b = parse_aviationstack(fixture("ccs_2025-11-22.json"), plain);
        const auto& gol = find(b, "G3", "7690");
        CHECK(gol.scheduled_departure == at("2025-11-22T12:55:00Z"));
        CHECK(std::any_of(b.errors.begin(), b.errors.end(), [](const ItemError& e) {
            return e.message.find("G37690") != std::string::npos &&
                   e.message.find("no time zone for CCS") != std::string::npos;
        }));
    }
}

TEST_CASE("AviationStack codeshares: order and several marketing carriers", "[aviationstack]") {
    const Zones zones;
    const std::string copa = R"({"airline_name":"copa airlines","airline_iata":"cm",)"
                             R"("airline_icao":"cmp","flight_number":"221",)"
                             R"("flight_iata":"cm221","flight_icao":"cmp221"})";
    SECTION("the duplicate listed before its operating record") {
        auto b = parse_aviationstack(page_with(record("UA", "6524", ccs_departure, copa) + "," +
                                               record("CM", "221", ccs_departure)),
                                     zones);
        REQUIRE(b.flights.size() == 1);
        CHECK(b.flights[0].airline_iata == "CM");
        CHECK(b.flights[0].codeshares == std::vector<std::string>{"UA6524"});
        CHECK_THAT(b.flights[0].raw, Contains("\"CM\"")); // the operating record's own text
    }
    SECTION("two duplicates of an absent operating flight become one flight") {
        auto b = parse_aviationstack(page_with(record("UA", "6524", ccs_departure, copa) + "," +
                                               record("AV", "6221", ccs_departure, copa) + "," +
                                               record("UA", "6524", ccs_departure, copa)),
                                     zones);
        REQUIRE(b.flights.size() == 1);
        CHECK(b.flights[0].flight_number == "221");
        CHECK(b.flights[0].codeshares == std::vector<std::string>{"UA6524", "AV6221"});
    }
    SECTION("a codeshared block with only the designator") {
        auto b = parse_aviationstack(
            page_with(record("UA", "6524", ccs_departure, R"({"flight_iata":"cm221"})")), zones);
        REQUIRE(b.flights.size() == 1);
        CHECK(b.flights[0].airline_iata == "CM");
        CHECK(b.flights[0].flight_number == "221");
        CHECK(b.flights[0].codeshares == std::vector<std::string>{"UA6524"});
    }
    SECTION("a codeshare on another day is another flight") {
        auto later = ccs_departure;
        later.replace(later.find("2025-11-22"), 10, "2025-11-23");
        auto b = parse_aviationstack(
            page_with(record("CM", "221", ccs_departure) + "," + record("UA", "6524", later, copa)),
            zones);
        REQUIRE(b.flights.size() == 2);
        CHECK(b.flights[0].codeshares.empty());
        CHECK(b.flights[1].codeshares == std::vector<std::string>{"UA6524"});
    }
}

TEST_CASE("AviationStack pagination", "[aviationstack]") {
    const Zones zones;
    const auto next = [&](const std::string& pagination) {
        return parse_aviationstack(R"({"pagination":)" + pagination + R"(,"data":[]})", zones)
            .next_offset;
    };
    CHECK(next(R"({"limit":100,"offset":0,"count":100,"total":1669022})") == 100);
    CHECK(next(R"({"limit":100,"offset":200,"count":100,"total":300})") == std::nullopt);
    CHECK(next(R"({"limit":100,"offset":0,"count":0,"total":50})") == std::nullopt);
    CHECK(next(R"({"limit":100,"offset":"100","count":"50","total":"400"})") == 150);
    CHECK(next(R"({"limit":100,"offset":-5,"count":10,"total":400})") == std::nullopt);
    CHECK(next(R"({"offset":1e300,"count":10,"total":1e301})") == std::nullopt);
    CHECK(next("null") == std::nullopt);
}

TEST_CASE("AviationStack payloads that are not pages", "[aviationstack]") {
    const Zones zones;
    for (const char* payload : {"", "[]", "{}", R"({"data":null})", R"({"data":[1,2]})",
                                R"({"data":[{"flight":{"number":null}}]})", "{\"data\":[{"}) {
        INFO(payload);
        const auto b = parse_aviationstack(payload, zones);
        CHECK(b.flights.empty());
        CHECK_FALSE(b.errors.empty());
    }
}
