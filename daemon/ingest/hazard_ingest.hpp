// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.hpp"
#include "normalise/classifier.hpp"
#include "sources/paging.hpp"
#include "store/hazard_store.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace aerowatch {

class RefData;

/// What one payload did, for logs and `aerowatch import`.
struct IngestReport {
    std::size_t items = 0;             // hazards the parser produced
    std::vector<ItemError> errors;     // items it skipped
    std::vector<HazardChange> changes; // what the store did
    PageLink next_page;                // where a paged listing continues
    std::size_t count(HazardChange::Type type) const;
    /// "3 added, 1 changed, 1 cancelled, 12 unchanged, 1 skipped".
    std::string summary() const;
};

/// Parse -> place -> classify with the configured rules -> store, for one payload of a hazard
/// source. Never throws for bad input: a payload that cannot be read at all is one ItemError.
///
/// Placing: a conflict-zone bulletin that names only countries (EASA's "Venezuela and
/// neighbouring airspace" has no FIR, airport or geometry) is given the FIRs of their airspace
/// from the reference data, when there is any.
class HazardIngest {
  public:
    HazardIngest(HazardStore& store, Classifier classifier,
                 std::shared_ptr<const RefData> refdata = nullptr);

    IngestReport ingest(const std::string& source, std::string_view kind, std::string_view payload,
                        UtcTime now);

  private:
    HazardStore& store_;
    Classifier classifier_;
    std::shared_ptr<const RefData> refdata_;
};

} // namespace aerowatch
