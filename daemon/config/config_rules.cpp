// SPDX-License-Identifier: GPL-3.0-or-later
// The [[hazard_rule]] tables: operator additions to the classifier's built-in table.
#include "config/config_reader.hpp"

#include <string>

namespace aerowatch::config_detail {

namespace {

void read_rule(TableReader& reader, ClassificationRule& rule) {
    if (auto name = reader.string("name")) {
        rule.name = *name;
        reader.set_context("hazard_rule " + toml_quote(*name));
    } else {
        reader.missing("name");
    }
    rule.keywords = string_list(reader, "keywords");
    if (auto prefix = reader.string("qcode_prefix")) {
        if (prefix->empty() || prefix->size() > 5 || prefix->front() != 'Q') {
            reader.error("qcode_prefix", "expected the start of a Q-code, e.g. \"QRT\"");
        } else {
            rule.qcode_prefix = *prefix;
        }
    }
    if (auto kind = reader.string("kind")) {
        rule.kind = kind_from_string(*kind);
        if (!rule.kind) {
            reader.error("kind", "expected one of notam, security_notice, czib, sigmet, cap, rss, "
                                 "travel_advisory");
        }
    }
    rule.fir_wide = reader.boolean("fir_wide").value_or(false);
    rule.severity = read_severity(reader, "severity");
    rule.categories = read_categories(reader, "categories");
    if (rule.keywords.empty() && rule.qcode_prefix.empty() && !rule.kind) {
        reader.error("keywords", "a rule needs keywords, a qcode_prefix or a kind to match on");
    }
    if (!rule.severity && rule.categories.empty()) {
        reader.error("severity", "a rule needs a severity or categories to set");
    }
    reader.report_unknown();
}

} // namespace

void read_hazard_rules(const toml::node& node, Diagnostics& diagnostics,
                       std::vector<ClassificationRule>& rules) {
    const auto* array = node.as_array();
    if (array == nullptr) {
        diagnostics.add(line_of(node), "", "hazard_rule", "expected [[hazard_rule]] tables");
        return;
    }
    int index = 0;
    for (const auto& element : *array) {
        ++index;
        const std::string context = "hazard_rule #" + std::to_string(index);
        const auto* table = element.as_table();
        if (table == nullptr) {
            diagnostics.add(line_of(element), context, "", "expected a [[hazard_rule]] table");
            continue;
        }
        TableReader reader(*table, diagnostics, context);
        ClassificationRule rule;
        read_rule(reader, rule);
        rules.push_back(std::move(rule));
    }
}

} // namespace aerowatch::config_detail
