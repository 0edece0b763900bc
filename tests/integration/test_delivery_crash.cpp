// SPDX-License-Identifier: GPL-3.0-or-later
// Crash safety of alert delivery: the real aerowatchd pages through an FAA NOTAM listing that
// keeps yielding new Venezuela notices, so alerts fire and webhooks go out continuously, and it
// is killed with SIGKILL at random moments and restarted, again and again. Afterwards every
// alert event is in the alert log once, every one reached the receiver, the only repeats are
// deliveries in flight at a kill (same webhook-id), and the database is intact.
#include "core/time.hpp"
#include "notify/webhook_signature.hpp"
#include "store/sqlite_store.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/webhook_receiver.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <fstream>
#include <map>
#include <mutex>
#include <numeric>
#include <random>
#include <set>

using namespace aerowatch;
using namespace aerowatch::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

constexpr int kills = 20;
const std::string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// An FAA NOTAM API (legacy) listing with no end: each page holds new notices shaped like
/// KICZ A0012/25, valid from an hour ago for sixty days, so each one fires a hazard alert.
class EndlessNotamListing {
  public:
    EndlessNotamListing() {
        template_ =
            json::parse(read_file(AEROWATCH_FIXTURES_DIR "/faa_api/geojson_kicz_a0012_25.json"));
        http_.server().Get("/notams", [this](const httplib::Request& req, httplib::Response& res) {
            std::this_thread::sleep_for(150ms); // a slow API: a poll spans many seconds
            const int page =
                req.has_param("pageNum") ? std::stoi(req.get_param_value("pageNum")) : 1;
            res.set_content(page_body(page).dump(), "application/json");
        });
        http_.start();
    }
    std::string url() const { return http_.url("/notams"); }
    /// From now on the listing is empty and ends on the page asked for.
    void stop_producing() { producing_ = false; }

  private:
    json page_body(int page) {
        if (!producing_) {
            return {{"pageSize", 4},
                    {"pageNum", page},
                    {"totalCount", 0},
                    {"totalPages", page},
                    {"items", json::array()}};
        }
        const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        json items = json::array();
        for (int i = 0; i < 4; ++i) {
            const int n = next_++;
            json item = template_;
            auto& notam = item["properties"]["coreNOTAMData"]["notam"];
            notam["id"] = fmt::format("NOTAM_1_{}", 80000000 + n);
            notam["number"] = fmt::format("A{:04}/26", n);
            notam["issued"] = format_iso8601(UtcTime{now} - 1h);
            notam["effectiveStart"] = format_iso8601(UtcTime{now} - 1h);
            notam["effectiveEnd"] = format_iso8601(UtcTime{now} + 24h * 60);
            items.push_back(std::move(item));
        }
        return {{"pageSize", 4},
                {"pageNum", page},
                {"totalCount", 4000},
                {"totalPages", 1000},
                {"items", items}};
    }

    json template_;
    std::atomic<int> next_{100};
    std::atomic<bool> producing_{true};
    LocalHttpServer http_;
};

std::vector<json> log_lines(const std::filesystem::path& path, int& unparsable) {
    std::ifstream in(path);
    std::vector<json> out;
    for (std::string line; std::getline(in, line);) {
        auto doc = json::parse(line, nullptr, false);
        if (doc.is_discarded()) {
            ++unparsable; // a line a kill cut short; its event is written again after it
        } else {
            out.push_back(std::move(doc));
        }
    }
    return out;
}

} // namespace

