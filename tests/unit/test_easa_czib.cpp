// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/time.hpp"
#include "sources/feeds/easa_czib.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace aerowatch;

namespace {

std::string fixture(const char* name) {
    return test::read_file(std::string(AEROWATCH_FIXTURES_DIR) + "/easa/" + name);
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

TEST_CASE("the CZIB export: an active bulletin", "[easa]") {
    const auto batch = parse_easa_czib_json(fixture("czib_export.json"));
    REQUIRE(batch.errors.empty());
    REQUIRE(batch.hazards.size() == 4);
    CHECK(batch.complete_listing);

    const auto* h = find(batch, "EASA CZIB 136057");
    REQUIRE(h != nullptr);
    CHECK(h->kind == HazardKind::czib);
    CHECK(h->issuer == "EASA");
    CHECK(h->id.empty()); // the JSON has no bulletin number; the RSS feed supplies it
    CHECK_FALSE(h->partial);
    CHECK(h->title == "Airspace of Ukraine");
    CHECK(h->countries == std::vector<std::string>{"Ukraine"});
    CHECK(h->status == HazardStatus::active);
    CHECK(h->severity == Severity::warning);
    CHECK(h->categories.has(HazardCategory::security_conflict));
    // Colon-less offset; day-first end date read as the end of that day.
    CHECK(h->valid_from == at("2022-02-23T22:00:00Z"));
    CHECK(h->valid_to == at("2027-01-31T23:59:59Z"));
    CHECK_FALSE(h->permanent);
    // The revision time from the <time datetime> attribute.
    CHECK(h->issued == at("2026-07-24T11:07:23Z"));
    CHECK(h->text == "Until 31/01/2027, unless reviewed earlier.");
    CHECK(h->firs.empty());
    CHECK(h->raw.find("\"Nid\": \"136057\"") != std::string::npos);
}

TEST_CASE("the CZIB export: withdrawn, entities, no end date, ignored coordinates", "[easa]") {
    const auto batch = parse_easa_czib_json(fixture("czib_export.json"));
    const auto* nk = find(batch, "EASA CZIB 22434");
    REQUIRE(nk != nullptr);
    CHECK(nk->status == HazardStatus::withdrawn);
    CHECK(nk->severity < Severity::warning);
    CHECK(nk->title == "Airspace of North Korea \xE2\x80\x93 Pyongyang Flight Information Region");
    CHECK(nk->countries == std::vector<std::string>{"Democratic People's Republic of Korea"});
    CHECK_FALSE(nk->valid_to.has_value());
    CHECK(nk->permanent);
    CHECK(nk->valid_from == at("2018-04-24T21:00:00Z"));
    CHECK(nk->text.empty());
    CHECK(nk->geometry.type == Geometry::Type::none); // "coordinates" geocodes Pyongyang

    const auto* me = find(batch, "EASA CZIB 143294");
    REQUIRE(me != nullptr);
    REQUIRE(me->countries.size() == 11);
    CHECK(me->countries.front() == "Bahrain");
    CHECK(me->countries[9] == "United Arab Emirates");
    CHECK(me->countries.back() == "Saudi Arabia");
    CHECK(me->valid_to == at("2026-07-08T23:59:59Z"));
}

TEST_CASE("the Venezuela bulletin, active then withdrawn", "[easa]") {
    const auto active = parse_easa_czib_json(fixture("czib_export.json"));
    const auto* v = find(active, "EASA CZIB 142977");
    REQUIRE(v != nullptr);
    CHECK(v->title == "Venezuela and neighbouring airspace");
    CHECK(v->status == HazardStatus::active);
    CHECK(v->severity == Severity::warning);
    CHECK(v->valid_from == at("2026-01-02T22:00:00Z"));
    CHECK(v->valid_to == at("2026-02-16T23:59:59Z"));
    // The export leaves "country" empty; the name says which country the bulletin is about.
    CHECK(v->countries == std::vector<std::string>{"Venezuela"});
    CHECK(v->firs.empty()); // the export does not name SVZM: nothing is invented

    const auto later = parse_easa_czib_json(fixture("czib_export_withdrawn.json"));
    CHECK(later.complete_listing);
    const auto* w = find(later, "EASA CZIB 142977");
    REQUIRE(w != nullptr);
    CHECK(w->status == HazardStatus::withdrawn);
    CHECK(w->issued == at("2026-02-17T07:15:40Z"));
}

TEST_CASE("a bulletin without countries is about the country its name gives", "[easa]") {
    const std::string payload = R"({"conflict_zones": [
 {"Nid": "1", "name": "Airspace of Libya", "status": "Active", "country": ""},
 {"Nid": "2", "name": "Airspace of North Korea \u2013 Pyongyang Flight Information Region",
  "status": "Active", "country": " "},
 {"Nid": "3", "name": "Mali", "status": "Active"},
 {"Nid": "4", "name": "Venezuela and neighbouring airspace", "status": "Active", "country": ""},
 {"Nid": "5", "name": "Airspace of the Middle East and Persian Gulf", "status": "Withdrawn",
  "country": "Bahrain, Iran"},
 {"Nid": "6", "name": "Airspace", "status": "Active", "country": ""}
]})";
    const auto batch = parse_easa_czib_json(payload);
    REQUIRE(batch.hazards.size() == 6);
    using List = std::vector<std::string>;
    CHECK(batch.hazards[0].countries == List{"Libya"});
    CHECK(batch.hazards[1].countries == List{"North Korea"});
    CHECK(batch.hazards[2].countries == List{"Mali"});
    CHECK(batch.hazards[3].countries == List{"Venezuela"});
    CHECK(batch.hazards[4].countries == List{"Bahrain", "Iran"}); // the list wins over the name
    CHECK(batch.hazards[5].countries.empty());
}

