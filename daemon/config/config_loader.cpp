// SPDX-License-Identifier: GPL-3.0-or-later
// Entry points of the config loader, the top level and the [daemon] section. The [[source]]
// section is in config_source.cpp, the typed readers in config_reader.cpp.
#include "config/config.hpp"

#include "config/config_reader.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <map>
#include <utility>

namespace aerowatch {

namespace {

using config_detail::Diagnostics;
using config_detail::has_control;
using config_detail::is_alnum;
using config_detail::SecretFiles;
using config_detail::TableReader;
using config_detail::toml_quote;

constexpr std::array<std::pair<std::string_view, LogLevel>, 5> log_levels = {{
    {"trace", LogLevel::trace},
    {"debug", LogLevel::debug},
    {"info", LogLevel::info},
    {"warn", LogLevel::warn},
    {"error", LogLevel::error},
}};

/// Relative paths in the config mean "next to the config file", not "wherever the daemon was
/// started", so that a config and its state directory can move together.
std::optional<std::filesystem::path> read_path(TableReader& reader, std::string_view key,
                                               const std::filesystem::path& base) {
    auto text = reader.string(key);
    if (!text) {
        return std::nullopt;
    }
    if (text->empty()) {
        reader.error(key, "must not be empty");
        return std::nullopt;
    }
    std::filesystem::path path = *text;
    return path.is_absolute() ? path : (base / path).lexically_normal();
}

void read_daemon(TableReader& reader, DaemonConfig& daemon, const SecretFiles& files) {
    const auto& base = files.config_directory;
    if (auto path = read_path(reader, "state_directory", base)) {
        daemon.state_directory = *path;
    }
    daemon.data_directory = read_path(reader, "data_directory", base);
    daemon.log_file = read_path(reader, "log_file", base);
    daemon.alert_log = read_path(reader, "alert_log", base);
    if (auto level = reader.string("log_level")) {
        auto found = std::find_if(log_levels.begin(), log_levels.end(),
                                  [&](const auto& entry) { return entry.first == *level; });
        if (found == log_levels.end()) {
            reader.error("log_level", "expected one of trace, debug, info, warn, error, not " +
                                          toml_quote(*level));
        } else {
            daemon.log_level = found->second;
        }
    }
    if (auto listen = reader.string("http_listen")) {
        if (*listen == "off") {
            daemon.http_listen = *listen;
        } else if (auto problem = check_listen(*listen)) {
            reader.error("http_listen", *problem);
        } else {
            daemon.http_listen = *listen;
        }
    }
    if (auto token = reader.secret("http_token", files)) {
        if (token->reveal().size() < 16) {
            reader.error("http_token",
                         "must be at least 16 characters (try: openssl rand -hex 32)");
        } else {
            // Written inline or not, a bearer token is never shown.
            daemon.http_token = token->is_secret()
                                    ? std::move(token)
                                    : SecretValue::secret(token->reveal(), "the config file");
        }
    }
    if (auto url = reader.string("external_url")) {
        if (auto problem = config_detail::check_url(*url, true)) {
            reader.error("external_url", *problem);
        } else {
            daemon.external_url = *url;
        }
    }
    if (auto contact = reader.string("contact")) {
        // It goes into the User-Agent header verbatim.
        if (has_control(*contact)) {
            reader.error("contact", "must not contain control characters");
        } else {
            daemon.contact = *contact;
        }
    }
}

// The sections of a config file, in the order the README documents them.
constexpr std::array<std::string_view, 8> top_level_tables{
    "daemon",      "flights", "source",          "hazard_rule",
    "correlation", "watch",   "disruption_rule", "webhook"};

std::string top_level_list() {
    return "[daemon], [flights], [[source]], [[hazard_rule]], [correlation], [[watch]], "
           "[[disruption_rule]] and [[webhook]]";
}

std::string join_lines(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) {
        if (!text.empty()) {
            text += '\n';
        }
        text += line;
    }
    return text;
}

void read_sources(const toml::node& node, Diagnostics& diagnostics, const SecretFiles& files,
                  std::vector<SourceConfig>& sources) {
    const auto* array = node.as_array();
    if (array == nullptr) {
        diagnostics.add(config_detail::line_of(node), "", "source", "expected [[source]] tables");
        return;
    }
    std::map<std::string, int, std::less<>> first_lines; // name -> line of its first definition
    int index = 0;
    for (const auto& element : *array) {
        ++index;
        const auto* table = element.as_table();
        if (table == nullptr) {
            diagnostics.add(config_detail::line_of(element), "source #" + std::to_string(index), "",
                            "expected a [[source]] table");
            continue;
        }
        SourceConfig source;
        const int name_line = config_detail::read_source(*table, index, diagnostics, files, source);
        if (name_line != 0) {
            auto [first, inserted] = first_lines.emplace(source.name, name_line);
            if (!inserted) {
                diagnostics.add(name_line, "source " + toml_quote(source.name), "name",
                                "duplicate; first defined on line " +
                                    std::to_string(first->second));
            }
        }
        sources.push_back(std::move(source));
    }
}

SecretFiles secret_files(const std::filesystem::path& config_path) {
    SecretFiles files;
    std::error_code error;
    auto absolute = std::filesystem::absolute(config_path, error);
    files.config_directory = (error ? config_path : absolute).parent_path();
    // systemd's LoadCredential= puts the files here, readable only by the service.
    if (const char* directory = std::getenv("CREDENTIALS_DIRECTORY");
        directory != nullptr && *directory != '\0') {
        files.credentials_directory = directory;
    }
    return files;
}

} // namespace

