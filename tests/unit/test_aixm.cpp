// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/feeds/aixm.hpp"
#include "sources/feeds/faa_notam_api.hpp"
#include "sources/hazard_feeds.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

using namespace aerowatch;
using namespace std::chrono;

namespace {

UtcTime utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0) {
    return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi};
}

std::string fixture(const std::string& name) {
    return test::read_file(std::string(AEROWATCH_FIXTURES_DIR) + "/aixm/" + name);
}

const Hazard& only(const HazardBatch& batch) {
    INFO((batch.errors.empty() ? std::string() : batch.errors.front().message));
    REQUIRE(batch.errors.empty());
    REQUIRE(batch.hazards.size() == 1);
    return batch.hazards.front();
}

/// A minimal message around one event:NOTAM body, with the usual prefixes.
std::string message(const std::string& notam_children, const std::string& slice_extra = "") {
    return R"(<AIXMBasicMessage xmlns="http://www.aixm.aero/schema/5.1/message"
 xmlns:event="http://www.aixm.aero/schema/5.1/event" xmlns:gml="http://www.opengis.net/gml/3.2"
 xmlns:fnse="http://www.aixm.aero/schema/5.1/extensions/FAA/FNSE">
<hasMember><event:Event><event:timeSlice><event:EventTimeSlice>)" +
           slice_extra + "<event:textNOTAM><event:NOTAM>" + notam_children +
           "</event:NOTAM></event:textNOTAM></event:EventTimeSlice></event:timeSlice>"
           "</event:Event></hasMember></AIXMBasicMessage>";
}

} // namespace

TEST_CASE("NMS initial load: SOAP-wrapped WFS FeatureCollection", "[aixm]") {
    const auto batch = parse_aixm(fixture("nms_initial_load_soap.xml"));
    const Hazard& h = only(batch);
    CHECK(h.key == "BDR 04/221");
    CHECK(h.id == "04/221");
    CHECK(h.issuer == "BDR");
    CHECK(h.issued == utc(2025, 4, 30, 22, 28));
    CHECK(h.valid_from == utc(2025, 5, 1, 11, 0));
    CHECK(h.valid_to == utc(2025, 11, 2, 0, 1));
    CHECK_FALSE(h.valid_to_estimated);
    CHECK_FALSE(h.permanent);
    CHECK(h.schedule == "DLY 1100-0001");
    CHECK(h.text.starts_with("AIRSPACE UAS WI AN AREA DEFINED AS 1.5NM RADIUS OF 430205N0753903W"));
    CHECK(h.raw.starts_with("<AIXMBasicMessage gml:id=\"NMS_ID_1757609468919567\">"));
    CHECK(h.raw.ends_with("</AIXMBasicMessage>"));

    const auto notams = aixm_notams(fixture("nms_initial_load_soap.xml"));
    REQUIRE(notams.size() == 1);
    REQUIRE(notams.front().ok());
    const Notam& n = notams.front().value();
    CHECK(n.form == Notam::Form::faa_domestic);
    CHECK(n.number == 221);
    CHECK(n.year == 2025);
    CHECK(n.locations == std::vector<std::string>{"KZBW"});
    CHECK(n.location_name == "ZBW ARTCC");
    CHECK(n.keyword == "AIRSPACE");
    CHECK(n.raw.starts_with("!BDR 04/221 ZBW AIRSPACE UAS"));
}

