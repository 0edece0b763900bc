// SPDX-License-Identifier: GPL-3.0-or-later
// The [[source]] section: one polled feed, its limits and how it authenticates.
#include "config/config_reader.hpp"

#include "core/time.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

namespace aerowatch::config_detail {

namespace {

using std::chrono::seconds;

constexpr std::array<std::pair<std::string_view, Credentials::Type>, 4> credential_types = {{
    {"api_key_header", Credentials::Type::api_key_header},
    {"api_key_query", Credentials::Type::api_key_query},
    {"bearer", Credentials::Type::bearer},
    {"oauth2_client_credentials", Credentials::Type::oauth2_client_credentials},
}};

constexpr std::array<std::string_view, 7> credential_keys = {
    "header", "param", "key", "token_url", "client_id", "client_secret", "scope"};

char ascii_lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lowercase(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), ascii_lower);
    return out;
}

/// Source names appear in metrics labels, file names and URLs, so they stay this plain.
bool valid_source_name(std::string_view name) {
    if (name.empty() || name.size() > 64) {
        return false;
    }
    auto lower_alnum = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    };
    if (!lower_alnum(name.front())) {
        return false;
    }
    return std::all_of(name.begin(), name.end(),
                       [&](char c) { return lower_alnum(c) || c == '.' || c == '_' || c == '-'; });
}

/// RFC 9110 token: what a header field name may contain.
bool is_http_token(std::string_view text) {
    constexpr std::string_view extra = "!#$%&'*+-.^_`|~";
    return !text.empty() && std::all_of(text.begin(), text.end(), [&](char c) {
        return is_alnum(c) || extra.find(c) != std::string_view::npos;
    });
}

std::optional<seconds> duration_in(TableReader& reader, std::string_view key, seconds min,
                                   seconds max) {
    auto value = reader.duration(key);
    if (!value) {
        return std::nullopt;
    }
    if (*value < min) {
        reader.error(key, "must be at least " + format_duration(min));
        return std::nullopt;
    }
    if (*value > max) {
        reader.error(key, "must be at most " + format_duration(max));
        return std::nullopt;
    }
    return value;
}

std::optional<SecretValue> required_secret(TableReader& reader, std::string_view key,
                                           const SecretFiles& files) {
    if (!reader.has(key)) {
        reader.missing(key);
        return std::nullopt;
    }
    return reader.secret(key, files);
}

std::string required_string(TableReader& reader, std::string_view key) {
    if (!reader.has(key)) {
        reader.missing(key);
        return {};
    }
    auto value = reader.string(key);
    if (value && value->empty()) {
        reader.error(key, "must not be empty");
    }
    return value.value_or("");
}

void read_credentials(TableReader& reader, Credentials& out, bool allow_http,
                      const SecretFiles& files) {
    std::vector<std::string_view> used;
    std::optional<std::string> type = reader.string("type");
    bool type_known = false;
    if (type) {
        auto found = std::find_if(credential_types.begin(), credential_types.end(),
                                  [&](const auto& entry) { return entry.first == *type; });
        if (found == credential_types.end()) {
            reader.error("type", "expected one of api_key_header, api_key_query, bearer, "
                                 "oauth2_client_credentials");
        } else {
            out.type = found->second;
            type_known = true;
        }
    } else if (!reader.has("type")) {
        reader.missing("type");
    }
    using Type = Credentials::Type;
    if (out.type == Type::api_key_header) {
        used = {"header", "key"};
        out.header = required_string(reader, "header");
        if (!out.header.empty() && !is_http_token(out.header)) {
            reader.error("header", "not a valid HTTP header name");
        }
    } else if (out.type == Type::api_key_query) {
        used = {"param", "key"};
        out.param = required_string(reader, "param");
    } else if (out.type == Type::bearer) {
        used = {"key"};
    } else if (out.type == Type::oauth2_client_credentials) {
        used = {"token_url", "client_id", "client_secret", "scope"};
        out.token_url = required_string(reader, "token_url");
        if (auto problem =
                out.token_url.empty() ? std::nullopt : check_url(out.token_url, allow_http)) {
            reader.error("token_url", *problem);
        }
        out.client_id = required_secret(reader, "client_id", files).value_or(SecretValue{});
        out.client_secret = required_secret(reader, "client_secret", files).value_or(SecretValue{});
        out.scope = reader.string("scope").value_or("");
    }
    if (std::find(used.begin(), used.end(), "key") != used.end()) {
        out.key = required_secret(reader, "key", files).value_or(SecretValue{});
    }
    for (auto key : credential_keys) {
        if (!reader.has(key) || std::find(used.begin(), used.end(), key) != used.end()) {
            continue;
        }
        reader.take(key);
        // With no usable type there is nothing to say about the other keys yet.
        if (type_known) {
            reader.error(key, "not used with type " + toml_quote(*type));
        }
    }
    reader.report_unknown();
}

void read_headers(TableReader& reader, const toml::node& node, std::vector<Header>& out,
                  const SecretFiles& files) {
    const auto* table = node.as_table();
    if (table == nullptr) {
        reader.error("headers", R"(expected a table like { "Accept" = "application/json" })");
        return;
    }
    std::map<std::string, int> seen; // lower-cased name -> line: HTTP names ignore case
    for (const auto& [key, value] : *table) {
        const std::string name(key.str());
        const std::string display = "headers." + name;
        const int line = static_cast<int>(key.source().begin.line);
        if (!is_http_token(name)) {
            reader.diagnostics().add(line, reader.context(), display,
                                     "not a valid HTTP header name");
            continue;
        }
        auto [first, inserted] = seen.emplace(lowercase(name), line);
        if (!inserted) {
            reader.diagnostics().add(
                line, reader.context(), display,
                "duplicate header (names ignore case); first defined on line " +
                    std::to_string(first->second));
            continue;
        }
        if (auto secret = config_detail::read_secret(value, display, reader, files)) {
            out.push_back(Header{name, std::move(*secret)});
        }
    }
}

} // namespace

