// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/config.hpp"
#include "core/alert.hpp"
#include "store/flight_store.hpp"
#include "store/hazard_store.hpp"
#include "store/state_store.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace aerowatch {

// The JSON shapes of stored records, one definition for `aerowatch ... --json` and the HTTP
// API, so that a script moving from one to the other reads the same fields.

nlohmann::json alert_to_json(const Alert& alert);
/// alert_to_json plus its events in order.
nlohmann::json alert_detail_to_json(const Alert& alert, const std::vector<AlertEvent>& events);
nlohmann::json hazard_record_to_json(const StoredHazard& hazard);
nlohmann::json flight_to_json(const StoredFlight& flight);
nlohmann::json flight_history_to_json(const std::vector<FlightHistoryEntry>& history);

/// A configured or remembered source and its polling state (`state` null: never polled).
struct SourceView {
    std::string name;
    std::string kind;
    bool enabled = false;
    const SourceState* state = nullptr;
};
nlohmann::json source_to_json(const SourceView& source);

/// The configured sources in config order, then any the database remembers that the config no
/// longer has (kind "(not in config)").
std::vector<SourceView> source_views(const std::vector<SourceConfig>& configured,
                                     const std::vector<SourceState>& states);

/// Text that may hold invalid UTF-8 (feed bodies) is dumped with replacement characters
/// rather than throwing.
std::string dump_json(const nlohmann::json& value, int indent = 2);

} // namespace aerowatch
