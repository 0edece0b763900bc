// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/hazard.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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
///
/// Every hazard of every feed goes through apply(), so the text is normalised once and all
/// the rules' keywords are found in a single pass (an Aho-Corasick automaton built here).
class Classifier {
  public:
    /// The built-in table only.
    static const Classifier& builtin();
    /// The built-in table followed by `extra` rules.
    explicit Classifier(std::vector<ClassificationRule> extra = {});

    void apply(Hazard& hazard) const;
    const std::vector<ClassificationRule>& rules() const { return rules_; }

  private:
    void compile();
    std::size_t edge_index(std::uint32_t state, char c) const {
        return std::size_t{state} * classes_ + byte_class_[static_cast<unsigned char>(c)];
    }
    /// Marks in `hits` (a bit per keyword) the keywords standing as whole words in `haystack`.
    void find_keywords(std::string_view haystack, std::uint64_t* hits) const;
    /// The keywords of the state at `row` that end before `end` and stand as whole words.
    void found_at(std::string_view haystack, std::size_t end, std::uint32_t row,
                  std::uint64_t* hits) const;

    std::vector<ClassificationRule> rules_;

    // The automaton over the distinct keywords of all rules, as a dense DFA on byte classes:
    // a byte that occurs in no keyword is class 0, which keeps the table small enough to stay
    // in cache.
    std::vector<std::string> keywords_;
    std::vector<std::vector<std::uint32_t>> rule_keywords_; // per rule, indexes in keywords_
    // The same as bit masks over keywords_, mask_words_ words per rule one after the other: a
    // rule's keywords are all found when its mask is inside the hits, a few instructions
    // rather than a walk over its list for every rule of every hazard.
    std::vector<std::uint64_t> rule_masks_;
    std::size_t mask_words_ = 1;
    std::array<std::uint16_t, 256> byte_class_{};
    std::uint32_t classes_ = 1;
    std::vector<std::uint32_t> next_; // [row + class] -> row of the next state (state * classes_)
    std::uint32_t first_output_row_ = 0;       // states from here on end keywords
    std::vector<std::uint32_t> out_begin_;     // per state (+1), into out_
    std::vector<std::uint32_t> out_;           // keywords ending at a state, suffixes included
    std::vector<std::uint32_t> keyword_sizes_; // per keyword
    std::size_t max_keyword_size_ = 0;
};

} // namespace aerowatch
