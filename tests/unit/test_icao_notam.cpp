// SPDX-License-Identifier: GPL-3.0-or-later
// The ICAO NOTAM text parser against the real examples of feeds.md section 1 and every
// deviation it lists.
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
    auto result = parse_icao_notam(text);
    INFO(text);
    REQUIRE(result.ok());
    return std::move(result).value();
}

std::string iso(const std::optional<UtcTime>& t) {
    return t ? format_iso8601(*t) : "none";
}

} // namespace

TEST_CASE("ICAO NOTAMR with a padded Q-line (A0185/09)", "[notam][icao]") {
    const auto n = parse_ok(fixture("icao_a0185_09_notamr.txt"));
    CHECK(n.form == Notam::Form::icao);
    CHECK(n.id == "A0185/09");
    CHECK(n.series == "A");
    CHECK(n.number == 185);
    CHECK(n.year == 2009);
    CHECK(n.type == 'R');
    CHECK(n.ref == "A0096/09");
    CHECK(n.issuer.empty());
    CHECK(n.fir == "DRRR");
    CHECK(n.qcode == "QNBAS");
    CHECK(n.traffic == "IV");
    CHECK(n.purpose == "BO"); // "BO " in the source
    CHECK(n.scope == "AE");
    CHECK(n.lower_fl == 0);
    CHECK(n.upper_fl == 999);
    REQUIRE(n.lat);
    CHECK(*n.lat == Approx(11 + 9 / 60.0));
    CHECK(*n.lon == Approx(2 + 56 / 60.0));
    CHECK(n.radius_nm == 25);
    CHECK(n.locations == std::vector<std::string>{"DBBK"});
    CHECK(iso(n.valid_from) == "2009-07-27T21:00:00Z");
    CHECK(iso(n.valid_to) == "2009-10-27T23:59:00Z");
    CHECK(n.valid_to_estimated); // "0910272359 EST", with a space
    CHECK_FALSE(n.permanent);
    CHECK(n.text == "KANDI NDB TYK FREQ 366 KHZ OUT OF SERVICE.");
    CHECK(n.raw == fixture("icao_a0185_09_notamr.txt"));
}

TEST_CASE("ICAO NOTAM with CRLF or AFTN parentheses reads the same", "[notam][icao]") {
    const auto plain = parse_ok(fixture("icao_a0185_09_notamr.txt"));
    for (const char* name : {"icao_a0185_09_crlf.txt", "icao_a0185_09_aftn.txt"}) {
        INFO(name);
        const auto n = parse_ok(fixture(name));
        CHECK(n.id == plain.id);
        CHECK(n.ref == plain.ref);
        CHECK(n.qcode == plain.qcode);
        CHECK(n.purpose == "BO");
        CHECK(n.locations == plain.locations);
        CHECK(n.valid_from == plain.valid_from);
        CHECK(n.valid_to == plain.valid_to);
        CHECK(n.text == plain.text); // no ')' and no '\r'
    }
    // A lone CR as line end, and the closing parenthesis on its own line after G).
    const auto cr = parse_ok("A0001/25 NOTAMN\rQ) EGTT/QRDCA/IV/BO/W/000/050/5030N00200W010\r"
                             "A) EGTT B) 2501010000 C) 2501020000\rE) DANGER AREA ACT.\r");
    CHECK(cr.text == "DANGER AREA ACT.");
    const auto aftn = parse_ok("(A0001/25 NOTAMN\nQ) EGTT/QRDCA/IV/BO/W/000/050/5030N00200W010\n"
                               "A) EGTT B) 2501010000 C) 2501020000\nE) DANGER AREA (EGD123) ACT.\n"
                               "F) SFC G) FL050\n)\n");
    CHECK(aftn.text == "DANGER AREA (EGD123) ACT.");
    CHECK(aftn.upper == "FL050");
    CHECK(aftn.lat == Approx(50.5));
    CHECK(aftn.lon == Approx(-2.0));
}

TEST_CASE("ICAO NOTAM with a stray ')' and a DUPE line (B0131/09)", "[notam][icao]") {
    const auto n = parse_ok(fixture("icao_b0131_09_trailing_paren_dupe.txt"));
    CHECK(n.id == "B0131/09");
    CHECK(n.series == "B");
    CHECK(n.ref == "B0066/09");
    CHECK(n.traffic == "V");
    CHECK(n.purpose == "M");
    CHECK(n.scope == "A");
    CHECK(n.text == "WIND DIRECTION INDICATOR UNSERVICEABLE");
    CHECK(n.valid_to_estimated);
    CHECK(n.lat == Approx(35 + 13 / 60.0));
    CHECK(n.lon == Approx(9 / 60.0));
    CHECK(n.radius_nm == 5);
}

