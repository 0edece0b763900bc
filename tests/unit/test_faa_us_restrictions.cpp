// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/feeds/faa_us_restrictions.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace aerowatch;

namespace {

std::string fixture() {
    return test::read_file(std::string(AEROWATCH_FIXTURES_DIR) +
                           "/faa_restrictions/us_restrictions.html");
}

const Hazard& by_key(const HazardBatch& b, const std::string& key) {
    for (const auto& h : b.hazards) {
        if (h.key == key) {
            return h;
        }
    }
    FAIL("no hazard " << key);
    return b.hazards.front();
}

} // namespace

TEST_CASE("the FAA restrictions page: a record per country section", "[faa_restrictions]") {
    const auto batch = parse_faa_us_restrictions(fixture());
    INFO((batch.errors.empty() ? std::string() : batch.errors.front().message));
    REQUIRE(batch.errors.empty());
    CHECK(batch.complete_listing);
    // The index list, the contact paragraph, the menu and "Related Content" headings and the
    // footer are no countries.
    REQUIRE(batch.hazards.size() == 4);

    const auto& venezuela = by_key(batch, "FAA restrictions Venezuela");
    CHECK(venezuela.kind == HazardKind::country_restrictions);
    CHECK(venezuela.id == "restrictions Venezuela");
    CHECK(venezuela.issuer == "FAA");
    CHECK(venezuela.countries == std::vector<std::string>{"Venezuela"});
    CHECK(venezuela.firs == std::vector<std::string>{"SVZM"});
    // Entities decoded (&#8211; &iacute;), one document per line.
    CHECK(venezuela.text == "KICZ NOTAM A0012/25 Security \xE2\x80\x93 United States of America "
                            "Advisory for the Maiquet\xC3\xAD"
                            "a Flight Information Region (FIR) (SVZM)\n"
                            "FAA Background Information");
    CHECK(venezuela.link == "https://www.faa.gov/air_traffic/publications/us_restrictions/media/"
                            "KICZ_A0012_25_Venezuela.pdf");
    CHECK(venezuela.severity == Severity::caution); // an advisory, no SFAR
    CHECK(venezuela.categories.has(HazardCategory::security_conflict));
    CHECK_FALSE(venezuela.issued); // the page dates itself only as a whole
    CHECK(venezuela.raw.starts_with("<h2 id=\"venezuela\">Venezuela</h2>"));

    const auto& afghanistan = by_key(batch, "FAA restrictions Afghanistan");
    CHECK(afghanistan.severity == Severity::prohibition); // SFAR 119
    CHECK(afghanistan.firs == std::vector<std::string>{"OAKX"});
    const auto& ukraine = by_key(batch, "FAA restrictions Ukraine");
    CHECK(ukraine.firs ==
          std::vector<std::string>{"UKFV", "UKDV", "UKBV", "UKLV", "UKOV"}); // as listed
    CHECK(by_key(batch, "FAA restrictions Iraq").severity == Severity::prohibition);
}

TEST_CASE("the FAA restrictions page: a country twice, damage, a redesign", "[faa_restrictions]") {
    const std::string twice = R"(<main><h2>Libya</h2><p><A HREF='/a.pdf'>Special Federal Aviation
Regulation (SFAR) 112 - Prohibition Against Certain Flights in the Tripoli (HLLL) FIR</A></p>
<h2 class="x">Libya</h2><ul><li><a href="/b.pdf">KICZ NOTAM A0030/26 Security</a></li></ul>
<h2>Contact</h2><p><a href="mailto:x@faa.gov">x@faa.gov</a> <a href="#top">Top</a></p>
<h2>See also</h2><p><a href="/notices">International Notices</a></p></main>)";
    const auto merged = parse_faa_us_restrictions(twice);
    REQUIRE(merged.errors.empty());
    REQUIRE(merged.hazards.size() == 1); // no NOTAM or SFAR under "Contact" or "See also"
    const auto& libya = merged.hazards.front();
    CHECK(libya.text == "Special Federal Aviation Regulation (SFAR) 112 - Prohibition Against "
                        "Certain Flights in the Tripoli (HLLL) FIR\nKICZ NOTAM A0030/26 Security");
    CHECK(libya.link == "https://www.faa.gov/a.pdf");
    CHECK(libya.firs == std::vector<std::string>{"HLLL"});
    CHECK(libya.severity == Severity::prohibition);

    // A section that cannot be read: what was read counts, but nothing may be withdrawn.
    const auto damaged = parse_faa_us_restrictions(
        "<h2>Iraq</h2><a href=\"/i.pdf\">SFAR 77</a><h2>Syria<a href=\"/s.pdf\">SFAR 114</a>");
    REQUIRE(damaged.hazards.size() == 1);
    REQUIRE(damaged.errors.size() == 1);
    CHECK(damaged.errors.front().message == "an <h2> heading that is never closed");
    CHECK(damaged.errors.front().line == 1);
    CHECK_FALSE(damaged.complete_listing);
    CHECK(parse_faa_us_restrictions("<h2></h2><a href=\"/x.pdf\">SFAR 1</a>").errors.size() == 1);

    // A page without country sections (a redesign, an error page) withdraws nothing.
    for (const char* page : {"", "<html><body><h1>Page not found</h1></body></html>",
                             "<h2>Overview</h2><p>No documents.</p>"}) {
        INFO(page);
        const auto none = parse_faa_us_restrictions(page);
        CHECK(none.hazards.empty());
        REQUIRE(none.errors.size() == 1);
        CHECK_FALSE(none.complete_listing);
    }
}
