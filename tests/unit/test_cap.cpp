// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/time.hpp"
#include "sources/feeds/cap.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace aerowatch;

namespace {

std::string fixture(const char* name) {
    return test::read_file(std::string(AEROWATCH_FIXTURES_DIR) + "/cap/" + name);
}

UtcTime at(const char* iso) {
    return *parse_iso8601(iso);
}

} // namespace

TEST_CASE("CAP: the English info block of two, two areas", "[cap]") {
    const auto batch = parse_cap(fixture("alert_two_info.xml"));
    REQUIRE(batch.errors.empty());
    REQUIRE(batch.hazards.size() == 1);
    const auto& h = batch.hazards[0];
    CHECK(h.key == "alerts@met.example.ve/VE-MET-2025-11-22-0001");
    CHECK(h.id == "VE-MET-2025-11-22-0001");
    CHECK(h.kind == HazardKind::cap);
    CHECK(h.action == HazardAction::create);
    CHECK(h.ref_key.empty());
    CHECK(h.title == "Severe thunderstorm warning");
    CHECK(h.issuer == "Meteorological Service (example)");
    CHECK(h.link == "https://met.example.ve/en/warnings/0001");
    CHECK(h.text == "Thunderstorms with strong gusts and hail.\n\n"
                    "Avoid flying through convective cells.\n\n"
                    "Area: Capital District and La Guaira; Margarita Island");
    CHECK(h.severity == Severity::warning);
    CHECK(h.categories.has(HazardCategory::weather));
    CHECK(h.issued == at("2025-11-22T16:00:00Z"));
    CHECK(h.valid_from == at("2025-11-22T16:00:00Z")); // effective before onset
    CHECK(h.valid_to == at("2025-11-23T04:00:00Z"));

    // Polygon (lat,lon order) and circle both kept: the circle becomes a ring.
    REQUIRE(h.geometry.type == Geometry::Type::polygon);
    REQUIRE(h.geometry.rings.size() == 2);
    const auto& box = h.geometry.rings[0];
    REQUIRE(box.size() == 5);
    CHECK(box[0] == GeoPoint{10.75, -67.20});
    CHECK(box[1] == GeoPoint{10.75, -66.70});
    const auto& circle = h.geometry.rings[1];
    REQUIRE(circle.size() == 33);
    CHECK(circle.front() == circle.back());
    // 25 km north of the centre is 0.2248 degrees of latitude.
    CHECK(circle[0].lat == Approx(10.99 + 25.0 / 111.195).epsilon(1e-3));
    CHECK(circle[0].lon == Approx(-63.95));
}

TEST_CASE("CAP: an Update replaces the last referenced alert", "[cap]") {
    const auto batch = parse_cap(fixture("alert_update.xml"));
    REQUIRE(batch.errors.empty());
    REQUIRE(batch.hazards.size() == 1);
    const auto& h = batch.hazards[0];
    CHECK(h.key == "alerts@met.example.ve/VE-MET-2025-11-22-0002");
    CHECK(h.action == HazardAction::replace);
    CHECK(h.ref_key == "alerts@met.example.ve/VE-MET-2025-11-22-0001");
    // No language: en-US by definition. No headline: the event. No effective: onset.
    CHECK(h.title == "Severe thunderstorms");
    CHECK(h.issuer == "alerts@met.example.ve");
    CHECK(h.valid_from == at("2025-11-22T22:00:00Z"));
    CHECK(h.severity == Severity::warning);
    CHECK(h.categories.has(HazardCategory::weather));
    CHECK(h.categories.has(HazardCategory::other)); // Safety
    // A lone circle stays a circle; km to NM.
    REQUIRE(h.geometry.type == Geometry::Type::circle);
    CHECK(h.geometry.center == GeoPoint{10.99, -63.95});
    CHECK(h.geometry.radius_nm == Approx(25.0));
    CHECK(h.lower_ft == 0);
    CHECK(h.upper_ft == 45000);
    CHECK(h.upper_text == "45000FT AMSL");
}

TEST_CASE("CAP: a Cancel cancels, Test alerts are not hazards", "[cap]") {
    const auto cancel = parse_cap(fixture("alert_cancel.xml"));
    REQUIRE(cancel.errors.empty());
    REQUIRE(cancel.hazards.size() == 1);
    CHECK(cancel.hazards[0].action == HazardAction::cancel);
    CHECK(cancel.hazards[0].ref_key == "alerts@met.example.ve/VE-MET-2025-11-22-0002");
    CHECK(cancel.hazards[0].issued == at("2025-11-23T06:00:00Z"));

    const auto test = parse_cap(fixture("alert_test.xml"));
    CHECK(test.hazards.empty());
    CHECK(test.errors.empty());

    for (const char* status : {"Exercise", "Draft", "System"}) {
        const auto doc = std::string("<alert xmlns='urn:oasis:names:tc:emergency:cap:1.2'>"
                                     "<identifier>1</identifier><status>") +
                         status + "</status><msgType>Alert</msgType></alert>";
        const auto b = parse_cap(doc);
        CHECK(b.hazards.empty());
        CHECK(b.errors.empty());
    }
}

