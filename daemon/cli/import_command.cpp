// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/hazard_commands.hpp"

#include "config/config.hpp"
#include "ingest/hazard_ingest.hpp"
#include "service/exit_codes.hpp"
#include "sources/hazard_feeds.hpp"
#include "store/sqlite_store.hpp"

#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <ostream>

namespace aerowatch {

namespace {

// A saved payload is never larger than the biggest body the daemon would accept.
constexpr std::uintmax_t max_import_bytes = std::uintmax_t{1} << 30;

std::optional<std::string> read_payload(const std::string& file, std::ostream& err) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) {
        err << "aerowatch: " << file << ": " << ec.message() << "\n";
        return std::nullopt;
    }
    if (size > max_import_bytes) {
        err << "aerowatch: " << file << ": larger than 1 GiB\n";
        return std::nullopt;
    }
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

} // namespace

int command_import(const CliContext& context, const std::string& kind, const std::string& file,
                   std::ostream& out, std::ostream& err) {
    if (!is_hazard_kind(kind)) {
        err << "aerowatch: \"" << kind << "\" is not a source kind that import reads\n";
        return exit_code::usage;
    }
    Config config;
    try {
        config = load_config(context.config_path);
    } catch (const ConfigError& e) {
        err << e.what() << "\n";
        return exit_code::config;
    }
    const auto payload = read_payload(file, err);
    if (!payload) {
        return exit_code::failure;
    }
    std::unique_ptr<SqliteStore> store;
    try {
        std::filesystem::create_directories(config.daemon.state_directory);
        store = SqliteStore::open(config.database_path());
    } catch (const std::exception& e) {
        err << "aerowatch: " << e.what() << "\n";
        return exit_code::failure;
    }
    HazardIngest ingest(store->hazards(), Classifier(config.hazard_rules));
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    const auto report = ingest.ingest("import", kind, *payload, now);
    for (const auto& e : report.errors) {
        err << fmt::format("{}:{}: skipped: {}\n", file, e.line, e.message);
    }
    for (const auto& change : report.changes) {
        if (change.type == HazardChange::Type::unchanged) {
            continue;
        }
        out << fmt::format("{:<10} {:<24} {:<11} {}\n", to_string(change.type), change.key,
                           to_string(change.severity), to_string(change.status));
    }
    out << fmt::format("{}: {} item(s): {}\n", file, report.items, report.summary());
    return report.items == 0 && !report.errors.empty() ? exit_code::failure : exit_code::ok;
}

} // namespace aerowatch
