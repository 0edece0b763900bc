// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/hazard.hpp"

#include <nlohmann/json.hpp>

namespace aerowatch {

/// A hazard as JSON: what the version history stores and what `--json` and the API print.
/// Times as ISO-8601 UTC strings, absent values as null; `raw` is left out.
nlohmann::json hazard_to_json(const Hazard& hazard);

nlohmann::json geometry_to_json(const Geometry& geometry);
Geometry geometry_from_json(const nlohmann::json& json);

} // namespace aerowatch
