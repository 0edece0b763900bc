// SPDX-License-Identifier: GPL-3.0-or-later
// The outbox and its delivery worker against a real receiver on 127.0.0.1, on a simulated
// clock: retries are driven by advancing the clock, never by sleeping.
#include "notify/webhook_deliverer.hpp"
#include "notify/webhook_signature.hpp"
#include "store/sqlite_store.hpp"
#include "support/temp_dir.hpp"
#include "support/webhook_receiver.hpp"

#include <catch2/catch.hpp>

using namespace aerowatch;
using aerowatch::test::TempDir;
using aerowatch::test::WebhookReceiver;
using Reply = WebhookReceiver::Reply;
using std::chrono::seconds;

namespace {

const UtcTime t0{seconds{1763748180}}; // 2025-11-21T18:03:00Z
const std::string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

std::string key() {
    std::string problem;
    return *decode_webhook_secret(secret, problem);
}

struct Rig {
    TempDir dir;
    ManualClock clock{t0};
    std::unique_ptr<SqliteStore> store = SqliteStore::open(dir / "aerowatch.db");
    WebhookReceiver receiver{key(), [this] {
                                 return clock.utc_now().time_since_epoch().count();
                             }};
    sqlite::Database worker_db = OutboxStore::open_worker_connection(dir / "aerowatch.db");
    WebhookDeliverer deliverer{worker_db, clock};

    explicit Rig(WebhookTarget target = {}) {
        OutboxRoute route;
        route.endpoint = "ops";
        store->outbox().set_routes({route});
        target.name = "ops";
        if (target.url.empty()) {
            target.url = receiver.url();
        }
        target.key = key();
        target.allow_http = true;
        deliverer.configure({target});
    }

    /// Records a firing event of a new hazard alert, as the lifecycle does.
    AlertEvent fire(const std::string& hazard, AlertSeverity severity = AlertSeverity::warning,
                    bool silenced = false) {
        Alert alert;
        alert.fingerprint = "hazard:" + hazard;
        alert.kind = AlertKind::hazard;
        alert.severity = severity;
        alert.subject = hazard;
        alert.summary = hazard + " over SVZM";
        alert.labels.firs = {"SVZM"};
        alert.first_fired = clock.utc_now();
        sqlite::Transaction tx(store->database());
        auto event =
            store->alerts().record(alert, AlertEventType::firing, clock.utc_now(), silenced);
        tx.commit();
        return event;
    }

    /// Steps until nothing is in flight and nothing is due at the current (simulated) time.
    void drain() {
        for (int i = 0; i < 200; ++i) {
            deliverer.step(std::chrono::milliseconds{20});
            const auto due = deliverer.next_due();
            if (deliverer.in_flight() == 0 && (!due || *due > clock.utc_now())) {
                return;
            }
        }
        FAIL("the deliverer did not settle");
    }

    std::vector<std::int64_t> event_ids() const {
        std::vector<std::int64_t> ids;
        for (const auto& r : receiver.received()) {
            ids.push_back(nlohmann::json::parse(r.body).at("event_id").get<std::int64_t>());
        }
        return ids;
    }
    OutboxRow row(std::int64_t id) { return *store->outbox().get(id); }
};

} // namespace

TEST_CASE("deliveries arrive in event order, signed, and are marked delivered", "[delivery]") {
    Rig rig;
    std::vector<std::int64_t> fired;
    for (int i = 1; i <= 5; ++i) {
        fired.push_back(rig.fire("KICZ A00" + std::to_string(i) + "/25").seq);
    }
    rig.drain();
    REQUIRE(rig.event_ids() == fired);
    for (const auto& r : rig.receiver.received()) {
        CHECK(r.verdict == "ok");
        CHECK(r.content_type == "application/json");
        CHECK(r.webhook_id.starts_with("msg_"));
        CHECK(r.timestamp == std::to_string(t0.time_since_epoch().count()));
    }
    const auto counts = rig.store->outbox().counts();
    CHECK(counts.at(OutboxState::delivered) == 5);
    CHECK(counts.at(OutboxState::pending) == 0);
    const auto rows = rig.store->outbox().list(false, 10);
    for (const auto& r : rows) {
        CHECK(r.attempts == 1);
        CHECK(r.last_status == 200);
    }
}

