// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/time.hpp"
#include "sources/feeds/awc_sigmet.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace aerowatch;

namespace {

std::string fixture(const char* name) {
    return test::read_file(std::string(AEROWATCH_FIXTURES_DIR) + "/awc/" + name);
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

TEST_CASE("the real AWC isigmet record reads in full", "[sigmet]") {
    const auto batch = parse_awc_isigmet(fixture("isigmet.json"));
    REQUIRE(batch.errors.empty());
    REQUIRE(batch.hazards.size() == 6);
    CHECK_FALSE(batch.complete_listing);

    const auto* h = find(batch, "FAJA/D01/1781978400");
    REQUIRE(h != nullptr);
    CHECK(h->id == "FAJA SIGMET D01");
    CHECK(h->issuer == "FAOR");
    CHECK(h->kind == HazardKind::sigmet);
    CHECK(h->action == HazardAction::create);
    CHECK(h->status == HazardStatus::active);
    CHECK(h->firs == std::vector<std::string>{"FAJA"});
    CHECK(h->valid_from == at("2026-06-20T18:00:00Z"));
    CHECK(h->valid_to == at("2026-06-20T22:00:00Z"));
    CHECK(h->issued == at("2026-06-20T10:13:30Z"));
    CHECK(h->lower_ft == 0);
    CHECK(h->lower_text == "SFC");
    CHECK(h->upper_ft == 6500);
    CHECK(h->upper_text == "FL065");
    CHECK(h->severity == Severity::warning);
    CHECK(h->categories.has(HazardCategory::weather));
    CHECK_FALSE(h->categories.has(HazardCategory::volcanic_ash));
    CHECK(h->title == "FAJA JOHANNESBURG SIGMET D01: SEV TURB");
    CHECK(h->text.starts_with("WSZA21 FAOR 201746\nFAJA SIGMET D01"));
    CHECK(h->raw.starts_with("{"));
    CHECK(h->raw.ends_with("}"));
    CHECK(h->raw.find("\"seriesId\": \"D01\"") != std::string::npos);

    // The ring comes open; it is closed, and nothing else is added.
    REQUIRE(h->geometry.type == Geometry::Type::polygon);
    REQUIRE(h->geometry.rings.size() == 1);
    const auto& ring = h->geometry.rings[0];
    REQUIRE(ring.size() == 5);
    CHECK(ring.front() == GeoPoint{-31.083, 28.75});
    CHECK(ring.back() == ring.front());
    CHECK(ring[2] == GeoPoint{-32.35, 30.85});
}

TEST_CASE("AREAS: a list of rings, bogus null-point rings dropped", "[sigmet]") {
    const auto batch = parse_awc_isigmet(fixture("isigmet.json"));
    const auto* h = find(batch, "SVZM/A03/1763823600");
    REQUIRE(h != nullptr);
    CHECK(h->issuer == "SVMI");
    CHECK(h->firs == std::vector<std::string>{"SVZM"});
    REQUIRE(h->geometry.type == Geometry::Type::polygon);
    REQUIRE(h->geometry.rings.size() == 2);
    CHECK(h->geometry.rings[0].size() == 5);
    CHECK(h->geometry.rings[1].size() == 4);
    CHECK(h->geometry.rings[1].front() == GeoPoint{7.2, -70.1});
    CHECK(h->geometry.rings[1].back() == GeoPoint{7.2, -70.1});
    // base null: no lower limit; top null but the text says TOP FL420.
    CHECK_FALSE(h->lower_ft.has_value());
    CHECK(h->lower_text.empty());
    CHECK(h->upper_ft == 42000);
    CHECK(h->upper_text == "FL420");
}

TEST_CASE("LINE geometry, spd as a string, limits in feet", "[sigmet]") {
    const auto batch = parse_awc_isigmet(fixture("isigmet.json"));
    const auto* h = find(batch, "LPPC/B02/1781946000");
    REQUIRE(h != nullptr);
    REQUIRE(h->geometry.type == Geometry::Type::line);
    REQUIRE(h->geometry.rings.size() == 1);
    CHECK(h->geometry.rings[0] == std::vector<GeoPoint>{{42.0, -12.0}, {38.0, -8.0}});
    CHECK(h->lower_ft == 25000);
    CHECK(h->lower_text == "FL250");
    CHECK(h->upper_ft == 38000);
}

TEST_CASE("volcanic ash across the antimeridian", "[sigmet]") {
    const auto batch = parse_awc_isigmet(fixture("isigmet.json"));
    const auto* h = find(batch, "PAZA/I05/1781956800");
    REQUIRE(h != nullptr);
    CHECK(h->categories.has(HazardCategory::weather));
    CHECK(h->categories.has(HazardCategory::volcanic_ash));
    CHECK(h->severity == Severity::warning);
    CHECK(h->title == "PAZA ANCHORAGE OCEANIC SIGMET I05: VA");
    REQUIRE(h->geometry.rings.size() == 1);
    const auto& ring = h->geometry.rings[0];
    REQUIRE(ring.size() == 5);
    for (const auto& p : ring) {
        CHECK(p.lon >= -180.0);
        CHECK(p.lon <= 180.0);
    }
    CHECK(ring[0].lon == Approx(175.5));
    CHECK(ring[1].lon == Approx(-177.5));
    CHECK(ring[2].lon == Approx(-176.0));
}

TEST_CASE("tropical cyclone, unknown tops and unusable rings", "[sigmet]") {
    const auto batch = parse_awc_isigmet(fixture("isigmet.json"));
    const auto* tc = find(batch, "RJJJ/W02/1781946000");
    REQUIRE(tc != nullptr);
    CHECK(tc->severity == Severity::warning);
    CHECK(tc->categories.has(HazardCategory::weather));
    CHECK(tc->upper_ft == 45000); // "TOP ABV FL450"

    // Two usable points of three: no polygon, but the hazard stays; no top anywhere.
    const auto* ds = find(batch, "OIIX/3/1781949600");
    REQUIRE(ds != nullptr);
    CHECK(ds->geometry.type == Geometry::Type::none);
    CHECK(ds->geometry.rings.empty());
    CHECK_FALSE(ds->upper_ft.has_value());
    CHECK(ds->upper_text == "UNK");
    CHECK(ds->lower_text == "SFC");
}

TEST_CASE("an empty 204 body is an empty batch, not an error", "[sigmet]") {
    for (const char* body : {"", " \n", "[]"}) {
        const auto batch = parse_awc_isigmet(body);
        CHECK(batch.hazards.empty());
        CHECK(batch.errors.empty());
    }
}

TEST_CASE("bad records cost only themselves", "[sigmet]") {
    const std::string payload = R"([
 {"firId": "SKED", "seriesId": "1", "validTimeFrom": 1763823600, "hazard": "TS",
  "spd": 25, "coords": null, "rawSigmet": "SKED SIGMET 1"},
 42,
 {"seriesId": "2", "validTimeFrom": 1763823600},
 {"firId": "TTZP", "validTimeFrom": "soon"},
 {"firId": "TNCF", "seriesId": "A1", "validTimeFrom": 1763823600, "top": "FL300x",
  "coords": [{"lat": "12.1", "lon": "-68.9"}, {"lat": 95, "lon": 0}, "x", [1, 2]],
  "hazard": "ICE", "rawSigmet": "TNCF SIGMET A1 )"
                                "\xff\xfe"
                                R"( SEV ICE"}
])";
    const auto batch = parse_awc_isigmet(payload);
    REQUIRE(batch.hazards.size() == 2);
    CHECK(batch.hazards[0].key == "SKED/1/1763823600");
    CHECK(batch.hazards[0].geometry.type == Geometry::Type::none);
    CHECK(batch.hazards[1].key == "TNCF/A1/1763823600");
    CHECK(batch.hazards[1].text == "TNCF SIGMET A1 \xEF\xBF\xBD\xEF\xBF\xBD SEV ICE");
    CHECK_FALSE(batch.hazards[1].upper_ft.has_value());
    REQUIRE(batch.errors.size() == 3);
    CHECK(batch.errors[0].line == 4);
    CHECK(batch.errors[1].line == 5);
    CHECK(batch.errors[2].line == 6);
}

