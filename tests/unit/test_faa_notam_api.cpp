// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/feeds/faa_notam_api.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <string>

using namespace aerowatch;
using namespace std::chrono;

namespace {

UtcTime utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0) {
    return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi};
}

std::string fixture(const std::string& name) {
    return test::read_file(std::string(AEROWATCH_FIXTURES_DIR) + "/faa_api/" + name);
}

const Hazard* find(const HazardBatch& batch, const std::string& key) {
    const auto it = std::find_if(batch.hazards.begin(), batch.hazards.end(),
                                 [&](const Hazard& h) { return h.key == key; });
    return it == batch.hazards.end() ? nullptr : &*it;
}

Notam notam_of(const std::string& json) {
    auto notam = notam_from_geojson_feature(json);
    INFO(json);
    REQUIRE(notam.ok());
    return notam.value();
}

/// A feature with the given "notam" members (a JSON fragment without braces).
std::string feature(const std::string& members, const std::string& extra = "") {
    return R"({"type":"Feature","properties":{"coreNOTAMData":{"notam":{)" + members + "}" + extra +
           R"(}},"geometry":{"type":"GeometryCollection"}})";
}

} // namespace

TEST_CASE("legacy page: paging and every item", "[faa_api]") {
    const auto batch = parse_faa_notam_api(fixture("legacy_page1.json"));
    CHECK(batch.errors.empty());
    CHECK(batch.next_page_number == 2);
    CHECK_FALSE(batch.next_page_url);
    CHECK_FALSE(batch.complete_listing);
    CHECK(batch.hazards.size() == 6); // seven items, one of them a checklist

    const auto last = parse_faa_notam_api(fixture("legacy_page2_empty.json"));
    CHECK(last.hazards.empty());
    CHECK(last.errors.empty());
    CHECK_FALSE(last.next_page_number);
}

TEST_CASE("legacy A0554/23: structured fields, EST from the ICAO translation", "[faa_api]") {
    const auto batch = parse_faa_notam_api(fixture("legacy_page1.json"));
    const Hazard* h = find(batch, "KZFW A0554/23");
    REQUIRE(h != nullptr);
    CHECK(h->id == "A0554/23");
    CHECK(h->action == HazardAction::create);
    CHECK(h->firs == std::vector<std::string>{"KZFW"});
    CHECK(h->qcode == "QCBLS");
    CHECK(h->issued == utc(2023, 11, 9, 20, 43));
    CHECK(h->valid_from == utc(2023, 11, 9, 20, 30));
    CHECK(h->valid_to == utc(2023, 11, 27, 22, 0));
    CHECK(h->valid_to_estimated); // "C) 2311272200 EST" in the translation only
    CHECK(h->lower_text == "SFC");
    CHECK(h->upper_text == "4000FT");
    CHECK(h->upper_ft == 4000);
    CHECK(h->text == "ZFW AIRSPACE ADS-B, ... 79NM RADIUS OF 340446N0943310W. ...");
    CHECK(h->raw.starts_with("{"));
    CHECK(h->raw.ends_with("}"));
    CHECK(h->raw.find("NOTAM_1_70196316") != std::string::npos);
    CHECK(h->raw.find("NOTAM_1_73041587") == std::string::npos); // not the next feature
}

TEST_CASE("domestic 02/277: no series, LOCAL_FORMAT only, seconds in coordinates", "[faa_api]") {
    const auto batch = parse_faa_notam_api(fixture("legacy_page1.json"));
    const Hazard* h = find(batch, "FTW 02/277");
    REQUIRE(h != nullptr);
    CHECK(h->text == "OBST WIND TURBINE FARM WI AN AREA DEFINED AS 6NM RADIUS OF\n"
                     "314248N1012646W (38.1NM ESE 7T7) 3165FT (432FT AGL)\nNOT LGTD");
    REQUIRE(h->geometry.type == Geometry::Type::circle);
    CHECK(h->geometry.center.lat == Approx(31 + 42 / 60.0 + 48 / 3600.0));
    CHECK(h->geometry.center.lon == Approx(-(101 + 26 / 60.0 + 46 / 3600.0)));
    CHECK(h->geometry.radius_nm == 6);
    CHECK_FALSE(h->valid_to_estimated);
}