TEST_CASE("during a secret rotation each request carries both signatures", "[delivery]") {
    const std::string old_secret = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    std::string problem;
    const auto old_key = *decode_webhook_secret(old_secret, problem);
    WebhookTarget target;
    target.previous_key = old_key;
    Rig rig(target);
    rig.fire("KICZ A0012/25");
    rig.drain();
    REQUIRE(rig.receiver.count() == 1);
    const auto r = rig.receiver.received().at(0);
    CHECK(r.verdict == "ok"); // the new key
    CHECK(std::count(r.signature.begin(), r.signature.end(), ' ') == 1);
    const auto now = t0.time_since_epoch().count();
    CHECK(verify_webhook(old_key, r.webhook_id, r.timestamp, r.signature, r.body, now) ==
          WebhookVerdict::ok);
    CHECK(r.signature.substr(r.signature.find(' ') + 1) ==
          webhook_signature(old_key, r.webhook_id, now, r.body));
}

TEST_CASE("a 500 is retried after a backoff, and the endpoint's later events wait for it",
          "[delivery]") {
    Rig rig;
    rig.receiver.script({Reply{500}});
    const auto first = rig.fire("KICZ A0012/25");
    const auto second = rig.fire("KICZ A0013/25");
    rig.drain();
    REQUIRE(rig.receiver.count() == 1); // the second waits behind the first
    const auto pending = rig.store->outbox().pending("ops", 10);
    REQUIRE(pending.size() == 2);
    CHECK(pending[0].attempts == 1);
    CHECK(pending[0].last_status == 500);
    REQUIRE(pending[0].next_attempt > t0);
    CHECK(pending[0].next_attempt <= t0 + seconds{5});

    rig.clock.advance(std::chrono::duration_cast<seconds>(pending[0].next_attempt - t0));
    rig.drain();
    const auto received = rig.receiver.received();
    REQUIRE(received.size() == 3);
    CHECK(received[1].webhook_id == received[0].webhook_id); // the idempotency key holds
    CHECK(received[1].timestamp != received[0].timestamp);   // a fresh signature per attempt
    CHECK(received[1].signature != received[0].signature);
    CHECK(received[1].verdict == "ok");
    CHECK(rig.event_ids() == std::vector<std::int64_t>{first.seq, first.seq, second.seq});
    CHECK(rig.store->outbox().counts().at(OutboxState::delivered) == 2);
}

TEST_CASE("a 429 with Retry-After is not retried before the time it asks", "[delivery]") {
    Rig rig;
    rig.receiver.script({Reply{429, "120"}});
    rig.fire("KICZ A0012/25");
    rig.drain();
    REQUIRE(rig.receiver.count() == 1);
    const auto row = rig.store->outbox().pending("ops", 1).at(0);
    CHECK(row.next_attempt >= t0 + seconds{120});
    rig.clock.advance(seconds{119});
    rig.drain();
    CHECK(rig.receiver.count() == 1);
    rig.clock.advance(std::chrono::duration_cast<seconds>(row.next_attempt - rig.clock.utc_now()));
    rig.drain();
    CHECK(rig.receiver.count() == 2);
    CHECK(rig.store->outbox().counts().at(OutboxState::delivered) == 1);
}

TEST_CASE("a receiver slower than the timeout is abandoned and retried", "[delivery]") {
    WebhookTarget target;
    target.timeout = seconds{1};
    Rig rig(target);
    rig.receiver.script({Reply{200, "", std::chrono::milliseconds{2500}}});
    rig.fire("KICZ A0012/25");
    rig.drain();
    auto row = rig.store->outbox().pending("ops", 1).at(0);
    CHECK(row.attempts == 1);
    CHECK_FALSE(row.last_status.has_value());
    CHECK_THAT(row.last_error, Catch::Contains("imeout") || Catch::Contains("timed out"));
    rig.clock.advance(seconds{6});
    rig.drain();
    CHECK(rig.store->outbox().counts().at(OutboxState::delivered) == 1);
}

