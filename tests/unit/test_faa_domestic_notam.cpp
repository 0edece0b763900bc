// SPDX-License-Identifier: GPL-3.0-or-later
// The FAA domestic NOTAM parser (NOTAM D and FDC) against the real examples of feeds.md 1.7.
#include "core/time.hpp"
#include "sources/notam/notam_parsers.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace aerowatch;

namespace {

std::string fixture(const char* name) {
    return test::read_file(std::string(AEROWATCH_FIXTURES_DIR) + "/notam/" + name);
}

Notam parse_ok(std::string_view text) {
    auto result = parse_faa_domestic_notam(text);
    INFO(text);
    if (!result.ok()) {
        INFO(result.error().message);
    }
    REQUIRE(result.ok());
    return std::move(result).value();
}

std::string iso(const std::optional<UtcTime>& t) {
    return t ? format_iso8601(*t) : "none";
}

} // namespace

TEST_CASE("FAA domestic NOTAM D: plain, EST appended, PERM (!ADK)", "[notam][domestic]") {
    const std::string file = fixture("domestic_adk.txt");
    const auto pieces = split_notams(file);
    REQUIRE(pieces.size() == 3);
    CHECK(pieces[1].line == 2);

    const auto dme = parse_ok(pieces[0].text);
    CHECK(dme.form == Notam::Form::faa_domestic);
    CHECK(dme.issuer == "ADK");
    CHECK(dme.id == "04/002");
    CHECK(dme.number == 2);
    CHECK(dme.year == 2017);
    CHECK(dme.series.empty());
    CHECK(dme.type == 'N');
    CHECK(dme.locations == std::vector<std::string>{"ADK"});
    CHECK(dme.keyword == "NAV");
    CHECK(dme.text == "DME OUT OF SERVICE");
    CHECK(iso(dme.valid_from) == "2017-04-03T21:00:00Z");
    CHECK(iso(dme.valid_to) == "2017-04-03T23:59:00Z");
    CHECK_FALSE(dme.valid_to_estimated);
    CHECK_FALSE(dme.permanent);
    CHECK(dme.raw == pieces[0].text);

    const auto ils = parse_ok(pieces[1].text);
    CHECK(ils.id == "03/004");
    CHECK(ils.text == "ILS RWY 23 LOC OUT OF SERVICE");
    CHECK(iso(ils.valid_to) == "2017-04-21T23:59:00Z");
    CHECK(ils.valid_to_estimated); // "EST" appended without a space

    const auto ndb = parse_ok(pieces[2].text);
    CHECK(ndb.year == 2015);
    CHECK(iso(ndb.valid_from) == "2015-03-03T05:45:00Z");
    CHECK_FALSE(ndb.valid_to);
    CHECK(ndb.permanent);
    CHECK(ndb.text == "NDB OUT OF SERVICE");
}

TEST_CASE("FAA domestic NOTAM with a seconds-precision circle (!FTW 02/277)", "[notam][domestic]") {
    const auto n = parse_ok(fixture("domestic_ftw_02_277.txt"));
    CHECK(n.issuer == "FTW"); // accountability differs from the location
    CHECK(n.locations == std::vector<std::string>{"ZFW"});
    CHECK(n.keyword == "OBST");
    CHECK(n.year == 2024);
    CHECK(n.text == "WIND TURBINE FARM WI AN AREA DEFINED AS 6NM RADIUS OF 314248N1012646W "
                    "(38.1NM ESE 7T7) 3165FT (432FT AGL) NOT LGTD");
    REQUIRE(n.lat);
    CHECK(*n.lat == Approx(31 + 42 / 60.0 + 48 / 3600.0));
    CHECK(*n.lon == Approx(-(101 + 26 / 60.0 + 46 / 3600.0)));
    CHECK(n.radius_nm == 6);
    CHECK(iso(n.valid_from) == "2024-02-14T13:54:00Z");
    CHECK(iso(n.valid_to) == "2024-02-28T23:59:00Z");
}