TEST_CASE("PERM and the literal-null series", "[faa_api]") {
    const auto batch = parse_faa_notam_api(fixture("legacy_page1.json"));
    const Hazard* h = find(batch, "DNKK 0603/09");
    REQUIRE(h != nullptr);
    CHECK(h->id == "0603/09");
    CHECK(h->permanent);
    CHECK_FALSE(h->valid_to);
    CHECK(h->valid_from == utc(2009, 9, 8, 11, 10));
    CHECK(h->airports == std::vector<std::string>{"DNAW"});
}

TEST_CASE("garbage ICAO translation never fills or overwrites anything", "[faa_api]") {
    const auto batch = parse_faa_notam_api(fixture("legacy_page1.json"));
    const Hazard* h = find(batch, "FDC 2/6540");
    REQUIRE(h != nullptr);
    CHECK(h->text == "TX..ROUTE ZFW. V68 JOKES, TX TO STEEP, TX MOCA 4400.");
    CHECK(h->qcode.empty());                            // not QXXXX
    CHECK(h->firs == std::vector<std::string>{"KZFW"}); // not KFIR
    CHECK(h->geometry.type == Geometry::Type::none);    // not "latNlongW025"
    CHECK(h->valid_to == utc(2024, 6, 9, 17, 14));
    CHECK(h->valid_to_estimated); // effectiveEnd "...ZEST"
}

TEST_CASE("NOTAMR and NOTAMC name their targets by the key those would have", "[faa_api]") {
    const auto batch = parse_faa_notam_api(fixture("legacy_page1.json"));
    const Hazard* r = find(batch, "DAAA B0131/09");
    REQUIRE(r != nullptr);
    CHECK(r->action == HazardAction::replace);
    CHECK(r->ref_key == "DAAA B0066/09");
    REQUIRE(r->geometry.type == Geometry::Type::circle);
    CHECK(r->geometry.center.lat == Approx(35 + 13 / 60.0));
    CHECK(r->geometry.center.lon == Approx(9 / 60.0));
    CHECK(r->geometry.radius_nm == 5);

    const Hazard* c = find(batch, "KZFW A0560/23");
    REQUIRE(c != nullptr);
    CHECK(c->action == HazardAction::cancel);
    CHECK(c->ref_key == "KZFW A0554/23");
}

TEST_CASE("checklist NOTAMs are not hazards", "[faa_api]") {
    const auto batch = parse_faa_notam_api(fixture("legacy_page1.json"));
    CHECK(find(batch, "KZFW A0600/23") == nullptr);
    const auto nms = parse_faa_notam_api(fixture("nms_geojson.json"));
    CHECK(find(nms, "KZNY A0001/26") == nullptr);
}

TEST_CASE("KICZ A0012/25 legacy-shape feature", "[faa_api]") {
    const auto batch = parse_faa_notam_api(fixture("geojson_kicz_a0012_25.json"));
    CHECK(batch.errors.empty());
    REQUIRE(batch.hazards.size() == 1);
    const Hazard& h = batch.hazards.front();
    CHECK(h.key == "KICZ A0012/25");
    CHECK(h.id == "A0012/25");
    CHECK(h.issuer == "KICZ");
    CHECK(h.firs == std::vector<std::string>{"SVZM"});
    CHECK(h.valid_from == utc(2025, 11, 21, 17, 43));
    CHECK(h.valid_to == utc(2026, 2, 19, 23, 59));
    CHECK(h.issued == utc(2025, 11, 21, 18, 8));
    CHECK_FALSE(h.permanent);
    CHECK(h.lower_text == "SFC");
    CHECK(h.upper_text == "UNL");
    CHECK(h.text.starts_with("SECURITY..UNITED STATES OF AMERICA ADVISORY FOR POTENTIALLY\n"));
    CHECK(h.text.find("THE FAA'S WASHINGTON") != std::string::npos); // &apos; decoded
    CHECK(h.severity >= Severity::caution);
    CHECK(h.categories.has(HazardCategory::security_conflict));
    CHECK(h.raw.find("\"A0012/25\"") != std::string::npos);
}

