// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/config.hpp"
#include "core/clock.hpp"
#include "sources/flights/time_zone.hpp"
#include "sources/paging.hpp"
#include "store/flight_store.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace aerowatch {

class RefData;

/// What one payload of a flight source did, for logs and `aerowatch import`.
struct FlightIngestReport {
    std::size_t items = 0; // flight records and airport signals the parser produced
    std::vector<ItemError> errors;
    FlightIngestResult result;
    PageLink next_page; // where a paged listing continues
    /// "2 added, 1 cancelled, 1 reinstated, 12 unchanged, 1 signal started, 1 skipped".
    std::string summary() const;
};

/// Parse -> store, for one payload of a flight source (aeroapi, aviationstack, json_board,
/// faa_nas_status). Local times are converted with the system's IANA zones and the airports'
/// zones from the reference data; airline codes resolve through the reference data. Never
/// throws for bad input; throws sqlite::Error when the database cannot be written.
class FlightIngest {
  public:
    FlightIngest(FlightStore& store, std::shared_ptr<const RefData> refdata,
                 std::chrono::days retention,
                 std::filesystem::path zoneinfo = default_zoneinfo_directory());

    FlightIngestReport ingest(const SourceConfig& source, std::string_view payload, UtcTime now);

  private:
    FlightStore& store_;
    TzifTimeZones zones_;
};

} // namespace aerowatch
