// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/config_reader.hpp"

#include "config/config.hpp"
#include "core/time.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <limits>
#include <memory>

namespace aerowatch::config_detail {

namespace {

constexpr std::string_view duration_expected =
    R"(expected a duration string like "90s", "5m", "2h")";
constexpr std::string_view size_expected =
    R"(expected a byte count or a size string like "16MiB", "512KiB", "2MB")";
constexpr std::string_view secret_expected =
    R"(expected a string, { env = "NAME" } or { file = "PATH" })";

/// Secrets end up in HTTP headers and query strings, where a CR or LF would split the request.
bool has_control_break(std::string_view text) {
    return text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

char ascii_lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::optional<SecretValue> secret_from_env(const std::string& name, std::string_view display_key,
                                           int line, const TableReader& owner) {
    const char* value = std::getenv(name.c_str());
    auto& diagnostics = owner.diagnostics();
    if (value == nullptr) {
        diagnostics.add(line, owner.context(), display_key,
                        "environment variable " + name + " is not set");
        return std::nullopt;
    }
    std::string text = value;
    if (text.empty()) {
        diagnostics.add(line, owner.context(), display_key,
                        "environment variable " + name + " is empty");
        return std::nullopt;
    }
    if (has_control_break(text)) {
        diagnostics.add(line, owner.context(), display_key,
                        "environment variable " + name + " contains a line break or NUL byte");
        return std::nullopt;
    }
    return SecretValue::secret(std::move(text), "env " + name);
}

std::optional<SecretValue> secret_from_file(const std::string& written,
                                            std::string_view display_key, int line,
                                            const TableReader& owner, const SecretFiles& files) {
    constexpr std::size_t max_secret_bytes = 64 * 1024;
    auto& diagnostics = owner.diagnostics();
    std::filesystem::path path = written;
    if (path.is_relative()) {
        path = files.credentials_directory.value_or(files.config_directory) / path;
    }
    const std::string shown = "credential file \"" + path.string() + "\"";
    auto contents = read_file(path, max_secret_bytes);
    if (!contents) {
        diagnostics.add(line, owner.context(), display_key,
                        "cannot read " + shown + ": " + contents.error().message);
        return std::nullopt;
    }
    std::string text = std::move(contents.value());
    // Editors and `echo` add one newline; a secret never ends with one on purpose.
    if (text.ends_with("\r\n")) {
        text.resize(text.size() - 2);
    } else if (text.ends_with('\n')) {
        text.pop_back();
    }
    if (text.empty()) {
        diagnostics.add(line, owner.context(), display_key, shown + " is empty");
        return std::nullopt;
    }
    if (has_control_break(text)) {
        diagnostics.add(line, owner.context(), display_key,
                        shown + " contains more than one line or a NUL byte");
        return std::nullopt;
    }
    return SecretValue::secret(std::move(text), "file " + written);
}

} // namespace

bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool has_control(std::string_view text) {
    return std::any_of(text.begin(), text.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

void Diagnostics::add(int line, std::string_view context, std::string_view key,
                      std::string_view message) {
    std::string text = file_ + ":" + std::to_string(line) + ": ";
    if (!context.empty()) {
        text.append(context).append(": ");
    }
    if (!key.empty()) {
        text.append(key).append(": ");
    }
    text.append(message);
    entries_.emplace_back(line, std::move(text));
}

void Diagnostics::raise() const {
    auto sorted = entries_;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> messages;
    messages.reserve(sorted.size());
    for (auto& entry : sorted) {
        messages.push_back(std::move(entry.second));
    }
    throw ConfigError(std::move(messages));
}

int line_of(const toml::node& node) {
    return static_cast<int>(node.source().begin.line);
}

TableReader::TableReader(const toml::table& table, Diagnostics& diagnostics, std::string context,
                         std::string prefix)
    : table_(table), diagnostics_(diagnostics), context_(std::move(context)),
      prefix_(std::move(prefix)) {}

const toml::node* TableReader::take(std::string_view key) {
    const toml::node* node = table_.get(key);
    if (node != nullptr) {
        taken_.emplace(key);
    }
    return node;
}

int TableReader::line_of_key(std::string_view key) const {
    const toml::node* node = table_.get(key);
    return node != nullptr ? line_of(*node) : line();
}

void TableReader::error(std::string_view key, std::string_view message) const {
    diagnostics_.add(line_of_key(key), context_, full_key(key), message);
}

void TableReader::missing(std::string_view key) const {
    diagnostics_.add(line(), context_, full_key(key), "required key is missing");
}

std::optional<std::string> TableReader::string(std::string_view key) {
    const toml::node* node = take(key);
    if (node == nullptr) {
        return std::nullopt;
    }
    if (const auto* text = node->as_string()) {
        return text->get();
    }
    error(key, "expected a string");
    return std::nullopt;
}

std::optional<bool> TableReader::boolean(std::string_view key) {
    const toml::node* node = take(key);
    if (node == nullptr) {
        return std::nullopt;
    }
    if (const auto* flag = node->as_boolean()) {
        return flag->get();
    }
    error(key, "expected true or false");
    return std::nullopt;
}

std::optional<std::chrono::seconds> TableReader::duration(std::string_view key) {
    const toml::node* node = take(key);
    if (node == nullptr) {
        return std::nullopt;
    }
    // A bare 0 has no unit to get wrong, and "stale_after = 0" reads naturally as "automatic".
    if (const auto* number = node->as_integer(); number != nullptr && number->get() == 0) {
        return std::chrono::seconds{0};
    }
    const auto* text = node->as_string();
    if (text == nullptr) {
        error(key, duration_expected);
        return std::nullopt;
    }
    auto parsed = parse_duration(text->get());
    if (!parsed) {
        error(key, std::string(duration_expected) + ", not " + toml_quote(text->get()));
    }
    return parsed;
}

std::optional<std::uint64_t> TableReader::byte_size(std::string_view key) {
    const toml::node* node = take(key);
    if (node == nullptr) {
        return std::nullopt;
    }
    if (const auto* number = node->as_integer()) {
        if (number->get() < 0) {
            error(key, "must not be negative");
            return std::nullopt;
        }
        return static_cast<std::uint64_t>(number->get());
    }
    const auto* text = node->as_string();
    if (text == nullptr) {
        error(key, size_expected);
        return std::nullopt;
    }
    auto parsed = parse_byte_size(text->get());
    if (!parsed) {
        error(key, std::string(size_expected) + ", not " + toml_quote(text->get()));
    }
    return parsed;
}

std::optional<double> TableReader::number(std::string_view key, double min, double max) {
    const toml::node* node = take(key);
    if (node == nullptr) {
        return std::nullopt;
    }
    std::optional<double> value;
    if (const auto* integer = node->as_integer()) {
        value = static_cast<double>(integer->get());
    } else if (const auto* floating = node->as_floating_point()) {
        value = floating->get();
    }
    if (!value || !(*value >= min && *value <= max)) {
        error(key, fmt::format("expected a number from {} to {}", min, max));
        return std::nullopt;
    }
    return value;
}

std::optional<SecretValue> TableReader::secret(std::string_view key, const SecretFiles& files) {
    const toml::node* node = take(key);
    if (node == nullptr) {
        return std::nullopt;
    }
    return read_secret(*node, full_key(key), *this, files);
}

bool TableReader::table(std::string_view key, const std::function<void(TableReader&)>& read) {
    const toml::node* node = take(key);
    if (node == nullptr) {
        return false;
    }
    const auto* nested = node->as_table();
    if (nested == nullptr) {
        error(key, "expected a table");
        return false;
    }
    TableReader reader(*nested, diagnostics_, context_, full_key(key) + ".");
    read(reader);
    return true;
}

void TableReader::report_unknown() const {
    for (const auto& [key, value] : table_) {
        if (!taken_.contains(key.str())) {
            diagnostics_.add(static_cast<int>(key.source().begin.line), context_,
                             full_key(key.str()), "unknown key");
        }
    }
}

std::optional<SecretValue> read_secret(const toml::node& node, std::string_view display_key,
                                       const TableReader& owner, const SecretFiles& files) {
    auto& diagnostics = owner.diagnostics();
    const int line = line_of(node);
    if (const auto* text = node.as_string()) {
        // The value is inline and therefore not secret, but it still goes into a request.
        if (text->get().empty()) {
            diagnostics.add(line, owner.context(), display_key, "must not be empty");
            return std::nullopt;
        }
        if (has_control_break(text->get())) {
            diagnostics.add(line, owner.context(), display_key,
                            "must not contain a line break or NUL byte");
            return std::nullopt;
        }
        return SecretValue::plain(text->get());
    }
    const auto* table = node.as_table();
    if (table == nullptr) {
        diagnostics.add(line, owner.context(), display_key, secret_expected);
        return std::nullopt;
    }
    TableReader reader(*table, diagnostics, owner.context(), std::string(display_key) + ".");
    std::optional<SecretValue> result;
    if (reader.has("env") == reader.has("file")) {
        diagnostics.add(line, owner.context(), display_key,
                        R"(expected exactly one of env = "NAME" or file = "PATH")");
        reader.take("env");
        reader.take("file");
    } else if (auto name = reader.string("env")) {
        if (name->empty()) {
            reader.error("env", "must name an environment variable");
        } else {
            result = secret_from_env(*name, display_key, reader.line_of_key("env"), owner);
        }
    } else if (auto path = reader.string("file")) {
        if (path->empty()) {
            reader.error("file", "must name a file");
        } else {
            result = secret_from_file(*path, display_key, reader.line_of_key("file"), owner, files);
        }
    }
    reader.report_unknown();
    return result;
}

Result<std::string> read_file(const std::filesystem::path& path, std::size_t max_bytes) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                         &std::fclose);
    if (!file) {
        return Error{std::strerror(errno)};
    }
    std::string contents;
    std::array<char, 8192> buffer;
    while (true) {
        const std::size_t got = std::fread(buffer.data(), 1, buffer.size(), file.get());
        contents.append(buffer.data(), got);
        if (contents.size() > max_bytes) {
            return Error{"larger than " + std::to_string(max_bytes) + " bytes"};
        }
        if (got < buffer.size()) {
            break;
        }
    }
    if (std::ferror(file.get()) != 0) {
        // fopen() succeeds on a directory; the read is what fails, with EISDIR.
        return Error{std::strerror(errno)};
    }
    return contents;
}

std::optional<std::uint64_t> parse_byte_size(std::string_view text) {
    std::size_t digits = 0;
    std::uint64_t count = 0;
    for (; digits < text.size() && text[digits] >= '0' && text[digits] <= '9'; ++digits) {
        const unsigned digit = static_cast<unsigned>(text[digits] - '0');
        if (count > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
            return std::nullopt;
        }
        count = count * 10 + digit;
    }
    if (digits == 0) {
        return std::nullopt;
    }
    auto unit_text = text.substr(digits);
    if (unit_text.starts_with(' ')) {
        unit_text.remove_prefix(1);
    }
    std::string unit;
    std::transform(unit_text.begin(), unit_text.end(), std::back_inserter(unit), ascii_lower);
    static constexpr std::array<std::pair<std::string_view, std::uint64_t>, 8> units = {{
        {"", 1},
        {"b", 1},
        {"kb", 1000},
        {"mb", 1000 * 1000},
        {"gb", 1000 * 1000 * 1000},
        {"kib", std::uint64_t{1} << 10},
        {"mib", std::uint64_t{1} << 20},
        {"gib", std::uint64_t{1} << 30},
    }};
    for (const auto& [name, size] : units) {
        if (unit == name) {
            if (count > std::numeric_limits<std::uint64_t>::max() / size) {
                return std::nullopt;
            }
            return count * size;
        }
    }
    return std::nullopt;
}

/// An array of strings; reports a wrong type against `key` and returns what it could read.
std::vector<std::string> string_list(TableReader& reader, std::string_view key) {
    std::vector<std::string> out;
    const toml::node* node = reader.take(key);
    if (node == nullptr) {
        return out;
    }
    const auto* array = node->as_array();
    if (array == nullptr) {
        reader.error(key, "expected an array of strings");
        return out;
    }
    for (const auto& element : *array) {
        if (const auto* text = element.as_string(); text != nullptr && !text->get().empty()) {
            out.push_back(text->get());
        } else {
            reader.error(key, "expected an array of non-empty strings");
            return {};
        }
    }
    return out;
}

std::optional<Severity> read_severity(TableReader& reader, std::string_view key) {
    auto text = reader.string(key);
    if (!text) {
        return std::nullopt;
    }
    auto severity = severity_from_string(*text);
    if (!severity) {
        reader.error(key, "expected one of info, caution, warning, prohibition");
    }
    return severity;
}

CategorySet read_categories(TableReader& reader, std::string_view key) {
    CategorySet set;
    for (const auto& name : string_list(reader, key)) {
        if (auto category = category_from_string(name)) {
            set.add(*category);
        } else {
            reader.error(key,
                         "unknown category " + toml_quote(name) +
                             "; expected security, military_activity, gnss_interference, "
                             "airspace_closure, airport_closure, weather, volcanic_ash, other");
        }
    }
    return set;
}

} // namespace aerowatch::config_detail