std::optional<std::string> check_url(std::string_view url, bool allow_http) {
    const std::string_view expected =
        allow_http ? "expected an https:// or http:// URL" : "expected an https:// URL";
    const auto separator = url.find("://");
    if (separator == std::string_view::npos) {
        return std::string(expected);
    }
    const std::string scheme = lowercase(url.substr(0, separator));
    if (scheme == "http" && !allow_http) {
        return "plain http:// is not allowed; use https:// or set allow_http = true";
    }
    if (scheme != "https" && scheme != "http") {
        return std::string(expected);
    }
    const auto rest = url.substr(separator + 3);
    if (rest.substr(0, rest.find_first_of("/?#")).empty()) {
        return "has no host";
    }
    if (has_control(url) || url.find(' ') != std::string_view::npos) {
        return "must not contain spaces or control characters";
    }
    return std::nullopt;
}

int read_source(const toml::table& table, int index, Diagnostics& diagnostics,
                const SecretFiles& files, SourceConfig& out) {
    TableReader reader(table, diagnostics, "source #" + std::to_string(index));
    out.line = reader.line();

    // The name comes first because every later message is about `source "name"`.
    int name_line = 0;
    if (auto name = reader.string("name")) {
        reader.set_context("source " + toml_quote(*name));
        name_line = reader.line_of_key("name");
        out.name = *name;
        if (!valid_source_name(*name)) {
            reader.error("name", "must be 1-64 characters of a-z, 0-9, '.', '_', '-', starting "
                                 "with a letter or digit");
        }
    } else if (!reader.has("name")) {
        reader.missing("name");
    }

    if (auto kind = reader.string("kind")) {
        const auto& kinds = known_source_kinds();
        if (std::find(kinds.begin(), kinds.end(), *kind) == kinds.end()) {
            std::string known;
            for (const auto& candidate : kinds) {
                known += (known.empty() ? "" : ", ") + candidate;
            }
            reader.error("kind", "unknown kind " + toml_quote(*kind) + "; known kinds: " + known);
        }
        out.kind = *kind;
    } else if (!reader.has("kind")) {
        reader.missing("kind");
    }

    out.enabled = reader.boolean("enabled").value_or(out.enabled);
    out.allow_http = reader.boolean("allow_http").value_or(out.allow_http);
    if (auto url = reader.string("url")) {
        if (auto problem = check_url(*url, out.allow_http)) {
            reader.error("url", *problem);
        }
        out.url = *url;
    } else if (!reader.has("url")) {
        reader.missing("url");
    }

    // Below 30 s a public feed would treat us as abusive; above a week it is not monitoring.
    out.interval =
        duration_in(reader, "interval", seconds{30}, seconds{7 * 86400}).value_or(out.interval);
    out.timeout = duration_in(reader, "timeout", seconds{1}, seconds{600}).value_or(out.timeout);
    if (auto connect = duration_in(reader, "connect_timeout", seconds{1}, seconds{600})) {
        if (*connect > out.timeout) {
            reader.error("connect_timeout",
                         "must not exceed timeout (" + format_duration(out.timeout) + ")");
        } else {
            out.connect_timeout = *connect;
        }
    } else if (!reader.has("connect_timeout") && out.connect_timeout > out.timeout) {
        // The default would exceed a short explicit timeout; the whole request bounds it anyway.
        out.connect_timeout = out.timeout;
    }
    out.max_backoff =
        duration_in(reader, "max_backoff", seconds{30}, seconds{86400}).value_or(out.max_backoff);
    if (auto stale = duration_in(reader, "stale_after", seconds{0}, seconds{30 * 86400})) {
        // Staler than one interval is the normal state between polls, not a symptom.
        if (*stale != seconds{0} && *stale < out.interval) {
            reader.error("stale_after", "must be 0 (automatic) or at least interval (" +
                                            format_duration(out.interval) + ")");
        } else {
            out.stale_after = *stale;
        }
    }

    constexpr std::uint64_t min_body = std::uint64_t{1} << 10;
    constexpr std::uint64_t max_body = std::uint64_t{1} << 30;
    if (auto bytes = reader.byte_size("max_body_bytes")) {
        if (*bytes < min_body || *bytes > max_body) {
            reader.error("max_body_bytes",
                         "must be between 1KiB and 1GiB, not " + std::to_string(*bytes) + " bytes");
        } else {
            out.max_body_bytes = *bytes;
        }
    }

    if (auto pages = reader.number("max_pages", 1, 1000)) {
        out.max_pages = static_cast<int>(*pages);
    }

    if (const toml::node* headers = reader.take("headers")) {
        read_headers(reader, *headers, out.headers, files);
    }
    reader.table("credentials", [&](TableReader& credentials) {
        read_credentials(credentials, out.credentials, out.allow_http, files);
    });
    if (out.kind == "json_board") {
        if (!reader.has("board")) {
            reader.diagnostics().add(reader.line(), reader.context(), "board",
                                     "kind json_board needs a [source.board] table");
        }
        reader.table("board", [&](TableReader& board) { read_board(board, out.board.emplace()); });
    } else if (reader.take("board") != nullptr && !out.kind.empty()) {
        reader.error("board", "only a json_board source has a [source.board] table");
    }
    reader.report_unknown();
    return name_line;
}

} // namespace aerowatch::config_detail
