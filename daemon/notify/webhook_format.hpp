// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace aerowatch {

/// The body a webhook receives: aerowatch's own event, or what a chat service or an
/// Alertmanager webhook receiver expects.
enum class WebhookFormat { native, slack, discord, teams, alertmanager };
const char* to_string(WebhookFormat format);
std::optional<WebhookFormat> webhook_format_from_string(std::string_view text);

struct WebhookRenderContext {
    std::string endpoint_name; // receiver name (Alertmanager "receiver")
    std::string external_url;  // base URL of the aerowatch status page, may be empty
};

/// The HTTP body for one alert event. `event` is the native event JSON, as in the alert log:
/// {"event_id", "event": firing|updated|resolved, "alert_id", "fingerprint", "kind", "severity",
///  "at", "started", "summary", "labels": {"firs", "airports", "airlines", "countries"},
///  "evidence": {...}}.
/// `native` sends it unchanged. Missing or mistyped fields are left out, never an exception.
/// Always valid UTF-8 JSON: invalid UTF-8 in source text becomes U+FFFD. Chat bodies stay
/// within each service's documented length limits and list at most 10 hazards and 10 flights,
/// so a body stays well under the ~20 KB Standard Webhooks advises.
std::string render_webhook_body(WebhookFormat format, const nlohmann::json& event,
                                const WebhookRenderContext& context);

} // namespace aerowatch
