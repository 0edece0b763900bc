// SPDX-License-Identifier: GPL-3.0-or-later
#include "ingest/flight_ingest.hpp"

#include "refdata/refdata.hpp"
#include "sources/flight_feeds.hpp"
#include "store/flight_codes.hpp"

#include <fmt/format.h>

#include <map>

namespace aerowatch {

std::string FlightIngestReport::summary() const {
    // Ordered so that the interesting words come first in a log line.
    std::map<std::string, std::size_t> counts;
    for (const auto& change : result.changes) {
        if (change.type == FlightChange::Type::state_changed) {
            counts[to_string(change.flight.flight.state)] += 1;
        } else {
            counts[to_string(change.type)] += 1;
        }
    }
    std::string out;
    const auto add = [&out](std::size_t n, std::string_view what) {
        if (n > 0) {
            out += fmt::format("{}{} {}", out.empty() ? "" : ", ", n, what);
        }
    };
    for (const auto& [what, n] : counts) {
        add(n, what);
    }
    std::map<std::string, std::size_t> signals;
    for (const auto& change : result.signal_changes) {
        signals[std::string("signal ") + to_string(change.type)] += 1;
    }
    for (const auto& [what, n] : signals) {
        add(n, what);
    }
    add(result.unchanged, "unchanged");
    add(result.skipped, "without identity or too old");
    add(errors.size(), "skipped");
    return out.empty() ? "nothing" : out;
}

FlightIngest::FlightIngest(FlightStore& store, std::shared_ptr<const RefData> refdata,
                           std::chrono::days retention, std::filesystem::path zoneinfo)
    : store_(store), zones_(std::move(zoneinfo), refdata) {
    store_.set_retention(retention);
    if (refdata) {
        store_.set_code_resolver(refdata_code_resolver(std::move(refdata)));
    }
}

FlightIngestReport FlightIngest::ingest(const SourceConfig& source, std::string_view payload,
                                        UtcTime now) {
    FlightIngestReport report;
    auto batch = parse_flight_payload(source.kind, payload, source, zones_);
    if (!batch) {
        report.errors.push_back(
            {fmt::format("\"{}\" is not a flight source kind", source.kind), 0});
        return report;
    }
    report.items = batch->flights.size() + batch->signals.size();
    report.next_page.url = batch->next_page_url;
    report.next_page.offset = batch->next_offset;
    report.result = store_.ingest(source.name, *batch, now);
    report.errors = std::move(batch->errors);
    return report;
}

} // namespace aerowatch
