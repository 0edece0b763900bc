// SPDX-License-Identifier: GPL-3.0-or-later
// `aerowatch notam decode`, the form detection and splitting of NOTAM text payloads, the
// text feed, and the Q-code table.
#include "cli/cli.hpp"
#include "cli/notam_command.hpp"
#include "core/hazard.hpp"
#include "core/text.hpp"
#include "sources/notam/notam_parsers.hpp"
#include "sources/notam/qcodes.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace aerowatch;
using nlohmann::json;

namespace {

std::string fixture_path(const char* name) {
    return std::string(AEROWATCH_FIXTURES_DIR) + "/notam/" + name;
}

std::string fixture(const char* name) {
    return test::read_file(fixture_path(name));
}

struct Run {
    int status = 0;
    std::string out;
    std::string err;
    std::vector<json> lines;
};

Run decode(const std::string& file, bool as_json = true, const std::string& input = "") {
    CliContext context;
    context.json = as_json;
    std::istringstream in(input);
    std::ostringstream out;
    std::ostringstream err;
    Run run;
    run.status = command_notam_decode(context, file, in, out, err);
    run.out = out.str();
    run.err = err.str();
    if (as_json) {
        std::istringstream lines(run.out);
        for (std::string line; std::getline(lines, line);) {
            run.lines.push_back(json::parse(line));
        }
    }
    return run;
}

const std::set<std::string> keys = {"id",           "type",
                                    "ref",          "issuer",
                                    "fir",          "qcode",
                                    "subject",      "condition",
                                    "subject_text", "condition_text",
                                    "traffic",      "purpose",
                                    "scope",        "lower_fl",
                                    "upper_fl",     "lat",
                                    "lon",          "radius_nm",
                                    "locations",    "valid_from",
                                    "valid_to",     "valid_to_estimated",
                                    "permanent",    "schedule",
                                    "text",         "lower",
                                    "upper",        "severity",
                                    "categories"};

std::set<std::string> keys_of(const json& object) {
    std::set<std::string> out;
    for (const auto& [key, value] : object.items()) {
        out.insert(key);
    }
    return out;
}

bool has_category(const json& object, const std::string& name) {
    for (const auto& c : object.at("categories")) {
        if (c == name) {
            return true;
        }
    }
    return false;
}

} // namespace

TEST_CASE("notam decode --json: KICZ A0012/25 notice", "[notam][decode]") {
    const auto run = decode(fixture_path("kicz_a0012_25.txt"));
    CHECK(run.status == 0);
    CHECK(run.err.empty());
    REQUIRE(run.lines.size() == 1);
    REQUIRE(run.out.find('\n') == run.out.size() - 1); // one line, no indentation
    const json& n = run.lines[0];
    CHECK(keys_of(n) == keys);
    CHECK(n["id"] == "A0012/25");
    CHECK(n["type"] == "N");
    CHECK(n["ref"].is_null());
    CHECK(n["issuer"] == "KICZ");
    CHECK(n["fir"] == "SVZM");
    CHECK(n["qcode"].is_null());
    CHECK(n["subject"].is_null());
    CHECK(n["subject_text"].is_null());
    CHECK(n["lat"].is_null());
    CHECK(n["locations"] == json::array({"SVZM"}));
    CHECK(n["valid_from"] == "2025-11-21T17:43:00Z");
    CHECK(n["valid_to"] == "2026-02-19T23:59:00Z");
    CHECK(n["valid_to_estimated"] == false);
    CHECK(n["permanent"] == false);
    CHECK(n["schedule"].is_null());
    CHECK(n["lower"] == "SFC");
    CHECK(n["upper"] == "UNL");
    const auto severity = severity_from_string(n["severity"].get<std::string>());
    REQUIRE(severity);
    CHECK(*severity >= Severity::caution);
    CHECK(has_category(n, "security"));
    CHECK(n["text"].get<std::string>().find("EXERCISE CAUTION") != std::string::npos);
}

TEST_CASE("notam decode --json: Q-code decoded, every key present", "[notam][decode]") {
    const auto run = decode(fixture_path("icao_a0185_09_notamr.txt"));
    CHECK(run.status == 0);
    REQUIRE(run.lines.size() == 1);
    const json& n = run.lines[0];
    CHECK(keys_of(n) == keys);
    CHECK(n["type"] == "R");
    CHECK(n["ref"] == "A0096/09");
    CHECK(n["issuer"].is_null());
    CHECK(n["qcode"] == "QNBAS");
    CHECK(n["subject"] == "NB");
    CHECK(n["condition"] == "AS");
    CHECK(n["subject_text"] == "non-directional radio beacon (NDB)");
    CHECK(n["condition_text"] == "unserviceable");
    CHECK(n["traffic"] == "IV");
    CHECK(n["purpose"] == "BO");
    CHECK(n["scope"] == "AE");
    CHECK(n["lower_fl"] == 0);
    CHECK(n["upper_fl"] == 999);
    CHECK(n["lat"].get<double>() == Approx(11.15));
    CHECK(n["lon"].get<double>() == Approx(2.9333).epsilon(1e-4));
    CHECK(n["radius_nm"] == 25);
    CHECK(n["valid_to_estimated"] == true);
    CHECK(n["lower"].is_null());
    CHECK(n["categories"].is_array());
    CHECK(n["text"] == "KANDI NDB TYK FREQ 366 KHZ OUT OF SERVICE.");
}

