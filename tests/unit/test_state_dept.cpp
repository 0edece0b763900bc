// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/time.hpp"
#include "sources/feeds/state_dept.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace aerowatch;

namespace {

std::string fixture(const char* name) {
    return test::read_file(std::string(AEROWATCH_FIXTURES_DIR) + "/statedept/" + name);
}

UtcTime at(const char* iso) {
    return *parse_iso8601(iso);
}

const Hazard* find(const HazardBatch& b, const std::string& key) {
    for (const auto& h : b.hazards) {
        if (h.key == key) {
            return &h;
        }
    }
    return nullptr;
}

} // namespace

TEST_CASE("advisory titles split on the last \" - Level \"", "[statedept]") {
    auto t = parse_advisory_title("Burma (Myanmar) - Level 4: Do Not Travel");
    REQUIRE(t);
    CHECK(t->country == "Burma (Myanmar)");
    CHECK(t->level == 4);
    CHECK(t->label == "Do Not Travel");
    t = parse_advisory_title("Guinea-Bissau - Level 3: Reconsider Travel");
    REQUIRE(t);
    CHECK(t->country == "Guinea-Bissau");
    t = parse_advisory_title("Cote d&#39;Ivoire - Level 2: Exercise Increased Caution");
    REQUIRE(t);
    CHECK(t->country == "Cote d'Ivoire");
    t = parse_advisory_title("Odd - Level - Name - Level 1: Exercise Normal Precautions");
    REQUIRE(t);
    CHECK(t->country == "Odd - Level - Name");
    t = parse_advisory_title("  Venezuela \xE2\x80\x93 Level 4:Do Not Travel ");
    REQUIRE(t);
    CHECK(t->country == "Venezuela");
    CHECK(t->label == "Do Not Travel");
    t = parse_advisory_title("Mexico - Level 2");
    REQUIRE(t);
    CHECK(t->label.empty());
    for (const char* bad :
         {"Worldwide Caution", " - Level 4: Do Not Travel", "X - Level 5: Y", "X - Level 0: Y",
          "X - Level 44: Y", "X - Level : Y", "X - Level ", ""}) {
        INFO(bad);
        CHECK_FALSE(parse_advisory_title(bad).has_value());
    }
}

TEST_CASE("the short State Department feed", "[statedept]") {
    const auto batch = parse_state_dept_rss(fixture("TAsTWs.xml"));
    REQUIRE(batch.errors.empty());
    REQUIRE(batch.hazards.size() == 2);
    CHECK(batch.complete_listing);
    const auto& v = batch.hazards[0];
    CHECK(v.key == "USDOS Venezuela");
    CHECK(v.kind == HazardKind::travel_advisory);
    CHECK(v.issuer == "US Department of State");
    CHECK(v.countries == std::vector<std::string>{"Venezuela"});
    CHECK(v.severity == Severity::prohibition);
    CHECK(v.categories.has(HazardCategory::security_conflict));
    CHECK(v.title == "Venezuela - Level 4: Do Not Travel");
    CHECK(v.issued == at("2025-03-11T04:00:00Z"));
    CHECK(v.valid_from == v.issued);
    CHECK(v.text.starts_with("Do not travel to Venezuela due to"));
    CHECK(batch.hazards[1].severity >= Severity::warning);
}

TEST_CASE("the fuller feed: hyphens, parentheses, duplicates, a bad title", "[statedept]") {
    const auto batch = parse_state_dept_rss(fixture("TAsTWs_2025-11.xml"));
    REQUIRE(batch.hazards.size() == 6);
    REQUIRE(batch.errors.size() == 1);
    CHECK(batch.errors[0].line == 50);
    CHECK(batch.errors[0].message.find("Worldwide Caution") != std::string::npos);
    CHECK_FALSE(batch.complete_listing); // an unread item may hide an advisory

    // Venezuela twice: the newer (first) one stays.
    const auto* v = find(batch, "USDOS Venezuela");
    REQUIRE(v != nullptr);
    CHECK(v->issued == at("2025-03-11T04:00:00Z"));
    CHECK(v->text.ends_with("strongly advised to leave immediately."));
    CHECK(v->id == "Venezuela Level 4");

    // Colombia twice: the newer (second) one replaces the first.
    const auto* co = find(batch, "USDOS Colombia");
    REQUIRE(co != nullptr);
    CHECK(co->issued == at("2025-07-04T04:00:00Z"));
    CHECK(co->link.ends_with("destination.col.html"));
    CHECK(co->severity == Severity::warning);

    const auto* burma = find(batch, "USDOS Burma (Myanmar)");
    REQUIRE(burma != nullptr);
    CHECK(burma->countries == std::vector<std::string>{"Burma (Myanmar)"});
    CHECK(burma->severity == Severity::prohibition);

    const auto* ci = find(batch, "USDOS Cote d'Ivoire");
    REQUIRE(ci != nullptr);
    CHECK(ci->severity == Severity::caution);
    CHECK_FALSE(ci->categories.has(HazardCategory::security_conflict));
    CHECK(ci->text == "Exercise increased caution in Cote d'Ivoire due to crime, terrorism, and "
                      "civil unrest.");

    const auto* gb = find(batch, "USDOS Guinea-Bissau");
    REQUIRE(gb != nullptr);
    CHECK(gb->severity == Severity::warning);
    CHECK(gb->categories.has(HazardCategory::security_conflict));
    CHECK(gb->issued == at("2025-11-26T05:00:00Z")); // EST

    const auto* cw = find(batch, "USDOS Curaçao");
    REQUIRE(cw != nullptr);
    CHECK(cw->severity == Severity::info);
}

TEST_CASE("State Department feed: bad bytes, broken and hostile XML", "[statedept]") {
    const std::string feed =
        "<rss><channel>\n"
        "<item><title>Na\xEFve\xFF - Level 2: Exercise Increased Caution</title>"
        "<pubDate>garbage</pubDate></item>\n"
        "<item><title>Newer - Level 1: X</title><pubDate>Mon, 01 Jan 2024 "
        "00:00:00 GMT</pubDate></item>\n"
        "<item><title>Newer - Level 3: X</title></item>\n"
        "</channel></rss>";
    const auto batch = parse_state_dept_rss(feed);
    REQUIRE(batch.hazards.size() == 2);
    CHECK(batch.hazards[0].key == "USDOS Na\xEF\xBF\xBDve\xEF\xBF\xBD");
    CHECK_FALSE(batch.hazards[0].issued.has_value());
    // A duplicate without a date never displaces one with a date.
    CHECK(batch.hazards[1].severity == Severity::info);
    CHECK(batch.complete_listing);

    const auto broken = parse_state_dept_rss("<rss><channel>\n<item>\n<title>x");
    REQUIRE(broken.errors.size() == 1);
    CHECK(broken.errors[0].line == 3);
    CHECK_FALSE(broken.complete_listing);
    CHECK_FALSE(parse_state_dept_rss("<feed/>").errors.empty());
    CHECK_FALSE(parse_state_dept_rss("").errors.empty());

    const std::string xxe = R"(<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss><channel><item><title>&xxe; - Level 4: Do Not Travel</title></item></channel></rss>)";
    const auto x = parse_state_dept_rss(xxe);
    REQUIRE(x.hazards.size() == 1);
    CHECK(x.hazards[0].key == "USDOS &xxe;");
}
