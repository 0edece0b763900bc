// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/time.hpp"
#include "sources/feeds/feed_support.hpp"
#include "sources/feeds/rss.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace aerowatch;

namespace {

std::string fixture(const char* name) {
    return test::read_file(std::string(AEROWATCH_FIXTURES_DIR) + "/rss/" + name);
}

UtcTime at(const char* iso) {
    return *parse_iso8601(iso);
}

} // namespace

TEST_CASE("RFC 822 dates with named and numeric zones", "[rss]") {
    using feed::parse_rfc822_date;
    CHECK(parse_rfc822_date("Thu, 24 Feb 2022 00:00:00 +0200") == at("2022-02-23T22:00:00Z"));
    CHECK(parse_rfc822_date("Sun, 23 Nov 2025 09:15:00 EST") == at("2025-11-23T14:15:00Z"));
    CHECK(parse_rfc822_date("Sun, 23 Nov 2025 09:15:00 edt") == at("2025-11-23T13:15:00Z"));
    CHECK(parse_rfc822_date("Thu, 4 Dec 25 10:00:00 PDT") == at("2025-12-04T17:00:00Z"));
    CHECK(parse_rfc822_date("24 Feb 2022 00:00 GMT") == at("2022-02-24T00:00:00Z"));
    CHECK(parse_rfc822_date("Mon, 24 Nov 2025 18:05:00 +01:00") == at("2025-11-24T17:05:00Z"));
    CHECK(parse_rfc822_date("Mon, 24 Nov 2025 18:05:00 -0500 (EST)") == at("2025-11-24T23:05:00Z"));
    CHECK(parse_rfc822_date("Mon,24 Nov 2025 18:05:00 UT") == at("2025-11-24T18:05:00Z"));
    CHECK(parse_rfc822_date("Mon, 24 Nov 2025 18:05:00") == at("2025-11-24T18:05:00Z"));
    CHECK(parse_rfc822_date("Mon, 24 Nov 2025 18:05:00 Z") == at("2025-11-24T18:05:00Z"));
    CHECK(parse_rfc822_date("Mon, 24 Nov 2025 18:05:00 A") == at("2025-11-24T18:05:00Z"));
    CHECK(parse_rfc822_date("Tue, 24 June 2025 8:05:00 UTC") == at("2025-06-24T08:05:00Z"));
    CHECK(parse_rfc822_date("01 Jan 99 00:00:00 GMT") == at("1999-01-01T00:00:00Z"));
    for (const char* bad :
         {"", "Mon, 31 Feb 2025 10:00:00 GMT", "Mon, 24 Foo 2025 10:00:00 GMT",
          "Mon, 24 Nov 2025 25:00:00 GMT", "Mon, 24 Nov 2025 10:00:00 XYZ", "Mon, 24 Nov 2025",
          "24 Nov 2025 10:00:00 +2500", "24 Nov 202 10:00:00 GMT", "24 Nov 2025 10:0:00 GMT",
          "24 Nov 2025 10:00:00 GMT extra words here too", "2025-11-24T10:00:00Z",
          "Mon, 24 Nov 2025 10:00:00 J"}) {
        INFO(bad);
        CHECK_FALSE(parse_rfc822_date(bad).has_value());
    }
}

TEST_CASE("feed dates: RFC 822 or RFC 3339", "[rss]") {
    using feed::parse_feed_date;
    CHECK(parse_feed_date(" Thu, 24 Feb 2022 00:00:00 +0200 ") == at("2022-02-23T22:00:00Z"));
    CHECK(parse_feed_date("2026-01-03T07:30:00+01:00") == at("2026-01-03T06:30:00Z"));
    CHECK(parse_feed_date("2025-11-22T11:40:00.25Z") == at("2025-11-22T11:40:00Z"));
    CHECK(parse_feed_date("2025-11-22T11:40:00") == at("2025-11-22T11:40:00Z"));
    CHECK(parse_feed_date("2025-11-22 11:40:00") == at("2025-11-22T11:40:00Z"));
    CHECK(parse_feed_date("2025-11-22") == at("2025-11-22T00:00:00Z"));
    CHECK_FALSE(parse_feed_date("yesterday").has_value());
    CHECK_FALSE(parse_feed_date("").has_value());
}

