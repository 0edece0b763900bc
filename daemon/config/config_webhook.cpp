// SPDX-License-Identifier: GPL-3.0-or-later
// [[webhook]]: where alert events are posted. The URL and the signing secret may be secrets
// (Slack, Discord and Teams URLs carry their token in the path), so both go through
// read_secret and are never printed.
#include "config/config.hpp"
#include "config/config_reader.hpp"
#include "core/time.hpp"
#include "notify/webhook_signature.hpp"

#include <ostream>

namespace aerowatch {

const WebhookConfig* Config::find_webhook(std::string_view name) const {
    for (const auto& webhook : webhooks) {
        if (webhook.name == name) {
            return &webhook;
        }
    }
    return nullptr;
}

namespace config_detail {

namespace {

/// Scheme and host only: a chat webhook's path is its password even when written inline.
std::string redacted_url(const std::string& url) {
    const auto host = url.find("://");
    const auto path = host == std::string::npos ? std::string::npos : url.find('/', host + 3);
    return path == std::string::npos ? url : url.substr(0, path) + "/...";
}

void read_filters(TableReader& reader, WebhookConfig& w) {
    for (const auto& name : string_list(reader, "kinds")) {
        if (auto kind = alert_kind_from_string(name)) {
            w.kinds.push_back(*kind);
        } else {
            reader.error("kinds", "unknown alert kind " + toml_quote(name) +
                                      "; kinds are hazard, hazard_escalated, "
                                      "disruption_correlated, disruption_unexplained, "
                                      "source_unhealthy");
        }
    }
    if (auto severity = reader.string("min_severity")) {
        if (auto parsed = alert_severity_from_string(*severity)) {
            w.min_severity = *parsed;
        } else {
            reader.error("min_severity",
                         "expected info, warning or critical, not " + toml_quote(*severity));
        }
    }
    for (const auto& text : string_list(reader, "match")) {
        std::string problem;
        if (auto matcher = parse_silence_matcher(text, problem)) {
            w.match.push_back(std::move(*matcher));
        } else {
            reader.error("match", problem);
        }
    }
}

void read_limits(TableReader& reader, WebhookConfig& w) {
    if (auto timeout = reader.duration("timeout")) {
        if (timeout->count() < 1 || timeout->count() > 120) {
            reader.error("timeout", "must be from \"1s\" to \"2m\"");
        } else {
            w.timeout = *timeout;
        }
    }
    if (auto attempts = reader.number("max_attempts", 1, 1000)) {
        w.max_attempts = static_cast<int>(*attempts);
    }
    if (auto age = reader.duration("max_age")) {
        if (age->count() < 60) {
            reader.error("max_age", "must be at least \"1m\"");
        } else {
            w.max_age = *age;
        }
    }
}

} // namespace

void read_webhooks(const toml::node& node, Diagnostics& diagnostics, const SecretFiles& files,
                   std::vector<WebhookConfig>& out) {
    read_array_of_tables(
        node, diagnostics, "webhook", out, [&](TableReader& reader, WebhookConfig& w) {
            w.line = reader.line();
            w.enabled = reader.boolean("enabled").value_or(true);
            w.allow_http = reader.boolean("allow_http").value_or(false);
            if (const toml::node* url = reader.take("url")) {
                if (auto value = read_secret(*url, "url", reader, files)) {
                    // A secret URL's problem is described without the URL itself.
                    if (auto problem = check_url(value->reveal(), w.allow_http)) {
                        reader.error("url", *problem);
                    }
                    w.url = std::move(*value);
                }
            } else {
                reader.missing("url");
            }
            const auto read_key = [&](std::string_view key, std::optional<SecretValue>& into) {
                if (const toml::node* value_node = reader.take(key)) {
                    if (auto value = read_secret(*value_node, key, reader, files)) {
                        std::string problem;
                        if (!decode_webhook_secret(value->reveal(), problem)) {
                            reader.error(key, problem + " (expected \"whsec_\" and base64)");
                        } else {
                            into = std::move(*value);
                        }
                    }
                }
            };
            read_key("secret", w.secret);
            read_key("previous_secret", w.previous_secret);
            if (w.previous_secret && !w.secret) {
                reader.error("previous_secret", "needs a secret: it signs beside the new one");
            }
            if (auto format = reader.string("format")) {
                if (auto parsed = webhook_format_from_string(*format)) {
                    w.format = *parsed;
                } else {
                    reader.error("format",
                                 "expected native, slack, discord, teams or alertmanager, "
                                 "not " +
                                     toml_quote(*format));
                }
            }
            read_filters(reader, w);
            read_limits(reader, w);
        });
}

void describe_webhooks(std::ostream& out, const std::vector<WebhookConfig>& webhooks) {
    for (const auto& w : webhooks) {
        out << "\n[[webhook]]\nname = " << toml_quote(w.name) << "\n";
        // The path is the credential of a chat webhook: only scheme and host are shown.
        out << "url = " << toml_quote(redacted_url(w.url.reveal())) << " # path not shown"
            << (w.url.is_secret() ? "; " + w.url.describe() : "") << "\n";
        if (w.secret) {
            out << "# secret: " << w.secret->describe() << "\n";
        } else {
            out << "# secret: not set, requests are not signed\n";
        }
        if (w.previous_secret) {
            out << "# previous_secret: " << w.previous_secret->describe() << "\n";
        }
        out << "format = " << toml_quote(to_string(w.format)) << "\n";
        if (!w.kinds.empty()) {
            out << "kinds = [";
            for (std::size_t i = 0; i < w.kinds.size(); ++i) {
                out << (i == 0 ? "" : ", ") << toml_quote(to_string(w.kinds[i]));
            }
            out << "]\n";
        }
        out << "min_severity = " << toml_quote(to_string(w.min_severity)) << "\n";
        if (!w.match.empty()) {
            out << "match = [";
            for (std::size_t i = 0; i < w.match.size(); ++i) {
                out << (i == 0 ? "" : ", ") << toml_quote(w.match[i].key + "=" + w.match[i].value);
            }
            out << "]\n";
        }
        out << "timeout = " << toml_quote(format_duration(w.timeout)) << "\n"
            << "max_attempts = " << w.max_attempts << "\n"
            << "max_age = " << toml_quote(format_duration(w.max_age)) << "\n";
        if (w.allow_http) {
            out << "allow_http = true\n";
        }
        if (!w.enabled) {
            out << "enabled = false\n";
        }
    }
}

} // namespace config_detail

} // namespace aerowatch
