// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/commands.hpp"

#include <iosfwd>
#include <string>

namespace aerowatch {

struct HazardsOptions {
    bool active_only = false;
    std::string fir;
    std::string airport;
};

/// `aerowatch hazards [--active] [--fir CODE] [--airport CODE] [--json]`.
int command_hazards(const CliContext& context, const HazardsOptions& options, std::ostream& out,
                    std::ostream& err);

/// `aerowatch import KIND FILE`: parses a saved payload into the database.
int command_import(const CliContext& context, const std::string& kind, const std::string& file,
                   std::ostream& out, std::ostream& err);

} // namespace aerowatch
