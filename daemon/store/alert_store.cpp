// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/alert_store.hpp"

#include "store/outbox_store.hpp"

#include "core/time.hpp"

#include "lib/sqlite/statement.hpp"

#include <sqlite3.h>

namespace aerowatch {

namespace {

using nlohmann::json;

constexpr const char* alert_columns =
    "id, fingerprint, kind, severity, state, subject, summary, labels, evidence, magnitude, "
    "first_fired, last_event, clear_since, resolved";

json parse_or_empty(const std::string& text) {
    auto parsed = json::parse(text, nullptr, false);
    return parsed.is_discarded() ? json::object() : parsed;
}

Alert read_alert(const sqlite::Statement::Binding& row) {
    Alert a;
    a.id = row.get_int(0);
    a.fingerprint = row.get_text(1);
    a.kind = alert_kind_from_string(row.get_text(2)).value_or(AlertKind::hazard);
    a.severity = alert_severity_from_string(row.get_text(3)).value_or(AlertSeverity::info);
    a.state = alert_state_from_string(row.get_text(4)).value_or(AlertState::firing);
    a.subject = row.get_text(5);
    a.summary = row.get_text(6);
    a.labels = AlertLabels::from_json(parse_or_empty(row.get_text(7)));
    a.evidence = parse_or_empty(row.get_text(8));
    a.magnitude = row.get_double(9);
    a.first_fired = from_unix_seconds(row.get_int(10));
    a.last_event = from_unix_seconds(row.get_int(11));
    if (auto t = row.get_optional_int(12)) {
        a.clear_since = from_unix_seconds(*t);
    }
    if (auto t = row.get_optional_int(13)) {
        a.resolved = from_unix_seconds(*t);
    }
    return a;
}

AlertEvent read_event(const sqlite::Statement::Binding& row) {
    AlertEvent e;
    e.seq = row.get_int(0);
    e.alert_id = row.get_int(1);
    const auto type = row.get_text(2);
    e.type = type == "resolved"  ? AlertEventType::resolved
             : type == "updated" ? AlertEventType::updated
                                 : AlertEventType::firing;
    e.at = from_unix_seconds(row.get_int(3));
    e.silenced = row.get_int(4) != 0;
    e.payload = parse_or_empty(row.get_text(5));
    return e;
}

void bind_alert(sqlite::Statement::Binding& b, const Alert& a) {
    b.bind(1, a.fingerprint)
        .bind(2, to_string(a.kind))
        .bind(3, to_string(a.severity))
        .bind(4, to_string(a.state))
        .bind(5, a.subject)
        .bind(6, a.summary)
        .bind(7, a.labels.to_json().dump())
        .bind(8, a.evidence.dump())
        .bind(9, a.magnitude)
        .bind(10, unix_seconds(a.first_fired))
        .bind(11, unix_seconds(a.last_event));
    if (a.clear_since) {
        b.bind(12, unix_seconds(*a.clear_since));
    } else {
        b.bind_null(12);
    }
    if (a.resolved) {
        b.bind(13, unix_seconds(*a.resolved));
    } else {
        b.bind_null(13);
    }
}

Silence read_silence(const sqlite::Statement::Binding& row) {
    Silence s;
    s.id = row.get_int(0);
    for (const auto& pair : parse_or_empty(row.get_text(1))) {
        if (pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_string()) {
            s.matchers.push_back({pair[0].get<std::string>(), pair[1].get<std::string>()});
        }
    }
    s.starts = from_unix_seconds(row.get_int(2));
    s.ends = from_unix_seconds(row.get_int(3));
    s.comment = row.get_text(4);
    s.created = from_unix_seconds(row.get_int(5));
    return s;
}

} // namespace

AlertStore::AlertStore(sqlite::Database& db) : db_(db) {}

std::vector<Alert>
AlertStore::select_alerts(const char* sql,
                          const std::function<void(sqlite::Statement::Binding&)>& bind) {
    sqlite::Statement st(db_, sql);
    auto row = st.use();
    bind(row);
    std::vector<Alert> out;
    while (row.step()) {
        out.push_back(read_alert(row));
    }
    return out;
}

std::optional<Alert> AlertStore::find(std::string_view fingerprint) {
    const auto sql = std::string("SELECT ") + alert_columns + " FROM alert WHERE fingerprint = ?1";
    auto found =
        select_alerts(sql.c_str(), [&](sqlite::Statement::Binding& b) { b.bind(1, fingerprint); });
    return found.empty() ? std::nullopt : std::optional<Alert>(std::move(found.front()));
}

std::optional<Alert> AlertStore::get(std::int64_t id) {
    const auto sql = std::string("SELECT ") + alert_columns + " FROM alert WHERE id = ?1";
    auto found = select_alerts(sql.c_str(), [&](sqlite::Statement::Binding& b) { b.bind(1, id); });
    return found.empty() ? std::nullopt : std::optional<Alert>(std::move(found.front()));
}

std::vector<Alert> AlertStore::firing(std::optional<AlertKind> kind) {
    const auto sql = std::string("SELECT ") + alert_columns +
                     " FROM alert WHERE state = 'firing' AND (?1 IS NULL OR kind = ?1) ORDER BY id";
    return select_alerts(sql.c_str(), [&](sqlite::Statement::Binding& b) {
        if (kind) {
            b.bind(1, to_string(*kind));
        } else {
            b.bind_null(1);
        }
    });
}

std::vector<Alert> AlertStore::query(const AlertQuery& q) {
    const auto sql = std::string("SELECT ") + alert_columns +
                     " FROM alert WHERE (?1 IS NULL OR state = ?1) AND (?2 IS NULL OR kind = ?2) "
                     "AND (?3 IS NULL OR last_event >= ?3) ORDER BY last_event DESC, id DESC "
                     "LIMIT ?4";
    return select_alerts(sql.c_str(), [&](sqlite::Statement::Binding& b) {
        if (q.state) {
            b.bind(1, to_string(*q.state));
        } else {
            b.bind_null(1);
        }
        if (q.kind) {
            b.bind(2, to_string(*q.kind));
        } else {
            b.bind_null(2);
        }
        if (q.since) {
            b.bind(3, unix_seconds(*q.since));
        } else {
            b.bind_null(3);
        }
        b.bind(4, static_cast<std::int64_t>(q.limit));
    });
}

void AlertStore::save(const Alert& alert) {
    sqlite::Statement st(db_, "UPDATE alert SET fingerprint = ?1, kind = ?2, severity = ?3, "
                              "state = ?4, subject = ?5, summary = ?6, labels = ?7, evidence = ?8, "
                              "magnitude = ?9, first_fired = ?10, last_event = ?11, "
                              "clear_since = ?12, resolved = ?13 WHERE id = ?14");
    auto b = st.use();
    bind_alert(b, alert);
    b.bind(14, alert.id);
    b.run();
}

AlertEvent AlertStore::record(Alert& alert, AlertEventType type, UtcTime at, bool silenced) {
    alert.last_event = at;
    if (alert.id == 0) {
        sqlite::Statement st(db_, "INSERT INTO alert (fingerprint, kind, severity, state, subject, "
                                  "summary, labels, evidence, magnitude, first_fired, last_event, "
                                  "clear_since, resolved) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                                  "?9, ?10, ?11, ?12, ?13)");
        auto b = st.use();
        bind_alert(b, alert);
        b.run();
        alert.id = sqlite3_last_insert_rowid(db_.get());
    } else {
        save(alert);
    }
    AlertEvent event;
    event.alert_id = alert.id;
    event.type = type;
    event.at = at;
    event.silenced = silenced;
    event.payload = alert_event_payload(alert, type, at);
    sqlite::Statement st(db_, "INSERT INTO alert_event (alert_id, event, at, silenced, payload) "
                              "VALUES (?1, ?2, ?3, ?4, ?5)");
    auto b = st.use();
    b.bind(1, alert.id)
        .bind(2, to_string(type))
        .bind(3, unix_seconds(at))
        .bind(4, silenced ? 1 : 0)
        .bind(5, event.payload.dump(-1, ' ', false, json::error_handler_t::replace));
    b.run();
    event.seq = sqlite3_last_insert_rowid(db_.get());
    if (outbox_ != nullptr) {
        outbox_->enqueue(alert, event);
    }
    return event;
}

std::vector<AlertEvent> AlertStore::events(std::int64_t alert_id) {
    sqlite::Statement st(db_, "SELECT seq, alert_id, event, at, silenced, payload FROM "
                              "alert_event WHERE alert_id = ?1 ORDER BY seq");
    auto row = st.use();
    row.bind(1, alert_id);
    std::vector<AlertEvent> out;
    while (row.step()) {
        out.push_back(read_event(row));
    }
    return out;
}

std::vector<AlertEvent> AlertStore::events_after(std::int64_t after, std::size_t limit) {
    sqlite::Statement st(db_, "SELECT seq, alert_id, event, at, silenced, payload FROM "
                              "alert_event WHERE seq > ?1 ORDER BY seq LIMIT ?2");
    auto row = st.use();
    row.bind(1, after).bind(2, static_cast<std::int64_t>(limit));
    std::vector<AlertEvent> out;
    while (row.step()) {
        out.push_back(read_event(row));
    }
    return out;
}

std::int64_t AlertStore::last_event_seq() {
    return db_.query_int("SELECT coalesce(max(seq), 0) FROM alert_event");
}

std::int64_t AlertStore::add_silence(const Silence& silence) {
    json matchers = json::array();
    for (const auto& m : silence.matchers) {
        matchers.push_back({m.key, m.value});
    }
    sqlite::Statement st(db_, "INSERT INTO silence (matchers, starts, ends, comment, created) "
                              "VALUES (?1, ?2, ?3, ?4, ?5)");
    auto b = st.use();
    b.bind(1, matchers.dump())
        .bind(2, unix_seconds(silence.starts))
        .bind(3, unix_seconds(silence.ends))
        .bind(4, silence.comment)
        .bind(5, unix_seconds(silence.created));
    b.run();
    return sqlite3_last_insert_rowid(db_.get());
}

std::vector<Silence> AlertStore::silences(bool active_only, UtcTime now) {
    sqlite::Statement st(db_, "SELECT id, matchers, starts, ends, comment, created FROM silence "
                              "WHERE ?1 = 0 OR (starts <= ?2 AND ends > ?2) ORDER BY id DESC");
    auto row = st.use();
    row.bind(1, active_only ? 1 : 0).bind(2, unix_seconds(now));
    std::vector<Silence> out;
    while (row.step()) {
        out.push_back(read_silence(row));
    }
    return out;
}

bool AlertStore::expire_silence(std::int64_t id, UtcTime now) {
    sqlite::Statement st(db_, "UPDATE silence SET ends = ?2 WHERE id = ?1 AND ends > ?2");
    auto b = st.use();
    b.bind(1, id).bind(2, unix_seconds(now));
    b.run();
    return sqlite3_changes(db_.get()) > 0;
}

bool AlertStore::is_silenced(const Alert& alert, UtcTime now) {
    for (const auto& silence : silences(true, now)) {
        if (silence_matches(silence.matchers, alert)) {
            return true;
        }
    }
    return false;
}

} // namespace aerowatch
