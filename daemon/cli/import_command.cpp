// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/hazard_commands.hpp"

#include "config/config.hpp"
#include "ingest/flight_ingest.hpp"
#include "ingest/hazard_ingest.hpp"
#include "refdata/refdata.hpp"
#include "service/exit_codes.hpp"
#include "sources/flight_feeds.hpp"
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

namespace {

/// The reference data, or null (with a warning saying what goes without it).
std::shared_ptr<const RefData> load_refdata(const Config& config, std::ostream& err,
                                            const char* without) {
    try {
        return RefData::load(config.daemon.data_directory.value_or(default_data_directory()));
    } catch (const std::exception& e) {
        err << "aerowatch: reference data: " << e.what() << " (" << without << ")\n";
        return nullptr;
    }
}

int import_hazards(const Config& config, SqliteStore& store, const std::string& source,
                   const std::string& kind, const std::string& file, const std::string& payload,
                   UtcTime now, std::ostream& out, std::ostream& err) {
    HazardIngest ingest(
        store.hazards(), Classifier(config.hazard_rules),
        load_refdata(config, err, "bulletins naming only countries are not placed in FIRs"));
    const auto report = ingest.ingest(source, kind, payload, now);
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

int import_flights(const Config& config, SqliteStore& store, SourceConfig source,
                   const std::string& file, const std::string& payload, UtcTime now,
                   std::ostream& out, std::ostream& err) {
    FlightIngest ingest(
        store.flights(),
        load_refdata(config, err, "airline codes and airport time zones are not resolved"),
        config.flights.retention);
    const auto report = ingest.ingest(source, payload, now);
    for (const auto& e : report.errors) {
        err << fmt::format("{}:{}: skipped: {}\n", file, e.line, e.message);
    }
    for (const auto& change : report.result.changes) {
        const auto& f = change.flight;
        const std::string what =
            change.type == FlightChange::Type::state_changed
                ? fmt::format("{} -> {}",
                              change.previous_state ? to_string(*change.previous_state) : "unknown",
                              to_string(f.flight.state))
                : to_string(f.flight.state);
        out << fmt::format("{:<13} {:<9} {} {}-{} {}\n", to_string(change.type), f.designator(),
                           format_date(f.date), f.flight.origin, f.flight.destination, what);
    }
    for (const auto& change : report.result.signal_changes) {
        const auto& s = change.signal.signal;
        out << fmt::format("signal {:<6} {} {}: {}\n", to_string(change.type), s.airport, s.type,
                           s.reason);
    }
    out << fmt::format("{}: {} item(s): {}\n", file, report.items, report.summary());
    return report.items == 0 && !report.errors.empty() ? exit_code::failure : exit_code::ok;
}

} // namespace

int command_import(const CliContext& context, const std::string& kind, const std::string& file,
                   const std::string& source_name, std::ostream& out, std::ostream& err) {
    const bool hazard = is_hazard_kind(kind);
    if (!hazard && !is_flight_kind(kind)) {
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
    SourceConfig source;
    // A complete listing withdraws what its source no longer lists: hazards imported without
    // --source are filed per kind, so that a State Department import does not withdraw the
    // bulletins of an EASA one.
    source.name = hazard ? "import:" + kind : "import";
    source.kind = kind;
    if (!source_name.empty()) {
        const auto* found = config.find_source(source_name);
        if (found == nullptr || found->kind != kind) {
            err << "aerowatch: --source " << source_name << ": no source of kind " << kind
                << " with that name in " << config.path.string() << "\n";
            return exit_code::usage;
        }
        source = *found;
    } else if (kind == "json_board") {
        err << "aerowatch: a json_board payload needs --source NAME, the configured source "
               "whose [source.board] mapping reads it\n";
        return exit_code::usage;
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
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    try {
        return hazard ? import_hazards(config, *store, source.name, kind, file, *payload, now, out,
                                       err)
                      : import_flights(config, *store, source, file, *payload, now, out, err);
    } catch (const std::exception& e) {
        err << "aerowatch: cannot store " << file << ": " << e.what() << "\n";
        return exit_code::failure;
    }
}

} // namespace aerowatch