TEST_CASE("ICAO NOTAM without series, geo-ref, and with a named A) and PERM (0603/09)",
          "[notam][icao]") {
    const auto n = parse_ok(fixture("icao_0603_09_missing_series_perm.txt"));
    CHECK(n.id == "0603/09");
    CHECK(n.series.empty());
    CHECK(n.number == 603);
    CHECK(n.year == 2009);
    CHECK(n.type == 'N');
    CHECK(n.fir == "DNKK");
    CHECK(n.qcode == "QSACO");
    CHECK(n.scope == "A");
    CHECK(n.upper_fl == 999);
    CHECK_FALSE(n.lat); // the eighth field is missing, no trailing slash
    CHECK_FALSE(n.radius_nm);
    CHECK(n.locations == std::vector<std::string>{"DNAW"});
    CHECK(n.location_name == "AKWA IBOM INTERNATIONAL AIRPORT");
    CHECK(iso(n.valid_from) == "2009-09-08T11:10:00Z");
    CHECK_FALSE(n.valid_to);
    CHECK(n.permanent);
    CHECK(n.text == "ATIS FREQUENCY ASSIGNED OPERATING FREQ. 127.6MHZ X");
    // FAA JSON's "null0603/09".
    const auto null_prefixed = parse_ok("null0603/09 NOTAMN\nA) DNAW\nE) TEST");
    CHECK(null_prefixed.id == "0603/09");
}

TEST_CASE("ICAO NOTAM with empty Q fields, EST and F)/G) on one line (A0554/23)", "[notam][icao]") {
    const auto n = parse_ok(fixture("icao_a0554_23_empty_q_fields_est.txt"));
    CHECK(n.fir == "KZFW");
    CHECK(n.qcode == "QCBLS");
    CHECK(n.traffic.empty());
    CHECK(n.purpose.empty());
    CHECK(n.scope.empty());
    CHECK(n.lower_fl == 0);
    CHECK(n.upper_fl == 40);
    CHECK(iso(n.valid_from) == "2023-11-09T20:30:00Z");
    CHECK(iso(n.valid_to) == "2023-11-27T22:00:00Z");
    CHECK(n.valid_to_estimated);
    CHECK(n.lower == "SFC");
    CHECK(n.upper == "4000FT");
    // Wrapped E) text keeps its lines.
    CHECK(n.text == "ZFW AIRSPACE ADS-B, ... SERVICES MAY NOT BE AVBL WI AN AREA DEFINED AS\n"
                    "79NM RADIUS OF 340446N0943310W. ...");
    // No geo-ref on the Q-line: the circle written in E) (seconds precision).
    REQUIRE(n.lat);
    CHECK(*n.lat == Approx(34 + 4 / 60.0 + 46 / 3600.0));
    CHECK(*n.lon == Approx(-(94 + 33 / 60.0 + 10 / 3600.0)));
    CHECK(n.radius_nm == 79);
}

TEST_CASE("ICAO FIR closure without B)/C) (A0046/22)", "[notam][icao]") {
    const auto n = parse_ok(fixture("icao_a0046_22_luuu_clsd.txt"));
    CHECK(n.id == "A0046/22");
    CHECK(n.year == 2022);
    CHECK(n.type == 'R');
    CHECK(n.ref == "A0045/22");
    CHECK(n.qcode == "QAFXX");
    CHECK(n.radius_nm == 98);
    CHECK(n.lat == Approx(47 + 4 / 60.0));
    CHECK(n.lon == Approx(28.0));
    CHECK_FALSE(n.valid_from);
    CHECK_FALSE(n.valid_to);
    CHECK(n.text.starts_with("FIR CHISINAU LUUU CLSD FOR ALL FLIGHTS"));
}

TEST_CASE("ICAO form of KICZ A0012/25: several items on one line, F)/G) after E)",
          "[notam][icao]") {
    const auto n = parse_ok(fixture("kicz_a0012_25.icao.txt"));
    CHECK(n.id == "A0012/25");
    CHECK(n.year == 2025);
    CHECK(n.fir == "SVZM");
    CHECK(n.qcode == "QXXXX");
    CHECK_FALSE(n.lat); // trailing slash, empty geo-ref
    CHECK(n.locations == std::vector<std::string>{"SVZM"});
    CHECK(iso(n.valid_from) == "2025-11-21T17:43:00Z");
    CHECK(iso(n.valid_to) == "2026-02-19T23:59:00Z");
    CHECK_FALSE(n.valid_to_estimated);
    CHECK(n.lower == "SFC");
    CHECK(n.upper == "UNL");
    CHECK(n.text.starts_with("SECURITY..UNITED STATES"));
    CHECK(n.text.ends_with("(SVZM) ..."));
}