TEST_CASE("FIR codes come only from what the bulletin writes", "[easa]") {
    const std::string payload = R"({"conflict_zones": [
 {"Nid": 140001, "issued_date": "2026-01-03T00:00:00+0200", "valid_until_date": "",
  "name": "Airspace of Iraq", "status": "Active", "country": "Iraq",
  "field_easa_valid_until_descr": "<p>FIR Baghdad (ORBB) at all levels; see also (ICAO) and (EASA).</p>"},
 {"Nid": "140002", "name": "Venezuela and neighbouring airspace", "status": "Active",
  "field_easa_valid_until_descr": "<p>Do not operate in the SVZM FIR at any level.</p>"}
]})";
    const auto batch = parse_easa_czib_json(payload);
    REQUIRE(batch.hazards.size() == 2);
    CHECK(batch.hazards[0].key == "EASA CZIB 140001"); // a numeric Nid
    CHECK(batch.hazards[0].firs == std::vector<std::string>{"ORBB"});
    CHECK(batch.hazards[1].firs == std::vector<std::string>{"SVZM"});
    CHECK_FALSE(batch.hazards[1].valid_from.has_value());
}

TEST_CASE("bad CZIB records are errors and the listing is no longer complete", "[easa]") {
    const std::string payload =
        "{\"conflict_zones\": [\n"
        "{\"Nid\": \"1\", \"name\": \"Bad \xff byte\", \"status\": \"Active\"},\n"
        "{\"name\": \"no id\"},\n"
        "\"text\"\n"
        "]}";
    const auto batch = parse_easa_czib_json(payload);
    REQUIRE(batch.hazards.size() == 1);
    CHECK(batch.hazards[0].title == "Bad \xEF\xBF\xBD byte");
    REQUIRE(batch.errors.size() == 2);
    CHECK(batch.errors[0].line == 3);
    CHECK(batch.errors[1].line == 4);
    CHECK_FALSE(batch.complete_listing);

    CHECK_FALSE(parse_easa_czib_json("").complete_listing);
    CHECK_FALSE(parse_easa_czib_json("[]").errors.empty());
    CHECK_FALSE(parse_easa_czib_json("{\"other\": []}").errors.empty());
    CHECK_FALSE(parse_easa_czib_json("{\"conflict_zones\": [{\"Nid\": ").complete_listing);
    const std::string deep =
        "{\"conflict_zones\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
    CHECK(parse_easa_czib_json(deep).hazards.empty());
}

