// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/alert.hpp"
#include "lib/sqlite/database.hpp"
#include "lib/sqlite/statement.hpp"

#include <functional>

#include <optional>
#include <string_view>
#include <vector>

namespace aerowatch {

class OutboxStore;

struct AlertQuery {
    std::optional<AlertState> state;
    std::optional<AlertKind> kind;
    std::optional<UtcTime> since; // last event at or after
    std::size_t limit = 1000;
};

/// Alerts (one row per fingerprint), their events in order, and silences.
///
/// record() changes the alert row and appends its event in the caller's transaction, so that
/// an event exists exactly when the state change it reports does: a crash between the two is
/// impossible, and whatever reads events (alert log, webhook outbox) by seq sees each once.
class AlertStore {
  public:
    explicit AlertStore(sqlite::Database& db);

    /// Where record() writes each notified event's webhook deliveries, in its transaction.
    void set_outbox(OutboxStore* outbox) { outbox_ = outbox; }

    std::optional<Alert> find(std::string_view fingerprint);
    std::optional<Alert> get(std::int64_t id);
    /// Firing alerts, of one kind or all.
    std::vector<Alert> firing(std::optional<AlertKind> kind = std::nullopt);
    /// Newest last event first.
    std::vector<Alert> query(const AlertQuery& query);

    /// Inserts (id 0, which it sets) or updates `alert` and appends the event of `type`.
    /// The caller holds the write transaction.
    AlertEvent record(Alert& alert, AlertEventType type, UtcTime at, bool silenced);
    /// Updates the row without an event (clear_since, evidence that grew below the threshold).
    void save(const Alert& alert);

    /// An alert's events, oldest first.
    std::vector<AlertEvent> events(std::int64_t alert_id);
    /// Events with seq > `after`, oldest first (readers that follow the log).
    std::vector<AlertEvent> events_after(std::int64_t after, std::size_t limit = 1000);
    std::int64_t last_event_seq();

    std::int64_t add_silence(const Silence& silence);
    /// Newest first; with active_only, those in force at `now`.
    std::vector<Silence> silences(bool active_only, UtcTime now);
    /// Ends a silence now; false when there is no such silence or it already ended.
    bool expire_silence(std::int64_t id, UtcTime now);
    /// True when a silence in force at `now` matches the alert.
    bool is_silenced(const Alert& alert, UtcTime now);

  private:
    std::vector<Alert> select_alerts(const char* sql,
                                     const std::function<void(sqlite::Statement::Binding&)>& bind);

    sqlite::Database& db_;
    OutboxStore* outbox_ = nullptr;
};

} // namespace aerowatch
