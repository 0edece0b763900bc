// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal to the config loader: typed reads from toml++ tables that record every problem with
// its line instead of stopping at the first one.

#include "config/config.hpp"
#include "config/secret.hpp"
#include "core/result.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <toml++/toml.h>

namespace aerowatch::config_detail {

/// Every problem found in one file, each formatted `FILE:LINE: CONTEXT: KEY: MESSAGE`.
class Diagnostics {
  public:
    explicit Diagnostics(std::string file) : file_(std::move(file)) {}

    /// An empty `context` or `key` is left out of the message rather than printed as "".
    void add(int line, std::string_view context, std::string_view key, std::string_view message);
    bool empty() const noexcept { return entries_.empty(); }
    /// Throws ConfigError with the messages ordered by line, as a reader scans the file.
    [[noreturn]] void raise() const;

  private:
    std::string file_;
    std::vector<std::pair<int, std::string>> entries_;
};

int line_of(const toml::node& node);

/// Where `{ file = "..." }` secrets resolve when the path is relative.
struct SecretFiles {
    std::filesystem::path config_directory;
    std::optional<std::filesystem::path> credentials_directory; // $CREDENTIALS_DIRECTORY
};

/// Reads the keys of one table. Every key must be taken by exactly one read; whatever is left
/// when report_unknown() runs is an unknown key, which is how misspellings get caught.
class TableReader {
  public:
    TableReader(const toml::table& table, Diagnostics& diagnostics, std::string context,
                std::string prefix = {});

    void set_context(std::string context) { context_ = std::move(context); }
    const std::string& context() const noexcept { return context_; }
    Diagnostics& diagnostics() const noexcept { return diagnostics_; }
    /// The line of the table itself: a [header] or the start of an inline table.
    int line() const { return line_of(table_); }
    /// The key as it appears in messages, e.g. "credentials.key".
    std::string full_key(std::string_view key) const { return prefix_ + std::string(key); }

    bool has(std::string_view key) const { return table_.contains(key); }
    /// The value of `key`, now counted as known; nullptr when absent.
    const toml::node* take(std::string_view key);
    /// The line of `key`'s value, or of the table when the key is absent (missing keys).
    int line_of_key(std::string_view key) const;

    void error(std::string_view key, std::string_view message) const;
    void missing(std::string_view key) const;

    std::optional<std::string> string(std::string_view key);
    std::optional<bool> boolean(std::string_view key);
    std::optional<std::chrono::seconds> duration(std::string_view key);
    /// Integer bytes, or a string with a unit: "16MiB", "512KiB", "2MB".
    std::optional<std::uint64_t> byte_size(std::string_view key);
    /// An integer or a float, within [min, max].
    std::optional<double> number(std::string_view key, double min, double max);
    std::optional<SecretValue> secret(std::string_view key, const SecretFiles& files);
    /// A nested table, read with its own reader whose keys are prefixed "key.".
    bool table(std::string_view key, const std::function<void(TableReader&)>& read);

    /// Reports every key no read has taken. Call once, after all reads.
    void report_unknown() const;