TEST_CASE("FAA FDC NOTAM: Y/NNNN, state prefix, EST (!FDC 2/6540)", "[notam][domestic]") {
    const auto n = parse_ok(fixture("domestic_fdc_2_6540.txt"));
    CHECK(n.issuer == "FDC");
    CHECK(n.id == "2/6540");
    CHECK(n.number == 6540);
    CHECK(n.year == 2022); // the decade the start date gives
    CHECK(n.keyword == "ROUTE");
    CHECK(n.text == "ZFW. V68 JOKES, TX TO STEEP, TX MOCA 4400.");
    CHECK(iso(n.valid_from) == "2022-06-09T17:14:00Z");
    CHECK(iso(n.valid_to) == "2024-06-09T17:14:00Z");
    CHECK(n.valid_to_estimated);
    CHECK_FALSE(n.lat);
}

TEST_CASE("FAA FDC NOTAM in parts (!FDC 4/2246 PART 1 OF 2)", "[notam][domestic]") {
    const auto n = parse_ok(fixture("domestic_fdc_4_2246_part1.txt"));
    CHECK(n.id == "4/2246");
    CHECK(n.part == 1);
    CHECK(n.part_count == 2);
    CHECK(n.keyword == "AIRSPACE");
    CHECK(n.text == "SAN ANGELO, TX..TEMPORARY FLIGHT RESTRICTIONS. ...");
    CHECK_FALSE(n.valid_from); // the trimmed copy has none
    CHECK(n.year == 0);

    // With the validity repeated in the part, before or after "END PART".
    const auto before = parse_ok("!FDC 4/2246 ZFW PART 1 OF 2 TX..AIRSPACE SAN ANGELO, TX..TFR. "
                                 "2406151200-2406152359 END PART 1 OF 2");
    CHECK(before.text == "SAN ANGELO, TX..TFR.");
    CHECK(before.year == 2024);
    CHECK(iso(before.valid_to) == "2024-06-15T23:59:00Z");
    const auto after = parse_ok("!FDC 4/2246 ZFW PART 2 OF 2 TX..AIRSPACE MORE TEXT\n"
                                "END PART 2 OF 2 2406151200-2406152359");
    CHECK(after.part == 2);
    CHECK(after.text == "MORE TEXT");
    CHECK(iso(after.valid_from) == "2024-06-15T12:00:00Z");
}

TEST_CASE("FAA domestic NOTAM: year resolution, EST as a word, wrapped lines",
          "[notam][domestic]") {
    // Issued in December, effective in January.
    CHECK(parse_ok("!BOS 12/345 BOS RWY 04R CLSD 2501011200-2501021200").year == 2024);
    // FDC number from 2019 still in force in 2021.
    CHECK(parse_ok("!FDC 9/1234 ZNY AIRSPACE TEST 2101011200-2102011200").year == 2019);
    const auto est =
        parse_ok("!ADK 03/004 ADK NAV ILS\r\nOUT OF SERVICE 1703170944-1704212359 EST");
    CHECK(est.valid_to_estimated);
    CHECK(est.text == "ILS\nOUT OF SERVICE");
    // A position without a radius.
    const auto point = parse_ok("!FTW 02/278 ZFW OBST CRANE 314248N1012646W 400FT AGL "
                                "2402141354-2402282359");
    CHECK(point.lat == Approx(31.7133).epsilon(1e-4));
    CHECK_FALSE(point.radius_nm);
}

TEST_CASE("FAA domestic NOTAM errors", "[notam][domestic]") {
    const auto error = [](std::string_view text) {
        auto r = parse_faa_domestic_notam(text);
        REQUIRE_FALSE(r.ok());
        return r.error();
    };
    CHECK_THAT(error("ADK 04/002 ADK NAV").message, Catch::Contains("'!'"));
    CHECK_THAT(error("!").message, Catch::Contains("accountability"));
    CHECK_THAT(error("!ADK 13/002 ADK NAV").message, Catch::Contains("number"));
    CHECK_THAT(error("!ADK 04/002").message, Catch::Contains("location"));
    const auto bad_date = error("!ADK 04/002 ADK NAV DME\nOUT OF SERVICE 1713032100-1704032359");
    CHECK(bad_date.line == 2);
    CHECK_THAT(error("!ADK 04/002 ADK NAV DME 1704032100-1703032359").message,
               Catch::Contains("before"));
    CHECK_THAT(error("!ADK 04/002 ADK NAV DME 1704032100-SOON").message, Catch::Contains("PERM"));
}