TEST_CASE("international NOTAM: series, FIR, Q fields, OTHER:ICAO translation", "[aixm]") {
    for (const char* name : {"international_icao.xml", "other_prefixes.xml"}) {
        INFO(name);
        const auto batch = parse_aixm(fixture(name));
        const Hazard& h = only(batch); // the decoy bound to another URI is not read
        CHECK(h.key == "AZO A6417/26");
        CHECK(h.id == "A6417/26");
        CHECK(h.firs == std::vector<std::string>{"KZAU"});
        CHECK(h.airports == std::vector<std::string>{"KAZO"});
        CHECK(h.qcode == "QMRXX");
        CHECK(h.valid_from == utc(2026, 6, 6, 13, 29));
        CHECK(h.valid_to == utc(2026, 6, 7, 13, 29));
        REQUIRE(h.geometry.type == Geometry::Type::circle);
        CHECK(h.geometry.center.lat == Approx(42 + 14 / 60.0));
        CHECK(h.geometry.center.lon == Approx(-(85 + 33 / 60.0)));
        CHECK(h.geometry.radius_nm == 5);
        CHECK(h.text == "RWY 17 FICON 3/3/3 100 PCT 1/8IN WET SNOW OBS AT 2606061329.");
        CHECK(h.raw.ends_with("AIXMBasicMessage>"));

        const auto notams = aixm_notams(fixture(name));
        REQUIRE(notams.size() == 1);
        const Notam& n = notams.front().value();
        CHECK(n.series == "A");
        CHECK(n.lower_fl == 0);
        CHECK(n.upper_fl == 999);
        CHECK(n.issuer == "AZO");
        CHECK(n.location_name == "KALAMAZOO/BATTLE CREEK INTL");
        CHECK(n.raw.starts_with("A6417/26 NOTAMN Q) KZAU/QMRXX////000/999/4214N08533W005"));
    }
}

TEST_CASE("domestic numbers as the FAA writes them: one NOTAM from AIXM and GeoJSON, one key",
          "[aixm]") {
    // The LOCAL_FORMAT text names it ("!BDR 04/221"); without it the month of issue does.
    const std::string xml = fixture("nms_initial_load_soap.xml");
    const auto from = xml.find("<event:translation>");
    const auto to = xml.find("</event:translation>");
    REQUIRE(from != std::string::npos);
    REQUIRE(to != std::string::npos);
    std::string bare = xml;
    bare.erase(from, to + std::string_view("</event:translation>").size() - from);
    CHECK(only(parse_aixm(bare)).key == "BDR 04/221");
    std::string may = bare;
    const auto issued = may.find("2025-04-30T22:28");
    REQUIRE(issued != std::string::npos);
    may.replace(issued, 16, "2025-05-02T01:00");
    CHECK(only(parse_aixm(may)).key == "BDR 05/221");
    std::string translated = xml;
    translated.replace(translated.find("2025-04-30T22:28"), 16, "2025-05-02T01:00");
    CHECK(only(parse_aixm(translated)).key == "BDR 04/221"); // the text wins

    // The same domestic NOTAMs in the NMS GeoJSON content download.
    const auto geojson = parse_faa_notam_api(
        test::read_file(std::string(AEROWATCH_FIXTURES_DIR) + "/faa_api/nms_content.json"));
    std::vector<std::string> keys;
    for (const auto& h : geojson.hazards) {
        keys.push_back(h.key);
    }
    for (const char* name : {"estimated_end.xml", "permanent.xml"}) {
        INFO(name);
        const auto key = only(parse_aixm(fixture(name))).key;
        CHECK(std::count(keys.begin(), keys.end(), key) == 1);
    }
}

TEST_CASE("the NMS AIXM initial load, plain or gzip, read as either source kind", "[aixm]") {
    const std::string xml = fixture("nms_initial_load_soap.xml");
    const std::string gz = fixture("nms_initial_load_soap.xml.gz");
    for (const auto& [kind, payload] : std::vector<std::pair<std::string, std::string>>{
             {"aixm", gz}, {"faa_nms_api", xml}, {"faa_nms_api", gz}}) {
        INFO(kind << (payload == gz ? " gzip" : " plain"));
        const auto batch = parse_hazard_payload(kind, payload);
        REQUIRE(batch.has_value());
        const Hazard& h = only(*batch);
        CHECK(h.key == "BDR 04/221");
        CHECK(h.valid_to == utc(2025, 11, 2, 0, 1));
    }
    const auto corrupt = parse_hazard_payload("aixm", gz.substr(0, gz.size() / 2));
    REQUIRE(corrupt.has_value());
    CHECK(corrupt->hazards.empty());
    REQUIRE(corrupt->errors.size() == 1);
    CHECK(corrupt->errors.front().message.find("gzip") != std::string::npos);
}

