// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/config.hpp"
#include "correlate/exposure.hpp"
#include "store/baseline.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aerowatch {

/// A flight at an airport, with the scheduled time that places it there (departure at its
/// origin, arrival at its destination).
struct FlightAt {
    const FlightRecord* flight = nullptr;
    UtcTime at{};
};

/// One hazard's exposures in a rule's window, grouped as a disruption rule measures them: by
/// the airport they touch, and those crossing on a route together. Meant to be kept across
/// hazards and passes: the groups' storage is reused, since a pass groups millions of
/// exposures and a map of string keys per hazard was a third of it.
class ExposureGroups {
  public:
    struct Group {
        std::string_view airport; // the engine's code (valid until set_flights()); empty: route
        bool route = false;
        std::vector<FlightAt> flights;
        std::int64_t cancelled = 0; // of `flights`, those cancelled and scheduled in the window
    };

    /// Replaces the groups with the exposures for_each_exposed_counting_routes() hands over
    /// for `hazard` with only_at = `window`. A group per airport with any, in the footprint's
    /// order, then the route group when there is any route exposure, listed or not (routes()
    /// counts them all); each flight in its group in the order handed over.
    void collect(const ExposureEngine& engine, const Hazard& hazard,
                 const HazardFootprint& footprint, UtcTime now, bool include_route,
                 const TimeRange& window);

    std::size_t size() const { return used_; }
    const Group& operator[](std::size_t i) const { return groups_[i]; }
    /// Route exposures found, handed over or not.
    std::size_t routes() const { return routes_; }

  private:
    Group& open(std::string_view airport, bool route);

    std::vector<Group> groups_; // [0, used_) in use; the rest keep their capacity
    std::size_t used_ = 0;
    std::size_t routes_ = 0;
    std::size_t route_group_ = 0;   // its index, when below used_
    bool any_airport_ = false;      // an airport group is open
    std::string_view last_airport_; // the greatest airport with a group: past it, none to find
};

/// Cancellations and diversions at one airport over a window, against its baseline.
struct DisruptionMetrics {
    std::string airport;
    UtcTime from{};
    UtcTime to{};
    std::int64_t exposed = 0;
    std::int64_t cancelled = 0;
    std::int64_t diverted = 0;
    std::vector<std::string> airlines_cancelling; // sorted, distinct
    std::int64_t cancelled_after_start = 0;       // cancellations seen at or after the hazard began
    double expected_cancelled = 0;                // what the baseline predicts for these flights
    double cancel_rate = 0;
    double baseline_rate = 0;
    std::optional<double> ratio; // cancel_rate / baseline_rate
    Baseline::Basis basis = Baseline::Basis::prior;
    std::vector<const FlightRecord*> cancelled_flights; // by scheduled time
    std::vector<const FlightRecord*> diverted_flights;
};

/// Counts the flights scheduled in [from, to). `baseline` gives each flight's normal rate for
/// its hour of week (nullptr: the configured prior); `hazard_start` separates cancellations
/// that followed the hazard from those that preceded it. `unlisted` more flights, in the window
/// and neither cancelled nor diverted, count as exposed without being listed (only with the
/// prior, which needs no times): what ExposureEngine::for_each_exposed_counting_routes() leaves
/// out.
DisruptionMetrics measure_disruption(std::string airport, const std::vector<FlightAt>& flights,
                                     UtcTime from, UtcTime to, const BaselineProfile* baseline,
                                     const BaselineConfig& config,
                                     std::optional<UtcTime> hazard_start,
                                     std::int64_t unlisted = 0);

/// Which of the rule's thresholds hold, each with its reason ("5 cancellations >= 5").
struct ThresholdCheck {
    bool holds = false;
    std::vector<std::string> reasons;
};
ThresholdCheck check_thresholds(const DisruptionMetrics& metrics, const DisruptionRule& rule);

/// 0-1, with the reasons: grows with the ratio over baseline, the number of cancellations, the
/// number of airlines cancelling, and the share of cancellations that followed the hazard.
struct Confidence {
    double value = 0;
    std::vector<std::string> reasons;
};
Confidence disruption_confidence(const DisruptionMetrics& metrics, bool with_hazard);

/// The evidence of a disruption alert: counts, baseline, ratio, flights (capped), confidence.
nlohmann::json disruption_evidence(const DisruptionMetrics& metrics, const ThresholdCheck& check,
                                   const Confidence& confidence);

} // namespace aerowatch
