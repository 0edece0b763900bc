// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/alert.hpp"

#include <cstdint>
#include <filesystem>
#include <vector>

namespace aerowatch {

class SqliteStore;

/// The alert log: JSON Lines, one alert event per line (event_document), in event order.
///
/// It follows the database's alert_event table, which is the record: catch_up() appends every
/// event after the last one written, fsyncs once per batch, then saves how far it got. After a
/// crash the resume point is the later of that saved cursor and the last event_id in the file,
/// so no event is lost and none is written twice, even when the process died between the
/// write and the cursor update. Opened O_APPEND, so logrotate's copytruncate is safe too; after
/// a rename rotation, reopen() (SIGHUP/SIGUSR1) starts the new file.
class AlertLog {
  public:
    /// Opens (creating with mode 0640) the file. Throws std::system_error.
    AlertLog(std::filesystem::path path, SqliteStore& store);
    ~AlertLog();
    AlertLog(const AlertLog&) = delete;
    AlertLog& operator=(const AlertLog&) = delete;

    /// Appends the events recorded since the last call; returns how many. Throws on I/O errors
    /// (the events stay in the database and are written by the next successful call).
    std::size_t catch_up();
    void reopen();

    const std::filesystem::path& path() const noexcept { return path_; }
    std::int64_t cursor() const noexcept { return cursor_; }

    /// The event_id of the last complete line of the file, 0 when there is none.
    static std::int64_t last_event_id_in(const std::filesystem::path& path);

  private:
    void open();
    void write_all(const std::string& text);

    std::filesystem::path path_;
    SqliteStore& store_;
    int fd_ = -1;
    std::int64_t cursor_ = 0;
};

} // namespace aerowatch
