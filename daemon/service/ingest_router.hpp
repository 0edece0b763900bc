// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/config.hpp"
#include "core/clock.hpp"
#include "ingest/flight_ingest.hpp"
#include "ingest/hazard_ingest.hpp"
#include "sources/paging.hpp"

#include <memory>
#include <string_view>

namespace aerowatch {

class SqliteStore;
class RefData;
class FetchMetrics;

/// Sends each payload to the ingest of its source kind (hazards or flights), logs what it
/// changed, and says where a paged listing continues. A payload that cannot be stored (full
/// disk, locked database) is logged and dropped: the poll is lost, the daemon is not.
class IngestRouter {
  public:
    /// `metrics`, when given, counts the items of each payload per source.
    IngestRouter(SqliteStore& store, std::shared_ptr<const RefData> refdata, const Config& config,
                 FetchMetrics* metrics = nullptr);

    PageLink ingest(const SourceConfig& source, std::string_view payload, UtcTime now);

    /// Hazards whose validity ended; old flight history, at most once a day.
    /// Returns the number of hazards that expired.
    std::size_t housekeeping(UtcTime now, const FlightsConfig& flights);

  private:
    PageLink ingest_hazards(const SourceConfig& source, std::string_view payload, UtcTime now);
    PageLink ingest_flights(const SourceConfig& source, std::string_view payload, UtcTime now);

    SqliteStore& store_;
    FetchMetrics* metrics_;
    HazardIngest hazards_;
    FlightIngest flights_;
    std::optional<std::chrono::sys_days> pruned_on_;
};

} // namespace aerowatch
