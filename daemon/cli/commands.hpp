// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <filesystem>
#include <iosfwd>
#include <memory>
#include <string>

namespace aerowatch {

class SqliteStore;
struct Config;

struct CliContext {
    std::filesystem::path config_path;
    bool json = false;
};

/// Opens the daemon's database for a command (read-only unless `writable`, which also creates
/// the state directory). On failure it reports to `err`, sets `code` (78 for a bad config) and
/// returns null. With `loaded`, the config read is kept there.
std::unique_ptr<SqliteStore> open_cli_store(const CliContext& context, bool writable,
                                            std::ostream& err, int& code, Config* loaded = nullptr);

int command_check_config(const CliContext& context, std::ostream& out, std::ostream& err);
int command_sources(const CliContext& context, std::ostream& out, std::ostream& err);
int command_airport(const CliContext& context, const std::string& code, std::ostream& out,
                    std::ostream& err);

} // namespace aerowatch
