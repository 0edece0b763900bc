// SPDX-License-Identifier: GPL-3.0-or-later
// The [flights] table: retention of flight history and the baseline parameters.
#include "config/config.hpp"
#include "config/config_reader.hpp"

#include <chrono>
#include <ostream>

namespace aerowatch::config_detail {

namespace {

constexpr double max_count = 1e6;

std::optional<std::chrono::days> read_days(TableReader& reader, std::string_view key) {
    const auto duration = reader.duration(key);
    if (!duration) {
        return std::nullopt;
    }
    const auto days = std::chrono::floor<std::chrono::days>(*duration);
    if (days.count() < 1 || days != *duration) {
        reader.error(key, "must be a whole number of days, at least \"1d\"");
        return std::nullopt;
    }
    return days;
}

} // namespace

void read_flights(TableReader& reader, FlightsConfig& out) {
    if (auto days = read_days(reader, "retention")) {
        out.retention = *days;
    }
    auto& baseline = out.baseline;
    if (auto days = read_days(reader, "baseline_window")) {
        baseline.window = *days;
    }
    if (auto n = reader.number("min_flights_per_hour_of_week", 1, max_count)) {
        baseline.min_flights_per_hour_of_week = static_cast<int>(*n);
    }
    if (auto n = reader.number("min_flights_per_window", 1, max_count)) {
        baseline.min_flights_per_window = static_cast<int>(*n);
    }
    if (auto rate = reader.number("prior_cancel_rate", 0, 1)) {
        baseline.prior_cancel_rate = *rate;
    }
    if (auto rate = reader.number("prior_divert_rate", 0, 1)) {
        baseline.prior_divert_rate = *rate;
    }
    if (auto weight = reader.number("prior_weight", 0, max_count)) {
        baseline.prior_weight = *weight;
    }
    // The baselines read the window from the flights kept: a shorter retention starves them.
    if (out.retention < baseline.window + std::chrono::days{1}) {
        reader.error("retention", "must be longer than baseline_window, whose history it keeps");
    }
}

void describe_flights(std::ostream& out, const FlightsConfig& flights) {
    const auto& b = flights.baseline;
    out << "[flights]\n"
        << "retention = \"" << flights.retention.count() << "d\"\n"
        << "baseline_window = \"" << b.window.count() << "d\"\n"
        << "min_flights_per_hour_of_week = " << b.min_flights_per_hour_of_week << "\n"
        << "min_flights_per_window = " << b.min_flights_per_window << "\n"
        << "prior_cancel_rate = " << b.prior_cancel_rate << "\n"
        << "prior_divert_rate = " << b.prior_divert_rate << "\n"
        << "prior_weight = " << b.prior_weight << "\n";
}

} // namespace aerowatch::config_detail