  private:
    const toml::table& table_;
    Diagnostics& diagnostics_;
    std::string context_;
    std::string prefix_;
    std::set<std::string, std::less<>> taken_;
};

/// Reads a secret-capable value: a plain string, `{ env = "NAME" }` or `{ file = "PATH" }`.
/// Problems are reported against `display_key`; the secret text never appears in them.
std::optional<SecretValue> read_secret(const toml::node& node, std::string_view display_key,
                                       const TableReader& owner, const SecretFiles& files);

/// The whole file, or the strerror() text; files larger than `max_bytes` are refused, so that a
/// credential path pointing at /dev/zero does not hang the daemon.
Result<std::string> read_file(const std::filesystem::path& path, std::size_t max_bytes);

/// Reads one [[source]] table (the `index`th, 1-based, for messages when it has no name).
/// Returns the line of its `name` value, 0 when there is none, for the duplicate check.
int read_source(const toml::table& table, int index, Diagnostics& diagnostics,
                const SecretFiles& files, SourceConfig& out);

/// Reads the [source.board] table of a json_board source into `out` (config_board.cpp).
void read_board(TableReader& reader, JsonBoardConfig& out);

/// Writes a board as the [source.board] table describe_config shows.
void describe_board(std::ostream& out, const JsonBoardConfig& board);

/// Reads the [flights] table (config_flights.cpp).
void read_flights(TableReader& reader, FlightsConfig& out);
void describe_flights(std::ostream& out, const FlightsConfig& flights);

/// Reads the [[hazard_rule]] tables: extra classification rules.
void read_hazard_rules(const toml::node& node, Diagnostics& diagnostics,
                       std::vector<ClassificationRule>& rules);

/// An array of non-empty strings; reports a wrong type against `key` and returns what it read.
std::vector<std::string> string_list(TableReader& reader, std::string_view key);
/// "info" | "caution" | "warning" | "prohibition".
std::optional<Severity> read_severity(TableReader& reader, std::string_view key);
/// An array of category names ("security", "gnss_interference", ...).
CategorySet read_categories(TableReader& reader, std::string_view key);

/// Reads [correlation], [[watch]] and [[disruption_rule]] (config_correlation.cpp).
void read_correlation(TableReader& reader, CorrelationConfig& out);
void read_watches(const toml::node& node, Diagnostics& diagnostics, std::vector<WatchArea>& out);
void read_disruption_rules(const toml::node& node, Diagnostics& diagnostics,
                           std::vector<DisruptionRule>& out);
void describe_correlation(std::ostream& out, const Config& config);

/// Reads the [[webhook]] tables (config_webhook.cpp); secrets as for sources.
void read_webhooks(const toml::node& node, Diagnostics& diagnostics, const SecretFiles& files,
                   std::vector<WebhookConfig>& out);
void describe_webhooks(std::ostream& out, const std::vector<WebhookConfig>& webhooks);

/// An https:// URL (http:// too with allow_http), with a host and no spaces; the problem if not.
std::optional<std::string> check_url(std::string_view url, bool allow_http);

/// ASCII only: config syntax is ASCII and <cctype> would consult the locale.
bool is_alnum(char c);
/// True when `text` has a C0 control character or DEL.
bool has_control(std::string_view text);

/// Parses "16MiB", "512KiB", "2MB", "1024" (bytes); nullopt on anything else or on overflow.
std::optional<std::uint64_t> parse_byte_size(std::string_view text);

/// Formats a byte count with the largest exact binary unit: "16MiB", "1500B".
std::string format_byte_size(std::uint64_t bytes);

/// Quotes a string the way TOML writes a basic string.
std::string toml_quote(std::string_view text);

/// Reads `[[name]]` tables that each need a unique, non-empty `name`; `read` takes the other
/// keys of one entry. Unknown keys are reported per entry.
template <typename T, typename Read>
void read_array_of_tables(const toml::node& node, Diagnostics& diagnostics, const char* name,
                          std::vector<T>& out, Read read) {
    const auto* array = node.as_array();
    if (array == nullptr || !array->is_array_of_tables()) {
        diagnostics.add(line_of(node), "", name,
                        std::string("expected [[") + name + "]] tables, one per entry");
        return;
    }
    std::set<std::string> names;
    for (const auto& element : *array) {
        TableReader reader(*element.as_table(), diagnostics, name);
        T item;
        if (auto text = reader.string("name"); text && !text->empty()) {
            item.name = *text;
            reader.set_context(std::string(name) + " " + toml_quote(*text));
            if (!names.insert(*text).second) {
                reader.error("name", "another [[" + std::string(name) + "]] has this name");
            }
        } else {
            reader.missing("name");
        }
        read(reader, item);
        reader.report_unknown();
        out.push_back(std::move(item));
    }
}

} // namespace aerowatch::config_detail
