// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/config.hpp"

#include <filesystem>
#include <optional>

namespace aerowatch {

/// True when stderr is the journal stream systemd gave us ($JOURNAL_STREAM names stderr's
/// device and inode), so journald adds timestamps and we must not.
bool stderr_is_journal();

/// Sets up the process logger: stderr (with "<N>" priority prefixes and no timestamps under the
/// journal, UTC timestamps otherwise) plus an optional file. Call again to change the level or
/// the file (on reload).
void setup_logging(LogLevel level, const std::optional<std::filesystem::path>& log_file);

/// Reopens the log file after logrotate moved it (SIGUSR1, SIGHUP).
void reopen_log_files();

} // namespace aerowatch