TEST_CASE("notam decode: a bad NOTAM is an error line, the others still print", "[notam][decode]") {
    const auto run = decode(fixture_path("multi_with_error.txt"));
    CHECK(run.status == 1);
    REQUIRE(run.lines.size() == 3);
    CHECK(run.lines[0]["id"] == "A0185/09");
    CHECK(keys_of(run.lines[1]) == std::set<std::string>{"error", "line"});
    CHECK(run.lines[1]["line"] == 8);
    CHECK_THAT(run.lines[1]["error"].get<std::string>(), Catch::Contains("B)"));
    CHECK(run.lines[2]["id"] == "0603/09");
    CHECK(run.lines[2]["permanent"] == true);

    const auto text = decode(fixture_path("multi_with_error.txt"), false);
    CHECK(text.status == 1);
    CHECK_THAT(text.err, Catch::Contains("line 8"));
    CHECK_THAT(text.out, Catch::Contains("A0185/09") && Catch::Contains("0603/09"));
}

TEST_CASE("notam decode: all three forms in one file, in input order", "[notam][decode]") {
    const auto run = decode(fixture_path("multi_mixed.txt"));
    CHECK(run.status == 0);
    std::vector<std::string> ids;
    for (const auto& line : run.lines) {
        ids.push_back(line.at("id").get<std::string>());
    }
    CHECK(ids == std::vector<std::string>{"A0185/09", "B0131/09", "04/002", "03/004", "03/001",
                                          "A0012/25", "0603/09"});
    CHECK(run.lines[1]["text"] == "WIND DIRECTION INDICATOR UNSERVICEABLE");
    CHECK(run.lines[2]["issuer"] == "ADK");
    CHECK(run.lines[5]["fir"] == "SVZM");
}

TEST_CASE("notam decode: readable output, stdin, run_cli", "[notam][decode]") {
    const auto text = decode("-", false, fixture("kicz_a0012_25.txt"));
    CHECK(text.status == 0);
    CHECK_THAT(text.out, Catch::Contains("A0012/25") && Catch::Contains("SVZM") &&
                             Catch::Contains("2025-11-21T17:43:00Z to 2026-02-19T23:59:00Z") &&
                             Catch::Contains("SFC to UNL") && Catch::Contains("security"));
    const auto icao = decode("", false, fixture("icao_a0185_09_notamr.txt"));
    CHECK_THAT(icao.out, Catch::Contains("non-directional radio beacon (NDB): unserviceable") &&
                             Catch::Contains("(estimated)") &&
                             Catch::Contains("replaces A0096/09"));

    const std::string path = fixture_path("icao_0603_09_missing_series_perm.txt");
    std::vector<std::string> args = {"aerowatch", "--json", "notam", "decode", path};
    std::vector<char*> argv;
    for (auto& a : args) {
        argv.push_back(a.data());
    }
    std::ostringstream out;
    std::ostringstream err;
    CHECK(run_cli(static_cast<int>(argv.size()), argv.data(), out, err) == 0);
    const json n = json::parse(out.str());
    CHECK(n["id"] == "0603/09");
    CHECK(n["subject_text"] == "automatic terminal information service (ATIS)");
    CHECK(n["condition_text"] == "operating");
}

TEST_CASE("notam decode: nothing to decode, unreadable file", "[notam][decode]") {
    const auto empty = decode("-", true, "\n  \n");
    CHECK(empty.status == 1);
    CHECK(empty.lines.empty());
    CHECK_THAT(empty.err, Catch::Contains("no NOTAM"));
    const auto missing = decode("/nonexistent/notams.txt");
    CHECK(missing.status == 1);
    CHECK_THAT(missing.err, Catch::Contains("/nonexistent/notams.txt"));
}

TEST_CASE("parse_notam picks the form from the text", "[notam]") {
    CHECK(parse_notam("  !ADK 04/002 ADK NAV DME OUT 1704032100-1704032359")->form ==
          Notam::Form::faa_domestic);
    CHECK(parse_notam(fixture("kicz_a0013_19.txt"))->form == Notam::Form::faa_notice);
    CHECK(parse_notam(fixture("icao_a0185_09_aftn.txt"))->form == Notam::Form::icao);
    CHECK(parse_notam(fixture("kicz_a0012_25.icao.txt"))->form == Notam::Form::icao);
}

