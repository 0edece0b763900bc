// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/notam/notam_parsers.hpp"
#include "store/sqlite_store.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

using namespace aerowatch;
using aerowatch::test::TempDir;
using std::chrono::hours;
using Change = HazardChange::Type;

namespace {

const UtcTime t0{std::chrono::seconds{1763747000}}; // 2025-11-21T17:43:20Z

Hazard notam(const std::string& id, HazardAction action = HazardAction::create,
             const std::string& ref = "") {
    Hazard h;
    h.key = "KICZ " + id;
    h.id = id;
    h.issuer = "KICZ";
    h.action = action;
    h.ref_key = ref.empty() ? "" : "KICZ " + ref;
    h.severity = Severity::caution;
    h.categories.add(HazardCategory::security_conflict);
    h.firs = {"SVZM"};
    h.valid_from = t0;
    h.valid_to = t0 + hours{24 * 90};
    h.text = "SECURITY..ADVISORY " + id;
    h.raw = "raw " + id;
    return h;
}

HazardQuery filter(bool active_only, std::string fir = "", std::string airport = "") {
    HazardQuery q;
    q.active_only = active_only;
    q.fir = std::move(fir);
    q.airport = std::move(airport);
    return q;
}

HazardBatch batch(std::vector<Hazard> hazards, bool complete = false) {
    HazardBatch b;
    b.hazards = std::move(hazards);
    b.complete_listing = complete;
    return b;
}

struct Rig {
    TempDir dir;
    std::unique_ptr<SqliteStore> db = SqliteStore::open(dir / "h.db");
    HazardStore& store = db->hazards();

    std::vector<HazardChange> ingest(std::vector<Hazard> hazards, UtcTime at = t0,
                                     bool complete = false, const std::string& source = "faa") {
        return store.ingest(source, batch(std::move(hazards), complete), at);
    }
    HazardStatus status(const std::string& key) { return store.find(key)->hazard.status; }
};

} // namespace

TEST_CASE("a new hazard is added once; re-polling the same content changes nothing",
          "[hazard_store]") {
    Rig rig;
    auto changes = rig.ingest({notam("A0012/25")});
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].type == Change::added);
    auto stored = rig.store.find("KICZ A0012/25");
    REQUIRE(stored);
    CHECK(stored->hazard.status == HazardStatus::active);
    CHECK(stored->hazard.firs == std::vector<std::string>{"SVZM"});
    CHECK(stored->hazard.categories.has(HazardCategory::security_conflict));
    CHECK(stored->version == 1);

    changes = rig.ingest({notam("A0012/25")}, t0 + hours{1});
    CHECK(changes[0].type == Change::unchanged);
    stored = rig.store.find("KICZ A0012/25");
    CHECK(stored->version == 1);
    CHECK(stored->last_seen == t0 + hours{1});
    CHECK(stored->last_changed == t0);
    CHECK(rig.store.history("KICZ A0012/25").size() == 1);
}

TEST_CASE("a changed item keeps the history of its versions", "[hazard_store]") {
    Rig rig;
    rig.ingest({notam("A0012/25")});
    auto escalated = notam("A0012/25");
    escalated.severity = Severity::prohibition;
    escalated.text += " ALL FLIGHT OPERATIONS ARE PROHIBITED";
    auto changes = rig.ingest({escalated}, t0 + hours{2});
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].type == Change::changed);
    CHECK(changes[0].previous_severity == Severity::caution);
    CHECK(changes[0].severity == Severity::prohibition);
    const auto history = rig.store.history("KICZ A0012/25");
    REQUIRE(history.size() == 2);
    CHECK(nlohmann::json::parse(history[0])["severity"] == "caution");
    CHECK(nlohmann::json::parse(history[1])["severity"] == "prohibition");
    CHECK(rig.store.find("KICZ A0012/25")->version == 2);
}

TEST_CASE("NOTAMN, then NOTAMR, then NOTAMC", "[hazard_store]") {
    Rig rig;
    rig.ingest({notam("A0045/22")});
    auto changes = rig.ingest({notam("A0046/22", HazardAction::replace, "A0045/22")});
    REQUIRE(changes.size() == 2);
    CHECK(changes[0].type == Change::added);
    CHECK(changes[1].type == Change::replaced);
    CHECK(changes[1].key == "KICZ A0045/22");
    CHECK(rig.status("KICZ A0045/22") == HazardStatus::replaced);
    CHECK(rig.store.find("KICZ A0045/22")->replaced_by == "KICZ A0046/22");
    CHECK(rig.status("KICZ A0046/22") == HazardStatus::active);

    changes = rig.ingest({notam("A0047/22", HazardAction::cancel, "A0046/22")});
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].type == Change::cancelled);
    CHECK(rig.status("KICZ A0046/22") == HazardStatus::cancelled);
    CHECK_FALSE(rig.store.find("KICZ A0047/22")); // a NOTAMC is not a hazard of its own

    // The feed still lists the replaced and cancelled NOTAMs for a while: final states stay.
    rig.ingest({notam("A0045/22"), notam("A0046/22")}, t0 + hours{1});
    CHECK(rig.status("KICZ A0045/22") == HazardStatus::replaced);
    CHECK(rig.status("KICZ A0046/22") == HazardStatus::cancelled);
    CHECK(rig.store.query(filter(true)).empty());
}