TEST_CASE("malformed and hostile JSON never crashes", "[sigmet]") {
    CHECK_FALSE(parse_awc_isigmet("{\"a\": 1}").errors.empty());
    CHECK_FALSE(parse_awc_isigmet("[{\"firId\": \"X\"").errors.empty());
    CHECK_FALSE(parse_awc_isigmet("not json").errors.empty());
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    CHECK(parse_awc_isigmet(deep).hazards.empty());
    const std::string deep_record =
        "[{\"firId\":\"X\",\"validTimeFrom\":1,\"coords\":" + std::string(100000, '[') +
        std::string(100000, ']') + "}]";
    CHECK(parse_awc_isigmet(deep_record).hazards.size() <= 1);
}

TEST_CASE("a null top is read from the SIGMET text", "[sigmet]") {
    CHECK(sigmet_top_from_text("... TOP FL420 MOV W NC=") == 42000);
    CHECK(sigmet_top_from_text("... TOP ABV FL350=") == 35000);
    CHECK(sigmet_top_from_text("... TOP BLW FL200=") == 20000);
    CHECK(sigmet_top_from_text("... SFC/FL065=") == 6500);
    CHECK(sigmet_top_from_text("... FL250/380 MOV E") == 38000);
    CHECK(sigmet_top_from_text("... FL250/FL380 MOV E") == 38000);
    CHECK_FALSE(sigmet_top_from_text("VALID 201800/202200 FAOR-").has_value());
    CHECK_FALSE(sigmet_top_from_text("STOP FL1").has_value());
    CHECK_FALSE(sigmet_top_from_text("").has_value());
}
