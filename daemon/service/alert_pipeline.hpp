// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/config.hpp"
#include "core/alert.hpp"
#include "correlate/alert_lifecycle.hpp"
#include "correlate/correlator.hpp"

#include <memory>
#include <vector>

namespace aerowatch {

class SqliteStore;
class RefData;

/// Correlator -> alert lifecycle -> the journal, run by the loop after ingests and on a timer.
/// A pass that fails (a locked or full database) is logged and changes nothing: its events
/// were in one transaction, and the next pass finds the same candidates again.
class AlertPipeline {
  public:
    AlertPipeline(SqliteStore& store, std::shared_ptr<const RefData> refdata, const Config& config,
                  UtcTime started);

    void configure(const Config& config);
    /// One pass; returns the events it recorded (empty when it failed).
    std::vector<AlertEvent> run(UtcTime now);

  private:
    Correlator correlator_;
    AlertLifecycle lifecycle_;
};

LifecycleSettings lifecycle_settings(const CorrelationConfig& config);

/// "alert 12 firing [critical] disruption_correlated:SVMI: 9 of 14 flights ..." for the journal.
std::string describe_event(const AlertEvent& event);

} // namespace aerowatch
