// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/sqlite/database.hpp"
#include "store/migrations.hpp"
#include "store/sqlite_store.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace aerowatch;
using aerowatch::test::TempDir;

namespace {

SourceState sample_state() {
    SourceState s;
    s.name = "faa";
    s.etag = "\"abc\"";
    s.last_modified = "Fri, 21 Nov 2025 18:08:00 GMT";
    s.last_attempt = UtcTime{std::chrono::seconds{1763748480}};
    s.last_success = s.last_attempt;
    s.consecutive_failures = 2;
    s.last_error = "HTTP 503";
    s.last_status = 503;
    s.next_due = UtcTime{std::chrono::seconds{1763748780}};
    s.fetches = 7;
    s.bytes_received = 12345;
    return s;
}

} // namespace

TEST_CASE("a new database is migrated to the latest schema", "[store]") {
    TempDir dir;
    auto store = SqliteStore::open(dir / "a.db");
    auto& db = store->database();
    CHECK(db.query_int("PRAGMA user_version") == latest_schema_version());
    CHECK(db.query_text("PRAGMA journal_mode") == "wal");
    CHECK(db.query_int("PRAGMA synchronous") == 2); // FULL
    CHECK(db.query_int("PRAGMA foreign_keys") == 1);
    CHECK(db.query_int("PRAGMA busy_timeout") == 5000);
    CHECK(db.query_text("PRAGMA integrity_check") == "ok");
}

TEST_CASE("source state round-trips and survives re-opening", "[store]") {
    TempDir dir;
    {
        auto store = SqliteStore::open(dir / "a.db");
        CHECK_FALSE(store->source_state("faa").has_value());
        store->save_source_state(sample_state());
        auto updated = sample_state();
        updated.consecutive_failures = 0;
        updated.last_error.reset();
        updated.etag.reset();
        store->save_source_state(updated); // upsert, not a second row
        CHECK(store->all_source_states().size() == 1);
    }
    auto store = SqliteStore::open(dir / "a.db"); // idempotent re-open: no migration re-run
    CHECK(store->database().query_int("PRAGMA user_version") == latest_schema_version());
    auto s = store->source_state("faa");
    REQUIRE(s.has_value());
    CHECK(s->consecutive_failures == 0);
    CHECK_FALSE(s->last_error.has_value());
    CHECK_FALSE(s->etag.has_value());
    CHECK(s->last_modified == sample_state().last_modified);
    CHECK(s->last_attempt == sample_state().last_attempt);
    CHECK(s->next_due == sample_state().next_due);
    CHECK(s->last_status == 503);
    CHECK(s->fetches == 7);
    CHECK(s->bytes_received == 12345);
}

TEST_CASE("a database from a newer release is refused", "[store]") {
    TempDir dir;
    { SqliteStore::open(dir / "a.db"); }
    {
        sqlite::Database db(dir / "a.db");
        db.execute(
            ("PRAGMA user_version = " + std::to_string(latest_schema_version() + 1)).c_str());
    }
    try {
        SqliteStore::open(dir / "a.db");
        FAIL("expected SchemaError");
    } catch (const SchemaError& e) {
        CHECK_THAT(e.what(), Catch::Contains("newer than this aerowatch supports"));
    }
}

TEST_CASE("a foreign SQLite file is refused, not migrated", "[store]") {
    TempDir dir;
    {
        sqlite::Database db(dir / "other.db");
        db.execute("CREATE TABLE t(x); PRAGMA user_version = 3;");
    }
    CHECK_THROWS_AS(SqliteStore::open(dir / "other.db"), SchemaError);
    sqlite::Database db(dir / "other.db");
    CHECK(db.query_int("PRAGMA user_version") == 3); // untouched
}

TEST_CASE("a corrupt database is refused at start and left as it was", "[store]") {
    TempDir dir;
    {
        auto store = SqliteStore::open(dir / "a.db");
        for (int i = 0; i < 200; ++i) {
            auto s = sample_state();
            s.name = "source-" + std::to_string(i);
            store->save_source_state(s);
        }
        store->database().execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    // Overwrite the b-tree page headers after page 1: the file still opens (its header and
    // schema are intact), but the table pages are garbage.
    const auto path = dir / "a.db";
    const auto pages = std::filesystem::file_size(path) / 4096;
    REQUIRE(pages > 2);
    {
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        const std::string garbage(16, '\x5a');
        for (std::uintmax_t page = 1; page < pages; ++page) {
            f.seekp(static_cast<std::streamoff>(page * 4096));
            f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
        }
    }
    const auto before = test::read_file(path);
    CHECK_THROWS_AS(SqliteStore::open(path), CorruptDatabaseError);
    CHECK(test::read_file(path) == before);
}

TEST_CASE("a file that is not a database at all is reported as corrupt", "[store]") {
    TempDir dir;
    const auto path = dir.write("a.db", std::string(8192, 'x'));
    CHECK_THROWS_AS(SqliteStore::open(path), CorruptDatabaseError);
}

TEST_CASE("read-only access needs an existing, migrated database and writes nothing", "[store]") {
    TempDir dir;
    CHECK_THROWS_WITH(SqliteStore::open(dir / "missing.db", SqliteStore::Access::read_only),
                      Catch::Contains("no database at"));
    CHECK_FALSE(std::filesystem::exists(dir / "missing.db"));
    {
        auto store = SqliteStore::open(dir / "a.db");
        store->save_source_state(sample_state());
    }
    auto reader = SqliteStore::open(dir / "a.db", SqliteStore::Access::read_only);
    CHECK(reader->all_source_states().size() == 1);
    CHECK_THROWS(reader->save_source_state(sample_state()));
}

TEST_CASE("a failed transaction rolls back", "[store]") {
    TempDir dir;
    sqlite::Database db(dir / "t.db");
    db.execute("CREATE TABLE t(x INTEGER)");
    {
        sqlite::Transaction tx(db);
        db.execute("INSERT INTO t VALUES (1)");
        // no commit: the destructor rolls back, as after an exception
    }
    CHECK(db.query_int("SELECT COUNT(*) FROM t") == 0);
    {
        sqlite::Transaction tx(db);
        db.execute("INSERT INTO t VALUES (1)");
        tx.commit();
    }
    CHECK(db.query_int("SELECT COUNT(*) FROM t") == 1);
}