TEST_CASE("a refused connection is retried", "[delivery]") {
    WebhookTarget target;
    target.url = "http://127.0.0.1:" + std::to_string(test::unused_loopback_port()) + "/hook";
    Rig rig(target);
    rig.fire("KICZ A0012/25");
    rig.drain();
    const auto row = rig.store->outbox().pending("ops", 1).at(0);
    CHECK(row.attempts == 1);
    CHECK_FALSE(row.last_status.has_value());
    CHECK_FALSE(row.last_error.empty());
}

TEST_CASE("410 disables the endpoint and dead-letters its events until requeued", "[delivery]") {
    Rig rig;
    rig.receiver.script({Reply{410}});
    rig.fire("KICZ A0012/25");
    rig.fire("KICZ A0013/25");
    rig.drain();
    CHECK(rig.receiver.count() == 1);
    CHECK(rig.store->outbox().disabled_endpoints().contains("ops"));
    CHECK(rig.store->outbox().counts().at(OutboxState::dead) == 2);
    const auto first = rig.store->outbox().list(true, 10).back();
    CHECK(first.attempts == 1);
    CHECK(first.last_status == 410);

    rig.fire("KICZ A0014/25"); // queued for a disabled endpoint: kept, not sent
    rig.clock.advance(seconds{3600});
    rig.drain();
    CHECK(rig.receiver.count() == 1);

    CHECK(rig.store->outbox().retry_all_dead(rig.clock.utc_now()) == 2);
    CHECK(rig.store->outbox().disabled_endpoints().empty());
    rig.deliverer.refresh(); // what the worker does every second
    rig.drain();
    CHECK(rig.receiver.count() == 4);
    CHECK(rig.store->outbox().counts().at(OutboxState::delivered) == 3);
}

TEST_CASE("a 400 is dead-lettered at once, the next event proceeds, and a retry delivers it",
          "[delivery]") {
    Rig rig;
    rig.receiver.script({Reply{400}});
    const auto first = rig.fire("KICZ A0012/25");
    const auto second = rig.fire("KICZ A0013/25");
    rig.drain();
    CHECK(rig.event_ids() == std::vector<std::int64_t>{first.seq, second.seq});
    const auto dead = rig.store->outbox().list(true, 10);
    REQUIRE(dead.size() == 1);
    CHECK(dead[0].event_seq == first.seq);
    CHECK(dead[0].last_status == 400);
    CHECK(dead[0].attempts == 1);

    CHECK(rig.store->outbox().retry(dead[0].id, rig.clock.utc_now()) == 1);
    CHECK(rig.store->outbox().retry(dead[0].id, rig.clock.utc_now()) == 0); // no longer dead
    rig.deliverer.refresh();
    rig.drain();
    CHECK(rig.receiver.count() == 3);
    CHECK(rig.store->outbox().counts().at(OutboxState::dead) == 0);
}

TEST_CASE("a redirect is a failure and is not followed", "[delivery]") {
    Rig rig;
    rig.receiver.script({Reply{307, "", {}, rig.receiver.elsewhere_url()}});
    rig.fire("KICZ A0012/25");
    rig.drain();
    CHECK(rig.receiver.redirected() == 0);
    CHECK(rig.store->outbox().list(true, 1).at(0).last_status == 307);
}

