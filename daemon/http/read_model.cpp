// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/read_model.hpp"

#include "store/stats_queries.hpp"

#include <algorithm>

namespace aerowatch {

namespace {

constexpr std::size_t max_hazards_drawn = 5000;

} // namespace

std::vector<MapAirport> airport_activity(SqliteStore& store, const RefData& refdata,
                                         const Config& config, UtcTime now) {
    const UtcTime from = now - std::chrono::hours{24};
    auto counts = cancellations_by_airport(store.database(), from, now);
    std::vector<std::pair<std::string, std::int64_t>> ranked(counts.begin(), counts.end());
    std::sort(ranked.begin(), ranked.end(),
              [](const auto& a, const auto& b) { return a.second > b.second; });
    std::vector<MapAirport> airports;
    for (const auto& entry : ranked) {
        const std::string& code = entry.first;
        if (airports.size() >= max_airports_shown) {
            break;
        }
        auto airport = refdata.airport(code);
        if (!airport) {
            continue; // a code the reference data does not know cannot be placed
        }
        const auto summary = store.flights().disruption(code, from, now, config.flights.baseline);
        if (summary.cancelled == 0) {
            continue; // its cancelled flights arrive after now: not in this window here
        }
        MapAirport a;
        a.code = (*airport)->icao;
        a.name = (*airport)->name;
        a.lat = (*airport)->lat;
        a.lon = (*airport)->lon;
        a.cancelled = summary.cancelled;
        a.expected = summary.expected_cancelled;
        airports.push_back(std::move(a));
    }
    std::stable_sort(
        airports.begin(), airports.end(),
        [](const MapAirport& a, const MapAirport& b) { return a.cancelled > b.cancelled; });
    return airports;
}

std::vector<StoredHazard> hazards_in_effect(SqliteStore& store, UtcTime now) {
    HazardQuery query;
    query.active_only = true;
    query.limit = max_hazards_drawn;
    auto hazards = store.hazards().query(query);
    std::erase_if(hazards, [&](const StoredHazard& s) {
        return s.hazard.valid_from && *s.hazard.valid_from > now;
    });
    return hazards;
}

} // namespace aerowatch
