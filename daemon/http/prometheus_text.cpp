// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/prometheus_text.hpp"

#include <fmt/format.h>

#include <cmath>

namespace aerowatch {

std::string escape_label_value(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (const char c : value) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '"':
            out += "\\\"";
            break;
        case '\n':
            out += "\\n";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string format_sample_value(double value) {
    if (std::isnan(value)) {
        return "NaN";
    }
    if (std::isinf(value)) {
        return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == std::floor(value) && std::fabs(value) < 1e15) {
        return fmt::format("{}", static_cast<long long>(value));
    }
    return fmt::format("{}", value);
}

void PrometheusText::family(std::string_view name, std::string_view type, std::string_view help) {
    // HELP text escapes only backslash and newline.
    std::string escaped;
    for (const char c : help) {
        escaped += c == '\\' ? "\\\\" : c == '\n' ? "\\n" : std::string(1, c);
    }
    out_ += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, escaped, name, type);
}

void PrometheusText::sample(std::string_view name, const MetricLabels& labels, double value) {
    out_ += name;
    if (!labels.empty()) {
        out_ += '{';
        bool first = true;
        for (const auto& [key, label_value] : labels) {
            out_ +=
                fmt::format("{}{}=\"{}\"", first ? "" : ",", key, escape_label_value(label_value));
            first = false;
        }
        out_ += '}';
    }
    out_ += ' ';
    out_ += format_sample_value(value);
    out_ += '\n';
}

} // namespace aerowatch
