// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace aerowatch::exit_code {

// sysexits.h values, so that systemd's RestartPreventExitStatus= can tell the permanent
// failures (which a restart cannot fix) from the transient ones.
inline constexpr int ok = 0;
inline constexpr int failure = 1;
inline constexpr int usage = 64;       // EX_USAGE: bad command line
inline constexpr int data_error = 65;  // EX_DATAERR: corrupt database
inline constexpr int unavailable = 69; // EX_UNAVAILABLE: http_listen cannot be bound (retry helps)
inline constexpr int os_file = 72;     // EX_OSFILE: reference data missing
inline constexpr int cant_create = 73; // EX_CANTCREAT: the alert log cannot be opened
inline constexpr int config = 78;      // EX_CONFIG: bad config, or a database from a newer release

} // namespace aerowatch::exit_code