TEST_CASE("NMS geojson envelope: polygon, schedule, cancelationDate, radius 999", "[faa_api]") {
    const auto batch = parse_faa_notam_api(fixture("nms_geojson.json"));
    CHECK(batch.errors.empty());
    CHECK(batch.hazards.size() == 3);

    // Part 1 of 2 (its text starts "PART 1 OF 2"): a record of its own, as each part is.
    const Hazard* tfr = find(batch, "FDC 4/2246 PART 1");
    REQUIRE(tfr != nullptr);
    CHECK(tfr->id == "4/2246 PART 1 OF 2");
    REQUIRE(tfr->geometry.type == Geometry::Type::polygon);
    REQUIRE(tfr->geometry.rings.size() == 1);
    const auto& ring = tfr->geometry.rings.front();
    REQUIRE(ring.size() == 4);
    CHECK(ring[0] == GeoPoint{31.5, -100.6}); // GeoJSON [lon, lat] swapped
    CHECK(ring[1] == GeoPoint{31.6, -100.4});
    CHECK(ring.front() == ring.back());
    CHECK(tfr->schedule == "DLY 1618-2300");
    CHECK(tfr->upper_text == "5000FT"); // "5000FT." trailing dot
    CHECK(tfr->upper_ft == 5000);

    const Hazard* svzm = find(batch, "KICZ A9001/26");
    REQUIRE(svzm != nullptr);
    CHECK(svzm->valid_to == utc(2026, 1, 29, 20, 0));   // cancelled before its end
    CHECK(svzm->geometry.type == Geometry::Type::none); // radius 999 = whole FIR
    CHECK(svzm->firs == std::vector<std::string>{"SVZM"});

    const Hazard* luuu = find(batch, "LUUU A0046/22");
    REQUIRE(luuu != nullptr);
    CHECK(luuu->action == HazardAction::replace);
    CHECK(luuu->ref_key == "LUUU A0045/22");
    CHECK(luuu->permanent);
    CHECK(luuu->geometry.type == Geometry::Type::circle);
    CHECK(luuu->geometry.radius_nm == 98);
}

TEST_CASE("NMS aixm envelope: each string through the AIXM reader", "[faa_api]") {
    const auto batch = parse_faa_notam_api(fixture("nms_aixm.json"));
    REQUIRE(batch.hazards.size() == 1);
    CHECK(batch.hazards.front().key == "AZO A6417/26");
    REQUIRE(batch.errors.size() == 1);
    CHECK(batch.errors.front().message.starts_with("data.aixm[1]: malformed XML"));
}

TEST_CASE("NMS redirect, error status", "[faa_api]") {
    const auto redirect = parse_faa_notam_api(fixture("nms_redirect.json"));
    CHECK(redirect.hazards.empty());
    CHECK(redirect.errors.empty());
    CHECK(redirect.next_page_url == "/nmsapi/v1/content/3f2a9c1e-7d4b-4e8a-9b1c-2d5e6f7a8b9c");

    const auto error = parse_faa_notam_api(fixture("nms_error.json"));
    CHECK(error.hazards.empty());
    REQUIRE(error.errors.size() == 1);
    CHECK(error.errors.front().message.find("Invalid or expired token") != std::string::npos);
}

TEST_CASE("bare array content download, plain and gzip without Content-Encoding", "[faa_api]") {
    for (const char* name : {"nms_content.json", "nms_content.json.gz"}) {
        INFO(name);
        const auto batch = parse_faa_notam_api(fixture(name));
        CHECK(batch.errors.empty());
        REQUIRE(batch.hazards.size() == 3);
        const Hazard* est = find(batch, "ADK 03/004");
        REQUIRE(est != nullptr);
        CHECK(est->valid_to == utc(2017, 4, 21, 23, 59));
        CHECK(est->valid_to_estimated); // "...1704212359EST" in the domestic text
        CHECK(est->airports == std::vector<std::string>{"PADK"});
        const Hazard* perm = find(batch, "ADK 03/001"); // feature without a geometry key
        REQUIRE(perm != nullptr);
        CHECK(perm->permanent);
    }
}