TEST_CASE("ICAO NOTAM with the EAD footer", "[notam][icao]") {
    const auto n = parse_ok(fixture("icao_ead_footer_synthetic.txt"));
    CHECK(iso(n.created) == "2020-03-23T08:48:00Z");
    CHECK(n.text == "RWY 07C/25C CLSD.");
}

TEST_CASE("ICAO items: only letter + ')' + space, in order", "[notam][icao]") {
    SECTION("E) with lettered paragraphs A. B. C. is one text") {
        const auto n = parse_ok("A0013/19 NOTAMN\nQ) SVZM/QRPLP/IV/NBO/E/000/260/\nA) SVZM "
                                "B) 1905011800 C) PERM\nE) PROHIBITION.\nA. APPLICABILITY. "
                                "ALL U.S. AIR CARRIERS.\nB. PERMITTED OPERATIONS. NONE.\n"
                                "C. ALLOWANCES. 48 HOURS.\nF) SFC G) FL260");
        CHECK(n.text == "PROHIBITION.\nA. APPLICABILITY. ALL U.S. AIR CARRIERS.\n"
                        "B. PERMITTED OPERATIONS. NONE.\nC. ALLOWANCES. 48 HOURS.");
        CHECK(n.permanent);
        CHECK(n.lower == "SFC");
        CHECK(n.upper == "FL260");
        CHECK(n.lower_fl == 0);
        CHECK(n.upper_fl == 260);
    }
    SECTION("an 'A) ' list inside E) stays text, and a non-limit 'F) ' too") {
        const auto n = parse_ok("A0001/25 NOTAMN\nA) EDDF B) 2501010000 C) 2501312359\n"
                                "E) WORK ON A) TWY N B) TWY S F) ALL STANDS\nF) GND G) 5000FT.");
        CHECK(n.text == "WORK ON A) TWY N B) TWY S F) ALL STANDS");
        CHECK(n.lower == "GND");
        CHECK(n.upper == "5000FT"); // trailing dot seen in real data
        CHECK(n.locations == std::vector<std::string>{"EDDF"});
    }
    SECTION("every item on one line, D) schedule") {
        const auto n = parse_ok("A0002/25 NOTAMN Q) EDGG/QMRLC/IV/NBO/A/000/999/5002N00834E005 "
                                "A) EDDF B) 2501010600 C) 2501311800 D) MON-FRI 0600-1800 "
                                "E) RWY 07C/25C CLSD.");
        CHECK(n.fir == "EDGG");
        CHECK(n.schedule == "MON-FRI 0600-1800");
        CHECK(n.text == "RWY 07C/25C CLSD.");
        CHECK(iso(n.valid_to) == "2025-01-31T18:00:00Z");
    }
    SECTION("several locations, PART n OF m, a name on the next line") {
        const auto n = parse_ok("A0003/25 NOTAMN\nA) EDDF EDDM\nE) TEST");
        CHECK(n.locations == std::vector<std::string>{"EDDF", "EDDM"});
        const auto part = parse_ok("A0004/25 NOTAMN\nA) LUUU PART 2 OF 3\nE) TEST");
        CHECK(part.locations == std::vector<std::string>{"LUUU"});
        CHECK(part.part == 2);
        CHECK(part.part_count == 3);
        const auto named = parse_ok("A0005/25 NOTAMN\nA) DNAW (AKWA IBOM\nINTERNATIONAL AIRPORT) "
                                    "B) 2501010000 C) 2501020000\nE) TEST");
        CHECK(named.location_name == "AKWA IBOM INTERNATIONAL AIRPORT");
        CHECK(named.valid_from);
    }
}

