// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/time.hpp"
#include "refdata/refdata.hpp"
#include "sources/flights/time_zone.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <string>

using namespace aerowatch;

namespace {

UtcTime at(const char* iso) {
    return *parse_iso8601(iso);
}

/// The tz database is a system package; without it these tests cannot mean anything, and the
/// failure must say what to install rather than report wrong offsets.
void require_tzdata(const TzifTimeZones& zones) {
    std::error_code ec;
    const bool present = std::filesystem::exists(zones.root() / "America" / "Caracas", ec);
    INFO("no tz database at " << zones.root().string()
                              << ": install the Debian package tzdata (scripts/setup)");
    REQUIRE(present);
}

void put32(std::string& b, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) {
        b += static_cast<char>((v >> shift) & 0xff);
    }
}

/// A TZif v2 file with one time type, no transitions and `footer` as its POSIX TZ string: the
/// smallest file that exercises the rule evaluation alone.
std::string tzif_with_footer(std::int32_t offset, const std::string& footer) {
    std::string block;
    put32(block, static_cast<std::uint32_t>(offset));
    block += '\0'; // isdst
    block += '\0'; // abbreviation index
    block += "XXX";
    block += '\0';
    std::string header = "TZif2" + std::string(15, '\0');
    for (std::uint32_t count : {0u, 0u, 0u, 0u, 1u, 4u}) { // isut isstd leap time type char
        put32(header, count);
    }
    return header + block + header + block + "\n" + footer + "\n";
}

} // namespace

TEST_CASE("Caracas is UTC-4 without DST since May 2016 and UTC-4:30 before", "[tz]") {
    const TzifTimeZones zones;
    require_tzdata(zones);
    CHECK(zones.to_utc("America/Caracas", 2025, 11, 24, 17, 55) == at("2025-11-24T21:55:00Z"));
    CHECK(zones.to_utc("America/Caracas", 2025, 7, 1, 0, 0) == at("2025-07-01T04:00:00Z"));
    CHECK(zones.to_utc("America/Caracas", 2012, 3, 1, 12, 0) == at("2012-03-01T16:30:00Z"));
    CHECK(zones.utc_offset("America/Caracas", at("2025-11-22T12:00:00Z")) == -4 * 3600);
}

TEST_CASE("Madrid is CET in November and CEST in July", "[tz]") {
    const TzifTimeZones zones;
    require_tzdata(zones);
    CHECK(zones.to_utc("Europe/Madrid", 2025, 11, 23, 7, 50) == at("2025-11-23T06:50:00Z"));
    CHECK(zones.to_utc("Europe/Madrid", 2025, 7, 15, 12, 0) == at("2025-07-15T10:00:00Z"));
    CHECK(zones.utc_offset("Europe/Madrid", at("2025-11-24T12:00:00Z")) == 3600);
    CHECK(zones.utc_offset("Europe/Madrid", at("2025-07-24T12:00:00Z")) == 7200);

    SECTION("a local time that occurs twice gives the earlier instant") {
        CHECK(zones.to_utc("Europe/Madrid", 2025, 10, 26, 2, 30) == at("2025-10-26T00:30:00Z"));
    }
    SECTION("a local time skipped by the spring change is read with the winter offset") {
        CHECK(zones.to_utc("Europe/Madrid", 2025, 3, 30, 2, 30) == at("2025-03-30T01:30:00Z"));
    }
    SECTION("beyond the last transition the POSIX rule of the footer applies") {
        CHECK(zones.to_utc("Europe/Madrid", 2099, 7, 1, 12, 0) == at("2099-07-01T10:00:00Z"));
        CHECK(zones.to_utc("Europe/Madrid", 2099, 12, 1, 12, 0) == at("2099-12-01T11:00:00Z"));
    }
}

TEST_CASE("other zones flight fixtures use", "[tz]") {
    const TzifTimeZones zones;
    require_tzdata(zones);
    CHECK(zones.to_utc("America/Bogota", 2025, 11, 22, 13, 5) == at("2025-11-22T18:05:00Z"));
    CHECK(zones.to_utc("Europe/Lisbon", 2025, 11, 23, 5, 55) == at("2025-11-23T05:55:00Z"));
    CHECK(zones.to_utc("America/Sao_Paulo", 2025, 11, 22, 19, 50) == at("2025-11-22T22:50:00Z"));
    CHECK(zones.to_utc("Europe/Istanbul", 2025, 11, 25, 8, 40) == at("2025-11-25T05:40:00Z"));
    // Southern hemisphere: DST spans the new year.
    CHECK(zones.to_utc("Australia/Sydney", 2025, 1, 15, 12, 0) == at("2025-01-15T01:00:00Z"));
    CHECK(zones.to_utc("Australia/Sydney", 2025, 7, 15, 12, 0) == at("2025-07-15T02:00:00Z"));
    CHECK(zones.to_utc("Etc/UTC", 2025, 7, 15, 12, 0) == at("2025-07-15T12:00:00Z"));
    CHECK(zones.has_zone("America/Argentina/Buenos_Aires"));
}

