// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>

namespace aerowatch {

struct CliContext {
    std::filesystem::path config_path;
    bool json = false;
};

int command_check_config(const CliContext& context, std::ostream& out, std::ostream& err);
int command_sources(const CliContext& context, std::ostream& out, std::ostream& err);
int command_airport(const CliContext& context, const std::string& code, std::ostream& out,
                    std::ostream& err);

} // namespace aerowatch