TEST_CASE("gzip: corrupt, truncated, over the cap", "[faa_api]") {
    const auto gz = fixture("nms_content.json.gz");
    CHECK(gunzip(gz).ok());
    CHECK(gunzip(gz).value() == fixture("nms_content.json"));
    CHECK_FALSE(gunzip(gz, 100).ok()); // inflates past 100 bytes
    CHECK_FALSE(gunzip(gz.substr(0, gz.size() / 2)).ok());
    std::string corrupt = gz;
    corrupt[20] = static_cast<char>(~corrupt[20]);
    corrupt[21] = static_cast<char>(~corrupt[21]);
    const auto batch = parse_faa_notam_api(corrupt);
    CHECK(batch.hazards.empty());
    CHECK(batch.errors.size() == 1);
    CHECK(parse_faa_notam_api(std::string("\x1f\x8b", 2)).errors.size() == 1);
}

TEST_CASE("one bad feature costs only itself", "[faa_api]") {
    const std::string good1 = feature(R"("number":"A0001/25","accountId":"EGGN","text":"ONE")");
    const std::string good2 = feature(R"("number":"A0002/25","accountId":"EGGN","text":"TWO")");
    const std::string payload = "[\n" + good1 + ",\n" + R"({"type":"Feature","properties":{}})" +
                                ",\n42,\n" + feature(R"("number":"garbage")") + ",\n" +
                                feature(R"("number":{"nested":[1,2]},"text":7)") + ",\n" + good2 +
                                "\n]";
    const auto batch = parse_faa_notam_api(payload);
    REQUIRE(batch.hazards.size() == 2);
    CHECK(batch.hazards[0].key == "EGGN A0001/25");
    CHECK(batch.hazards[1].key == "EGGN A0002/25");
    REQUIRE(batch.errors.size() == 4);
    CHECK(batch.errors[0].line == 3);
    CHECK(batch.errors[1].line == 4);
    CHECK(batch.errors[2].line == 5);
}

TEST_CASE("a bad escape costs one feature; broken structure ends the page", "[faa_api]") {
    const std::string good = feature(R"("number":"A0001/25","accountId":"EGGN","text":"ONE")");
    const auto escape = parse_faa_notam_api(
        "[" + feature(R"("number":"A0002/25","text":"BAD \q ESCAPE")") + "," + good + "]");
    CHECK(escape.hazards.size() == 1);
    CHECK(escape.errors.size() == 1);

    // The iterator cannot go on after structural damage; it must stop cleanly, keeping what
    // came before.
    const auto broken = parse_faa_notam_api(
        "[" + good + R"(,{"geometry":{"=type":"GeometryCollection","geometries":[1] "x":2}},)" +
        good + "]");
    CHECK(broken.hazards.size() == 1);
    REQUIRE(broken.errors.size() == 1);
    CHECK(broken.errors.front().message.starts_with("malformed JSON"));
}

TEST_CASE("malformed payloads are errors, never crashes", "[faa_api]") {
    CHECK(parse_faa_notam_api("").errors.size() == 1);
    CHECK(parse_faa_notam_api("null").errors.size() == 1);
    CHECK(parse_faa_notam_api("\"items\"").errors.size() == 1);
    CHECK(parse_faa_notam_api(R"({"items": 5})").errors.size() == 1);
    CHECK_FALSE(parse_faa_notam_api(std::string(100000, '[')).errors.empty());
    CHECK_FALSE(parse_faa_notam_api(R"({"items":[{"properties":{"coreNOTAMData")").errors.empty());

    // Truncated mid-page: the features before the damage still count.
    const auto page = fixture("legacy_page1.json");
    const auto cut = parse_faa_notam_api(page.substr(0, page.find("NOTAM_1_20131009")));
    CHECK_FALSE(cut.errors.empty());
}