TEST_CASE("unknown zones, unsafe names and impossible dates give nothing", "[tz]") {
    const TzifTimeZones zones;
    require_tzdata(zones);
    CHECK_FALSE(zones.to_utc("Mars/Olympus_Mons", 2025, 1, 1, 0, 0));
    CHECK_FALSE(zones.to_utc("../../etc/passwd", 2025, 1, 1, 0, 0));
    CHECK_FALSE(zones.to_utc("/usr/share/zoneinfo/Europe/Madrid", 2025, 1, 1, 0, 0));
    CHECK_FALSE(zones.to_utc("America", 2025, 1, 1, 0, 0)); // a directory
    CHECK_FALSE(zones.to_utc("", 2025, 1, 1, 0, 0));
    CHECK_FALSE(zones.to_utc("Europe/Madrid", 2025, 2, 30, 0, 0));
    CHECK_FALSE(zones.to_utc("Europe/Madrid", 2025, 1, 1, 24, 0));
    CHECK_FALSE(zones.to_utc("Europe/Madrid", 0, 1, 1, 0, 0));
    CHECK_FALSE(zones.utc_offset("Nowhere/Special", at("2025-01-01T00:00:00Z")));
    // Asked twice: the cached miss answers the same.
    CHECK_FALSE(zones.has_zone("Mars/Olympus_Mons"));

    CHECK(valid_zone_name("Etc/GMT+4"));
    CHECK(valid_zone_name("America/Port-au-Prince"));
    CHECK_FALSE(valid_zone_name("Europe/../../etc/shadow"));
    CHECK_FALSE(valid_zone_name("/Europe/Madrid"));
    CHECK_FALSE(valid_zone_name("Europe/Madrid/"));
    CHECK_FALSE(valid_zone_name("Europe\\Madrid"));
    CHECK_FALSE(valid_zone_name("Europe/Madrid\n"));
}

TEST_CASE("a missing tz database makes every zone unknown", "[tz]") {
    const TzifTimeZones zones("/nonexistent/zoneinfo");
    CHECK_FALSE(zones.has_zone("Europe/Madrid"));
    CHECK_FALSE(zones.to_utc("UTC", 2025, 1, 1, 0, 0));
}

TEST_CASE("POSIX TZ footers are evaluated past the last transition", "[tz]") {
    SECTION("EU rule: last Sunday of March 01:00Z to last Sunday of October 01:00Z") {
        const auto zone = parse_tzif(tzif_with_footer(3600, "CET-1CEST,M3.5.0,M10.5.0/3"));
        REQUIRE(zone);
        const auto offset = [&](const char* iso) {
            return zone_offset_at(*zone, at(iso).time_since_epoch().count());
        };
        CHECK(offset("2030-03-31T00:59:59Z") == 3600);
        CHECK(offset("2030-03-31T01:00:00Z") == 7200);
        CHECK(offset("2030-10-27T00:59:59Z") == 7200);
        CHECK(offset("2030-10-27T01:00:00Z") == 3600);
    }
    SECTION("southern rule with a quoted name and minutes") {
        const auto zone =
            parse_tzif(tzif_with_footer(37800, "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0"));
        REQUIRE(zone);
        CHECK(zone_offset_at(*zone, at("2030-01-15T00:00:00Z").time_since_epoch().count()) ==
              39600);
        CHECK(zone_offset_at(*zone, at("2030-07-15T00:00:00Z").time_since_epoch().count()) ==
              37800);
    }
    SECTION("a fixed zone and Julian-day rules") {
        auto fixed = parse_tzif(tzif_with_footer(-14400, "<-04>4"));
        REQUIRE(fixed);
        CHECK(zone_offset_at(*fixed, 4102444800) == -14400);
        auto julian = parse_tzif(tzif_with_footer(0, "XXX0YYY,J60/0,300/0"));
        REQUIRE(julian);
        CHECK(zone_offset_at(*julian, at("2031-02-28T12:00:00Z").time_since_epoch().count()) == 0);
        CHECK(zone_offset_at(*julian, at("2031-06-01T12:00:00Z").time_since_epoch().count()) ==
              3600);
    }
    SECTION("an unreadable footer leaves the last time type in force") {
        auto zone = parse_tzif(tzif_with_footer(7200, "not a rule"));
        REQUIRE(zone);
        CHECK(zone_offset_at(*zone, 4102444800) == 7200);
    }
}

TEST_CASE("malformed TZif data is refused", "[tz]") {
    CHECK_FALSE(parse_tzif(""));
    CHECK_FALSE(parse_tzif("TZif"));
    CHECK_FALSE(parse_tzif(std::string(200, 'x')));
    const auto good = tzif_with_footer(3600, "CET-1");
    REQUIRE(parse_tzif(good));
    for (std::size_t cut = 0; cut + 7 < good.size(); ++cut) { // the footer is 7 bytes
        // Truncated anywhere inside the data blocks: refused, never read past the end.
        INFO("cut at " << cut);
        CHECK_FALSE(parse_tzif(good.substr(0, cut)));
    }
}

TEST_CASE("airport zones come from the reference data", "[tz]") {
    const TzifTimeZones zones(default_zoneinfo_directory(),
                              RefData::load(AEROWATCH_FIXTURES_DIR "/../../daemon/data"));
    CHECK(zones.airport_zone("SVMI") == "America/Caracas");
    CHECK(zones.airport_zone("CCS") == "America/Caracas");
    CHECK(zones.airport_zone("SKBO") == "America/Bogota");
    CHECK_FALSE(zones.airport_zone("ZZZZ"));
    CHECK_FALSE(TzifTimeZones().airport_zone("SVMI"));
}
