// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.hpp"
#include "normalise/classifier.hpp"
#include "sources/paging.hpp"
#include "store/hazard_store.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace aerowatch {

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

/// Parse -> classify with the configured rules -> store, for one payload of a hazard source.
/// Never throws for bad input: a payload that cannot be read at all is one ItemError.
class HazardIngest {
  public:
    HazardIngest(HazardStore& store, Classifier classifier);

    IngestReport ingest(const std::string& source, std::string_view kind, std::string_view payload,
                        UtcTime now);

  private:
    HazardStore& store_;
    Classifier classifier_;
};

} // namespace aerowatch
