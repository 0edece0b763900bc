// SPDX-License-Identifier: GPL-3.0-or-later
#include "ingest/hazard_ingest.hpp"

#include "refdata/refdata.hpp"
#include "sources/hazard_feeds.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace aerowatch {

std::size_t IngestReport::count(HazardChange::Type type) const {
    std::size_t n = 0;
    for (const auto& c : changes) {
        n += c.type == type ? 1 : 0;
    }
    return n;
}

std::string IngestReport::summary() const {
    using T = HazardChange::Type;
    std::string out;
    for (const auto type : std::array{T::added, T::changed, T::replaced, T::cancelled, T::withdrawn,
                                      T::expired, T::unchanged}) {
        if (const auto n = count(type); n > 0) {
            out += fmt::format("{}{} {}", out.empty() ? "" : ", ", n, to_string(type));
        }
    }
    if (!errors.empty()) {
        out += fmt::format("{}{} skipped", out.empty() ? "" : ", ", errors.size());
    }
    return out.empty() ? "nothing" : out;
}

namespace {

/// Gives `hazard` the FIRs of its countries when it is a conflict-zone bulletin or a country's
/// restrictions that say nothing narrower; a travel advisory's country is about the ground,
/// not the airspace.
void place_by_countries(Hazard& hazard, const RefData& refdata) {
    const bool about_airspace =
        hazard.kind == HazardKind::czib || hazard.kind == HazardKind::country_restrictions;
    if (!about_airspace || !hazard.firs.empty() || !hazard.airports.empty() ||
        hazard.geometry.type != Geometry::Type::none) {
        return;
    }
    for (const auto& country : hazard.countries) {
        for (auto& fir : refdata.firs_of_country(country)) {
            if (std::find(hazard.firs.begin(), hazard.firs.end(), fir) == hazard.firs.end()) {
                hazard.firs.push_back(std::move(fir));
            }
        }
    }
}

} // namespace

HazardIngest::HazardIngest(HazardStore& store, Classifier classifier,
                           std::shared_ptr<const RefData> refdata)
    : store_(store), classifier_(std::move(classifier)), refdata_(std::move(refdata)) {}

IngestReport HazardIngest::ingest(const std::string& source, std::string_view kind,
                                  std::string_view payload, UtcTime now) {
    IngestReport report;
    auto batch = parse_hazard_payload(kind, payload);
    if (!batch) {
        report.errors.push_back({fmt::format("\"{}\" is not a hazard source kind", kind), 0});
        return report;
    }
    for (auto& hazard : batch->hazards) {
        if (refdata_) {
            place_by_countries(hazard, *refdata_);
        }
        // The parser applied the built-in table; this adds the operator's own rules (and the
        // FIR-wide ones, now that the hazard may have FIRs).
        classifier_.apply(hazard);
    }
    report.items = batch->hazards.size();
    report.next_page.url = batch->next_page_url;
    report.next_page.page_number = batch->next_page_number;
    report.errors = std::move(batch->errors);
    report.changes = store_.ingest(source, *batch, now);
    auto expired = store_.expire(now);
    report.changes.insert(report.changes.end(), expired.begin(), expired.end());
    return report;
}

} // namespace aerowatch