TEST_CASE("a cancellation that arrives before its NOTAM applies when the NOTAM comes",
          "[hazard_store]") {
    Rig rig;
    auto changes = rig.ingest({notam("A0099/25", HazardAction::cancel, "A0098/25")});
    CHECK(changes[0].type == Change::cancelled);
    CHECK_FALSE(rig.store.find("KICZ A0098/25"));
    changes = rig.ingest({notam("A0098/25")}, t0 + hours{1});
    CHECK(changes[0].type == Change::cancelled);
    CHECK(rig.status("KICZ A0098/25") == HazardStatus::cancelled);

    // Same for a replacement seen first.
    rig.ingest({notam("A0101/25", HazardAction::replace, "A0100/25")});
    rig.ingest({notam("A0100/25")}, t0 + hours{1});
    CHECK(rig.status("KICZ A0100/25") == HazardStatus::replaced);
    CHECK(rig.status("KICZ A0101/25") == HazardStatus::active);
}

TEST_CASE("each part of a multi-part NOTAM is a record; an action on the whole reaches all",
          "[hazard_store]") {
    CHECK(whole_of_part_key("FDC 4/2246 PART 2") == std::string_view("FDC 4/2246"));
    CHECK_FALSE(whole_of_part_key("KICZ A0012/25"));
    CHECK_FALSE(whole_of_part_key("EASA PART NCC"));
    CHECK_FALSE(whole_of_part_key(" PART 1"));

    const auto parts = parse_notam_text_feed(test::read_file(
        std::string(AEROWATCH_FIXTURES_DIR) + "/notam/domestic_fdc_4_2246_two_parts.txt"));
    REQUIRE(parts.errors.empty());
    REQUIRE(parts.hazards.size() == 2);
    CHECK(parts.hazards[0].key == "FDC 4/2246 PART 1");
    CHECK(parts.hazards[0].id == "4/2246 PART 1 OF 2");
    CHECK(parts.hazards[1].key == "FDC 4/2246 PART 2");
    const auto whole = [](const std::string& number, HazardAction action) {
        Hazard h;
        h.key = "FDC " + number;
        h.id = number;
        h.action = action;
        h.ref_key = "FDC 4/2246";
        return h;
    };

    SECTION("both stored, unchanged on the next poll, both cancelled by one NOTAMC") {
        Rig rig;
        auto changes = rig.store.ingest("faa", parts, t0);
        REQUIRE(changes.size() == 2);
        CHECK(changes[0].type == Change::added);
        CHECK(changes[1].type == Change::added);
        // Part 1 prohibits; part 2 alone would not: neither overwrites the other.
        CHECK(rig.store.find("FDC 4/2246 PART 1")->hazard.severity == Severity::prohibition);
        CHECK(rig.store.find("FDC 4/2246 PART 1")->hazard.geometry.type == Geometry::Type::circle);
        CHECK(rig.store.find("FDC 4/2246 PART 2")->hazard.severity < Severity::prohibition);
        changes = rig.store.ingest("faa", parts, t0 + hours{1});
        REQUIRE(changes.size() == 2);
        CHECK(changes[0].type == Change::unchanged);
        CHECK(changes[1].type == Change::unchanged);
        CHECK(rig.store.find("FDC 4/2246 PART 1")->version == 1);

        changes = rig.ingest({whole("4/2250", HazardAction::cancel)}, t0 + hours{2});
        REQUIRE(changes.size() == 2);
        CHECK(changes[0].type == Change::cancelled);
        CHECK(changes[0].key == "FDC 4/2246 PART 1");
        CHECK(changes[1].key == "FDC 4/2246 PART 2");
        CHECK(rig.status("FDC 4/2246 PART 1") == HazardStatus::cancelled);
        CHECK(rig.status("FDC 4/2246 PART 2") == HazardStatus::cancelled);
    }
    SECTION("a NOTAMC seen before the parts applies to each of them") {
        Rig rig;
        rig.ingest({whole("4/2250", HazardAction::cancel)});
        const auto changes = rig.store.ingest("faa", parts, t0 + hours{1});
        REQUIRE(changes.size() == 2);
        CHECK(changes[0].type == Change::cancelled);
        CHECK(changes[1].type == Change::cancelled);
        CHECK(rig.status("FDC 4/2246 PART 2") == HazardStatus::cancelled);
    }
    SECTION("a NOTAMR of the whole replaces every part") {
        Rig rig;
        rig.store.ingest("faa", parts, t0);
        const auto changes = rig.ingest({whole("4/2300", HazardAction::replace)});
        REQUIRE(changes.size() == 3);
        CHECK(changes[0].type == Change::added);
        CHECK(changes[1].type == Change::replaced);
        CHECK(changes[2].type == Change::replaced);
        CHECK(rig.store.find("FDC 4/2246 PART 2")->replaced_by == "FDC 4/2300");
    }
}

