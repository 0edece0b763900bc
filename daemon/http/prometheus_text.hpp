// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace aerowatch {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

/// Builds a page in the Prometheus text exposition format 0.0.4: each family's HELP and TYPE
/// once, then its samples, label values escaped. Families must be written one at a time.
class PrometheusText {
  public:
    /// type: counter, gauge or histogram.
    void family(std::string_view name, std::string_view type, std::string_view help);
    void sample(std::string_view name, const MetricLabels& labels, double value);
    void sample(std::string_view name, double value) { sample(name, {}, value); }

    const std::string& text() const { return out_; }

    static constexpr const char* content_type = "text/plain; version=0.0.4; charset=utf-8";

  private:
    std::string out_;
};

/// A label value with backslash, double quote and newline escaped.
std::string escape_label_value(std::string_view value);
/// A sample value: integers without a fraction, +Inf/-Inf/NaN spelled as Prometheus reads them.
std::string format_sample_value(double value);

} // namespace aerowatch
