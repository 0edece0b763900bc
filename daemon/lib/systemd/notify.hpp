// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace aerowatch::systemd {

/// Sends a state string ("READY=1", "STATUS=...") to $NOTIFY_SOCKET. Does nothing when the
/// daemon does not run under systemd (no NOTIFY_SOCKET). Failures are not fatal: logged once.
void notify(std::string_view state);

/// "RELOADING=1" with MONOTONIC_USEC, as systemd >= 253 expects (older ones ignore the key).
void notify_reloading();

/// The interval at which WATCHDOG=1 must be sent (half of WatchdogSec), when the watchdog is on.
std::optional<std::chrono::microseconds> watchdog_ping_interval();

} // namespace aerowatch::systemd