TEST_CASE("invalid UTF-8 is repaired, not a reason to drop the page", "[faa_api]") {
    const auto batch = parse_faa_notam_api(
        "[" + feature("\"number\":\"A0003/25\",\"accountId\":\"EGGN\",\"text\":\"BAD \xff BYTE\"") +
        "]");
    REQUIRE(batch.hazards.size() == 1);
    CHECK(batch.hazards.front().text == "BAD \xEF\xBF\xBD BYTE");
}

TEST_CASE("feature fields: number forms and quirks", "[faa_api]") {
    SECTION("series field plus a number without its letter") {
        const auto n = notam_of(feature(R"("series":"A","number":"0554/23")"));
        CHECK(n.id == "A0554/23");
        CHECK(n.series == "A");
        CHECK(n.number == 554);
        CHECK(n.year == 2023);
    }
    SECTION("literal null series") {
        const auto n = notam_of(feature(R"("series":"null","number":"null0603/09")"));
        CHECK(n.id == "0603/09");
        CHECK(n.series.empty());
        CHECK(n.year == 2009);
    }
    SECTION("FDC number takes its year from the dates") {
        const auto n = notam_of(feature(
            R"("number":"4/2246","classification":"FDC","issued":"2024-06-20T15:00:00.000Z")"));
        CHECK(n.id == "4/2246");
        CHECK(n.number == 2246);
        CHECK(n.year == 2024);
        CHECK(n.form == Notam::Form::faa_domestic);
    }
    SECTION("numbers where strings are expected, padded Q-line fields") {
        const auto n = notam_of(feature(
            R"("number":"A0001/25","minimumFL":0,"maximumFL":999,"radius":5,"purpose":"BO ","scope":"A ")"));
        CHECK(n.lower_fl == 0);
        CHECK(n.upper_fl == 999);
        CHECK(n.radius_nm == 5);
        CHECK(n.purpose == "BO");
        CHECK(n.scope == "A");
    }
    SECTION("text: entities, CRLF, runs of blanks") {
        const auto n = notam_of(feature(
            R"("number":"A0001/25","text":"  RWY 09/27 CLSD\r\n   DUE TO  WIP.  \r\nOPR&apos;S   RESP\n\n\n")"));
        CHECK(n.text == "RWY 09/27 CLSD\nDUE TO WIP.\nOPR'S RESP");
    }
    SECTION("Point geometry stands in for missing coordinates") {
        const auto n = notam_of(
            R"({"type":"Feature","properties":{"coreNOTAMData":{"notam":{"number":"A0001/25","radius":"010"}}},)"
            R"("geometry":{"geometries":[{"coordinates":[-66.99,10.6],"type":"Point"}],"type":"GeometryCollection"}})");
        CHECK(n.lat == Approx(10.6));
        CHECK(n.lon == Approx(-66.99));
        CHECK(n.radius_nm == 10);
    }
    SECTION("unusable number") {
        CHECK_FALSE(notam_from_geojson_feature(feature(R"("number":"")")).ok());
        CHECK_FALSE(notam_from_geojson_feature(R"({"properties":{}})").ok());
        CHECK_FALSE(notam_from_geojson_feature("[1").ok());
    }
}

TEST_CASE("faa_notams: the NOTAMs as read, checklists included, then payload errors", "[faa_api]") {
    const auto notams = faa_notams(fixture("legacy_page1.json"));
    REQUIRE(notams.size() == 7);
    CHECK(notams.back().value().qcode == "QKKKK");
    CHECK(notams.front().value().raw.starts_with("A0554/23 NOTAMN\nQ) KZFW/QCBLS"));

    const auto broken = faa_notams("[" + feature(R"("number":"A0001/25")") +
                                   R"(,{"geometry":{"geometries":[1] "x":2}}])");
    REQUIRE(broken.size() == 2);
    CHECK(broken[0].ok());
    CHECK_FALSE(broken[1].ok());
}
