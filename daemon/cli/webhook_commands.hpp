// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/commands.hpp"

#include <iosfwd>
#include <string>

namespace aerowatch {

/// `aerowatch webhook test NAME`: posts a signed test event in the endpoint's format and prints
/// the receiver's answer. Nothing is written to the outbox.
int command_webhook_test(const CliContext& context, const std::string& name, std::ostream& out,
                         std::ostream& err);
/// `aerowatch webhook listen HOST:PORT [--secret-file F]`: receives webhooks until killed and
/// prints one line per event with its signature check; answers 401 to a bad signature.
int command_webhook_listen(const std::string& address, const std::string& secret_file,
                           std::ostream& out, std::ostream& err);
/// `aerowatch outbox [--dead]`: deliveries, newest first, with the counts by state.
int command_outbox(const CliContext& context, bool dead_only, std::ostream& out, std::ostream& err);
/// `aerowatch outbox retry ID|--all-dead`: dead letters back to pending; the daemon sends them
/// within a second, re-enabling endpoints a 410 had disabled.
int command_outbox_retry(const CliContext& context, const std::string& id, bool all_dead,
                         std::ostream& out, std::ostream& err);

} // namespace aerowatch
