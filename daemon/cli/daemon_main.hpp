// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace aerowatch {

/// aerowatchd's whole life: command line, config, logging, the service loop; returns the exit
/// code (0, 64 usage, 65 corrupt database, 72 missing data, 78 bad config or newer database).
int daemon_main(int argc, char** argv) noexcept;

} // namespace aerowatch