TEST_CASE("RSS 2.0 items", "[rss]") {
    const auto batch = parse_rss(fixture("rss2_feed.xml"));
    REQUIRE(batch.errors.empty());
    REQUIRE(batch.hazards.size() == 4);
    CHECK_FALSE(batch.complete_listing);

    const auto& a = batch.hazards[0];
    CHECK(a.key == "notice-2025-11-24-svzm"); // the guid
    CHECK(a.kind == HazardKind::rss);
    CHECK(a.issuer == "Aviation Safety Notices");
    CHECK(a.title == "Spanish operators advised not to fly in the Maiquetía FIR (SVZM)");
    CHECK(a.link == "https://notices.example.org/aviation/2025/11/24/svzm");
    CHECK(a.issued == at("2025-11-24T17:05:00Z"));
    CHECK(a.valid_from == a.issued);
    CHECK(a.text == "At the request of AESA, ENAIRE has published a NOTAM strongly recommending "
                    "that Spanish operators do not fly in the SVZM FIR until 1\xC2\xA0"
                    "December.\n"
                    "Security risk: GPS interference & military activity reported.");
    CHECK(a.categories.has(HazardCategory::security_conflict)); // <category>Security</category>
    CHECK(a.categories.has(HazardCategory::gnss_interference)); // from the text (classifier)
    CHECK(a.raw.starts_with("<item>"));

    // No guid: the link is the key; entity-escaped HTML; a named US zone.
    const auto& b = batch.hazards[1];
    CHECK(b.key == "https://notices.example.org/aviation/2025/11/23/bw-ccs");
    CHECK(b.text == "Caribbean Airlines has extended the suspension of its POS\xE2\x80\x93"
                    "CCS service.");
    CHECK(b.issued == at("2025-11-23T14:15:00Z"));

    // Neither guid nor link: the title is the key.
    const auto& c = batch.hazards[2];
    CHECK(c.key == "Weather: tropical storm watch for the Leeward Islands");
    CHECK(c.categories.has(HazardCategory::weather));
    CHECK(c.issued == at("2025-11-22T21:00:00Z"));

    // A permalink guid; content:encoded and dc:date stand in for description and pubDate.
    const auto& d = batch.hazards[3];
    CHECK(d.key == "https://notices.example.org/aviation/2025/11/22/kanaga");
    CHECK(d.text == "VA CLD reported to FL300.");
    CHECK(d.issued == at("2025-11-22T11:40:00Z"));
    CHECK(d.categories.has(HazardCategory::volcanic_ash));
}

TEST_CASE("Atom entries", "[rss]") {
    const auto batch = parse_rss(fixture("atom_feed.xml"));
    REQUIRE(batch.errors.empty());
    REQUIRE(batch.hazards.size() == 3);

    const auto& a = batch.hazards[0];
    CHECK(a.key == "tag:advisories.example.org,2026-01-03:caribbean-1");
    CHECK(a.title == "Caribbean airspace: ongoing military activity");
    CHECK(a.link == "https://advisories.example.org/caribbean-1"); // rel=alternate, not self
    CHECK(a.issued == at("2026-01-03T06:30:00Z"));                 // updated, not published
    CHECK(a.text == "Operators should avoid the SVZM, TNCF, TTZP and TJZS FIRs at all altitudes.");
    CHECK(a.issuer == "Airspace advisories");
    CHECK(a.categories.has(HazardCategory::security_conflict));
    CHECK(a.categories.has(HazardCategory::military_activity));
    REQUIRE(a.geometry.type == Geometry::Type::polygon);
    REQUIRE(a.geometry.rings.size() == 1);
    CHECK(a.geometry.rings[0].size() == 5);
    CHECK(a.geometry.rings[0][1] == GeoPoint{12.5, -60.0});

    const auto& b = batch.hazards[1];
    CHECK(b.link == "https://advisories.example.org/svmc"); // a link without rel
    CHECK(b.issuer == "Airport operations");                // the entry's own author
    CHECK(b.text == "Maracaibo La Chinita (SVMC) closed.\nReopening not before 6 Jan.");
    REQUIRE(b.geometry.type == Geometry::Type::circle);
    CHECK(b.geometry.center == GeoPoint{10.5582, -71.7279});
    CHECK(b.geometry.radius_nm == 0);
    CHECK(b.categories.has(HazardCategory::airport_closure));

    const auto& c = batch.hazards[2];
    CHECK(c.key == "https://advisories.example.org/files/map.png"); // no id: the first link
    CHECK(c.issued == at("2026-01-03T04:00:00Z"));                  // published
    CHECK(c.text == "Plain text body.");
}

TEST_CASE("Atom and GeoRSS are matched by namespace URI, not prefix", "[rss]") {
    const std::string feed =
        R"(<a:feed xmlns:a="http://www.w3.org/2005/Atom" xmlns:g="http://www.georss.org/georss">
<a:title>T</a:title>
<a:entry><a:id>e1</a:id><a:title>One</a:title><g:circle>45.0 10.0 18520</g:circle></a:entry>
<a:entry><a:id>e2</a:id><a:title>Two</a:title><georss:point xmlns:georss="urn:not-georss">1 2</georss:point></a:entry>
<entry><id>not atom</id></entry>
</a:feed>)";
    const auto batch = parse_rss(feed);
    REQUIRE(batch.hazards.size() == 2);
    CHECK(batch.hazards[0].key == "e1");
    REQUIRE(batch.hazards[0].geometry.type == Geometry::Type::circle);
    CHECK(batch.hazards[0].geometry.radius_nm == Approx(10.0));
    CHECK(batch.hazards[1].geometry.type == Geometry::Type::none);
    CHECK_FALSE(parse_rss("<feed><entry><id>x</id></entry></feed>").errors.empty());
}

