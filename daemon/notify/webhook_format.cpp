// SPDX-License-Identifier: GPL-3.0-or-later
// The format names, the text helpers every format shares, and the two formats that carry the
// event as data: native and Alertmanager. The chat formats are in webhook_format_chat.cpp.
#include "notify/webhook_format.hpp"

#include "core/text.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

namespace aerowatch {

// webhook_format_chat.cpp
std::string render_chat_body(WebhookFormat format, const nlohmann::json& event,
                             const WebhookRenderContext& context);

namespace webhook_text {

const nlohmann::json* member(const nlohmann::json& j, const char* key) {
    if (!j.is_object()) {
        return nullptr;
    }
    const auto found = j.find(key);
    return found == j.end() ? nullptr : &*found;
}

std::string text_of(const nlohmann::json& j, const char* key) {
    const auto* value = member(j, key);
    if (value == nullptr) {
        return {};
    }
    if (value->is_string()) {
        return value->get<std::string>();
    }
    if (value->is_number() || value->is_boolean()) {
        return value->dump();
    }
    return {};
}

std::vector<std::string> strings_of(const nlohmann::json& j, const char* key) {
    std::vector<std::string> out;
    const auto* value = member(j, key);
    if (value != nullptr && value->is_array()) {
        for (const auto& v : *value) {
            if (v.is_string()) {
                out.push_back(v.get<std::string>());
            }
        }
    }
    return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (const auto& part : parts) {
        if (!out.empty()) {
            out += separator;
        }
        out += part;
    }
    return out;
}

namespace {

bool is_continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

} // namespace

std::string clean_text(std::string_view text, bool multiline) {
    const std::string valid = to_valid_utf8(text);
    std::string out;
    out.reserve(valid.size());
    for (std::size_t at = 0; at < valid.size(); ++at) {
        const auto b = static_cast<unsigned char>(valid[at]);
        if (b == '\r' && at + 1 < valid.size() && valid[at + 1] == '\n') {
            continue;
        }
        if (b == '\n' || b == '\r') {
            out += multiline ? '\n' : ' ';
        } else if (b < 0x20 || b == 0x7F) {
            out += ' '; // tabs and control characters mean nothing in a chat message
        } else if (b == 0xC2 && at + 1 < valid.size() &&
                   static_cast<unsigned char>(valid[at + 1]) < 0xA0) {
            out += ' '; // C1 controls, U+0080..U+009F
            ++at;
        } else {
            out += valid[at];
        }
    }
    return out;
}

std::size_t text_units(std::string_view text) {
    std::size_t units = 0;
    for (const char c : text) {
        const auto b = static_cast<unsigned char>(c);
        if (!is_continuation(c)) {
            units += b >= 0xF0 ? 2 : 1;
        }
    }
    return units;
}

std::string truncate_text(std::string_view text, std::size_t max_units) {
    if (text_units(text) <= max_units) {
        return std::string(text);
    }
    if (max_units == 0) {
        return {};
    }
    constexpr std::string_view ellipsis = "\u2026";
    std::size_t units = 0;
    std::size_t cut = 0;
    while (cut < text.size()) {
        const auto b = static_cast<unsigned char>(text[cut]);
        const std::size_t width = b >= 0xF0 ? 2 : 1;
        if (units + width > max_units - 1) {
            break;
        }
        units += width;
        ++cut;
        while (cut < text.size() && is_continuation(text[cut])) {
            ++cut;
        }
    }
    return std::string(text.substr(0, cut)).append(ellipsis);
}

} // namespace webhook_text

namespace {

using webhook_text::member;
using webhook_text::text_of;

constexpr std::array<std::pair<WebhookFormat, const char*>, 5> format_names{{
    {WebhookFormat::native, "native"},
    {WebhookFormat::slack, "slack"},
    {WebhookFormat::discord, "discord"},
    {WebhookFormat::teams, "teams"},
    {WebhookFormat::alertmanager, "alertmanager"},
}};

constexpr std::size_t max_listed = 10;
constexpr std::size_t max_item_units = 300;
constexpr std::size_t max_summary_units = 3000; // as in the chat formats: the body stays small

/// Alertmanager's own fingerprints are 64-bit FNV-1a hashes printed as 16 hex digits
/// (prometheus/common model.Fingerprint); this one hashes the aerowatch fingerprint, so it is
/// stable across events and releases.
std::string alertmanager_fingerprint(std::string_view fingerprint) {
    std::uint64_t hash = 14695981039346656037ull;
    for (const char c : fingerprint) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ull;
    }
    return fmt::format("{:016x}", hash);
}

/// Go's %q, as Alertmanager prints label values in a group key.
std::string go_quote(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
            out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string hazard_line(const nlohmann::json& hazard) {
    std::string key = text_of(hazard, "key");
    if (key.empty()) {
        key = text_of(hazard, "id");
    }
    std::string text = text_of(hazard, "excerpt");
    if (text.empty()) {
        text = text_of(hazard, "text");
    }
    const auto line = key.empty() ? text : text.empty() ? key : key + ": " + text;
    return webhook_text::truncate_text(webhook_text::clean_text(line, false), max_item_units);
}

/// Alertmanager webhook payload version 4, as documented at
/// https://prometheus.io/docs/alerting/latest/configuration/#webhook_config
/// (template.Data in prometheus/alertmanager template/template.go). One event is one alert in
/// a group of its own, grouped by the aerowatch fingerprint.
std::string render_alertmanager(const nlohmann::json& event, const WebhookRenderContext& context) {
    using webhook_text::clean_text;
    const std::string fingerprint = clean_text(text_of(event, "fingerprint"), false);
    const bool resolved = text_of(event, "event") == "resolved";
    const std::string status = resolved ? "resolved" : "firing";

    nlohmann::json labels = nlohmann::json::object();
    const auto set_label = [&](const char* name, const std::string& value) {
        if (!value.empty()) { // Prometheus treats an empty label as an absent one
            labels[name] = clean_text(value, false);
        }
    };
    set_label("alertname", text_of(event, "kind"));
    set_label("severity", text_of(event, "severity"));
    set_label("fingerprint", fingerprint);
    static constexpr std::array<const char*, 4> label_lists{"firs", "airports", "airlines",
                                                            "countries"};
    const nlohmann::json empty = nlohmann::json::object();
    const auto* event_labels = member(event, "labels");
    for (const char* name : label_lists) {
        set_label(name,
                  webhook_text::join(
                      webhook_text::strings_of(event_labels ? *event_labels : empty, name), ","));
    }

    const auto* evidence = member(event, "evidence");
    nlohmann::json annotations = nlohmann::json::object();
    const auto set_annotation = [&](const char* name, const std::string& value) {
        if (!value.empty()) {
            annotations[name] = clean_text(value, true);
        }
    };
    set_annotation("summary", webhook_text::truncate_text(
                                  clean_text(text_of(event, "summary"), true), max_summary_units));
    std::vector<std::string> lines;
    std::size_t hazard_count = 0;
    if (const auto* hazards = evidence ? member(*evidence, "hazards") : nullptr;
        hazards != nullptr && hazards->is_array()) {
        hazard_count = hazards->size();
        for (const auto& hazard : *hazards) {
            if (lines.size() == max_listed) {
                break;
            }
            if (auto line = hazard_line(hazard); !line.empty()) {
                lines.push_back(std::move(line));
            }
        }
    }
    if (hazard_count > lines.size()) {
        lines.push_back(fmt::format("and {} more", hazard_count - lines.size()));
    }
    set_annotation("description", webhook_text::join(lines, "\n"));
    set_annotation("event", text_of(event, "event"));
    set_annotation("alert_id", text_of(event, "alert_id"));
    set_annotation("event_id", text_of(event, "event_id"));
    if (evidence != nullptr) {
        set_annotation("resolution", text_of(*evidence, "resolution"));
    }

    std::string started = text_of(event, "started");
    if (started.empty()) {
        started = text_of(event, "at");
    }
    const nlohmann::json alert = {
        {"status", status},
        {"labels", labels},
        {"annotations", annotations},
        {"startsAt", started},
        // Go's zero time.Time: what Alertmanager sends for an alert that has not ended.
        {"endsAt", resolved ? text_of(event, "at") : "0001-01-01T00:00:00Z"},
        {"generatorURL", context.external_url},
        {"fingerprint", alertmanager_fingerprint(fingerprint)},
    };
    const nlohmann::json group_labels = {{"fingerprint", fingerprint}};
    const nlohmann::json body = {
        {"version", "4"},
        {"groupKey", "{}:{fingerprint=" + go_quote(fingerprint) + "}"},
        {"truncatedAlerts", 0},
        {"status", status},
        {"receiver", clean_text(context.endpoint_name, false)},
        {"groupLabels", group_labels},
        {"commonLabels", labels},
        {"commonAnnotations", annotations},
        {"externalURL", context.external_url},
        {"alerts", nlohmann::json::array({alert})},
    };
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace

const char* to_string(WebhookFormat format) {
    for (const auto& [f, name] : format_names) {
        if (f == format) {
            return name;
        }
    }
    return "unknown";
}

std::optional<WebhookFormat> webhook_format_from_string(std::string_view text) {
    for (const auto& [f, name] : format_names) {
        if (text == name) {
            return f;
        }
    }
    return std::nullopt;
}

std::string render_webhook_body(WebhookFormat format, const nlohmann::json& event,
                                const WebhookRenderContext& context) {
    switch (format) {
    case WebhookFormat::native:
        return event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    case WebhookFormat::alertmanager:
        return render_alertmanager(event, context);
    case WebhookFormat::slack:
    case WebhookFormat::discord:
    case WebhookFormat::teams:
        return render_chat_body(format, event, context);
    }
    return event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace aerowatch