TEST_CASE("an event still failing after max_attempts becomes a dead letter", "[delivery]") {
    WebhookTarget target;
    target.max_attempts = 3;
    Rig rig(target);
    rig.receiver.script({Reply{503}, Reply{503}, Reply{503}, Reply{503}});
    rig.fire("KICZ A0012/25");
    for (int i = 0; i < 5; ++i) {
        rig.drain();
        rig.clock.advance(seconds{7200});
    }
    CHECK(rig.receiver.count() == 3);
    const auto dead = rig.store->outbox().list(true, 1);
    REQUIRE(dead.size() == 1);
    CHECK(dead[0].attempts == 3);
    CHECK_THAT(dead[0].last_error, Catch::StartsWith("gave up after 3 attempts"));
}

TEST_CASE("backoff grows with jitter, honours Retry-After and stays within its cap", "[delivery]") {
    RetrySchedule schedule;
    std::mt19937_64 random(42);
    for (int attempt = 1; attempt <= 40; ++attempt) {
        const auto ceiling = std::min<std::int64_t>(
            schedule.cap.count(), schedule.base.count() << std::min(attempt - 1, 30));
        const auto d = retry_delay(attempt, schedule, std::nullopt, random);
        CHECK(d.count() >= 1);
        CHECK(d.count() <= std::max<std::int64_t>(ceiling, 1));
    }
    CHECK(retry_delay(1, schedule, seconds{600}, random) >= seconds{600});
    CHECK(retry_delay(1, schedule, seconds{86400 * 365}, random) == schedule.max_retry_after);
    // Jitter: the same attempt does not always wait the same.
    std::set<std::int64_t> seen;
    for (int i = 0; i < 20; ++i) {
        seen.insert(retry_delay(8, schedule, std::nullopt, random).count());
    }
    CHECK(seen.size() > 5);
}

TEST_CASE("classification follows the delivery policy", "[delivery]") {
    CHECK(classify_delivery(200) == DeliveryOutcome::delivered);
    CHECK(classify_delivery(204) == DeliveryOutcome::delivered);
    CHECK(classify_delivery(0) == DeliveryOutcome::retry);
    for (long s : {408L, 425L, 429L, 500L, 502L, 503L, 504L}) {
        CHECK(classify_delivery(s) == DeliveryOutcome::retry);
    }
    CHECK(classify_delivery(410) == DeliveryOutcome::disable_endpoint);
    for (long s : {301L, 302L, 307L, 400L, 401L, 403L, 404L, 422L}) {
        CHECK(classify_delivery(s) == DeliveryOutcome::dead);
    }
}

TEST_CASE("routes filter by kind, severity and labels; silenced events are not queued",
          "[delivery]") {
    TempDir dir;
    auto store = SqliteStore::open(dir / "a.db");
    OutboxRoute all;
    all.endpoint = "all";
    OutboxRoute critical;
    critical.endpoint = "critical";
    critical.min_severity = AlertSeverity::critical;
    OutboxRoute caracas;
    caracas.endpoint = "caracas";
    caracas.kinds = {AlertKind::disruption_correlated};
    caracas.match = {{"airport", "SVMI"}};
    store->outbox().set_routes({all, critical, caracas});

    const auto record = [&](AlertKind kind, AlertSeverity severity, std::string airport,
                            bool silenced) {
        Alert a;
        a.fingerprint = std::string(to_string(kind)) + ":" + airport + std::to_string(silenced);
        a.kind = kind;
        a.severity = severity;
        a.subject = airport;
        a.labels.airports = {airport};
        sqlite::Transaction tx(store->database());
        store->alerts().record(a, AlertEventType::firing, t0, silenced);
        tx.commit();
    };
    record(AlertKind::hazard, AlertSeverity::warning, "SVMI", false);
    record(AlertKind::disruption_correlated, AlertSeverity::critical, "SVMI", false);
    record(AlertKind::disruption_correlated, AlertSeverity::critical, "SKBO", false);
    record(AlertKind::disruption_correlated, AlertSeverity::critical, "SVMI", true);

    CHECK(store->outbox().pending("all", 10).size() == 3);
    CHECK(store->outbox().pending("critical", 10).size() == 2);
    CHECK(store->outbox().pending("caracas", 10).size() == 1);
}
