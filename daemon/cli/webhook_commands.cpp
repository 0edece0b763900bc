// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/webhook_commands.hpp"

#include "config/config.hpp"
#include "core/time.hpp"
#include "notify/webhook_request.hpp"
#include "notify/webhook_signature.hpp"
#include "service/delivery_thread.hpp"
#include "service/exit_codes.hpp"
#include "sources/request_builder.hpp"
#include "store/sqlite_store.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <charconv>
#include <chrono>
#include <ostream>

namespace aerowatch {

namespace {

using nlohmann::json;

json row_json(const OutboxRow& r) {
    return {{"id", r.id},
            {"webhook_id", r.webhook_id},
            {"endpoint", r.endpoint},
            {"event_id", r.event_seq},
            {"state", to_string(r.state)},
            {"attempts", r.attempts},
            {"created", format_iso8601(r.created)},
            {"next_attempt", r.state == OutboxState::pending ? json(format_iso8601(r.next_attempt))
                                                             : json(nullptr)},
            {"finished", r.finished ? json(format_iso8601(*r.finished)) : json(nullptr)},
            {"last_status", r.last_status ? json(*r.last_status) : json(nullptr)},
            {"last_error", r.last_error.empty() ? json(nullptr) : json(r.last_error)}};
}

json test_event(const std::string& name, UtcTime now) {
    const auto at = format_iso8601(now);
    return {{"event_id", 0},
            {"event", "firing"},
            {"alert_id", 0},
            {"fingerprint", "test:" + name},
            {"kind", "hazard"},
            {"severity", "info"},
            {"at", at},
            {"started", at},
            {"summary", "aerowatch test event: webhook " + name + " is reachable"},
            {"labels",
             {{"firs", json::array()},
              {"airports", json::array()},
              {"airlines", json::array()},
              {"countries", json::array()}}},
            {"evidence", {{"test", true}}},
            {"test", true}};
}

} // namespace

int command_webhook_test(const CliContext& context, const std::string& name, std::ostream& out,
                         std::ostream& err) {
    Config config;
    try {
        config = load_config(context.config_path);
    } catch (const ConfigError& e) {
        err << e.what() << "\n";
        return exit_code::config;
    }
    const auto* webhook = config.find_webhook(name);
    if (webhook == nullptr) {
        err << "aerowatch: no [[webhook]] named \"" << name << "\" in "
            << context.config_path.string() << "\n";
        return exit_code::usage;
    }
    const auto target = webhook_target(*webhook, user_agent(config.daemon.contact));
    const auto now = SystemClock().utc_now();
    const auto id = generate_webhook_id();
    const auto body = render_webhook_body(webhook->format, test_event(name, now),
                                          {webhook->name, config.daemon.external_url});
    WebhookRequest request(target, id, body, now);
    const auto started = std::chrono::steady_clock::now();
    const CURLcode code = request.perform();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
    const long status = request.status();
    const bool ok = status >= 200 && status < 300;
    if (context.json) {
        out << json{{"webhook", name},
                    {"format", to_string(webhook->format)},
                    {"signed", target.key.has_value()},
                    {"webhook_id", id},
                    {"status", status},
                    {"error", status == 0 ? json(request.error_text(code)) : json(nullptr)},
                    {"response", request.response_excerpt()},
                    {"milliseconds", ms},
                    {"ok", ok}}
                   .dump(2)
            << "\n";
        return ok ? exit_code::ok : exit_code::failure;
    }
    out << fmt::format("webhook {}: posted a {} test event ({}), webhook-id {}\n", name,
                       to_string(webhook->format), target.key ? "signed" : "not signed", id);
    if (status == 0) {
        out << fmt::format("no answer after {} ms: {}\n", ms, request.error_text(code));
    } else {
        out << fmt::format("receiver answered HTTP {} in {} ms{}\n", status, ms,
                           ok ? "" : " (not a success: events would be retried or dead-lettered)");
        if (const auto text = request.response_excerpt(); !text.empty()) {
            out << "response: " << text << "\n";
        }
    }
    return ok ? exit_code::ok : exit_code::failure;
}

int command_outbox(const CliContext& context, bool dead_only, std::ostream& out,
                   std::ostream& err) {
    int code = exit_code::ok;
    auto store = open_cli_store(context, false, err, code);
    if (!store) {
        return code;
    }
    const auto rows = store->outbox().list(dead_only, 200);
    const auto counts = store->outbox().counts();
    const auto disabled = store->outbox().disabled_endpoints();
    if (context.json) {
        json list = json::array();
        for (const auto& r : rows) {
            list.push_back(row_json(r));
        }
        json off = json::object();
        for (const auto& [endpoint, status] : disabled) {
            off[endpoint] = {{"disabled_at", format_iso8601(status.disabled_at)},
                             {"reason", status.reason}};
        }
        out << json{{"counts",
                     {{"pending", counts.at(OutboxState::pending)},
                      {"delivered", counts.at(OutboxState::delivered)},
                      {"dead", counts.at(OutboxState::dead)}}},
                    {"disabled_endpoints", off},
                    {"deliveries", list}}
                   .dump(2)
            << "\n";
        return exit_code::ok;
    }
    out << fmt::format("outbox: {} pending, {} delivered, {} dead\n",
                       counts.at(OutboxState::pending), counts.at(OutboxState::delivered),
                       counts.at(OutboxState::dead));
    for (const auto& [endpoint, status] : disabled) {
        out << fmt::format("endpoint {} disabled since {}: {}\n", endpoint,
                           format_iso8601(status.disabled_at), status.reason);
    }
    if (rows.empty()) {
        out << (dead_only ? "no dead letters\n" : "no deliveries\n");
        return exit_code::ok;
    }
    out << fmt::format("{:>6}  {:<12} {:>6}  {:<9} {:>8}  {:<20}  {}\n", "ID", "ENDPOINT", "EVENT",
                       "STATE", "ATTEMPTS", "NEXT/FINISHED", "LAST");
    for (const auto& r : rows) {
        const auto when = r.state == OutboxState::pending
                              ? format_iso8601(r.next_attempt)
                              : (r.finished ? format_iso8601(*r.finished) : "");
        // last_error already names the status ("HTTP 503: ..."), or says why there was none.
        std::string last = r.last_status ? fmt::format("HTTP {}", *r.last_status) : "";
        if (!r.last_error.empty() && r.state != OutboxState::delivered) {
            last = r.last_error;
        }
        out << fmt::format("{:>6}  {:<12} {:>6}  {:<9} {:>8}  {:<20}  {}\n", r.id, r.endpoint,
                           r.event_seq, to_string(r.state), r.attempts, when, last);
    }
    return exit_code::ok;
}

int command_outbox_retry(const CliContext& context, const std::string& id, bool all_dead,
                         std::ostream& out, std::ostream& err) {
    std::int64_t row = 0;
    if (!all_dead) {
        const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), row);
        if (ec != std::errc() || end != id.data() + id.size() || row <= 0) {
            err << "aerowatch: outbox retry: expected a delivery ID or --all-dead, not \"" << id
                << "\"\n";
            return exit_code::usage;
        }
    }
    int code = exit_code::ok;
    auto store = open_cli_store(context, true, err, code);
    if (!store) {
        return code;
    }
    const auto now = SystemClock().utc_now();
    const int requeued =
        all_dead ? store->outbox().retry_all_dead(now) : store->outbox().retry(row, now);
    if (!all_dead && requeued == 0) {
        err << "aerowatch: delivery " << row << " is not a dead letter\n";
        return exit_code::failure;
    }
    out << fmt::format("{} dead letter{} requeued; the daemon sends {} within a second\n", requeued,
                       requeued == 1 ? "" : "s", requeued == 1 ? "it" : "them");
    return exit_code::ok;
}

} // namespace aerowatch