TEST_CASE("indeterminate end is an estimated end", "[aixm]") {
    const auto batch = parse_aixm(fixture("estimated_end.xml"));
    const Hazard& h = only(batch);
    CHECK(h.key == "ADK 03/004");
    CHECK(h.valid_from == utc(2017, 3, 17, 9, 44));
    CHECK(h.valid_to == utc(2017, 4, 21, 23, 59));
    CHECK(h.valid_to_estimated);
    CHECK_FALSE(h.permanent);
}

TEST_CASE("no end is permanent; an Event directly in the message", "[aixm]") {
    const auto batch = parse_aixm(fixture("permanent.xml"));
    const Hazard& h = only(batch);
    CHECK(h.key == "ADK 03/001");
    CHECK(h.permanent);
    CHECK_FALSE(h.valid_to);
    CHECK(h.valid_from == utc(2015, 3, 3, 5, 45));
}

TEST_CASE("NOTAMC cancels the key its target has; XHTML flattened", "[aixm]") {
    const auto batch = parse_aixm(fixture("cancel.xml"));
    const Hazard& h = only(batch);
    CHECK(h.key == "AZO A6418/26");
    CHECK(h.action == HazardAction::cancel);
    CHECK(h.ref_key == "AZO A6417/26");
    const auto notams = aixm_notams(fixture("cancel.xml"));
    REQUIRE(notams.size() == 1);
    CHECK(notams.front().value().raw.starts_with(
        "A6418/26 NOTAMC A6417/26\nQ) KZAU/QMRXX////000/999/4214N08533W005\nA) KAZO"));
}

TEST_CASE("polygon from another member of the message, lat-lon swapped", "[aixm]") {
    const auto batch = parse_aixm(fixture("tfr_polygon.xml"));
    const Hazard& h = only(batch);
    CHECK(h.key == "FDC 4/2246");
    REQUIRE(h.geometry.type == Geometry::Type::polygon);
    REQUIRE(h.geometry.rings.size() == 1);
    const auto& ring = h.geometry.rings.front();
    REQUIRE(ring.size() == 4);
    CHECK(ring[0] == GeoPoint{31.5, -100.6});
    CHECK(ring[2] == GeoPoint{31.4, -100.3});
    CHECK(ring.front() == ring.back());
    CHECK(h.upper_text == "5000FT");
    CHECK(h.lower_text == "SFC");
    CHECK(h.schedule == "DLY 1619-2300");
}

TEST_CASE("an FDC cancellation names its target as the FAA numbers it", "[aixm]") {
    std::string xml = fixture("tfr_polygon.xml");
    const auto type = xml.find("<event:type>N</event:type>");
    REQUIRE(type != std::string::npos);
    xml.replace(type, 26,
                "<event:type>C</event:type><event:referredNumber>233</event:referredNumber>"
                "<event:referredYear>2024</event:referredYear>");
    const auto batch = parse_aixm(xml);
    const Hazard& h = only(batch);
    CHECK(h.action == HazardAction::cancel);
    CHECK(h.ref_key == "FDC 4/0233");
}

