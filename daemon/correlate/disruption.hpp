// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/config.hpp"
#include "correlate/exposure.hpp"
#include "store/baseline.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace aerowatch {

/// A flight at an airport, with the scheduled time that places it there (departure at its
/// origin, arrival at its destination).
struct FlightAt {
    const FlightRecord* flight = nullptr;
    UtcTime at{};
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