TEST_CASE("CZIB dates", "[easa]") {
    CHECK(parse_czib_valid_until("16/02/2026") == at("2026-02-16T23:59:59Z"));
    CHECK(parse_czib_valid_until(" 1/2/2026 ") == at("2026-02-01T23:59:59Z"));
    CHECK_FALSE(parse_czib_valid_until("31/02/2026").has_value());
    CHECK_FALSE(parse_czib_valid_until("2026-02-16").has_value());
    CHECK_FALSE(parse_czib_valid_until("").has_value());
    CHECK_FALSE(parse_czib_valid_until("//").has_value());
    CHECK(parse_html_time_element(
              "<time datetime=\"2026-07-24T14:07:23+03:00\">2026-07-24T14:07:23+0300</time>\n") ==
          at("2026-07-24T11:07:23Z"));
    CHECK(parse_html_time_element("<time>2026-07-24T14:07:23+0300</time>") ==
          at("2026-07-24T11:07:23Z"));
    CHECK_FALSE(parse_html_time_element("<time datetime=\"").has_value());
}

TEST_CASE("CZIB numbers from bulletin links", "[easa]") {
    CHECK(czib_number_from_link(
              "https://www.easa.europa.eu/domains/air-operations/czibs/czib-2022-01r14") ==
          "2022-01-R14");
    CHECK(czib_number_from_link(
              "https://www.easa.europa.eu/en/domains/air-operations/czibs/2026-01-r2") ==
          "2026-01-R2");
    CHECK(czib_number_from_link("https://x/czibs/sib-2014-21r1/") == "2014-21-R1");
    CHECK(czib_number_from_link("https://x/czibs/czib-2018-02?x=1") == "2018-02");
    CHECK(czib_number_from_link("https://x/czibs/CZIB-2022-01R14") == "2022-01-R14");
    CHECK(czib_number_from_link("https://x/czibs/information").empty());
    CHECK(czib_number_from_link("https://x/czibs/czib-2022-01r").empty());
    CHECK(czib_number_from_link("").empty());
}

TEST_CASE("the CZIB RSS feed supplements the export", "[easa]") {
    const auto batch = parse_easa_czib_rss(fixture("czib_feed.xml"));
    REQUIRE(batch.errors.empty());
    REQUIRE(batch.hazards.size() == 3);
    CHECK_FALSE(batch.complete_listing);
    for (const auto& h : batch.hazards) {
        CHECK(h.partial);
        CHECK(h.kind == HazardKind::czib);
        CHECK(h.issuer == "EASA");
        CHECK(h.categories.has(HazardCategory::security_conflict));
    }
    const auto& v = batch.hazards[0];
    CHECK(v.key == "EASA CZIB 142977"); // joins the export's record
    CHECK(v.id == "CZIB 2026-01-R2");
    CHECK(v.title == "Venezuela and neighbouring airspace");
    CHECK(v.link == "https://www.easa.europa.eu/en/domains/air-operations/czibs/2026-01-r2");
    CHECK(v.valid_from == at("2026-01-02T22:00:00Z"));
    CHECK(v.raw.find("<guid") != std::string::npos);

    const auto& ua = batch.hazards[1];
    CHECK(ua.key == "EASA CZIB 136057");
    CHECK(ua.id == "CZIB 2022-01-R14");
    CHECK(ua.valid_from == at("2022-02-23T22:00:00Z"));

    // No pubDate: the date in the guid stands in.
    const auto& nk = batch.hazards[2];
    CHECK(nk.key == "EASA CZIB 22434");
    CHECK(nk.id == "CZIB 2018-02");
    CHECK(nk.valid_from == at("2018-04-24T21:00:00Z"));
}

TEST_CASE("CZIB RSS: items without a Nid, broken and hostile XML", "[easa]") {
    const std::string feed = R"(<rss version="2.0"><channel>
<item><title>A</title><guid>not a nid</guid></item>
<item><title>Airspace &amp;amp; (UKBV)</title><guid>7 on garbage</guid></item>
</channel></rss>)";
    const auto batch = parse_easa_czib_rss(feed);
    REQUIRE(batch.errors.size() == 1);
    CHECK(batch.errors[0].line == 2);
    REQUIRE(batch.hazards.size() == 1);
    CHECK(batch.hazards[0].title == "Airspace & (UKBV)");
    CHECK(batch.hazards[0].firs == std::vector<std::string>{"UKBV"});
    CHECK_FALSE(batch.hazards[0].valid_from.has_value());

    const auto broken = parse_easa_czib_rss("<rss><channel>\n<item>");
    REQUIRE(broken.errors.size() == 1);
    CHECK(broken.errors[0].line == 2);
    CHECK_FALSE(parse_easa_czib_rss("<feed/>").errors.empty());
    CHECK_FALSE(parse_easa_czib_rss("").errors.empty());
}
