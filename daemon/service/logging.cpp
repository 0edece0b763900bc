// SPDX-License-Identifier: GPL-3.0-or-later
#include "service/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

namespace aerowatch {

namespace {

/// "%*" in a pattern: the sd-daemon(3) priority prefix, so journald keeps our log levels.
class JournalPriorityFlag final : public spdlog::custom_flag_formatter {
  public:
    void format(const spdlog::details::log_msg& msg, const std::tm&,
                spdlog::memory_buf_t& dest) override {
        const char* prefix = "<6>";
        switch (msg.level) {
        case spdlog::level::trace:
        case spdlog::level::debug:
            prefix = "<7>";
            break;
        case spdlog::level::info:
            prefix = "<6>";
            break;
        case spdlog::level::warn:
            prefix = "<4>";
            break;
        case spdlog::level::err:
            prefix = "<3>";
            break;
        case spdlog::level::critical:
            prefix = "<2>";
            break;
        default:
            break;
        }
        dest.append(prefix, prefix + 3);
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<JournalPriorityFlag>();
    }
};

spdlog::level::level_enum to_spdlog(LogLevel level) {
    switch (level) {
    case LogLevel::trace:
        return spdlog::level::trace;
    case LogLevel::debug:
        return spdlog::level::debug;
    case LogLevel::info:
        return spdlog::level::info;
    case LogLevel::warn:
        return spdlog::level::warn;
    case LogLevel::error:
        return spdlog::level::err;
    }
    return spdlog::level::info;
}

struct LogState {
    std::optional<std::filesystem::path> file;
    LogLevel level = LogLevel::info;
};

LogState& state() {
    static LogState s;
    return s;
}

void install() {
    auto& s = state();
    auto stderr_sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    if (stderr_is_journal()) {
        auto formatter = std::make_unique<spdlog::pattern_formatter>();
        formatter->add_flag<JournalPriorityFlag>('*').set_pattern("%*%v");
        stderr_sink->set_formatter(std::move(formatter));
    } else {
        stderr_sink->set_formatter(std::make_unique<spdlog::pattern_formatter>(
            "%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc));
    }
    std::vector<spdlog::sink_ptr> sinks{stderr_sink};
    if (s.file) {
        try {
            auto file_sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(s.file->string());
            file_sink->set_formatter(std::make_unique<spdlog::pattern_formatter>(
                "%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc));
            sinks.push_back(file_sink);
        } catch (const spdlog::spdlog_ex& e) {
            // Keep logging to stderr rather than lose every message.
            std::fprintf(stderr, "cannot open log file %s: %s\n", s.file->c_str(), e.what());
        }
    }
    auto logger = std::make_shared<spdlog::logger>("aerowatch", sinks.begin(), sinks.end());
    logger->set_level(to_spdlog(s.level));
    logger->flush_on(spdlog::level::trace);
    spdlog::set_default_logger(logger);
}

} // namespace

bool stderr_is_journal() {
    const char* stream = std::getenv("JOURNAL_STREAM");
    if (stream == nullptr) {
        return false;
    }
    struct stat st {};
    if (fstat(STDERR_FILENO, &st) != 0) {
        return false;
    }
    unsigned long long dev = 0;
    unsigned long long ino = 0;
    if (std::sscanf(stream, "%llu:%llu", &dev, &ino) != 2) {
        return false;
    }
    return dev == static_cast<unsigned long long>(st.st_dev) &&
           ino == static_cast<unsigned long long>(st.st_ino);
}

void setup_logging(LogLevel level, const std::optional<std::filesystem::path>& log_file) {
    state().level = level;
    state().file = log_file;
    install();
}

void reopen_log_files() {
    if (state().file) {
        install();
    }
}

} // namespace aerowatch
