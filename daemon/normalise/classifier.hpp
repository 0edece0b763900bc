// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/hazard.hpp"

#include <optional>
#include <string>
#include <vector>

namespace aerowatch {

/// One line of the classification table: when every condition given holds, the hazard's
/// severity is raised to at least `severity` and `categories` are added. Conditions: all of
/// `keywords` occur in the upper-cased, punctuation-normalised title + text (as whole words or
/// phrases); the Q-code starts with `qcode_prefix`; the kind is `kind`; the FIR list is not
/// empty and airports are not (for "CLSD on a FIR").
struct ClassificationRule {
    std::string name;
    std::vector<std::string> keywords;
    std::string qcode_prefix;
    std::optional<HazardKind> kind;
    bool fir_wide = false;
    std::optional<Severity> severity;
    CategorySet categories;
};

/// Severity and categories from the Q-code and the text. Built-in rules cover the vocabulary
/// of security and conflict NOTAMs (PROHIBITED, EXERCISE CAUTION, POTENTIALLY HAZARDOUS, GNSS/
/// GPS INTERFERENCE, MIL ACT, CLSD on a FIR...); the config can add rules.
/// Never lowers what a parser already set; a hazard no rule matches gets "other".
class Classifier {
  public:
    /// The built-in table only.
    static const Classifier& builtin();
    /// The built-in table followed by `extra` rules.
    explicit Classifier(std::vector<ClassificationRule> extra = {});

    void apply(Hazard& hazard) const;
    const std::vector<ClassificationRule>& rules() const { return rules_; }

  private:
    std::vector<ClassificationRule> rules_;
};

} // namespace aerowatch
