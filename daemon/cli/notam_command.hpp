// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/commands.hpp"

#include <iosfwd>
#include <string>

namespace aerowatch {

/// `aerowatch notam decode [FILE|-]`: reads one or more NOTAMs (ICAO, FAA domestic or FAA notice
/// form, separated by blank lines or by the next header) from `file`, or from `in` when `file`
/// is "" or "-", and prints each decoded in input order: readable text, or with --json one JSON
/// object per line. A NOTAM that cannot be read is reported with its line and the others are
/// still printed. Returns 0 when every NOTAM was read, 1 otherwise (or when there were none).
int command_notam_decode(const CliContext& context, const std::string& file, std::istream& in,
                         std::ostream& out, std::ostream& err);

} // namespace aerowatch
