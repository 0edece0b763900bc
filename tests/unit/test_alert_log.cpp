// SPDX-License-Identifier: GPL-3.0-or-later
#include "notify/alert_log.hpp"
#include "store/sqlite_store.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace aerowatch;
using aerowatch::test::TempDir;

namespace {

const UtcTime t0{std::chrono::seconds{1763748180}}; // 2025-11-21T18:03:00Z

std::int64_t fire(SqliteStore& store, const std::string& key, const std::string& summary) {
    Alert alert;
    alert.fingerprint = "hazard:" + key;
    alert.kind = AlertKind::hazard;
    alert.severity = AlertSeverity::warning;
    alert.subject = key;
    alert.summary = summary;
    alert.first_fired = t0;
    sqlite::Transaction tx(store.database());
    auto event = store.alerts().record(alert, AlertEventType::firing, t0, false);
    tx.commit();
    return event.seq;
}

std::vector<nlohmann::json> lines_of(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::vector<nlohmann::json> out;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty()) {
            out.push_back(nlohmann::json::parse(line));
        }
    }
    return out;
}

std::vector<std::int64_t> ids_of(const std::vector<nlohmann::json>& lines) {
    std::vector<std::int64_t> ids;
    for (const auto& l : lines) {
        ids.push_back(l.at("event_id").get<std::int64_t>());
    }
    return ids;
}

} // namespace

TEST_CASE("the alert log has one line per event, in order, with every field", "[alert_log]") {
    TempDir dir;
    auto store = SqliteStore::open(dir / "a.db");
    const auto a = fire(*store, "KICZ A0012/25", "FAA notice over SVZM");
    const auto b = fire(*store, "KICZ A0013/25", "bad \xff\xfe bytes and \x01 control");
    AlertLog log(dir / "log" / "alerts.jsonl", *store);
    CHECK(log.catch_up() == 2);
    CHECK(log.catch_up() == 0);
    const auto lines = lines_of(dir / "log" / "alerts.jsonl");
    REQUIRE(ids_of(lines) == std::vector<std::int64_t>{a, b});
    for (const char* field : {"event_id", "event", "alert_id", "fingerprint", "kind", "severity",
                              "at", "started", "summary", "labels", "evidence"}) {
        CHECK(lines[0].contains(field));
    }
    CHECK(lines[0]["at"] == "2025-11-21T18:03:00Z");
    CHECK(lines[1]["summary"].get<std::string>().find("\xEF\xBF\xBD") != std::string::npos);
}

TEST_CASE("after a crash between the write and the cursor, no event is written twice",
          "[alert_log]") {
    TempDir dir;
    auto store = SqliteStore::open(dir / "a.db");
    const auto path = dir / "alerts.jsonl";
    fire(*store, "KICZ A0012/25", "one");
    {
        AlertLog log(path, *store);
        log.catch_up();
    }
    // The cursor update "did not happen": the file alone must tell where to resume.
    store->database().execute("DELETE FROM log_cursor");
    const auto c = fire(*store, "KICZ A0013/25", "two");
    AlertLog log(path, *store);
    CHECK(log.cursor() == c - 1);
    log.catch_up();
    CHECK(ids_of(lines_of(path)) == std::vector<std::int64_t>{c - 1, c});
}

TEST_CASE("a line cut short is finished and its event written again whole", "[alert_log]") {
    TempDir dir;
    auto store = SqliteStore::open(dir / "a.db");
    const auto path = dir / "alerts.jsonl";
    const auto a = fire(*store, "KICZ A0012/25", "one");
    const auto b = fire(*store, "KICZ A0013/25", "two");
    {
        AlertLog log(path, *store);
        log.catch_up();
    }
    store->database().execute("DELETE FROM log_cursor");
    // Keep the first line and half of the second, as a kill in mid-write would.
    std::ifstream in(path);
    std::string first;
    std::string second;
    std::getline(in, first);
    std::getline(in, second);
    in.close();
    std::ofstream(path, std::ios::trunc) << first << "\n" << second.substr(0, second.size() / 2);

    AlertLog log(path, *store);
    CHECK(log.cursor() == a);
    log.catch_up();
    std::ifstream again(path);
    std::string text((std::istreambuf_iterator<char>(again)), std::istreambuf_iterator<char>());
    std::istringstream lines(text);
    std::vector<std::int64_t> parsed;
    int broken = 0;
    for (std::string line; std::getline(lines, line);) {
        auto doc = nlohmann::json::parse(line, nullptr, false);
        if (doc.is_discarded()) {
            ++broken;
        } else {
            parsed.push_back(doc["event_id"].get<std::int64_t>());
        }
    }
    CHECK(broken == 1); // the cut line stays as it was, alone on its line
    CHECK(parsed == std::vector<std::int64_t>{a, b});
}

TEST_CASE("after a rename rotation, reopen() continues in a new file", "[alert_log]") {
    TempDir dir;
    auto store = SqliteStore::open(dir / "a.db");
    const auto path = dir / "alerts.jsonl";
    AlertLog log(path, *store);
    const auto a = fire(*store, "KICZ A0012/25", "one");
    log.catch_up();
    std::filesystem::rename(path, dir / "alerts.jsonl.1");
    const auto b = fire(*store, "KICZ A0013/25", "two");
    log.catch_up(); // still the renamed file, as logrotate's window allows
    log.reopen();
    const auto c = fire(*store, "KICZ A0014/25", "three");
    log.catch_up();
    CHECK(ids_of(lines_of(dir / "alerts.jsonl.1")) == std::vector<std::int64_t>{a, b});
    CHECK(ids_of(lines_of(path)) == std::vector<std::int64_t>{c});
}