std::optional<std::string> check_listen(std::string_view text) {
    const std::string expected = R"(expected host:port, e.g. "127.0.0.1:8787" or "[::1]:8787")";
    std::string_view host;
    std::string_view port;
    if (text.starts_with('[')) {
        const auto close = text.find(']');
        if (close == std::string_view::npos || text.substr(close + 1, 1) != ":") {
            return expected;
        }
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
        const bool ipv6_chars = std::all_of(host.begin(), host.end(), [](char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
                   c == ':' || c == '.';
        });
        if (host.find(':') == std::string_view::npos || !ipv6_chars) {
            return "not a valid IPv6 address in brackets";
        }
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string_view::npos || colon == 0) {
            return expected;
        }
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
        if (host.find(':') != std::string_view::npos) {
            return R"(an IPv6 address goes in brackets, e.g. "[::1]:8787")";
        }
        if (!std::all_of(host.begin(), host.end(),
                         [](char c) { return is_alnum(c) || c == '.' || c == '-'; })) {
            return "not a valid host name or address";
        }
    }
    const bool digits =
        !port.empty() && port.size() <= 5 &&
        std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
    // Port 0 asks the kernel for a free port (tests); the daemon logs the one it got.
    if (!digits || std::stoi(std::string(port)) > 65535) {
        return "port must be a number from 0 to 65535";
    }
    return std::nullopt;
}

ConfigError::ConfigError(std::vector<std::string> errors)
    : std::runtime_error(join_lines(errors)), errors_(std::move(errors)) {}

const std::vector<std::string>& known_source_kinds() {
    static const std::vector<std::string> kinds = {
        "icao_notam_text",
        "faa_domestic_notam",
        "faa_security_notice",
        "faa_notam_api",
        "faa_nms_api",
        "aixm",
        "awc_isigmet",
        "easa_czib_json",
        "easa_czib_rss",
        "rss",
        "cap",
        "state_dept_rss",
        "faa_us_restrictions",
        "aeroapi",
        "aviationstack",
        "json_board",
        "faa_nas_status",
    };
    return kinds;
}

const SourceConfig* Config::find_source(std::string_view name) const {
    auto found = std::find_if(sources.begin(), sources.end(),
                              [&](const SourceConfig& source) { return source.name == name; });
    return found == sources.end() ? nullptr : &*found;
}

const char* to_string(LogLevel level) {
    for (const auto& [name, value] : log_levels) {
        if (value == level) {
            return name.data();
        }
    }
    return "info";
}

Config parse_config(std::string_view text, const std::filesystem::path& path) {
    const std::string file = path.string();
    toml::table root;
    try {
        root = toml::parse(text, std::string_view(file));
    } catch (const toml::parse_error& error) {
        throw ConfigError({file + ":" + std::to_string(error.source().begin.line) +
                           ": syntax: " + std::string(error.description())});
    }

    Config config;
    config.path = path;
    Diagnostics diagnostics(file);
    const SecretFiles files = secret_files(path);
    TableReader top(root, diagnostics, "");

    if (const toml::node* daemon = top.take("daemon")) {
        if (const auto* table = daemon->as_table()) {
            TableReader reader(*table, diagnostics, "daemon");
            read_daemon(reader, config.daemon, files);
            reader.report_unknown();
        } else {
            top.error("daemon", "expected a single [daemon] table");
        }
    }
    if (const toml::node* flights = top.take("flights")) {
        if (const auto* table = flights->as_table()) {
            TableReader reader(*table, diagnostics, "flights");
            config_detail::read_flights(reader, config.flights);
            reader.report_unknown();
        } else {
            top.error("flights", "expected a single [flights] table");
        }
    }
    if (const toml::node* sources = top.take("source")) {
        read_sources(*sources, diagnostics, files, config.sources);
    }
    if (const toml::node* rules = top.take("hazard_rule")) {
        config_detail::read_hazard_rules(*rules, diagnostics, config.hazard_rules);
    }
    if (const toml::node* correlation = top.take("correlation")) {
        if (const auto* table = correlation->as_table()) {
            TableReader reader(*table, diagnostics, "correlation");
            config_detail::read_correlation(reader, config.correlation);
            reader.report_unknown();
        } else {
            top.error("correlation", "expected a single [correlation] table");
        }
    }
    if (const toml::node* watches = top.take("watch")) {
        config_detail::read_watches(*watches, diagnostics, config.correlation.watches);
    }
    if (const toml::node* rules = top.take("disruption_rule")) {
        config_detail::read_disruption_rules(*rules, diagnostics, config.correlation.rules);
    }
    if (const toml::node* webhooks = top.take("webhook")) {
        config_detail::read_webhooks(*webhooks, diagnostics, files, config.webhooks);
    }
    if (config.correlation.rules.empty()) {
        config.correlation.rules = default_disruption_rules();
    }
    for (const auto& [key, value] : root) {
        if (std::find(top_level_tables.begin(), top_level_tables.end(), key.str()) ==
            top_level_tables.end()) {
            diagnostics.add(static_cast<int>(key.source().begin.line), "", key.str(),
                            std::string(value.is_table() || value.is_array() ? "unknown table"
                                                                             : "unknown key") +
                                "; the top level has " + top_level_list());
        }
    }

    if (!diagnostics.empty()) {
        diagnostics.raise();
    }
    return config;
}

Config load_config(const std::filesystem::path& path) {
    auto text = config_detail::read_file(path, std::size_t{64} << 20);
    if (!text) {
        throw ConfigError({path.string() + ": cannot read: " + text.error().message});
    }
    return parse_config(text.value(), path);
}

} // namespace aerowatch