TEST_CASE("circle from an Airspace member: gml:CircleByCenterPoint, radius in NM", "[aixm]") {
    const std::string xml = fixture("uas_circle.xml");
    const auto batch = parse_aixm(xml);
    const Hazard& h = only(batch);
    CHECK(h.key == "BDR 04/221");
    REQUIRE(h.geometry.type == Geometry::Type::circle);
    CHECK(h.geometry.center.lat == Approx(43.03472222)); // 430205N, "lat lon" as gml:pos is
    CHECK(h.geometry.center.lon == Approx(-75.65083333));
    CHECK(h.geometry.radius_nm == Approx(1.5));
    CHECK(h.geometry.rings.empty());

    // The hazard read after replacing the radius element (a copy: the batch is temporary).
    const auto with_radius = [&](const std::string& radius) {
        std::string changed = xml;
        const std::string from = R"(<gml:radius uom="[nmi_i]">1.5</gml:radius>)";
        const auto at = changed.find(from);
        REQUIRE(at != std::string::npos);
        changed.replace(at, from.size(), radius);
        return Hazard(only(parse_aixm(changed)));
    };
    SECTION("units: NM, KM, metres; unknown units and bad values give no circle") {
        CHECK(with_radius(R"(<gml:radius uom="NM">25</gml:radius>)").geometry.radius_nm ==
              Approx(25));
        CHECK(with_radius(R"(<gml:radius uom="KM"> 18.52 </gml:radius>)").geometry.radius_nm ==
              Approx(10));
        CHECK(with_radius(R"(<gml:radius uom="m">926</gml:radius>)").geometry.radius_nm ==
              Approx(0.5));
        for (const char* bad :
             {R"(<gml:radius uom="furlong">3</gml:radius>)", R"(<gml:radius>3</gml:radius>)",
              R"(<gml:radius uom="NM">-3</gml:radius>)",
              R"(<gml:radius uom="NM">3 NM</gml:radius>)",
              R"(<gml:radius uom="NM">nan</gml:radius>)", ""}) {
            INFO(bad);
            CHECK(with_radius(bad).geometry.type == Geometry::Type::none);
        }
    }
    SECTION("the centre in gml:pointProperty/gml:Point") {
        std::string changed = xml;
        const std::string from = "<gml:pos>43.03472222 -75.65083333</gml:pos>";
        changed.replace(changed.find(from), from.size(),
                        "<gml:pointProperty><gml:Point gml:id=\"P1\"><gml:pos>10.5 20.25</gml:pos>"
                        "</gml:Point></gml:pointProperty>");
        const auto moved_batch = parse_aixm(changed);
        const Hazard& moved = only(moved_batch);
        REQUIRE(moved.geometry.type == Geometry::Type::circle);
        CHECK(moved.geometry.center == GeoPoint{10.5, 20.25});
    }
    SECTION("a drawn circle replaces the Q-line circle; a drawn polygon wins over both") {
        std::string changed = xml;
        const std::string text = "<event:text>";
        changed.insert(changed.find(text), "<event:coordinates>4214N08533W</event:coordinates>"
                                           "<event:radius>005</event:radius>");
        const auto q_batch = parse_aixm(changed);
        const Hazard& q = only(q_batch);
        REQUIRE(q.geometry.type == Geometry::Type::circle);
        CHECK(q.geometry.radius_nm == Approx(1.5));
        CHECK(q.geometry.center.lat == Approx(43.03472222));

        changed.insert(changed.find("<gml:patches>"),
                       "<gml:patches><gml:PolygonPatch><gml:exterior><gml:LinearRing><gml:posList>"
                       "31.5 -100.6 31.6 -100.4 31.4 -100.3</gml:posList></gml:LinearRing>"
                       "</gml:exterior></gml:PolygonPatch></gml:patches>");
        const auto p_batch = parse_aixm(changed);
        CHECK(only(p_batch).geometry.type == Geometry::Type::polygon);
    }
}

TEST_CASE("a truncated document is one error with its line", "[aixm]") {
    const auto batch = parse_aixm(fixture("truncated.xml"));
    CHECK(batch.hazards.empty());
    REQUIRE(batch.errors.size() == 1);
    CHECK(batch.errors.front().message.starts_with("malformed XML"));
    CHECK(batch.errors.front().line == 28);
}

