// SPDX-License-Identifier: GPL-3.0-or-later
#include "correlate/disruption.hpp"

#include "core/time.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

namespace aerowatch {

namespace {

// Evidence lists at most this many flights of each kind: enough to read, small enough to send.
constexpr std::size_t max_flights_in_evidence = 50;

nlohmann::json flight_json(const FlightRecord& f) {
    return {{"airline", f.airline},
            {"flight", f.airline + f.flight_number},
            {"origin", f.origin},
            {"destination", f.destination},
            {"scheduled_departure", format_iso8601(f.scheduled_departure)},
            {"status", to_string(f.state)}};
}

nlohmann::json flight_list(const std::vector<const FlightRecord*>& flights) {
    auto list = nlohmann::json::array();
    for (std::size_t i = 0; i < flights.size() && i < max_flights_in_evidence; ++i) {
        list.push_back(flight_json(*flights[i]));
    }
    return list;
}

} // namespace

ExposureGroups::Group& ExposureGroups::open(std::string_view airport, bool route) {
    // The engine hands each airport's exposures over together, airports in the footprint's
    // (sorted, distinct) order and routes last: a new run is a new group. Were an airport to
    // come back, its flights join its group, as they would under a map by airport.
    if (route && route_group_ < used_) {
        return groups_[route_group_];
    }
    if (!route && any_airport_ && !(last_airport_ < airport)) {
        for (std::size_t i = 0; i < used_; ++i) {
            if (!groups_[i].route && groups_[i].airport == airport) {
                return groups_[i];
            }
        }
    }
    if (route) {
        route_group_ = used_;
    } else {
        any_airport_ = true;
        last_airport_ = std::max(last_airport_, airport);
    }
    if (used_ == groups_.size()) {
        groups_.emplace_back();
    }
    Group& g = groups_[used_++];
    g.airport = airport;
    g.route = route;
    g.flights.clear();
    g.cancelled = 0;
    return g;
}

void ExposureGroups::collect(const ExposureEngine& engine, const Hazard& hazard,
                             const HazardFootprint& footprint, UtcTime now, bool include_route,
                             const TimeRange& window) {
    used_ = 0;
    route_group_ = static_cast<std::size_t>(-1);
    any_airport_ = false;
    last_airport_ = {};
    Group* run = nullptr;
    routes_ = engine.for_each_exposed_counting_routes(
        hazard, footprint, now, include_route, window, [&](const ExposedFlight& e) {
            const bool route = e.via == ExposureVia::route;
            // A run's exposures share the engine's string: its address settles most of them.
            if (run == nullptr || run->route != route ||
                (run->airport.data() != e.airport.data() && run->airport != e.airport) ||
                run->airport.size() != e.airport.size()) {
                run = &open(route ? std::string_view{} : e.airport, route);
            }
            run->flights.push_back({e.flight, e.at});
            // Counted here, not in a second walk: most groups are then never looked at again.
            if (e.cancelled && e.at >= window.from && e.at < window.to) {
                run->cancelled += 1;
            }
        });
    if (routes_ > 0) {
        open({}, true); // even with none cancelled or diverted: they count as exposed
    }
}

DisruptionMetrics measure_disruption(std::string airport, const std::vector<FlightAt>& flights,
                                     UtcTime from, UtcTime to, const BaselineProfile* baseline,
                                     const BaselineConfig& config,
                                     std::optional<UtcTime> hazard_start, std::int64_t unlisted) {
    if (unlisted < 0 || (unlisted > 0 && baseline != nullptr)) {
        throw std::invalid_argument("measure_disruption: unlisted flights need the prior");
    }
    DisruptionMetrics m;
    m.airport = std::move(airport);
    m.from = from;
    m.to = to;
    m.basis = baseline != nullptr ? Baseline::Basis::hour_of_week : Baseline::Basis::prior;
    std::set<std::string> airlines;
    std::vector<FlightAt> sorted;
    for (const auto& f : flights) {
        if (f.at >= from && f.at < to) {
            sorted.push_back(f);
        }
    }
    std::sort(sorted.begin(), sorted.end(), [](const FlightAt& a, const FlightAt& b) {
        return a.at != b.at ? a.at < b.at : a.flight->id < b.flight->id;
    });
    for (const auto& [flight, at] : sorted) {
        m.exposed += 1;
        if (baseline != nullptr) {
            const auto& b = baseline->at(at);
            m.expected_cancelled += b.cancel_rate;
            m.basis = std::max(m.basis, b.basis); // the weakest basis any flight needed
        } else {
            m.expected_cancelled += config.prior_cancel_rate;
        }
        if (flight->state == FlightState::cancelled) {
            m.cancelled += 1;
            airlines.insert(flight->airline);
            m.cancelled_flights.push_back(flight);
            if (hazard_start && flight->last_changed >= *hazard_start) {
                m.cancelled_after_start += 1;
            }
        } else if (flight->state == FlightState::diverted) {
            m.diverted += 1;
            m.diverted_flights.push_back(flight);
        }
    }
    // One addition each, as for a listed flight: the same sum to the last bit.
    m.exposed += unlisted;
    for (std::int64_t i = 0; i < unlisted; ++i) {
        m.expected_cancelled += config.prior_cancel_rate;
    }
    m.airlines_cancelling.assign(airlines.begin(), airlines.end());
    if (m.exposed > 0) {
        m.cancel_rate = static_cast<double>(m.cancelled) / static_cast<double>(m.exposed);
        m.baseline_rate = m.expected_cancelled / static_cast<double>(m.exposed);
        if (m.baseline_rate > 0) {
            m.ratio = m.cancel_rate / m.baseline_rate;
        }
    }
    return m;
}

ThresholdCheck check_thresholds(const DisruptionMetrics& m, const DisruptionRule& rule) {
    ThresholdCheck check;
    const bool enough = m.cancelled >= rule.min_cancellations;
    const auto airlines = static_cast<std::int64_t>(m.airlines_cancelling.size());
    const bool spread = airlines >= rule.min_airlines;
    const bool unusual = m.ratio && *m.ratio >= rule.min_ratio;
    check.reasons.push_back(fmt::format("{} cancellation(s) {} {}", m.cancelled,
                                        enough ? ">=" : "<", rule.min_cancellations));
    check.reasons.push_back(fmt::format("{} airline(s) cancelling {} {}", airlines,
                                        spread ? ">=" : "<", rule.min_airlines));
    check.reasons.push_back(m.ratio ? fmt::format("{:.1f}x the baseline rate {} {:.1f}x", *m.ratio,
                                                  unusual ? ">=" : "<", rule.min_ratio)
                                    : std::string("no baseline rate to compare with"));
    check.holds = enough && spread && unusual;
    return check;
}

Confidence disruption_confidence(const DisruptionMetrics& m, bool with_hazard) {
    Confidence c;
    // Each factor saturates: past a point, more of it adds little certainty.
    const double ratio = m.ratio ? *m.ratio : 0;
    const double from_ratio = ratio > 1 ? 1 - 1 / ratio : 0;
    const double from_count = 1 - std::exp(-static_cast<double>(m.cancelled) / 6.0);
    const double from_airlines =
        1 - std::exp(-static_cast<double>(m.airlines_cancelling.size()) / 2.5);
    double from_timing = 0.5; // unknown order: neither for nor against
    if (with_hazard && m.cancelled > 0) {
        from_timing =
            static_cast<double>(m.cancelled_after_start) / static_cast<double>(m.cancelled);
    }
    c.value = 0.35 * from_ratio + 0.25 * from_count + 0.2 * from_airlines + 0.2 * from_timing;
    c.value = std::round(std::clamp(c.value, 0.0, 1.0) * 100) / 100;
    c.reasons.push_back(fmt::format("cancellation rate {:.1f}x the baseline", ratio));
    c.reasons.push_back(fmt::format("{} cancellation(s)", m.cancelled));
    c.reasons.push_back(fmt::format("{} airline(s) cancelling", m.airlines_cancelling.size()));
    if (with_hazard) {
        c.reasons.push_back(fmt::format("{} of {} cancellation(s) recorded after the hazard began",
                                        m.cancelled_after_start, m.cancelled));
    }
    return c;
}

nlohmann::json disruption_evidence(const DisruptionMetrics& m, const ThresholdCheck& check,
                                   const Confidence& confidence) {
    return {{"airport", m.airport},
            {"window", {{"from", format_iso8601(m.from)}, {"to", format_iso8601(m.to)}}},
            {"counts",
             {{"exposed", m.exposed},
              {"cancelled", m.cancelled},
              {"diverted", m.diverted},
              {"airlines_cancelling", m.airlines_cancelling.size()}}},
            {"baseline",
             {{"cancel_rate", m.baseline_rate},
              {"expected_cancelled", m.expected_cancelled},
              {"basis", to_string(m.basis)}}},
            {"cancel_rate", m.cancel_rate},
            {"ratio", m.ratio ? nlohmann::json(*m.ratio) : nlohmann::json(nullptr)},
            {"thresholds", check.reasons},
            {"flights",
             {{"cancelled", flight_list(m.cancelled_flights)},
              {"diverted", flight_list(m.diverted_flights)}}},
            {"confidence", {{"value", confidence.value}, {"reasons", confidence.reasons}}}};
}

} // namespace aerowatch
