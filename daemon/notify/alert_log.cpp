// SPDX-License-Identifier: GPL-3.0-or-later
#include "notify/alert_log.hpp"

#include "lib/sqlite/statement.hpp"
#include "store/outbox_store.hpp"
#include "store/sqlite_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <system_error>

namespace aerowatch {

namespace {

constexpr const char* cursor_name = "alert_log";
constexpr std::size_t batch = 1000;
// How far back from the end the last line is looked for. An event line is a few KiB at most.
constexpr std::streamoff tail_window = 1 << 20;

std::system_error io_error(const std::filesystem::path& path, const char* what) {
    return std::system_error(errno, std::generic_category(),
                             std::string(what) + " " + path.string());
}

std::int64_t saved_cursor(sqlite::Database& db) {
    sqlite::Statement st(db, "SELECT seq FROM log_cursor WHERE name = ?1");
    auto row = st.use();
    row.bind(1, cursor_name);
    return row.step() ? row.get_int(0) : 0;
}

void save_cursor(sqlite::Database& db, std::int64_t seq) {
    sqlite::Statement st(db, "INSERT INTO log_cursor (name, seq) VALUES (?1, ?2) ON CONFLICT "
                             "(name) DO UPDATE SET seq = excluded.seq");
    auto b = st.use();
    b.bind(1, cursor_name).bind(2, seq);
    b.run();
}

} // namespace

AlertLog::AlertLog(std::filesystem::path path, SqliteStore& store)
    : path_(std::move(path)), store_(store) {
    open();
    cursor_ = std::max(saved_cursor(store_.database()), last_event_id_in(path_));
}

AlertLog::~AlertLog() {
    if (fd_ >= 0) {
        ::close(fd_);
    }
}

void AlertLog::open() {
    if (path_.has_parent_path()) {
        std::filesystem::create_directories(path_.parent_path());
    }
    const int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0) {
        throw io_error(path_, "cannot open alert log");
    }
    if (fd_ >= 0) {
        ::close(fd_);
    }
    fd_ = fd;
    // A line cut short by a crash or a full disk is finished, so the next one starts clean;
    // its event is written again whole because the cut line does not count as written.
    struct stat st {};
    if (::fstat(fd_, &st) == 0 && st.st_size > 0) {
        std::ifstream in(path_, std::ios::binary);
        in.seekg(st.st_size - 1);
        if (in.get() != '\n') {
            write_all("\n");
        }
    }
}

void AlertLog::reopen() {
    open();
}

void AlertLog::write_all(const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw io_error(path_, "cannot write alert log");
        }
        done += static_cast<std::size_t>(n);
    }
}

std::size_t AlertLog::catch_up() {
    std::size_t written = 0;
    for (;;) {
        const auto events = store_.alerts().events_after(cursor_, batch);
        if (events.empty()) {
            return written;
        }
        std::string text;
        for (const auto& event : events) {
            text += event_document(event).dump(-1, ' ', false,
                                               nlohmann::json::error_handler_t::replace);
            text += '\n';
        }
        // One write per batch: a kill leaves whole lines, or one cut line open() finishes.
        write_all(text);
        if (::fdatasync(fd_) != 0) {
            throw io_error(path_, "cannot sync alert log");
        }
        cursor_ = events.back().seq;
        written += events.size();
        save_cursor(store_.database(), cursor_);
    }
}

std::int64_t AlertLog::last_event_id_in(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return 0;
    }
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    const std::streamoff start = std::max<std::streamoff>(0, size - tail_window);
    in.seekg(start);
    std::string tail(static_cast<std::size_t>(size - start), '\0');
    in.read(tail.data(), static_cast<std::streamsize>(tail.size()));
    // Complete lines only, newest first; the first that parses decides.
    auto end = tail.rfind('\n');
    while (end != std::string::npos && end > 0) {
        const auto begin = tail.rfind('\n', end - 1);
        const auto from = begin == std::string::npos ? 0 : begin + 1;
        const auto line = std::string_view(tail).substr(from, end - from);
        auto doc = nlohmann::json::parse(line, nullptr, false);
        if (!doc.is_discarded() && doc.is_object() && doc.contains("event_id") &&
            doc["event_id"].is_number_integer()) {
            return doc["event_id"].get<std::int64_t>();
        }
        if (begin == std::string::npos) {
            break;
        }
        end = begin;
    }
    return 0;
}

} // namespace aerowatch
