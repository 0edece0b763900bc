// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/alert.hpp"
#include "lib/sqlite/database.hpp"
#include "lib/sqlite/statement.hpp"
#include "notify/webhook_format.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aerowatch {

enum class OutboxState { pending, delivered, dead };
const char* to_string(OutboxState state);

/// One delivery of one alert event to one webhook endpoint.
struct OutboxRow {
    std::int64_t id = 0;
    std::string webhook_id; // stable across retries: receivers de-duplicate on it
    std::string endpoint;
    std::int64_t event_seq = 0;
    std::string payload; // the exact body
    UtcTime created{};
    int attempts = 0;
    UtcTime next_attempt{};
    OutboxState state = OutboxState::pending;
    std::optional<int> last_status;
    std::string last_error;
    std::optional<UtcTime> finished;
};

/// Which alert events an endpoint receives, and in which body format.
struct OutboxRoute {
    std::string endpoint;
    WebhookFormat format = WebhookFormat::native;
    std::vector<AlertKind> kinds; // empty: all
    AlertSeverity min_severity = AlertSeverity::info;
    std::vector<SilenceMatcher> match; // all must hold
    std::string external_url;          // for links in chat formats
    bool accepts(const Alert& alert) const;
};

struct EndpointStatus {
    UtcTime disabled_at{};
    std::string reason;
};

/// The webhook outbox (../shared/reference/reliability.md 4.1).
///
/// enqueue() runs inside the transaction that records the alert event (AlertStore::record), so
/// a crash leaves both or neither. The delivery worker reads and marks rows through its own
/// connection; the CLI retries dead letters through a third. Rows are never deleted.
class OutboxStore {
  public:
    explicit OutboxStore(sqlite::Database& db);

    void set_routes(std::vector<OutboxRoute> routes) { routes_ = std::move(routes); }
    /// Writes one row per route that accepts the alert. The caller holds the write transaction.
    void enqueue(const Alert& alert, const AlertEvent& event);
    /// One row for `endpoint` with a ready body (the CLI's test event); returns its id.
    std::int64_t insert(const std::string& endpoint, std::int64_t event_seq,
                        const std::string& payload, UtcTime now);

    /// The oldest pending rows of an endpoint, in delivery order.
    std::vector<OutboxRow> pending(std::string_view endpoint, std::size_t limit);
    std::optional<OutboxRow> get(std::int64_t id);
    /// Newest first; dead letters only with dead_only.
    std::vector<OutboxRow> list(bool dead_only, std::size_t limit);
    std::map<OutboxState, std::int64_t> counts();

    void mark_delivered(std::int64_t id, int attempts, int status, UtcTime now);
    void mark_retry(std::int64_t id, int attempts, UtcTime next, std::optional<int> status,
                    std::string_view error);
    void mark_dead(std::int64_t id, int attempts, std::optional<int> status, std::string_view error,
                   UtcTime now);

    /// A 410: the endpoint takes nothing more; its pending rows become dead letters.
    void disable_endpoint(const std::string& endpoint, const std::string& reason, UtcTime now);
    std::map<std::string, EndpointStatus> disabled_endpoints();
    /// Dead letters back to pending (their endpoints enabled again); the number requeued.
    int retry(std::int64_t id, UtcTime now);
    int retry_all_dead(UtcTime now);

    /// A connection for the delivery worker's thread. Its synchronous=NORMAL is deliberate:
    /// under WAL a process crash loses no commit, and a power cut can lose only recent
    /// "delivered" marks, which means a re-send with the same webhook-id, never a loss.
    static sqlite::Database open_worker_connection(const std::filesystem::path& path);

  private:
    std::vector<OutboxRow>
    select_rows(const std::string& sql,
                const std::function<void(sqlite::Statement::Binding&)>& bind);
    sqlite::Database& db_;
    std::vector<OutboxRoute> routes_;
};

/// The event as written to the alert log and sent as a `native` webhook: the stored payload
/// with its `event_id` (the event's seq).
nlohmann::json event_document(const AlertEvent& event);

} // namespace aerowatch
