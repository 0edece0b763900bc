// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/alert.hpp"
#include "core/clock.hpp"
#include "http/svg_map.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace aerowatch {

struct StatusPageData {
    UtcTime now{};
    std::string config_path;
    std::vector<Alert> firing;
    nlohmann::json sources = nlohmann::json::array(); // as in /readyz
    std::map<std::string, std::int64_t> hazards_by_severity;
    std::vector<MapAirport> airports; // with cancellations in the last 24 h
    std::string map_svg;
};

/// The page at `/`: firing alerts with their evidence, the map, sources and airports. Plain
/// HTML with the SVG inline, no script and nothing fetched from elsewhere; it reloads itself
/// every minute.
std::string render_status_page(const StatusPageData& data);

} // namespace aerowatch
