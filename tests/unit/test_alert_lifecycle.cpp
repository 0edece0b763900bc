// SPDX-License-Identifier: GPL-3.0-or-later
#include "correlate/alert_lifecycle.hpp"
#include "store/sqlite_store.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace aerowatch;
using aerowatch::test::TempDir;
using std::chrono::hours;
using std::chrono::minutes;

namespace {

const UtcTime t0{std::chrono::seconds{1763985600}}; // 2025-11-24T12:00:00Z

AlertCandidate disruption(double cancelled, AlertSeverity severity = AlertSeverity::warning) {
    AlertCandidate c;
    c.kind = AlertKind::disruption_correlated;
    c.fingerprint = "disruption_correlated:SVMI";
    c.subject = "SVMI";
    c.severity = severity;
    c.summary = "cancellations at SVMI";
    c.labels.airports = {"SVMI"};
    c.labels.airlines = {"IBE", "THY"};
    c.evidence = {{"counts", {{"cancelled", cancelled}}}};
    c.magnitude = cancelled;
    return c;
}

AlertCandidate hazard(const std::string& key) {
    AlertCandidate c;
    c.kind = AlertKind::hazard;
    c.fingerprint = "hazard:" + key;
    c.subject = key;
    c.severity = AlertSeverity::warning;
    c.summary = key + " in watch area venezuela";
    c.labels.firs = {"SVZM"};
    c.magnitude = 1;
    return c;
}

const std::set<AlertKind> all_kinds = {
    AlertKind::hazard, AlertKind::hazard_escalated, AlertKind::disruption_correlated,
    AlertKind::disruption_unexplained, AlertKind::source_unhealthy};

struct Rig {
    TempDir dir;
    std::unique_ptr<SqliteStore> db = SqliteStore::open(dir / "a.db");
    LifecycleSettings settings{hours{6}, hours{6}, 0.5};
    AlertLifecycle lifecycle{db->database(), db->alerts(), settings};

    std::vector<AlertEvent> run(std::vector<AlertCandidate> candidates, UtcTime at,
                                std::map<std::string, std::string> reasons = {}) {
        return lifecycle.reconcile(candidates, all_kinds, at, reasons);
    }
};

} // namespace

TEST_CASE("an alert fires once, updates when its evidence grows, and resolves after a hold",
          "[alerts]") {
    Rig rig;
    auto events = rig.run({disruption(6)}, t0);
    REQUIRE(events.size() == 1);
    CHECK(events[0].type == AlertEventType::firing);
    CHECK(events[0].payload["event"] == "firing");
    CHECK(events[0].payload["fingerprint"] == "disruption_correlated:SVMI");
    CHECK(events[0].payload["kind"] == "disruption_correlated");
    CHECK(events[0].payload["severity"] == "warning");
    CHECK(events[0].payload["at"] == "2025-11-24T12:00:00Z");
    CHECK(events[0].payload["labels"]["airports"] == nlohmann::json::array({"SVMI"}));
    const auto id = events[0].alert_id;

    // The same finding again, or grown a little: nothing to say.
    CHECK(rig.run({disruption(6)}, t0 + minutes{1}).empty());
    CHECK(rig.run({disruption(8)}, t0 + minutes{2}).empty());
    // Grown by half, but within repeat_interval of the last event: still nothing ...
    CHECK(rig.run({disruption(12)}, t0 + hours{1}).empty());
    // ... and once repeat_interval has passed, one update.
    events = rig.run({disruption(12)}, t0 + hours{6});
    REQUIRE(events.size() == 1);
    CHECK(events[0].type == AlertEventType::updated);
    CHECK(events[0].alert_id == id);
    CHECK(rig.run({disruption(13)}, t0 + hours{7}).empty());
    // Severity up is news at once.
    events = rig.run({disruption(13, AlertSeverity::critical)}, t0 + hours{7} + minutes{1});
    REQUIRE(events.size() == 1);
    CHECK(events[0].type == AlertEventType::updated);
    CHECK(events[0].payload["severity"] == "critical");

    // Gone: a disruption waits out the hold before resolving; back within it, nothing happens.
    CHECK(rig.run({}, t0 + hours{8}).empty());
    CHECK(rig.run({disruption(13, AlertSeverity::critical)}, t0 + hours{9}).empty());
    CHECK(rig.run({}, t0 + hours{10}).empty());
    CHECK(rig.run({}, t0 + hours{15} + minutes{59}).empty());
    events = rig.run({}, t0 + hours{16});
    REQUIRE(events.size() == 1);
    CHECK(events[0].type == AlertEventType::resolved);
    CHECK(rig.db->alerts().get(id)->state == AlertState::resolved);
    CHECK(rig.run({}, t0 + hours{17}).empty());

    // A new episode is a new firing event of the same alert.
    events = rig.run({disruption(7)}, t0 + hours{30});
    REQUIRE(events.size() == 1);
    CHECK(events[0].type == AlertEventType::firing);
    CHECK(events[0].alert_id == id);
    CHECK(rig.db->alerts().events(id).size() == 5);
}