TEST_CASE("CAP inside an Atom feed, nested or as cap: fields", "[cap]") {
    const auto batch = parse_cap(fixture("atom_cap_feed.xml"));
    REQUIRE(batch.errors.empty());
    REQUIRE(batch.hazards.size() == 2); // the exercise and the plain entry are not hazards

    const auto& wind = batch.hazards[0];
    CHECK(wind.key == "MET Norway/2.49.0.0.578.0.NO.260102100000");
    CHECK(wind.title == "Yellow Wind Warning issued for Norway - Vestlandet sør for Stad");
    CHECK(wind.severity == Severity::caution);
    CHECK(wind.valid_from == at("2026-01-02T10:00:00Z"));
    CHECK(wind.valid_to == at("2026-01-03T06:00:00Z"));
    CHECK(wind.link == "https://feeds.example.org/warnings/2.49.0.0.578.0.NO.260102100000");
    CHECK(wind.text == "Area: Vestlandet sør for Stad");

    const auto& ash = batch.hazards[1];
    CHECK(ash.key == "vaac@example.org/EC-VA-2026-0002");
    CHECK(ash.title == "Volcanic ash cloud from Sangay");
    CHECK(ash.categories.has(HazardCategory::other));        // Geo
    CHECK(ash.categories.has(HazardCategory::volcanic_ash)); // the classifier, from the text
    REQUIRE(ash.geometry.type == Geometry::Type::polygon);
    REQUIRE(ash.geometry.rings[0].size() == 5); // closed by the parser
    CHECK(ash.geometry.rings[0].back() == GeoPoint{-1.8, -78.6});
    CHECK(ash.raw.find("EC-VA-2026-0002") != std::string::npos);
}

TEST_CASE("CAP: severities, categories, references", "[cap]") {
    const auto alert = [](const std::string& body) {
        return "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.1\"><identifier>X</identifier>"
               "<sender>s</sender><status>Actual</status>" +
               body + "</alert>";
    };
    const auto one = [&](const std::string& body) {
        auto b = parse_cap(alert(body));
        REQUIRE(b.hazards.size() == 1);
        return b.hazards[0];
    };
    CHECK(one("<info><severity>Minor</severity></info>").severity == Severity::info);
    CHECK(one("<info><severity>Unknown</severity></info>").severity == Severity::info);
    CHECK(one("<info><severity>Moderate</severity></info>").severity == Severity::caution);
    CHECK(one("<info><severity>Extreme</severity></info>").severity == Severity::warning);
    CHECK(one("<info><category>Security</category></info>")
              .categories.has(HazardCategory::security_conflict));
    // An Update without references has nothing to replace.
    CHECK(one("<msgType>Update</msgType>").action == HazardAction::create);
    CHECK(
        one("<msgType>Update</msgType><references>s,Y,2026-01-01T00:00:00Z</references>").ref_key ==
        "s/Y");
    // French first, no English: the first block.
    CHECK(one("<info><language>fr-CA</language><headline>Alerte</headline></info>"
              "<info><language>de</language><headline>Warnung</headline></info>")
              .title == "Alerte");
    // Bad coordinates are dropped, not fatal.
    const auto h = one("<info><area><polygon>91,0 1,1 2,2 x,y</polygon>"
                       "<circle>1,2 -5</circle><circle>1,2</circle></area></info>");
    CHECK(h.geometry.type == Geometry::Type::none);

    const auto errors = parse_cap(
        "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">\n<msgType>Alert</msgType></alert>");
    REQUIRE(errors.errors.size() == 1); // no identifier
    CHECK(errors.errors[0].line == 1);
    const auto cancel = parse_cap("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">"
                                  "<identifier>C</identifier><msgType>Cancel</msgType></alert>");
    CHECK(cancel.hazards.empty());
    CHECK(cancel.errors.size() == 1);
    for (const auto& a : {"Ack", "Error"}) {
        auto b = parse_cap(alert(std::string("<msgType>") + a + "</msgType>"));
        CHECK(b.hazards.empty());
        CHECK(b.errors.empty());
    }
}

TEST_CASE("CAP: wrong namespace, broken and hostile documents", "[cap]") {
    CHECK_FALSE(parse_cap("<alert><identifier>X</identifier></alert>").errors.empty());
    CHECK_FALSE(parse_cap("<alert xmlns='urn:oasis:names:tc:emergency:cap:1.2'>").errors.empty());
    CHECK_FALSE(parse_cap("").errors.empty());
    const auto invalid = parse_cap("<alert xmlns='urn:oasis:names:tc:emergency:cap:1.2'>"
                                   "<identifier>\xC3\x28</identifier><status>Actual</status>"
                                   "<info><headline>Bad \xFF title</headline></info></alert>");
    REQUIRE(invalid.hazards.size() == 1);
    CHECK(invalid.hazards[0].title == "Bad \xEF\xBF\xBD title");
    CHECK(invalid.hazards[0].key == "/\xEF\xBF\xBD(");

    const std::string xxe = R"(<?xml version="1.0"?>
<!DOCTYPE alert [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY a "&xxe;&xxe;">]>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&a;</identifier>
<info><description>&xxe;</description></info></alert>)";
    const auto b = parse_cap(xxe);
    REQUIRE(b.hazards.size() == 1);
    CHECK(b.hazards[0].text == "&xxe;");

    std::string deep = "<x>";
    for (int i = 0; i < 1000000; ++i) {
        deep += "<y>";
    }
    deep +=
        "<alert xmlns='urn:oasis:names:tc:emergency:cap:1.2'><identifier>D</identifier></alert>";
    for (int i = 0; i < 1000000; ++i) {
        deep += "</y>";
    }
    deep += "</x>";
    const auto d = parse_cap(deep); // too deep to be looked for, and no crash
    CHECK(d.hazards.empty());
    CHECK(d.errors.size() == 1);
}

TEST_CASE("circle rings on a sphere", "[cap]") {
    const auto ring = circle_ring({0, 179.9}, 60, 4);
    REQUIRE(ring.size() == 5);
    CHECK(ring[0].lat == Approx(1.0).epsilon(1e-3));
    CHECK(ring[1].lon == Approx(-179.1).epsilon(1e-3)); // east across the antimeridian
    CHECK(ring[2].lat == Approx(-1.0).epsilon(1e-3));
    CHECK(ring[3].lon == Approx(178.9).epsilon(1e-3));
}
