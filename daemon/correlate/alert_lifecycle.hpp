// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/alert.hpp"
#include "store/alert_store.hpp"

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace aerowatch {

struct LifecycleSettings {
    std::chrono::seconds repeat_interval{std::chrono::hours{6}};
    std::chrono::seconds hold{std::chrono::hours{6}}; // disruption kinds only
    double update_growth = 0.5;
};

/// Turns what the correlator finds now into alert events, against what the database holds:
/// - a candidate with no alert, or whose alert was resolved: `firing`;
/// - a firing alert whose candidate's severity rose: `updated` at once; whose evidence grew by
///   `update_growth` since the last event: `updated`, at most once per `repeat_interval`
///   (smaller changes refresh the stored evidence without an event);
/// - a firing alert of an evaluated kind with no candidate: `resolved`; disruption alerts
///   only once they have stayed absent for `hold` (a reinstated flight or a quiet hour does
///   not flap the alert).
/// Events are written in one transaction with the alert changes, so a restart, a re-run of
/// the same input or a re-poll never fires an alert twice. Silenced alerts get their events
/// recorded with `silenced` set: notifiers skip them.
class AlertLifecycle {
  public:
    AlertLifecycle(sqlite::Database& db, AlertStore& store, LifecycleSettings settings);

    /// `evaluated`: the kinds the correlator looked at this pass; `end_reasons`: why a subject
    /// ended, by fingerprint, for the resolved event ("hazard cancelled").
    std::vector<AlertEvent> reconcile(const std::vector<AlertCandidate>& candidates,
                                      const std::set<AlertKind>& evaluated, UtcTime now,
                                      const std::map<std::string, std::string>& end_reasons = {});

    void set_settings(LifecycleSettings settings) { settings_ = settings; }

  private:
    std::optional<AlertEvent> apply(const AlertCandidate& candidate, UtcTime now);
    std::optional<AlertEvent> absent(Alert& alert, UtcTime now, const std::string& reason);

    sqlite::Database& db_;
    AlertStore& store_;
    LifecycleSettings settings_;
};

} // namespace aerowatch
