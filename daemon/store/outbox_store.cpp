// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/outbox_store.hpp"

#include "core/time.hpp"
#include "notify/webhook_signature.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace aerowatch {

namespace {

constexpr const char* row_columns =
    "id, webhook_id, endpoint, event_seq, payload, created_at, attempts, next_attempt_at, state, "
    "last_status, last_error, finished_at";

OutboxState state_from(std::string_view text) {
    if (text == "delivered") {
        return OutboxState::delivered;
    }
    return text == "dead" ? OutboxState::dead : OutboxState::pending;
}

OutboxRow read_row(const sqlite::Statement::Binding& row) {
    OutboxRow r;
    r.id = row.get_int(0);
    r.webhook_id = row.get_text(1);
    r.endpoint = row.get_text(2);
    r.event_seq = row.get_int(3);
    r.payload = row.get_text(4);
    r.created = from_unix_seconds(row.get_int(5));
    r.attempts = static_cast<int>(row.get_int(6));
    r.next_attempt = from_unix_seconds(row.get_int(7));
    r.state = state_from(row.get_text(8));
    if (auto status = row.get_optional_int(9)) {
        r.last_status = static_cast<int>(*status);
    }
    r.last_error = row.get_optional_text(10).value_or("");
    if (auto finished = row.get_optional_int(11)) {
        r.finished = from_unix_seconds(*finished);
    }
    return r;
}

} // namespace

const char* to_string(OutboxState state) {
    switch (state) {
    case OutboxState::pending:
        return "pending";
    case OutboxState::delivered:
        return "delivered";
    case OutboxState::dead:
        return "dead";
    }
    return "pending";
}

bool OutboxRoute::accepts(const Alert& alert) const {
    if (!kinds.empty() && std::find(kinds.begin(), kinds.end(), alert.kind) == kinds.end()) {
        return false;
    }
    if (alert.severity < min_severity) {
        return false;
    }
    return match.empty() || silence_matches(match, alert);
}

nlohmann::json event_document(const AlertEvent& event) {
    nlohmann::json doc = {{"event_id", event.seq}};
    for (const auto& [key, value] : event.payload.items()) {
        doc[key] = value;
    }
    if (event.silenced) {
        doc["silenced"] = true;
    }
    return doc;
}

OutboxStore::OutboxStore(sqlite::Database& db) : db_(db) {}

void OutboxStore::enqueue(const Alert& alert, const AlertEvent& event) {
    if (event.silenced || routes_.empty()) {
        return;
    }
    const auto document = event_document(event);
    for (const auto& route : routes_) {
        if (!route.accepts(alert)) {
            continue;
        }
        const auto body =
            render_webhook_body(route.format, document, {route.endpoint, route.external_url});
        insert(route.endpoint, event.seq, body, event.at);
    }
}

std::int64_t OutboxStore::insert(const std::string& endpoint, std::int64_t event_seq,
                                 const std::string& payload, UtcTime now) {
    sqlite::Statement st(db_, "INSERT INTO outbox (webhook_id, endpoint, event_seq, payload, "
                              "created_at, next_attempt_at, state) VALUES (?1, ?2, ?3, ?4, ?5, "
                              "?5, 'pending')");
    auto b = st.use();
    b.bind(1, generate_webhook_id())
        .bind(2, endpoint)
        .bind(3, event_seq)
        .bind(4, payload)
        .bind(5, unix_seconds(now));
    b.run();
    return sqlite3_last_insert_rowid(db_.get());
}

std::vector<OutboxRow>
OutboxStore::select_rows(const std::string& sql,
                         const std::function<void(sqlite::Statement::Binding&)>& bind) {
    sqlite::Statement st(db_, sql.c_str());
    auto row = st.use();
    bind(row);
    std::vector<OutboxRow> out;
    while (row.step()) {
        out.push_back(read_row(row));
    }
    return out;
}

std::vector<OutboxRow> OutboxStore::pending(std::string_view endpoint, std::size_t limit) {
    return select_rows(
        fmt::format("SELECT {} FROM outbox WHERE endpoint = ?1 AND state = 'pending' ORDER BY id "
                    "LIMIT ?2",
                    row_columns),
        [&](auto& b) { b.bind(1, endpoint).bind(2, static_cast<std::int64_t>(limit)); });
}

std::optional<OutboxRow> OutboxStore::get(std::int64_t id) {
    auto rows = select_rows(fmt::format("SELECT {} FROM outbox WHERE id = ?1", row_columns),
                            [&](auto& b) { b.bind(1, id); });
    if (rows.empty()) {
        return std::nullopt;
    }
    return std::move(rows.front());
}

std::vector<OutboxRow> OutboxStore::list(bool dead_only, std::size_t limit) {
    return select_rows(fmt::format("SELECT {} FROM outbox {} ORDER BY id DESC LIMIT ?1",
                                   row_columns, dead_only ? "WHERE state = 'dead'" : ""),
                       [&](auto& b) { b.bind(1, static_cast<std::int64_t>(limit)); });
}