TEST_CASE("split_notams: blank lines, next header, trailers, start lines", "[notam]") {
    const std::string text = "\n"
                             "A0001/25 NOTAMN\n" // 2
                             "A) EDDF\n"
                             "E) ONE\n"
                             "A0002/25 NOTAMN\n" // 5: a header ends the previous one
                             "A) EDDF\n"
                             "E) TWO\n"
                             "\n"
                             "CREATED: 23 Mar 2020 08:48:00 SOURCE: EUECYIYN\n" // trailer
                             "\r\n"
                             "GG EDDZYNYX\n" // 11: address line before a header
                             "(A0003/25 NOTAMN\n"
                             "A) EDDF E) THREE)\n"
                             "\n\n"
                             "!ADK 04/002 ADK NAV DME OUT 1704032100-1704032359\n" // 16
                             "!ADK 04/003 ADK NAV VOR OUT 1704032100-1704032359";  // 17
    const auto pieces = split_notams(text);
    REQUIRE(pieces.size() == 5);
    CHECK(pieces[0].line == 2);
    CHECK(pieces[0].text == "A0001/25 NOTAMN\nA) EDDF\nE) ONE");
    CHECK(pieces[1].line == 5);
    CHECK(pieces[1].text.ends_with("SOURCE: EUECYIYN"));
    CHECK(pieces[2].line == 11);
    CHECK(pieces[3].line == 16);
    CHECK(pieces[4].line == 17);
    CHECK(parse_notam(pieces[1].text)->created);
    CHECK(parse_notam(pieces[2].text)->text == "THREE");
    CHECK(split_notams("").empty());
    CHECK(split_notams("\n\r\n \n").empty());
}

TEST_CASE("parse_notam_text_feed: hazards, and errors at their payload line", "[notam]") {
    const auto batch = parse_notam_text_feed(fixture("multi_with_error.txt"));
    REQUIRE(batch.hazards.size() == 2);
    REQUIRE(batch.errors.size() == 1);
    CHECK(batch.errors[0].line == 8);
    CHECK(batch.hazards[0].id == "A0185/09");
    CHECK(batch.hazards[0].action == HazardAction::replace);
    CHECK_FALSE(batch.hazards[0].categories.empty()); // classified
    const auto notice = parse_notam_text_feed(fixture("kicz_a0012_25.txt"));
    REQUIRE(notice.hazards.size() == 1);
    CHECK(notice.hazards[0].kind == HazardKind::security_notice);
    CHECK(notice.hazards[0].severity >= Severity::caution);
    CHECK(notice.hazards[0].categories.has(HazardCategory::security_conflict));
    // Invalid UTF-8 is repaired, never passed on.
    const auto bad = parse_notam_text_feed("A0001/25 NOTAMN\nA) EDDF\nE) BAD \xFF BYTE");
    REQUIRE(bad.hazards.size() == 1);
    CHECK(bad.hazards[0].text == "BAD \xEF\xBF\xBD BYTE");
    CHECK(is_valid_utf8(bad.hazards[0].raw));
}

TEST_CASE("Q-code table: Doc 8126 subjects and conditions", "[notam][qcode]") {
    CHECK(qcode_subject_text("RT") == "temporary restricted area");
    CHECK(qcode_subject_text("RD") == "danger area");
    CHECK(qcode_subject_text("RP") == "prohibited area");
    CHECK(qcode_subject_text("FA") == "aerodrome");
    CHECK(qcode_subject_text("MR") == "runway");
    CHECK(qcode_subject_text("AF") == "flight information region");
    CHECK(qcode_subject_text("CB") == "automatic dependent surveillance - broadcast (ADS-B)");
    CHECK(qcode_subject_text("XX") == "plain language");
    CHECK(qcode_condition_text("LC") == "closed");
    CHECK(qcode_condition_text("CA") == "activated");
    CHECK(qcode_condition_text("AS") == "unserviceable");
    CHECK(qcode_condition_text("HW") == "work in progress");
    CHECK(qcode_condition_text("LT") == "limited to");
    CHECK(qcode_condition_text("XX") == "plain language");
    CHECK_FALSE(qcode_subject_text("QQ"));
    CHECK_FALSE(qcode_subject_text(""));
    CHECK_FALSE(qcode_condition_text("RTCA"));
    int subjects = 0;
    int conditions = 0;
    for (char a = 'A'; a <= 'Z'; ++a) {
        for (char b = 'A'; b <= 'Z'; ++b) {
            const std::string code{a, b};
            subjects += qcode_subject_text(code) ? 1 : 0;
            conditions += qcode_condition_text(code) ? 1 : 0;
        }
    }
    CHECK(subjects >= 80);
    CHECK(conditions >= 50);
}
