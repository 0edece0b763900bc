// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <iosfwd>

namespace aerowatch {

/// The `aerowatch` command line; output goes to `out`, diagnostics to `err`. Returns the exit
/// code: 0 success, 1 not found or failed, 64 usage, 78 bad config.
int run_cli(int argc, char** argv, std::ostream& out, std::ostream& err);

} // namespace aerowatch