std::map<OutboxState, std::int64_t> OutboxStore::counts() {
    std::map<OutboxState, std::int64_t> out{
        {OutboxState::pending, 0}, {OutboxState::delivered, 0}, {OutboxState::dead, 0}};
    sqlite::Statement st(db_, "SELECT state, count(*) FROM outbox GROUP BY state");
    auto row = st.use();
    while (row.step()) {
        out[state_from(row.get_text(0))] = row.get_int(1);
    }
    return out;
}

void OutboxStore::mark_delivered(std::int64_t id, int attempts, int status, UtcTime now) {
    sqlite::Statement st(db_,
                         "UPDATE outbox SET state = 'delivered', attempts = ?2, "
                         "last_status = ?3, last_error = NULL, finished_at = ?4 WHERE id = ?1");
    auto b = st.use();
    b.bind(1, id).bind(2, attempts).bind(3, status).bind(4, unix_seconds(now));
    b.run();
}

void OutboxStore::mark_retry(std::int64_t id, int attempts, UtcTime next, std::optional<int> status,
                             std::string_view error) {
    sqlite::Statement st(db_, "UPDATE outbox SET attempts = ?2, next_attempt_at = ?3, "
                              "last_status = ?4, last_error = ?5 WHERE id = ?1");
    auto b = st.use();
    b.bind(1, id).bind(2, attempts).bind(3, unix_seconds(next)).bind(4, status).bind(5, error);
    b.run();
}

void OutboxStore::mark_dead(std::int64_t id, int attempts, std::optional<int> status,
                            std::string_view error, UtcTime now) {
    sqlite::Statement st(db_, "UPDATE outbox SET state = 'dead', attempts = ?2, last_status = ?3, "
                              "last_error = ?4, finished_at = ?5 WHERE id = ?1");
    auto b = st.use();
    b.bind(1, id).bind(2, attempts).bind(3, status).bind(4, error).bind(5, unix_seconds(now));
    b.run();
}

void OutboxStore::disable_endpoint(const std::string& endpoint, const std::string& reason,
                                   UtcTime now) {
    {
        sqlite::Statement st(db_, "INSERT INTO webhook_endpoint (name, disabled_at, "
                                  "disabled_reason) VALUES (?1, ?2, ?3) ON CONFLICT (name) DO "
                                  "UPDATE SET disabled_at = ?2, disabled_reason = ?3");
        auto b = st.use();
        b.bind(1, endpoint).bind(2, unix_seconds(now)).bind(3, reason);
        b.run();
    }
    sqlite::Statement st(db_, "UPDATE outbox SET state = 'dead', finished_at = ?2, last_error = "
                              "coalesce(last_error, ?3) WHERE endpoint = ?1 AND state = 'pending'");
    auto b = st.use();
    b.bind(1, endpoint).bind(2, unix_seconds(now)).bind(3, "endpoint disabled: " + reason);
    b.run();
}

std::map<std::string, EndpointStatus> OutboxStore::disabled_endpoints() {
    std::map<std::string, EndpointStatus> out;
    sqlite::Statement st(db_, "SELECT name, disabled_at, disabled_reason FROM webhook_endpoint "
                              "WHERE disabled_at IS NOT NULL");
    auto row = st.use();
    while (row.step()) {
        out[row.get_text(0)] = {from_unix_seconds(row.get_int(1)),
                                row.get_optional_text(2).value_or("")};
    }
    return out;
}

int OutboxStore::retry(std::int64_t id, UtcTime now) {
    sqlite::Transaction tx(db_);
    {
        sqlite::Statement st(db_, "UPDATE webhook_endpoint SET disabled_at = NULL, "
                                  "disabled_reason = NULL WHERE name = (SELECT endpoint FROM "
                                  "outbox WHERE id = ?1 AND state = 'dead')");
        auto b = st.use();
        b.bind(1, id);
        b.run();
    }
    sqlite::Statement st(db_, "UPDATE outbox SET state = 'pending', attempts = 0, "
                              "next_attempt_at = ?2, finished_at = NULL WHERE id = ?1 AND "
                              "state = 'dead'");
    auto b = st.use();
    b.bind(1, id).bind(2, unix_seconds(now));
    b.run();
    const int changed = sqlite3_changes(db_.get());
    tx.commit();
    return changed;
}

int OutboxStore::retry_all_dead(UtcTime now) {
    sqlite::Transaction tx(db_);
    db_.execute("UPDATE webhook_endpoint SET disabled_at = NULL, disabled_reason = NULL WHERE "
                "name IN (SELECT endpoint FROM outbox WHERE state = 'dead')");
    sqlite::Statement st(db_, "UPDATE outbox SET state = 'pending', attempts = 0, "
                              "next_attempt_at = ?1, finished_at = NULL WHERE state = 'dead'");
    auto b = st.use();
    b.bind(1, unix_seconds(now));
    b.run();
    const int changed = sqlite3_changes(db_.get());
    tx.commit();
    return changed;
}

sqlite::Database OutboxStore::open_worker_connection(const std::filesystem::path& path) {
    sqlite::Database db(path);
    db.execute("PRAGMA busy_timeout = 5000");
    db.execute("PRAGMA foreign_keys = ON");
    db.execute("PRAGMA synchronous = NORMAL");
    return db;
}

} // namespace aerowatch
