// SPDX-License-Identifier: GPL-3.0-or-later
// Disruption rules: cancellations explained by an active hazard, and spikes nothing explains.
#include "correlate/correlator.hpp"
#include "correlate/disruption.hpp"

#include "core/time.hpp"
#include "refdata/refdata.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string_view>

namespace aerowatch {

nlohmann::json hazard_evidence(const StoredHazard& s); // correlator.cpp

namespace {

bool any_category(const CategorySet& wanted, const CategorySet& have) {
    return wanted.empty() || (wanted.bits() & have.bits()) != 0;
}

UtcTime start_of(const Hazard& h, UtcTime fallback) {
    return h.valid_from ? *h.valid_from : h.issued ? *h.issued : fallback;
}

std::string airport_name(const RefData* refdata, const std::string& code) {
    if (refdata != nullptr) {
        if (auto a = refdata->airport(code); a && !(*a)->city.empty()) {
            return fmt::format("{} ({})", code, (*a)->city);
        }
    }
    return code;
}

} // namespace

struct Correlator::AirportFinding {
    DisruptionMetrics metrics;
    ThresholdCheck check;
    const DisruptionRule* rule = nullptr;
    std::vector<const StoredHazard*> hazards; // that explain it, most severe first
};

void Correlator::disruptions(CorrelationPass& pass, UtcTime now) {
    std::map<std::string, AirportFinding> findings; // by airport ("route:<key>" for routes)
    ExposureGroups groups;                          // one hazard's at a time, its storage reused
    for (const auto& rule : config_.correlation.rules) {
        if (rule.unexplained) {
            continue;
        }
        for (const auto* s : active_) {
            const auto& h = s->hazard;
            if (h.severity < rule.min_severity || !any_category(rule.categories, h.categories)) {
                continue;
            }
            const auto& fp = footprint(h);
            if (!fp.has_area()) {
                continue;
            }
            // measure_disruption() counts only the rule's window: nothing outside is fetched.
            // Route exposures are measured against the prior, which needs only how many there
            // are and the cancelled and diverted ones: the rest are counted, not listed.
            const TimeRange window{now - rule.window, now + rule.window};
            groups.collect(*engine_, h, fp, now, rule.route, window);
            const auto start = start_of(h, s->first_seen);
            for (std::size_t i = 0; i < groups.size(); ++i) {
                const auto& group = groups[i];
                // The rule cannot hold with fewer cancellations than it asks for, and most
                // airports have none: measuring them (a sort, a baseline, three formatted
                // reasons) was most of a pass.
                if (group.cancelled < rule.min_cancellations) {
                    continue;
                }
                std::string airport = group.route ? "route:" + h.key : std::string(group.airport);
                const BaselineProfile* baseline = group.route ? nullptr : &profile(airport, start);
                const auto unlisted =
                    group.route ? static_cast<std::int64_t>(groups.routes() - group.flights.size())
                                : 0;
                auto metrics =
                    measure_disruption(airport, group.flights, now - rule.window, now + rule.window,
                                       baseline, config_.flights.baseline, start, unlisted);
                auto check = check_thresholds(metrics, rule);
                if (!check.holds) {
                    continue;
                }
                auto& finding = findings[airport];
                if (finding.rule == nullptr || metrics.cancelled > finding.metrics.cancelled) {
                    finding.metrics = std::move(metrics);
                    finding.check = std::move(check);
                    finding.rule = &rule;
                }
                if (std::find(finding.hazards.begin(), finding.hazards.end(), s) ==
                    finding.hazards.end()) {
                    finding.hazards.push_back(s);
                }
            }
        }
    }
    for (auto& [airport, finding] : findings) {
        std::sort(finding.hazards.begin(), finding.hazards.end(),
                  [](const StoredHazard* a, const StoredHazard* b) {
                      return a->hazard.severity != b->hazard.severity
                                 ? a->hazard.severity > b->hazard.severity
                                 : a->hazard.key < b->hazard.key;
                  });
        const auto& m = finding.metrics;
        const auto& primary = finding.hazards.front()->hazard;
        const auto confidence = disruption_confidence(m, true);
        AlertCandidate c;
        c.kind = AlertKind::disruption_correlated;
        c.subject = airport;
        c.fingerprint = "disruption_correlated:" + airport;
        c.severity = primary.severity >= Severity::warning ? AlertSeverity::critical
                                                           : AlertSeverity::warning;
        const bool route = airport.rfind("route:", 0) == 0;
        c.summary = fmt::format("{} of {} flights {} cancelled by {} airline(s), {:.1f}x the "
                                "baseline, while {} {} ({}) "
                                "is in force",
                                m.cancelled, m.exposed,
                                route ? "crossing the area of " + primary.id
                                      : "at " + airport_name(refdata_.get(), airport),
                                m.airlines_cancelling.size(), m.ratio.value_or(0), primary.issuer,
                                primary.id, to_string(primary.severity));
        c.labels = route ? AlertLabels{} : airport_labels(airport);
        c.labels.airlines = m.airlines_cancelling;
        c.evidence = disruption_evidence(m, finding.check, confidence);
        c.evidence["rule"] = finding.rule->name;
        c.evidence["hazards"] = nlohmann::json::array();
        for (const auto* s : finding.hazards) {
            c.evidence["hazards"].push_back(hazard_evidence(*s));
            for (const auto& fir : s->hazard.firs) {
                c.labels.firs.push_back(fir);
            }
        }
        std::sort(c.labels.firs.begin(), c.labels.firs.end());
        c.labels.firs.erase(std::unique(c.labels.firs.begin(), c.labels.firs.end()),
                            c.labels.firs.end());
        c.magnitude = static_cast<double>(m.cancelled);
        pass.candidates.push_back(std::move(c));
    }
}

void Correlator::unexplained(CorrelationPass& pass, UtcTime now) {
    std::set<std::string> watched;
    for (const auto& w : watches_) {
        watched.insert(w.footprint.airports.begin(), w.footprint.airports.end());
    }
    if (watched.empty()) {
        return;
    }
    // An airport is explained by any active hazard whose area holds it, whatever the rules.
    std::set<std::string> covered;
    for (const auto* s : active_) {
        const auto& fp = footprint(s->hazard);
        covered.insert(fp.airports.begin(), fp.airports.end());
    }
    std::set<std::string> fired;
    for (const auto& rule : config_.correlation.rules) {
        if (!rule.unexplained) {
            continue;
        }
        for (const auto& airport : watched) {
            if (covered.count(airport) != 0 || fired.count(airport) != 0) {
                continue;
            }
            std::vector<FlightAt> flights;
            for (const auto* f :
                 engine_->at_airport(airport, now - rule.window, now + rule.window)) {
                flights.push_back({f, f->origin == airport
                                          ? f->scheduled_departure
                                          : f->scheduled_arrival.value_or(f->scheduled_departure)});
            }
            // The baseline is the days before the window, which the spike has not touched.
            const auto& baseline = profile(airport, now - rule.window);
            auto m = measure_disruption(airport, flights, now - rule.window, now + rule.window,
                                        &baseline, config_.flights.baseline, std::nullopt);
            const auto check = check_thresholds(m, rule);
            if (!check.holds) {
                continue;
            }
            fired.insert(airport);
            const auto confidence = disruption_confidence(m, false);
            AlertCandidate c;
            c.kind = AlertKind::disruption_unexplained;
            c.subject = airport;
            c.fingerprint = "disruption_unexplained:" + airport;
            c.severity = AlertSeverity::warning;
            c.summary =
                fmt::format("{} of {} flights at {} cancelled by {} airline(s), {:.1f}x the "
                            "baseline, and no active hazard covers the airport",
                            m.cancelled, m.exposed, airport_name(refdata_.get(), airport),
                            m.airlines_cancelling.size(), m.ratio.value_or(0));
            c.labels = airport_labels(airport);
            c.labels.airlines = m.airlines_cancelling;
            c.evidence = disruption_evidence(m, check, confidence);
            c.evidence["rule"] = rule.name;
            c.evidence["hazards"] = nlohmann::json::array();
            c.magnitude = static_cast<double>(m.cancelled);
            pass.candidates.push_back(std::move(c));
        }
    }
}

} // namespace aerowatch
