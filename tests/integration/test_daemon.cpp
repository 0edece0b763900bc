// SPDX-License-Identifier: GPL-3.0-or-later
// The real aerowatchd binary against local feed servers and a fake NOTIFY_SOCKET.
#include "integration/daemon_rig.hpp"
#include "lib/sqlite/database.hpp"
#include "store/migrations.hpp"
#include "store/sqlite_store.hpp"

#include <catch2/catch.hpp>

#include <csignal>

using namespace aerowatch;
using namespace aerowatch::test;
using namespace std::chrono_literals;

namespace {

std::optional<SourceState> stored_state(const DaemonRig& rig, const std::string& name) {
    const auto path = rig.dir / "state" / "aerowatch.db";
    if (!std::filesystem::exists(path)) {
        return std::nullopt;
    }
    try {
        return SqliteStore::open(path, SqliteStore::Access::read_only)->source_state(name);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

} // namespace

TEST_CASE("aerowatchd polls, reloads, refuses a broken reload and stops cleanly", "[daemon]") {
    DaemonRig rig;
    rig.write_config(rig.config(false));
    auto daemon = rig.start();

    std::vector<std::string> messages;
    REQUIRE(rig.notify.receive_until("READY=1", 10s, &messages));
    // READY=1 comes only after the database is open and migrated.
    const auto db_path = rig.dir / "state" / "aerowatch.db";
    REQUIRE(std::filesystem::exists(db_path));
    {
        sqlite::Database db(db_path, sqlite::Database::Mode::read_only);
        CHECK(db.query_int("PRAGMA user_version") == latest_schema_version());
    }

    REQUIRE(eventually([&] { return rig.czib_hits >= 1; }, 10s));
    REQUIRE(eventually(
        [&] {
            auto s = stored_state(rig, "easa-czib");
            return s && s->last_success.has_value();
        },
        5s));
    auto state = *stored_state(rig, "easa-czib");
    CHECK(state.etag == "\"fixture-1\"");
    CHECK(state.last_status == 200);
    CHECK(state.consecutive_failures == 0);
    CHECK(state.bytes_received > 500);
    REQUIRE(state.next_due.has_value());

    SECTION("a broken config on SIGHUP keeps the same process and the running config") {
        const pid_t pid = daemon->pid();
        rig.write_config(rig.config(true, "5s")); // interval below the minimum
        daemon->signal(SIGHUP);
        REQUIRE(rig.notify.receive_until("RELOADING=1", 5s, &messages));
        auto ready = rig.notify.receive_until("READY=1", 5s, &messages);
        REQUIRE(ready);
        CHECK_THAT(*ready, Catch::Contains("reload failed"));
        CHECK(daemon->running());
        CHECK(daemon->pid() == pid);
        CHECK(
            eventually([&] { return rig.log().find("aerowatch.toml:") != std::string::npos; }, 2s));
        const auto log = rig.log();
        CHECK_THAT(log, Catch::Contains("interval"));
        CHECK_THAT(log, Catch::Contains("keeping the running configuration"));
        CHECK(rig.advisory_hits == 0); // the new source in the broken file was not taken

        // A good config is taken on the next SIGHUP: the new source gets polled.
        rig.write_config(rig.config(true));
        daemon->signal(SIGHUP);
        REQUIRE(rig.notify.receive_until("RELOADING=1", 5s, &messages));
        ready = rig.notify.receive_until("READY=1", 5s, &messages);
        REQUIRE(ready);
        CHECK_THAT(*ready, Catch::Contains("polling 2 sources"));
        CHECK(eventually([&] { return rig.advisory_hits >= 1; }, 10s));
    }

    SECTION("SIGUSR1 is handled without stopping") {
        daemon->signal(SIGUSR1);
        CHECK(eventually([&] { return rig.log().find("reopening log files") != std::string::npos; },
                         5s));
        CHECK(daemon->running());
    }

    const auto stop_started = std::chrono::steady_clock::now();
    daemon->signal(SIGTERM);
    REQUIRE(rig.notify.receive_until("STOPPING=1", 5s, &messages));
    const auto exit_code = daemon->wait_exit(5s);
    REQUIRE(exit_code.has_value());
    CHECK(*exit_code == 0);
    CHECK(std::chrono::steady_clock::now() - stop_started < 5s);

    // The notifications came in protocol order: READY first, STOPPING last.
    std::vector<std::string> kinds;
    for (const auto& m : messages) {
        kinds.push_back(m.substr(0, m.find_first_of("=")));
    }
    CHECK(kinds.front() == "READY");
    CHECK(kinds.back() == "STOPPING");
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        if (kinds[i] == "RELOADING") {
            REQUIRE(i + 1 < kinds.size());
            CHECK(kinds[i + 1] == "READY");
        }
    }
    // The database is closed cleanly and consistent.
    sqlite::Database db(db_path);
    CHECK(db.query_text("PRAGMA integrity_check") == "ok");
}

TEST_CASE("a restarted aerowatchd uses the stored ETag", "[daemon]") {
    DaemonRig rig;
    rig.write_config(rig.config(false));
    {
        auto daemon = rig.start();
        REQUIRE(rig.notify.receive_until("READY=1", 10s));
        REQUIRE(eventually([&] { return rig.czib_hits >= 1; }, 10s));
        REQUIRE(eventually([&] { return stored_state(rig, "easa-czib").has_value(); }, 5s));
        daemon->signal(SIGTERM);
        REQUIRE(daemon->wait_exit(5s) == 0);
    }
    // Forget the remembered next poll so the restarted daemon polls at once.
    {
        sqlite::Database db(rig.dir / "state" / "aerowatch.db");
        db.execute("UPDATE source_state SET next_due = NULL");
    }
    auto daemon = rig.start();
    REQUIRE(rig.notify.receive_until("READY=1", 10s));
    REQUIRE(eventually([&] { return rig.not_modified >= 1; }, 10s));
    REQUIRE(eventually(
        [&] {
            auto s = stored_state(rig, "easa-czib");
            return s && s->last_status == 304;
        },
        5s));
    CHECK(stored_state(rig, "easa-czib")->etag == "\"fixture-1\"");
    daemon->signal(SIGTERM);
    CHECK(daemon->wait_exit(5s) == 0);
}

TEST_CASE("SIGUSR1 reopens the log file after logrotate moved it", "[daemon]") {
    DaemonRig rig;
    const auto log_file = rig.dir / "aerowatchd.log";
    rig.write_config(rig.config(false, "30s", "log_file = \"" + log_file.string() + "\"\n"));
    auto daemon = rig.start();
    REQUIRE(rig.notify.receive_until("READY=1", 10s));
    REQUIRE(
        eventually([&] { return read_file(log_file).find("ready in") != std::string::npos; }, 5s));
    std::filesystem::rename(log_file, rig.dir / "aerowatchd.log.1");
    daemon->signal(SIGUSR1);
    REQUIRE(eventually(
        [&] { return read_file(log_file).find("log files reopened") != std::string::npos; }, 5s));
    // The moved file kept what was written before the signal, and nothing after it.
    const auto rotated = read_file(rig.dir / "aerowatchd.log.1");
    CHECK_THAT(rotated, Catch::Contains("ready in"));
    CHECK_THAT(rotated, !Catch::Contains("log files reopened"));
    daemon->signal(SIGTERM);
    CHECK(daemon->wait_exit(5s) == 0);
}

TEST_CASE("the watchdog is pinged from the loop", "[daemon]") {
    DaemonRig rig;
    rig.write_config(rig.config(false));
    auto daemon = rig.start({"WATCHDOG_USEC=400000"});
    REQUIRE(rig.notify.receive_until("READY=1", 10s));
    int pings = 0;
    const auto until = std::chrono::steady_clock::now() + 1500ms;
    while (std::chrono::steady_clock::now() < until) {
        if (auto m = rig.notify.receive(100ms); m && *m == "WATCHDOG=1") {
            ++pings;
        }
    }
    CHECK(pings >= 4); // every 200 ms for 1.5 s, give or take
    daemon->signal(SIGTERM);
    CHECK(daemon->wait_exit(5s) == 0);
}

TEST_CASE("aerowatchd refuses bad configs and bad databases with distinct exit codes", "[daemon]") {
    DaemonRig rig;

    SECTION("a bad config exits 78 naming file, line and key") {
        rig.write_config(rig.config(false) + "\nintervall = \"5m\"\n");
        auto daemon = rig.start();
        CHECK(daemon->wait_exit(10s) == 78);
        const auto log = rig.log();
        CHECK_THAT(log, Catch::Contains("aerowatch.toml:"));
        CHECK_THAT(log, Catch::Contains("intervall"));
        auto status = rig.notify.receive_until("STATUS=", 1s);
        REQUIRE(status);
        CHECK_THAT(*status, Catch::Contains("ERRNO="));
    }

    SECTION("--check-config exits 0 for a good file and 78 for a bad one") {
        const auto good = rig.write_config(rig.config(true));
        ChildProcess ok({AEROWATCHD_BINARY, "--check-config", "--config", good.string()}, {},
                        rig.dir / "out1", rig.dir / "err1");
        CHECK(ok.wait_exit(10s) == 0);
        CHECK_THAT(read_file(rig.dir / "out1"), Catch::Contains("OK, 2 source(s)"));
        CHECK_FALSE(std::filesystem::exists(rig.dir / "state")); // validation touches nothing

        const auto bad = rig.dir.write("bad.toml", "[daemon]\nlog_level = \"loud\"\n");
        ChildProcess fail({AEROWATCHD_BINARY, "--check-config", "--config", bad.string()}, {},
                          rig.dir / "out2", rig.dir / "err2");
        CHECK(fail.wait_exit(10s) == 78);
        CHECK_THAT(read_file(rig.dir / "err2"), Catch::Contains("bad.toml:2"));
    }

    SECTION("a database from a newer release exits 78") {
        rig.write_config(rig.config(false));
        std::filesystem::create_directories(rig.dir / "state");
        {
            SqliteStore::open(rig.dir / "state" / "aerowatch.db");
            sqlite::Database db(rig.dir / "state" / "aerowatch.db");
            db.execute("PRAGMA user_version = 999");
        }
        auto daemon = rig.start();
        CHECK(daemon->wait_exit(10s) == 78);
        CHECK_THAT(rig.log(), Catch::Contains("newer than this aerowatch supports"));
    }

    SECTION("a corrupt database exits 65 and is left untouched") {
        rig.write_config(rig.config(false));
        const auto db = rig.dir.write("state/aerowatch.db", std::string(16384, '\x13'));
        auto daemon = rig.start();
        CHECK(daemon->wait_exit(10s) == 65);
        CHECK(read_file(db) == std::string(16384, '\x13'));
        CHECK(rig.czib_hits == 0);
    }
}
