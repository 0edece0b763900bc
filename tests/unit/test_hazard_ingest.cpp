// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/time.hpp"
#include "ingest/hazard_ingest.hpp"
#include "refdata/refdata.hpp"
#include "store/sqlite_store.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

using namespace aerowatch;
using aerowatch::test::TempDir;

namespace {

std::shared_ptr<const RefData> shipped() {
    static const auto data = RefData::load(default_data_directory());
    return data;
}

std::string fixture(const std::string& name) {
    return test::read_file(std::string(AEROWATCH_FIXTURES_DIR) + "/" + name);
}

const UtcTime now = *parse_iso8601("2026-01-10T00:00:00Z");

bool has(const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

struct Rig {
    TempDir dir;
    std::unique_ptr<SqliteStore> db = SqliteStore::open(dir / "h.db");
    HazardIngest ingest;
    explicit Rig(std::shared_ptr<const RefData> refdata)
        : ingest(db->hazards(), Classifier(), std::move(refdata)) {}
    Hazard stored(const std::string& key) {
        auto found = db->hazards().find(key);
        REQUIRE(found);
        return found->hazard;
    }
};

} // namespace

TEST_CASE("a bulletin naming only countries is placed in their FIRs", "[ingest][easa]") {
    Rig rig(shipped());
    const auto report =
        rig.ingest.ingest("easa", "easa_czib_json", fixture("easa/czib_export.json"), now);
    REQUIRE(report.errors.empty());

    // "Venezuela and neighbouring airspace": no country field, no FIR code, no geometry.
    const auto venezuela = rig.stored("EASA CZIB 142977");
    CHECK(venezuela.countries == std::vector<std::string>{"Venezuela"});
    CHECK(venezuela.firs == std::vector<std::string>{"SVZM"});
    // A list of countries gives the FIRs of each.
    const auto ukraine = rig.stored("EASA CZIB 136057");
    CHECK(has(ukraine.firs, "UKBV"));
    CHECK(has(ukraine.firs, "UKOV"));
    CHECK(std::all_of(ukraine.firs.begin(), ukraine.firs.end(),
                      [](const std::string& fir) { return fir.starts_with("UK"); }));
    // "Democratic People's Republic of Korea": the airport data says "North Korea".
    const auto north_korea = rig.stored("EASA CZIB 22434");
    CHECK_FALSE(north_korea.firs.empty());
    CHECK(north_korea.firs == shipped()->firs_of_country("North Korea"));
    // And `hazards --fir SVZM` finds it.
    HazardQuery by_fir;
    by_fir.fir = "SVZM";
    const auto listed = rig.db->hazards().query(by_fir);
    CHECK(std::any_of(listed.begin(), listed.end(),
                      [](const StoredHazard& s) { return s.hazard.key == "EASA CZIB 142977"; }));
}

TEST_CASE("bulletins that say where, and travel advisories, are not placed by country",
          "[ingest][easa]") {
    Rig rig(shipped());
    const std::string payload = R"({"conflict_zones": [
 {"Nid": "140001", "name": "Airspace of Iraq", "status": "Active", "country": "Iraq",
  "field_easa_valid_until_descr": "<p>FIR Baghdad (ORBB) at all levels.</p>"}
]})";
    rig.ingest.ingest("easa", "easa_czib_json", payload, now);
    CHECK(rig.stored("EASA CZIB 140001").firs == std::vector<std::string>{"ORBB"});

    rig.ingest.ingest("statedept", "state_dept_rss", fixture("statedept/TAsTWs.xml"), now);
    HazardQuery all;
    std::size_t advisories = 0;
    for (const auto& s : rig.db->hazards().query(all)) {
        if (s.hazard.kind == HazardKind::travel_advisory) {
            INFO(s.hazard.key);
            CHECK_FALSE(s.hazard.countries.empty()); // a country it could have been placed by
            CHECK(s.hazard.firs.empty());
            ++advisories;
        }
    }
    CHECK(advisories >= 2);
}

TEST_CASE("a country on the FAA restrictions page that names no FIR is placed in its FIRs",
          "[ingest][faa_restrictions]") {
    Rig rig(shipped());
    const auto report = rig.ingest.ingest(
        "faa-restrictions", "faa_us_restrictions",
        "<h2>Venezuela</h2><ul><li><a href=\"/v.pdf\">KICZ NOTAM A0012/25 Security - United "
        "States of America Advisory</a></li></ul>",
        now);
    REQUIRE(report.errors.empty());
    const auto venezuela = rig.stored("FAA restrictions Venezuela");
    CHECK(venezuela.kind == HazardKind::country_restrictions);
    CHECK(venezuela.firs == std::vector<std::string>{"SVZM"});
}

TEST_CASE("without reference data a bulletin keeps what it says", "[ingest][easa]") {
    Rig rig(nullptr);
    rig.ingest.ingest("easa", "easa_czib_json", fixture("easa/czib_export.json"), now);
    CHECK(rig.stored("EASA CZIB 142977").firs.empty());
}
