// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/commands.hpp"
#include "views/query_filters.hpp"

#include <iosfwd>
#include <string>

namespace aerowatch {

/// `aerowatch hazards [--active] [--fir CODE] [--airport CODE] [--json]`.
int command_hazards(const CliContext& context, const HazardsOptions& options, std::ostream& out,
                    std::ostream& err);

/// `aerowatch import KIND FILE [--source NAME]`: parses a saved payload of a hazard or flight
/// source kind into the database. The configured source NAME gives a json_board its board
/// mapping and the records their source name (default "import").
int command_import(const CliContext& context, const std::string& kind, const std::string& file,
                   const std::string& source_name, std::ostream& out, std::ostream& err);

} // namespace aerowatch