TEST_CASE("ICAO Q-line: eight slots, each checked on its own", "[notam][icao]") {
    const auto q = [](std::string_view line) {
        return parse_ok("A0001/25 NOTAMN\nQ) " + std::string(line) + "\nA) KZFW\nE) TEST");
    };
    SECTION("FAA placeholder geo-ref and undefined text do not crash") {
        const auto n = parse_ok("A0001/25 NOTAMN\nQ) KFIR/QXXXX/I/NBO/A/000/999/latNlongW025\n"
                                "A) KFIR\nE) ROUTE undefined,undefined,undefined");
        CHECK(n.fir == "KFIR");
        CHECK_FALSE(n.lat);
        CHECK_FALSE(n.lon);
        CHECK_FALSE(n.radius_nm);
        CHECK(n.text == "ROUTE undefined,undefined,undefined");
    }
    SECTION("geo-ref without radius; south and west") {
        const auto n = q("SAEF/QRDCA/IV/BO/W/000/100/3430S05830W");
        CHECK(n.lat == Approx(-34.5));
        CHECK(n.lon == Approx(-58.5));
        CHECK_FALSE(n.radius_nm);
    }
    SECTION("missing slots and extra slots") {
        const auto short_line = q("SVZM/QRTCA");
        CHECK(short_line.fir == "SVZM");
        CHECK(short_line.qcode == "QRTCA");
        CHECK_FALSE(short_line.lower_fl);
        const auto long_line = q("SVZM/QRTCA/IV/NBO/W/000/999/1030N06700W050/EXTRA/MORE");
        CHECK(long_line.radius_nm == 50);
        CHECK(long_line.lat == Approx(10.5));
    }
    SECTION("a wrapped geo-ref") {
        const auto n = q("SVZM/QRTCA/IV/NBO/W/000/999/1030N\n06700W050");
        CHECK(n.lon == Approx(-67.0));
    }
    SECTION("garbage fields are left empty") {
        const auto n = q("sv?m/Q1234/1V/N-B/A E/99999/abc/9999N99999E999");
        CHECK(n.fir.empty());
        CHECK(n.qcode.empty());
        CHECK_FALSE(n.lower_fl);
        CHECK_FALSE(n.upper_fl);
        CHECK_FALSE(n.lat);
    }
}

TEST_CASE("ICAO header: any series letter, NOTAMC with or without C)", "[notam][icao]") {
    CHECK(parse_ok("S0001/25 NOTAMN\nA) EDDF\nE) SNOW").series == "S");
    CHECK(parse_ok("T0001/25 NOTAMN\nA) EDDF\nE) TEST").series == "T");
    const auto c = parse_ok("A0047/22 NOTAMC A0046/22\nQ) LUUU/QAFXX/IV/BO/E/000/999/\n"
                            "A) LUUU B) 2203011200\nE) REF NOTAM CANCELLED");
    CHECK(c.type == 'C');
    CHECK(c.ref == "A0046/22");
    CHECK_FALSE(c.valid_to);
    CHECK_FALSE(c.permanent);
    // Address lines before the header (AFTN) are skipped.
    CHECK(parse_ok("GG EDDZYNYX\n011200 LFFAYNYX\n(A0001/25 NOTAMN\nA) EDDF\nE) X)").id ==
          "A0001/25");
    // Century window.
    CHECK(iso(parse_ok("A0001/99 NOTAMN\nA) EDDF B) 9912312359\nE) X").valid_from) ==
          "2099-12-31T23:59:00Z");
}

TEST_CASE("ICAO C): EST without a space, PERM, UFN", "[notam][icao]") {
    const auto est = parse_ok("A0001/06 NOTAMN\nA) EDDF B) 0606011040 C) 0606061040EST\nE) X");
    CHECK(iso(est.valid_to) == "2006-06-06T10:40:00Z");
    CHECK(est.valid_to_estimated);
    const auto ufn = parse_ok("A0001/06 NOTAMN\nA) EDDF B) 0606011040 C) UFN\nE) X");
    CHECK_FALSE(ufn.valid_to);
    CHECK_FALSE(ufn.permanent);
}

TEST_CASE("ICAO errors name the line", "[notam][icao]") {
    const auto error = [](std::string_view text) {
        auto r = parse_icao_notam(text);
        REQUIRE_FALSE(r.ok());
        return r.error();
    };
    CHECK(error("").line == 1);
    CHECK(error("\n\nQ) EGTT/QRDCA/IV/BO/W/000/050/\nE) X").line == 3);
    const auto bad_b = error("A0001/25 NOTAMN\nQ) EGTT/QRDCA/IV/BO/W/000/050/\n"
                             "A) EGTT B) 2513401200 C) 2512312359\nE) X");
    CHECK(bad_b.line == 3);
    CHECK_THAT(bad_b.message, Catch::Contains("B)"));
    const auto bad_c = error("A0001/25 NOTAMN\nA) EGTT\nB) 2501010000\nC) SOON\nE) X");
    CHECK(bad_c.line == 4);
    CHECK_THAT(bad_c.message, Catch::Contains("C)"));
    CHECK_THAT(error("A0001/25 NOTAMN\nA) EGTT B) 2502010000 C) 2501010000\nE) X").message,
               Catch::Contains("before"));
    CHECK_THAT(error("A0002/25 NOTAMC\nA) EGTT\nE) X").message, Catch::Contains("NOTAMC"));
    CHECK_THAT(error("A0002/25 NOTAMN just a header").message, Catch::Contains("items"));
}
