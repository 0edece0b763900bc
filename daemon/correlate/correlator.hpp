// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/config.hpp"
#include "core/alert.hpp"
#include "correlate/exposure.hpp"
#include "store/baseline.hpp"
#include "store/hazard_store.hpp"

#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace aerowatch {

class SqliteStore;
class RefData;
struct DisruptionMetrics;

/// One correlation pass's findings: the alerts that should be firing now.
struct CorrelationPass {
    std::vector<AlertCandidate> candidates;
    std::set<AlertKind> evaluated;                  // kinds looked at (others cannot resolve)
    std::map<std::string, std::string> end_reasons; // fingerprint -> why its subject ended
    std::size_t hazards = 0;                        // active hazards considered
    std::size_t flights = 0;                        // flights in the snapshot
};

/// Decides, never sends (DESIGN.md "Correlation"). Each pass reads the active hazards and the
/// flights around `now` from the store, matches them through the ExposureEngine's indexes and
/// applies the config's watch areas and disruption rules:
/// - `hazard`: an active hazard in a watch area at or above its min_severity;
/// - `hazard_escalated`: such a hazard whose issuer earlier issued a less severe one on the same
///   FIRs;
/// - `disruption_correlated`: at an airport in an active hazard's area, the flights scheduled in
///   the rule's window either side of now (within the hazard's validity widened by lead/lag)
///   meet the rule's cancellations, airlines and ratio over the baseline before the hazard; one
///   alert per airport, with every hazard that explains it;
/// - `disruption_unexplained`: the same at a watched airport that no active hazard covers;
/// - `source_unhealthy`: no success for longer than the source's stale_after.
class Correlator {
  public:
    Correlator(SqliteStore& store, std::shared_ptr<const RefData> refdata, const Config& config,
               UtcTime started);
    ~Correlator();

    void configure(const Config& config);
    CorrelationPass evaluate(UtcTime now);

  private:
    struct Watch {
        const WatchArea* area = nullptr;
        HazardFootprint footprint;
    };
    struct AirportFinding; // disruption at one airport and the hazards that explain it

    void load(UtcTime now);
    const HazardFootprint& footprint(const Hazard& hazard);
    std::vector<const Watch*> watches_holding(const Hazard& hazard);
    const BaselineProfile& profile(const std::string& airport, UtcTime at);

    void hazard_alerts(CorrelationPass& pass);
    void escalations(CorrelationPass& pass);
    void disruptions(CorrelationPass& pass, UtcTime now);
    void unexplained(CorrelationPass& pass, UtcTime now);
    void source_health(CorrelationPass& pass, UtcTime now);
    /// A [[webhook]] disabled by a 410 is a source of alerts that no longer works.
    void webhook_health(CorrelationPass& pass);
    void end_reasons(CorrelationPass& pass);
    AlertLabels airport_labels(const std::string& airport) const;

    SqliteStore& store_;
    std::shared_ptr<const RefData> refdata_;
    Config config_;
    UtcTime started_;
    std::unique_ptr<ExposureEngine> engine_;
    std::vector<StoredHazard> hazards_; // every stored hazard, for escalation
    std::vector<const StoredHazard*> active_;
    // By hazard key, for this pass: shared with the engine's cache where nothing differs.
    std::unordered_map<std::string, std::shared_ptr<const HazardFootprint>> footprints_;
    std::vector<Watch> watches_;
    std::map<std::pair<std::string, std::int64_t>, BaselineProfile> profiles_;
};

/// "caution" hazards and above warn; prohibitions are critical.
AlertSeverity alert_severity_for(Severity hazard);

} // namespace aerowatch
