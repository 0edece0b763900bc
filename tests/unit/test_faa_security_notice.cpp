// SPDX-License-Identifier: GPL-3.0-or-later
// The FAA web rendering of KICZ security NOTAMs (feeds.md 1.6): A0012/25 verbatim, A0013/19.
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
    auto result = parse_faa_security_notice(text);
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

TEST_CASE("KICZ A0012/25 as rendered on the FAA web page", "[notam][notice]") {
    const std::string raw = fixture("kicz_a0012_25.txt");
    REQUIRE(raw.find("\xE2\x80\xA6") != std::string::npos); // the Unicode ellipsis is there
    REQUIRE(raw.find("\xE2\x80\x99") != std::string::npos); // and the typographic apostrophe
    const auto n = parse_ok(raw);
    CHECK(n.form == Notam::Form::faa_notice);
    CHECK(n.issuer == "KICZ");
    CHECK(n.id == "A0012/25");
    CHECK(n.series == "A");
    CHECK(n.number == 12);
    CHECK(n.year == 2025);
    CHECK(n.type == 'N');
    CHECK(n.ref.empty());
    CHECK(n.keyword == "SECURITY");
    CHECK(n.fir == "SVZM");
    CHECK(n.locations == std::vector<std::string>{"SVZM"}); // "(SVZM)" and "(SVZM FIR)" once
    CHECK(n.lower == "SFC");
    CHECK(n.upper == "UNL");
    CHECK(iso(n.valid_from) == "2025-11-21T17:43:00Z");
    CHECK(iso(n.valid_to) == "2026-02-19T23:59:00Z");
    CHECK(iso(n.created) == "2025-11-21T18:08:00Z");
    CHECK_FALSE(n.valid_to_estimated);
    CHECK_FALSE(n.permanent);
    CHECK(n.text.starts_with("UNITED STATES OF AMERICA ADVISORY FOR POTENTIALLY\nHAZARDOUS"));
    CHECK(n.text.ends_with("TO THE FAA'S WASHINGTON OPERATIONS CENTER AT +1 (202) 267-3333"));
    CHECK(n.text.find("UNTIL") == std::string::npos); // the validity line is not text
    CHECK(n.text.find("\xE2\x80") == std::string::npos);
    CHECK(n.raw == raw);
}

TEST_CASE("KICZ notice: the same in ASCII, two dots, NOTAMR", "[notam][notice]") {
    const auto n = parse_ok("KICZ A0012/25 NOTAM...SECURITY..UNITED STATES OF AMERICA ADVISORY "
                            "(SVZM)\r\nSFC-UNL: 21 NOV 17:43 UTC 2025 UNTIL 19 FEB 23:59 UTC 2026."
                            " CREATED: 21 NOV 18:08 UTC 2025\r\n");
    CHECK(n.keyword == "SECURITY");
    CHECK(n.text == "UNITED STATES OF AMERICA ADVISORY (SVZM)");
    CHECK(iso(n.valid_to) == "2026-02-19T23:59:00Z");
    const auto r = parse_ok("KICZ A0001/26 NOTAMR A0012/25 SECURITY..PROHIBITION (SVZM FIR) "
                            "(TNCF)\nSFC-UNL: 03 JAN 06:00 UTC 2026 UNTIL 02 FEB 23:59 UTC 2026.");
    CHECK(r.type == 'R');
    CHECK(r.ref == "A0012/25");
    CHECK(r.fir == "SVZM");
    CHECK(r.locations == std::vector<std::string>{"SVZM", "TNCF"});
    CHECK_FALSE(r.created);
}

TEST_CASE("KICZ notice: em dash, no UTC, UNTIL PERM", "[notam][notice]") {
    const auto n = parse_ok(fixture("kicz_ukraine_perm_synthetic.txt"));
    CHECK(n.fir == "UKBV"); // "(UKBV FIR)"
    CHECK(n.lower == "SFC");
    CHECK(n.upper == "FL999");
    CHECK(iso(n.valid_from) == "2022-02-24T19:30:00Z");
    CHECK_FALSE(n.valid_to);
    CHECK(n.permanent);
    CHECK(n.text.ends_with("ALL FLIGHT OPERATIONS IN THE KYIV FIR ARE PROHIBITED."));
}

TEST_CASE("KICZ A0013/19: two-dot keyword, lettered paragraphs, no validity line",
          "[notam][notice]") {
    const auto n = parse_ok(fixture("kicz_a0013_19.txt"));
    CHECK(n.issuer == "KICZ");
    CHECK(n.id == "A0013/19");
    CHECK(n.year == 2019);
    CHECK(n.keyword == "SECURITY");
    CHECK(n.fir.empty()); // no bracketed FIR in the text
    CHECK(n.locations.empty());
    CHECK_FALSE(n.valid_from);
    CHECK_FALSE(n.valid_to);
    CHECK_FALSE(n.permanent); // no end written is not PERM
    CHECK(n.text.starts_with("UNITED STATES OF AMERICA PROHIBITION FOR VENEZUELA\n"));
    CHECK(n.text.find("\nA. APPLICABILITY.") != std::string::npos);
    CHECK(n.text.find("\nC. ALLOWANCES.") != std::string::npos);
}

TEST_CASE("KICZ notice errors", "[notam][notice]") {
    const auto error = [](std::string_view text) {
        auto r = parse_faa_security_notice(text);
        REQUIRE_FALSE(r.ok());
        return r.error();
    };
    CHECK_THAT(error("").message, Catch::Contains("KICZ"));
    CHECK_THAT(error("KICZ 12/25 SECURITY..X").message, Catch::Contains("id"));
    const auto bad =
        error("KICZ A0012/25 SECURITY..X\nY\nSFC-UNL: 31 FEB 17:43 UTC 2025 UNTIL PERM");
    CHECK(bad.line == 3);
    CHECK_THAT(
        error("KICZ A0012/25 SECURITY..X\nSFC-UNL: 21 NOV 17:43 UTC 2025 UNTIL SOON").message,
        Catch::Contains("PERM"));
    CHECK_THAT(error("KICZ A0012/25 SECURITY..X\nSFC-UNL: 21 NOV 17:43 UTC 2025 UNTIL 20 NOV "
                     "17:43 UTC 2025")
                   .message,
               Catch::Contains("before"));
}