TEST_CASE("hazards expire at the end of validity; an estimated end after a day's grace",
          "[hazard_store]") {
    Rig rig;
    auto fixed = notam("A0001/26");
    fixed.valid_to = t0 + hours{10};
    auto estimated = notam("A0002/26");
    estimated.valid_to = t0 + hours{10};
    estimated.valid_to_estimated = true;
    auto permanent = notam("A0003/26");
    permanent.valid_to.reset();
    permanent.permanent = true;
    rig.ingest({fixed, estimated, permanent});

    CHECK(rig.store.expire(t0 + hours{9}).empty());
    auto expired = rig.store.expire(t0 + hours{11});
    REQUIRE(expired.size() == 1);
    CHECK(expired[0].key == "KICZ A0001/26");
    CHECK(rig.status("KICZ A0001/26") == HazardStatus::expired);
    CHECK(rig.status("KICZ A0002/26") == HazardStatus::active);
    expired = rig.store.expire(t0 + hours{35});
    REQUIRE(expired.size() == 1);
    CHECK(expired[0].key == "KICZ A0002/26");
    CHECK(rig.store.expire(t0 + hours{24 * 3650}).empty()); // PERM never expires

    // A NOTAM first seen after its end is stored as expired, not active.
    auto old = notam("A0004/20");
    old.valid_to = t0 - hours{1};
    CHECK(rig.ingest({old})[0].status == HazardStatus::expired);
}

TEST_CASE("withdrawn bulletins and complete listings", "[hazard_store]") {
    Rig rig;
    Hazard czib;
    czib.key = "EASA CZIB 142977";
    czib.id = "CZIB 142977";
    czib.issuer = "EASA";
    czib.kind = HazardKind::czib;
    czib.title = "Venezuela and neighbouring airspace";
    czib.severity = Severity::warning;
    Hazard ukraine = czib;
    ukraine.key = "EASA CZIB 136057";
    ukraine.title = "Airspace of Ukraine";
    rig.ingest({czib, ukraine}, t0, true, "easa-json");

    // The RSS feed supplements the JSON: its number and link, never its status.
    Hazard rss;
    rss.key = czib.key;
    rss.id = "CZIB 2026-01-R2";
    rss.link = "https://www.easa.europa.eu/en/domains/air-operations/czibs/2026-01-r2";
    rss.partial = true;
    rss.status = HazardStatus::withdrawn; // ignored for a partial record
    rig.ingest({rss}, t0 + hours{1}, false, "easa-rss");
    auto merged = rig.store.find(czib.key);
    CHECK(merged->hazard.id == "CZIB 2026-01-R2");
    CHECK(merged->hazard.link == rss.link);
    CHECK(merged->hazard.title == "Venezuela and neighbouring airspace");
    CHECK(merged->hazard.status == HazardStatus::active);

    auto withdrawn = czib;
    withdrawn.status = HazardStatus::withdrawn;
    auto changes = rig.ingest({withdrawn, ukraine}, t0 + hours{2}, true, "easa-json");
    REQUIRE(changes.size() == 2);
    CHECK(changes[0].type == Change::withdrawn);
    CHECK(rig.status(czib.key) == HazardStatus::withdrawn);

    // Dropped from a complete listing: withdrawn too; only this source's records count.
    rig.ingest({notam("A0012/25")}, t0, false, "faa");
    changes = rig.ingest({}, t0 + hours{3}, true, "easa-json");
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].key == ukraine.key);
    CHECK(changes[0].type == Change::withdrawn);
    CHECK(rig.status("KICZ A0012/25") == HazardStatus::active);
}

TEST_CASE("hazards are queried by FIR, airport and status", "[hazard_store]") {
    Rig rig;
    auto svzm = notam("A0012/25");
    auto tncf = notam("A0001/26");
    tncf.firs = {"TNCF"};
    auto svmi = notam("A0002/26");
    svmi.firs = {"SVZM"};
    svmi.airports = {"SVMI"};
    svmi.geometry.type = Geometry::Type::circle;
    svmi.geometry.center = {10.6, -66.99};
    svmi.geometry.radius_nm = 25;
    rig.ingest({svzm, tncf, svmi});
    rig.ingest({notam("A0003/26", HazardAction::cancel, "A0001/26")});
    CHECK(rig.store.query(filter(false, "SVZM")).size() == 2);
    CHECK(rig.store.query(filter(false, "", "SVMI")).size() == 1);
    CHECK(rig.store.query(filter(false, "TNCF")).size() == 1);
    CHECK(rig.store.query(filter(true, "TNCF")).empty());
    const auto with_circle = rig.store.find("KICZ A0002/26")->hazard.geometry;
    CHECK(with_circle.type == Geometry::Type::circle);
    CHECK(with_circle.radius_nm == 25);
    CHECK(with_circle.center == GeoPoint{10.6, -66.99});
}