TEST_CASE("hazard alerts resolve at once with the reason; kinds not evaluated stay", "[alerts]") {
    Rig rig;
    REQUIRE(rig.run({hazard("KICZ A0012/25"), disruption(6)}, t0).size() == 2);
    // A pass that only evaluated source health cannot resolve the others.
    CHECK(rig.lifecycle.reconcile({}, {AlertKind::source_unhealthy}, t0 + hours{1}).empty());
    auto events = rig.run({disruption(6)}, t0 + hours{2},
                          {{"hazard:KICZ A0012/25", "hazard A0012/25 cancelled"}});
    REQUIRE(events.size() == 1);
    CHECK(events[0].type == AlertEventType::resolved);
    CHECK(events[0].payload["evidence"]["resolution"] == "hazard A0012/25 cancelled");
}

TEST_CASE("a restart or a re-run of the same input never fires twice", "[alerts]") {
    TempDir dir;
    const auto path = dir / "a.db";
    const LifecycleSettings settings{hours{6}, hours{6}, 0.5};
    {
        auto db = SqliteStore::open(path);
        AlertLifecycle lifecycle(db->database(), db->alerts(), settings);
        CHECK(lifecycle.reconcile({hazard("KICZ A0012/25"), disruption(6)}, all_kinds, t0).size() ==
              2);
    }
    auto db = SqliteStore::open(path);
    AlertLifecycle lifecycle(db->database(), db->alerts(), settings);
    CHECK(lifecycle.reconcile({hazard("KICZ A0012/25"), disruption(6)}, all_kinds, t0 + minutes{5})
              .empty());
    CHECK(lifecycle
              .reconcile({disruption(6), hazard("KICZ A0012/25"), disruption(6)}, all_kinds,
                         t0 + minutes{6})
              .empty());
    CHECK(db->alerts().last_event_seq() == 2);
}

TEST_CASE("silences record events without notifying, and only while in force", "[alerts]") {
    Rig rig;
    std::string error;
    Silence silence;
    silence.matchers = {*parse_silence_matcher("airport=svmi", error),
                        *parse_silence_matcher("kind=disruption_correlated", error)};
    silence.starts = t0;
    silence.ends = t0 + hours{6};
    silence.comment = "known: Venezuela";
    silence.created = t0;
    const auto id = rig.db->alerts().add_silence(silence);

    auto events = rig.run({disruption(6), hazard("KICZ A0012/25")}, t0 + minutes{1});
    REQUIRE(events.size() == 2);
    CHECK(events[0].silenced);       // the disruption at SVMI
    CHECK_FALSE(events[1].silenced); // the hazard: no airport label, another kind
    CHECK(rig.db->alerts().silences(true, t0 + minutes{1}).size() == 1);

    CHECK(rig.db->alerts().expire_silence(id, t0 + hours{1}));
    CHECK_FALSE(rig.db->alerts().expire_silence(id, t0 + hours{2}));
    CHECK(rig.db->alerts().silences(true, t0 + hours{1}).empty());
    events =
        rig.run({disruption(6, AlertSeverity::critical), hazard("KICZ A0012/25")}, t0 + hours{2});
    REQUIRE(events.size() == 1);
    CHECK_FALSE(events[0].silenced);

    CHECK_FALSE(parse_silence_matcher("colour=red", error));
    CHECK_THAT(error, Catch::Contains("unknown key"));
    CHECK_FALSE(parse_silence_matcher("airport=", error));
}
