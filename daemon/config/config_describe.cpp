// SPDX-License-Identifier: GPL-3.0-or-later
// The effective config as text for --check-config. Secrets are described by their origin and
// never revealed, because this output ends up in terminals, tickets and CI logs.
#include "config/config.hpp"

#include "config/config_reader.hpp"
#include "core/time.hpp"

#include <array>
#include <cstdio>
#include <sstream>
#include <utility>

namespace aerowatch {

namespace config_detail {

std::string format_byte_size(std::uint64_t bytes) {
    if (bytes != 0) {
        constexpr std::array<std::pair<int, std::string_view>, 3> units = {
            {{30, "GiB"}, {20, "MiB"}, {10, "KiB"}}};
        for (auto [shift, name] : units) {
            if (bytes % (std::uint64_t{1} << shift) == 0) {
                return std::to_string(bytes >> shift) + std::string(name);
            }
        }
    }
    return std::to_string(bytes) + "B";
}

std::string toml_quote(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned char>(c));
                out += escaped;
            } else {
                out += c;
            }
        }
    }
    out += '"';
    return out;
}

} // namespace config_detail

namespace {

using config_detail::toml_quote;

std::string quoted_secret(const SecretValue& value) {
    return toml_quote(value.describe());
}

std::string_view type_name(Credentials::Type type) {
    switch (type) {
    case Credentials::Type::none:
        return "none";
    case Credentials::Type::api_key_header:
        return "api_key_header";
    case Credentials::Type::api_key_query:
        return "api_key_query";
    case Credentials::Type::bearer:
        return "bearer";
    case Credentials::Type::oauth2_client_credentials:
        return "oauth2_client_credentials";
    }
    return "none";
}

void describe_credentials(std::ostream& out, const Credentials& credentials) {
    using Type = Credentials::Type;
    if (credentials.type == Type::none) {
        out << "# credentials: none\n";
        return;
    }
    out << "credentials = { type = " << toml_quote(type_name(credentials.type));
    switch (credentials.type) {
    case Type::api_key_header:
        out << ", header = " << toml_quote(credentials.header);
        out << ", key = " << quoted_secret(credentials.key);
        break;
    case Type::api_key_query:
        out << ", param = " << toml_quote(credentials.param);
        out << ", key = " << quoted_secret(credentials.key);
        break;
    case Type::bearer:
        out << ", key = " << quoted_secret(credentials.key);
        break;
    case Type::oauth2_client_credentials:
        out << ", token_url = " << toml_quote(credentials.token_url);
        out << ", client_id = " << quoted_secret(credentials.client_id);
        out << ", client_secret = " << quoted_secret(credentials.client_secret);
        if (!credentials.scope.empty()) {
            out << ", scope = " << toml_quote(credentials.scope);
        }
        break;
    case Type::none:
        break;
    }
    out << " }\n";
}

void describe_source(std::ostream& out, const SourceConfig& source) {
    out << "\n[[source]]  # line " << source.line << "\n";
    out << "name = " << toml_quote(source.name) << "\n";
    out << "kind = " << toml_quote(source.kind) << "\n";
    out << "url = " << toml_quote(source.url) << "\n";
    out << "enabled = " << (source.enabled ? "true" : "false") << "\n";
    out << "allow_http = " << (source.allow_http ? "true" : "false") << "\n";
    out << "interval = " << toml_quote(format_duration(source.interval)) << "\n";
    out << "timeout = " << toml_quote(format_duration(source.timeout)) << "\n";
    out << "connect_timeout = " << toml_quote(format_duration(source.connect_timeout)) << "\n";
    out << "max_backoff = " << toml_quote(format_duration(source.max_backoff)) << "\n";
    out << "stale_after = " << toml_quote(format_duration(source.stale_after));
    if (source.stale_after == std::chrono::seconds{0}) {
        out << "  # automatic";
    }
    out << "\n";
    out << "max_body_bytes = " << source.max_body_bytes << "  # "
        << config_detail::format_byte_size(source.max_body_bytes) << "\n";
    out << "max_pages = " << source.max_pages << "\n";
    if (source.headers.empty()) {
        out << "headers = {}\n";
    } else {
        out << "headers = { ";
        const char* separator = "";
        for (const auto& header : source.headers) {
            out << separator << toml_quote(header.name) << " = " << quoted_secret(header.value);
            separator = ", ";
        }
        out << " }\n";
    }
    describe_credentials(out, source.credentials);
    if (source.board) {
        config_detail::describe_board(out, *source.board);
    }
}

} // namespace

std::string describe_config(const Config& config) {
    std::ostringstream out;
    const auto& daemon = config.daemon;
    out << "# effective configuration from " << config.path.string() << "\n";
    out << "[daemon]\n";
    out << "state_directory = " << toml_quote(daemon.state_directory.string()) << "\n";
    out << "# database: " << config.database_path().string() << "\n";
    if (daemon.data_directory) {
        out << "data_directory = " << toml_quote(daemon.data_directory->string()) << "\n";
    } else {
        out << "# data_directory: not set, the installed reference data is used\n";
    }
    if (daemon.log_file) {
        out << "log_file = " << toml_quote(daemon.log_file->string()) << "\n";
    } else {
        out << "# log_file: not set, logging to stderr only\n";
    }
    out << "alert_log = " << toml_quote(config.alert_log_path().string()) << "\n";
    out << "log_level = " << toml_quote(to_string(daemon.log_level)) << "\n";
    out << "http_listen = " << toml_quote(daemon.http_listen) << "\n";
    if (daemon.http_token) {
        out << "http_token = " << quoted_secret(*daemon.http_token) << "\n";
    } else {
        out << "# http_token: not set, the HTTP API answers without a token\n";
    }
    out << "contact = " << toml_quote(daemon.contact) << "\n";
    if (!daemon.external_url.empty()) {
        out << "external_url = " << toml_quote(daemon.external_url) << "\n";
    }
    out << "\n";
    config_detail::describe_flights(out, config.flights);
    out << "\n";
    config_detail::describe_correlation(out, config);
    if (config.sources.empty()) {
        out << "\n# no [[source]] tables: nothing will be polled\n";
    }
    for (const auto& source : config.sources) {
        describe_source(out, source);
    }
    config_detail::describe_webhooks(out, config.webhooks);
    for (const auto& rule : config.hazard_rules) {
        out << "\n[[hazard_rule]]\nname = " << toml_quote(rule.name) << "\n";
        if (!rule.keywords.empty()) {
            out << "keywords = [";
            for (std::size_t i = 0; i < rule.keywords.size(); ++i) {
                out << (i == 0 ? "" : ", ") << toml_quote(rule.keywords[i]);
            }
            out << "]\n";
        }
        if (!rule.qcode_prefix.empty()) {
            out << "qcode_prefix = " << toml_quote(rule.qcode_prefix) << "\n";
        }
        if (rule.kind) {
            out << "kind = " << toml_quote(to_string(*rule.kind)) << "\n";
        }
        if (rule.fir_wide) {
            out << "fir_wide = true\n";
        }
        if (rule.severity) {
            out << "severity = " << toml_quote(to_string(*rule.severity)) << "\n";
        }
        if (!rule.categories.empty()) {
            out << "categories = [";
            const auto list = rule.categories.list();
            for (std::size_t i = 0; i < list.size(); ++i) {
                out << (i == 0 ? "" : ", ") << toml_quote(to_string(list[i]));
            }
            out << "]\n";
        }
    }
    return out.str();
}

} // namespace aerowatch
