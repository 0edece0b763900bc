// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/hazard.hpp"

#include <optional>
#include <string_view>

namespace aerowatch {

/// True for the source kinds that carry hazards (NOTAMs, notices, bulletins, SIGMETs, advisories).
bool is_hazard_kind(std::string_view kind);

/// Parses a payload of a hazard source kind with its parser; nullopt for other kinds.
std::optional<HazardBatch> parse_hazard_payload(std::string_view kind, std::string_view payload);

} // namespace aerowatch
