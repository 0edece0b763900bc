// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/systemd/notify.hpp"

#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include <cstring>
#include <ctime>
#include <string>

namespace aerowatch::systemd {

void notify(std::string_view state) {
    const std::string text(state);
    const int rc = sd_notify(0, text.c_str());
    if (rc < 0) {
        static bool warned = false;
        if (!warned) {
            warned = true;
            spdlog::warn("sd_notify failed: {}", std::strerror(-rc));
        }
    }
}

void notify_reloading() {
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    const auto usec = static_cast<unsigned long long>(now.tv_sec) * 1000000ULL +
                      static_cast<unsigned long long>(now.tv_nsec) / 1000ULL;
    notify("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(usec));
}

std::optional<std::chrono::microseconds> watchdog_ping_interval() {
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) {
        return std::nullopt;
    }
    return std::chrono::microseconds{usec / 2};
}

} // namespace aerowatch::systemd