TEST_CASE("GDACS RSS with georss and gdacs extensions", "[rss]") {
    const auto batch = parse_rss(fixture("gdacs_rss.xml"));
    REQUIRE(batch.errors.empty());
    REQUIRE(batch.hazards.size() == 3);

    const auto& eq = batch.hazards[0];
    CHECK(eq.key == "EQ1404447");
    CHECK(eq.link == "https://www.gdacs.org/report.aspx?eventtype=EQ&eventid=1404447");
    CHECK(eq.severity == Severity::info);
    CHECK(eq.countries == std::vector<std::string>{"Philippines"});
    CHECK(eq.valid_from == at("2023-11-20T06:23:40Z"));
    CHECK_FALSE(eq.valid_to.has_value()); // iscurrent: todate is no end
    REQUIRE(eq.geometry.type == Geometry::Type::circle);
    CHECK(eq.geometry.center == GeoPoint{9.3853, 126.4206});

    const auto& tc = batch.hazards[1];
    CHECK(tc.severity == Severity::caution);
    CHECK(tc.categories.has(HazardCategory::weather));
    CHECK(tc.countries ==
          std::vector<std::string>{"Guam", "Northern Mariana Islands", "Japan", "Philippines"});
    CHECK(tc.valid_from == at("2023-05-20T00:00:00Z"));
    CHECK(tc.valid_to == at("2023-06-20T12:00:00Z"));
    CHECK(tc.issued == at("2023-06-20T12:00:00Z"));

    // Only W3C geo:Point, no georss.
    const auto& vo = batch.hazards[2];
    CHECK(vo.severity >= Severity::warning);
    CHECK(vo.categories.has(HazardCategory::volcanic_ash));
    REQUIRE(vo.geometry.type == Geometry::Type::circle);
    CHECK(vo.geometry.center == GeoPoint{63.88, -22.45});
}

TEST_CASE("RSS 1.0 (RDF) items", "[rss]") {
    const std::string feed =
        R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://x/"><title>RDF feed</title></channel>
<item rdf:about="https://x/1"><title>First</title><link>https://x/1</link><dc:date>2025-11-22T10:00:00Z</dc:date></item>
</rdf:RDF>)";
    const auto batch = parse_rss(feed);
    REQUIRE(batch.hazards.size() == 1);
    CHECK(batch.hazards[0].key == "https://x/1");
    CHECK(batch.hazards[0].issuer == "RDF feed");
    CHECK(batch.hazards[0].issued == at("2025-11-22T10:00:00Z"));
}

TEST_CASE("RSS: invalid bytes, empty items, broken documents", "[rss]") {
    const std::string feed = "<rss version=\"2.0\"><channel>\n"
                             "<item><title>Caf\xE9 \xFF closed</title><guid>g1</guid></item>\n"
                             "<item><description>nothing to key on</description></item>\n"
                             "</channel></rss>";
    const auto batch = parse_rss(feed);
    REQUIRE(batch.hazards.size() == 1);
    CHECK(batch.hazards[0].title == "Caf\xEF\xBF\xBD \xEF\xBF\xBD closed");
    CHECK(batch.hazards[0].raw.find('\xFF') == std::string::npos);
    REQUIRE(batch.errors.size() == 1);
    CHECK(batch.errors[0].line == 3);

    const auto broken = parse_rss("<rss><channel>\n<item>\n<title>x</titel>");
    REQUIRE(broken.errors.size() == 1);
    CHECK(broken.errors[0].line == 3);
    CHECK_FALSE(parse_rss("").errors.empty());
    CHECK_FALSE(parse_rss("<html><body/></html>").errors.empty());
    CHECK(parse_rss("<rss/>").hazards.empty());
    CHECK(parse_rss("<rss/>").errors.empty());
}

TEST_CASE("RSS: DTDs do nothing (billion laughs, XXE)", "[rss]") {
    const std::string laughs = R"(<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><item><title>&lol9;</title><guid>laughs</guid></item></channel></rss>)";
    const auto a = parse_rss(laughs);
    REQUIRE(a.hazards.size() == 1);
    CHECK(a.hazards[0].title == "&lol9;");

    const std::string xxe = R"(<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>&xxe;</title><guid>xxe</guid></item></channel></rss>)";
    const auto b = parse_rss(xxe);
    REQUIRE(b.hazards.size() == 1);
    CHECK(b.hazards[0].title == "&xxe;");
    CHECK(b.hazards[0].raw.find("root:") == std::string::npos);
}

TEST_CASE("RSS: a million levels of nesting do not crash", "[rss]") {
    constexpr std::size_t depth = 1000000;
    std::string deep = "<rss><channel><item><guid>deep</guid><description>";
    deep.reserve(depth * 7 + 200);
    for (std::size_t i = 0; i < depth; ++i) {
        deep += "<a>";
    }
    deep += "x";
    for (std::size_t i = 0; i < depth; ++i) {
        deep += "</a>";
    }
    deep += "</description></item></channel></rss>";
    const auto batch = parse_rss(deep);
    REQUIRE(batch.hazards.size() == 1);
    CHECK(batch.hazards[0].key == "deep");

    std::string unclosed = "<rss><channel>";
    for (std::size_t i = 0; i < depth; ++i) {
        unclosed += "<item>";
    }
    CHECK_FALSE(parse_rss(unclosed).errors.empty());
}