TEST_CASE("SIGKILL at random moments loses no alert and re-sends only what was in flight",
          "[daemon][delivery][crash]") {
    TempDir dir;
    EndlessNotamListing listing;
    std::string problem;
    WebhookReceiver receiver(*decode_webhook_secret(secret, problem));
    std::vector<WebhookReceiver::Reply> slow(100000, WebhookReceiver::Reply{200, "", 3ms});
    receiver.script(slow);
    dir.write("secret", secret);
    // Each run adds a source (as an operator might): a new source polls at once, while the
    // others wait out their interval, so every run pages through fresh notices.
    const auto write_config = [&](int sources) {
        std::string text = fmt::format(R"([daemon]
http_listen = "127.0.0.1:0"
state_directory = "{}"
alert_log = "{}"
log_level = "debug"

[correlation]
interval = "1s"

[[watch]]
name = "venezuela"
firs = ["SVZM"]

[[webhook]]
name = "ops"
url = "{}"
secret = {{ file = "secret" }}
allow_http = true
)",
                                       (dir / "state").string(),
                                       (dir / "log" / "alerts.jsonl").string(), receiver.url());
        for (int i = 0; i < sources; ++i) {
            text += fmt::format(R"(
[[source]]
name = "faa-notams-{}"
kind = "faa_notam_api"
url = "{}"
interval = "30s"
max_pages = 1000
allow_http = true
)",
                                i, listing.url());
        }
        dir.write("aerowatch.toml", text);
    };
    NotifySocket notify(dir / "notify.sock");
    std::mt19937 random(std::random_device{}());
    std::uniform_int_distribution<int> pause_ms(300, 2500);
    const auto start = [&](int run) {
        return std::make_unique<ChildProcess>(
            std::vector<std::string>{AEROWATCHD_BINARY, "--config",
                                     (dir / "aerowatch.toml").string()},
            std::vector<std::string>{notify.env()}, dir / fmt::format("out.{}", run),
            dir / fmt::format("err.{}", run));
    };
    for (int run = 0; run < kills; ++run) {
        write_config(run + 1);
        auto daemon = start(run);
        REQUIRE(notify.receive_until("READY=1", 15s));
        std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(random)));
        daemon->signal(SIGKILL);
        REQUIRE(daemon->wait_exit(5s).has_value());
    }

    // The last run, with nothing new to find, finishes what is owed and stops cleanly.
    listing.stop_producing();
    std::int64_t events = 0;
    {
        auto daemon = start(kills);
        REQUIRE(notify.receive_until("READY=1", 15s));
        const auto settled = [&] {
            try {
                auto store = SqliteStore::open(dir / "state" / "aerowatch.db",
                                               SqliteStore::Access::read_only);
                // Hazards a killed run stored but did not correlate fire in this run's passes.
                auto& db = store->database();
                const bool all_fired =
                    db.query_int("SELECT count(*) FROM hazard") ==
                    db.query_int("SELECT count(*) FROM alert WHERE kind = 'hazard'");
                const auto counts = store->outbox().counts();
                return all_fired && counts.at(OutboxState::pending) == 0 &&
                       counts.at(OutboxState::delivered) == store->alerts().last_event_seq();
            } catch (const std::exception&) {
                return false;
            }
        };
        const bool done = eventually(settled, 60s);
        INFO(read_file(dir / fmt::format("err.{}", kills)));
        REQUIRE(done);
        daemon->signal(SIGTERM);
        REQUIRE(daemon->wait_exit(10s) == 0);
    }

    auto store = SqliteStore::open(dir / "state" / "aerowatch.db", SqliteStore::Access::read_only);
    CHECK(store->database().query_text("PRAGMA integrity_check") == "ok");
    events = store->alerts().last_event_seq();
    INFO("events recorded: " << events);
    REQUIRE(events > 50); // alerts really were being produced across the kills

    // The alert log: every event, once, in order.
    int unparsable = 0;
    const auto lines = log_lines(dir / "log" / "alerts.jsonl", unparsable);
    std::vector<std::int64_t> logged;
    for (const auto& line : lines) {
        logged.push_back(line.at("event_id").get<std::int64_t>());
    }
    std::vector<std::int64_t> expected(static_cast<std::size_t>(events));
    std::iota(expected.begin(), expected.end(), 1);
    CHECK(logged == expected);
    CHECK(unparsable <= kills);

    // The receiver: every event, verified; repeats only with the same webhook-id, at most one
    // per kill.
    std::map<std::string, std::int64_t> event_of_id;
    std::map<std::int64_t, int> deliveries;
    int repeats = 0;
    for (const auto& r : receiver.received()) {
        CHECK(r.verdict == "ok");
        const auto event = json::parse(r.body).at("event_id").get<std::int64_t>();
        auto [it, fresh] = event_of_id.emplace(r.webhook_id, event);
        CHECK(it->second == event);
        if (++deliveries[event] > 1) {
            ++repeats;
        }
    }
    std::string missing;
    for (const auto& event : store->alerts().events_after(0, 100000)) {
        if (!deliveries.contains(event.seq)) {
            missing += fmt::format("{} {} {}\n", event.seq, to_string(event.type),
                                   event.payload.value("fingerprint", ""));
        }
    }
    INFO("not received:\n" << missing);
    CHECK(static_cast<std::int64_t>(deliveries.size()) == events);
    CHECK(event_of_id.size() == static_cast<std::size_t>(events));
    CHECK(repeats <= kills);
    const auto counts = store->outbox().counts();
    CHECK(counts.at(OutboxState::delivered) == events);
    CHECK(counts.at(OutboxState::dead) == 0);
}
