// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/commands.hpp"
#include "core/clock.hpp"
#include "views/query_filters.hpp"

#include <chrono>
#include <iosfwd>
#include <optional>
#include <string>

namespace aerowatch {

/// `aerowatch flights [--airport CODE] [--airline CODE] [--date YYYY-MM-DD]
/// [--status STATE] [--json]`: stored flights, earliest scheduled departure first; with --json
/// each carries its change history. Exit 64 for a malformed date or status.
int command_flights(const CliContext& context, const FlightsOptions& options, std::ostream& out,
                    std::ostream& err);

struct DisruptionOptions {
    std::string airport;
    std::chrono::seconds window{std::chrono::hours{24}};
    std::optional<UtcTime> at; // the middle of the window; now when absent (tests, replay)
};

/// `aerowatch disruption --airport CODE [--window 24h] [--json]`: flights scheduled at the
/// airport (departing or arriving) from `window` before now to `window` after it, so that
/// cancellations already announced for the coming hours count; cancelled, diverted, the
/// airlines cancelling, and the rates against the airport's baseline (the days before the
/// window). Exit 64 without an airport or with a window that is not positive.
int command_disruption(const CliContext& context, const DisruptionOptions& options,
                       std::ostream& out, std::ostream& err);

} // namespace aerowatch
