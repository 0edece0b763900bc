// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/commands.hpp"
#include "core/clock.hpp"
#include "views/query_filters.hpp"

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace aerowatch {

/// `aerowatch alerts [--state S] [--kind K] [--since T] [--json]`.
int command_alerts(const CliContext& context, const AlertsOptions& options, std::ostream& out,
                   std::ostream& err);
/// `aerowatch alerts show ID`: the alert, its evidence, why each threshold held, its events.
int command_alert_show(const CliContext& context, const std::string& id, std::ostream& out,
                       std::ostream& err);

struct SilenceAddOptions {
    std::vector<std::string> matchers; // KEY=VALUE
    std::string duration = "2h";
    std::string comment;
};

/// `aerowatch silence add --match KEY=VALUE... --duration 6h --comment "..."`.
int command_silence_add(const CliContext& context, const SilenceAddOptions& options,
                        std::ostream& out, std::ostream& err);
/// `aerowatch silence list [--all]`.
int command_silence_list(const CliContext& context, bool all, std::ostream& out, std::ostream& err);
/// `aerowatch silence expire ID`.
int command_silence_expire(const CliContext& context, const std::string& id, std::ostream& out,
                           std::ostream& err);

} // namespace aerowatch