TEST_CASE("AIXM fields: forms and defects", "[aixm]") {
    SECTION("zero-padded number, 12-digit times when validTime is absent, PERM") {
        const auto batch = parse_aixm(
            message("<event:series>B</event:series><event:number>035</event:number>"
                    "<event:year>2026</event:year><event:type>R</event:type>"
                    "<event:referredSeries>B</event:referredSeries><event:referredNumber>30</"
                    "event:referredNumber>"
                    "<event:referredYear>2026</event:referredYear><event:affectedFIR>SVZM</"
                    "event:affectedFIR>"
                    "<event:effectiveStart>202601031200</event:effectiveStart>"
                    "<event:effectiveEnd>PERM</event:effectiveEnd><event:text>X</event:text>"));
        const Hazard& h = only(batch);
        CHECK(h.key == "SVZM B0035/26");
        CHECK(h.action == HazardAction::replace);
        CHECK(h.ref_key == "SVZM B0030/26");
        CHECK(h.valid_from == utc(2026, 1, 3, 12, 0));
        CHECK(h.permanent);
    }
    SECTION("a NOTAM without number and year is an error with its line") {
        const auto batch = parse_aixm(message("<event:text>NO NUMBER</event:text>"));
        CHECK(batch.hazards.empty());
        REQUIRE(batch.errors.size() == 1);
        CHECK(batch.errors.front().line == 4);
    }
    SECTION("a bare Event with its own declarations") {
        const auto batch = parse_aixm(
            R"(<ev:Event xmlns:ev="http://www.aixm.aero/schema/5.1/event"><ev:timeSlice><ev:EventTimeSlice>)"
            "<ev:textNOTAM><ev:NOTAM><ev:series>A</ev:series><ev:number>12</ev:number>"
            "<ev:year>25</ev:year><ev:location>SVMI</ev:location><ev:text>T</ev:text>"
            "</ev:NOTAM></ev:textNOTAM></ev:EventTimeSlice></ev:timeSlice></ev:Event>");
        CHECK(only(batch).key == "SVMI A0012/25");
    }
    SECTION("a checklist is skipped") {
        const auto batch = parse_aixm(message(
            "<event:series>A</event:series><event:number>1</event:number><event:year>2026</"
            "event:year>"
            "<event:selectionCode>QKKKK</event:selectionCode><event:text>CHECKLIST</event:text>"));
        CHECK(batch.hazards.empty());
        CHECK(batch.errors.empty());
    }
    SECTION("SOAP fault") {
        const auto batch = parse_aixm(
            R"(<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>)"
            "<faultcode>s:Server</faultcode><faultstring>Token expired</faultstring>"
            "</s:Fault></s:Body></s:Envelope>");
        REQUIRE(batch.errors.size() == 1);
        CHECK(batch.errors.front().message.find("Token expired") != std::string::npos);
    }
    SECTION("entities are not expanded from a DTD") {
        const auto batch =
            parse_aixm(R"(<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>)" +
                       message("<event:series>A</event:series><event:number>1</event:number>"
                               "<event:year>2026</event:year><event:text>&x;</event:text>"));
        CHECK(only(batch).text.find("root") == std::string::npos);
    }
    SECTION("garbage never crashes") {
        CHECK(parse_aixm("").errors.size() == 1);
        CHECK(parse_aixm("not xml at all <").errors.size() == 1);
        CHECK(parse_aixm("<a/>").hazards.empty());
        std::string deep;
        for (int i = 0; i < 100000; ++i) {
            deep += "<a>";
        }
        CHECK(parse_aixm(deep).errors.size() == 1);
        for (int i = 0; i < 100000; ++i) {
            deep += "</a>";
        }
        CHECK(parse_aixm(deep).hazards.empty());
        CHECK(parse_aixm(message("<event:number>\xff\xfe</event:number><event:year>x</event:year>"))
                  .errors.size() == 1);
    }
}
