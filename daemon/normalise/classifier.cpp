// SPDX-License-Identifier: GPL-3.0-or-later
#include "normalise/classifier.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace aerowatch {

namespace {

using C = HazardCategory;

CategorySet set_of(std::initializer_list<HazardCategory> list) {
    CategorySet s;
    for (auto c : list) {
        s.add(c);
    }
    return s;
}

ClassificationRule rule(std::string name, std::vector<std::string> keywords,
                        std::optional<Severity> severity,
                        std::initializer_list<HazardCategory> categories) {
    ClassificationRule r;
    r.name = std::move(name);
    r.keywords = std::move(keywords);
    r.severity = severity;
    r.categories = set_of(categories);
    return r;
}

ClassificationRule qcode_rule(std::string name, std::string prefix,
                              std::optional<Severity> severity,
                              std::initializer_list<HazardCategory> categories) {
    auto r = rule(std::move(name), {}, severity, categories);
    r.qcode_prefix = std::move(prefix);
    return r;
}

/// The vocabulary of security, conflict and closure NOTAMs (FAA JO 7930.2 ch. 8, the KICZ
/// series, EASA CZIBs, conflict-zone NOTAMs of 2019-2026) and the Doc 8126 Q-codes that carry
/// the same meaning. Matching is on whole words of the normalised text.
std::vector<ClassificationRule> builtin_rules() {
    std::vector<ClassificationRule> rules = {
        rule("security keyword", {"SECURITY"}, Severity::caution, {C::security_conflict}),
        rule("exercise caution", {"EXERCISE CAUTION"}, Severity::caution, {}),
        rule("potentially hazardous", {"POTENTIALLY HAZARDOUS"}, Severity::caution,
             {C::security_conflict}),
        rule("hostile", {"POTENTIALLY HOSTILE"}, Severity::warning, {C::security_conflict}),
        rule("armed conflict", {"ARMED CONFLICT"}, Severity::warning, {C::security_conflict}),
        rule("conflict zone", {"CONFLICT ZONE"}, Severity::warning, {C::security_conflict}),
        rule("missiles", {"MISSILE"}, Severity::warning, {C::security_conflict}),
        rule("missiles", {"MISSILES"}, Severity::warning, {C::security_conflict}),
        rule("anti-aircraft", {"ANTI-AIRCRAFT"}, Severity::warning, {C::security_conflict}),
        rule("surface-to-air", {"SURFACE-TO-AIR"}, Severity::warning, {C::security_conflict}),
        rule("military activity", {"MILITARY ACTIVITY"}, Severity::caution, {C::military_activity}),
        rule("mil act", {"MIL ACT"}, Severity::caution, {C::military_activity}),
        rule("military operations", {"MILITARY OPERATIONS"}, Severity::caution,
             {C::military_activity}),
        rule("military exercise", {"MIL EXER"}, Severity::info, {C::military_activity}),
        rule("military exercise", {"MILITARY EXERCISE"}, Severity::info, {C::military_activity}),
        rule("gnss interference", {"GNSS INTERFERENCE"}, Severity::caution, {C::gnss_interference}),
        rule("gps interference", {"GPS INTERFERENCE"}, Severity::caution, {C::gnss_interference}),
        rule("gnss jamming", {"JAMMING"}, Severity::caution, {C::gnss_interference}),
        rule("gnss spoofing", {"SPOOFING"}, Severity::caution, {C::gnss_interference}),
        rule("gnss unreliable", {"GNSS", "UNRELIABLE"}, Severity::caution, {C::gnss_interference}),
        rule("gps unreliable", {"GPS", "UNRELIABLE"}, Severity::caution, {C::gnss_interference}),
        rule("airspace closed", {"AIRSPACE CLOSED"}, Severity::warning, {C::airspace_closure}),
        rule("airspace closed", {"AIRSPACE CLSD"}, Severity::warning, {C::airspace_closure}),
        rule("airspace closed", {"CLOSED IN ITS ENTIRETY"}, Severity::prohibition,
             {C::airspace_closure}),
        rule("flight restrictions", {"TEMPORARY FLIGHT RESTRICTIONS"}, Severity::caution,
             {C::airspace_closure}),
        rule("aerodrome closed", {"AD CLSD"}, Severity::warning, {C::airport_closure}),
        rule("aerodrome closed", {"AERODROME CLOSED"}, Severity::warning, {C::airport_closure}),
        rule("airport closed", {"AIRPORT CLOSED"}, Severity::warning, {C::airport_closure}),
        rule("all flights prohibited", {"ALL FLIGHT OPERATIONS", "PROHIBITED"},
             Severity::prohibition, {C::airspace_closure}),
        rule("volcanic ash", {"VOLCANIC ASH"}, Severity::warning, {C::volcanic_ash, C::weather}),
        rule("volcanic ash", {"VA CLD"}, Severity::warning, {C::volcanic_ash, C::weather}),
        qcode_rule("aerodrome closed", "QFALC", Severity::warning, {C::airport_closure}),
        qcode_rule("FIR closed", "QAFLC", Severity::prohibition, {C::airspace_closure}),
        qcode_rule("prohibited area", "QRP", Severity::caution, {C::airspace_closure}),
        qcode_rule("GNSS area-wide", "QGW", Severity::caution, {C::gnss_interference}),
        qcode_rule("GNSS aerodrome", "QGA", Severity::info, {C::gnss_interference}),
        qcode_rule("volcanic activity", "QWW", Severity::warning, {C::volcanic_ash}),
    };

    // A security NOTAM that prohibits is a prohibition: "UNITED STATES OF AMERICA PROHIBITION
    // FOR VENEZUELA" (KICZ A0013/19). Elsewhere PROHIBITED is routine ("TKOF PROHIBITED").
    for (const char* word : {"PROHIBITION", "PROHIBITED"}) {
        auto r = rule("security prohibition", {"SECURITY", word}, Severity::prohibition,
                      {C::security_conflict});
        rules.push_back(r);
        r.keywords = {word};
        r.kind = HazardKind::security_notice;
        rules.push_back(r);
    }
    // "FIR ... CLSD" on a FIR-wide NOTAM closes the airspace (A0046/22 LUUU).
    auto fir_closed = rule("FIR closed", {"CLSD"}, Severity::warning, {C::airspace_closure});
    fir_closed.fir_wide = true;
    rules.push_back(fir_closed);
    auto fir_closed_all = rule("FIR closed to all flights", {"CLSD", "ALL FLIGHTS"},
                               Severity::prohibition, {C::airspace_closure});
    fir_closed_all.fir_wide = true;
    rules.push_back(fir_closed_all);
    return rules;
}

bool is_word_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_blank(unsigned char c) {
    return c == ' ' || (c >= '\t' && c <= '\r'); // what collapse_whitespace collapses
}

bool is_ascii(std::string_view text) {
    unsigned char all = 0;
    for (const char c : text) {
        all |= static_cast<unsigned char>(c); // no early exit: the loop stays vectorisable
    }
    return all < 0x80;
}

/// True when two blanks follow each other in `text`.
bool blank_pairs(std::string_view text) {
    const auto* b = reinterpret_cast<const unsigned char*>(text.data());
    unsigned char pairs = 0; // a byte, not a bool: the loop stays vectorisable
    for (std::size_t i = 1; i < text.size(); ++i) {
        pairs |= static_cast<unsigned char>(int{is_blank(b[i - 1])} & int{is_blank(b[i])});
    }
    return pairs != 0;
}

/// Blanks to spaces, letters to upper case: ASCII only.
void map_ascii(std::string_view text, char* out) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const auto up = static_cast<unsigned char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
        out[i] = static_cast<char>(is_blank(c) ? ' ' : up);
    }
}

/// The title and text as collapse_whitespace(to_upper_ascii(normalise_punctuation(title +
/// "\n" + text))) makes them, the cheap way when they are plain ASCII (nearly always).
class Haystack {
  public:
    Haystack(std::string_view title, std::string_view text) : buffer_(scratch()) {
        if (!is_ascii(title) || !is_ascii(text)) {
            buffer_ = collapse_whitespace(to_upper_ascii(
                normalise_punctuation(std::string(title) + "\n" + std::string(text))));
            size_ = buffer_.size();
            return;
        }
        // Byte for byte first (no dependency from one byte to the next), then runs of spaces
        // squeezed, which NOTAM text, already tidied by the parsers, seldom has.
        size_ = title.size() + 1 + text.size();
        buffer_.resize(size_);
        map_ascii(title, buffer_.data());
        buffer_[title.size()] = ' ';
        map_ascii(text, buffer_.data() + title.size() + 1);
        // A byte becomes a space exactly when it is blank, so the runs to squeeze are found in
        // the input: reading the buffer just written, one byte off, stalled on every load.
        const bool squeeze =
            blank_pairs(title) || blank_pairs(text) || (!title.empty() && is_blank(title.back())) ||
            (!text.empty() && is_blank(text.front())) ||
            (title.empty() || is_blank(title.front())) || (text.empty() || is_blank(text.back()));
        if (squeeze) {
            std::size_t out = 0;
            bool space = true; // drops the leading spaces
            for (std::size_t i = 0; i < size_; ++i) {
                const char c = buffer_[i];
                if (c == ' ' && space) {
                    continue;
                }
                space = c == ' ';
                buffer_[out++] = c;
            }
            size_ = out > 0 && buffer_[out - 1] == ' ' ? out - 1 : out;
        }
    }
    std::string_view view() const { return {buffer_.data(), size_}; }

  private:
    /// One buffer per thread, reused (apply() never makes two Haystacks at once): every
    /// hazard of every feed is classified, and a fresh buffer was a malloc and a free each.
    static std::string& scratch() {
        thread_local std::string buffer;
        return buffer;
    }

    std::string& buffer_;
    std::size_t size_ = 0;
};

bool static_matches(const ClassificationRule& r, const Hazard& h) {
    if (r.kind && *r.kind != h.kind) {
        return false;
    }
    if (!r.qcode_prefix.empty() && !h.qcode.starts_with(r.qcode_prefix)) {
        return false;
    }
    if (r.fir_wide && (h.firs.empty() || !h.airports.empty())) {
        return false;
    }
    return true;
}

} // namespace

const Classifier& Classifier::builtin() {
    static const Classifier classifier;
    return classifier;
}

Classifier::Classifier(std::vector<ClassificationRule> extra) : rules_(builtin_rules()) {
    for (auto& r : extra) {
        r.keywords.erase(std::remove_if(r.keywords.begin(), r.keywords.end(),
                                        [](const std::string& k) { return k.empty(); }),
                         r.keywords.end());
        for (auto& k : r.keywords) {
            k = to_upper_ascii(k);
        }
        rules_.push_back(std::move(r));
    }
    compile();
}

void Classifier::compile() {
    // Distinct keywords: several rules share one ("SECURITY", "CLSD", "UNRELIABLE").
    for (const auto& r : rules_) {
        auto& ids = rule_keywords_.emplace_back();
        for (const auto& k : r.keywords) {
            const auto found = std::find(keywords_.begin(), keywords_.end(), k);
            ids.push_back(static_cast<std::uint32_t>(found - keywords_.begin()));
            if (found == keywords_.end()) {
                keywords_.push_back(k);
            }
        }
    }
    mask_words_ = std::max<std::size_t>(1, (keywords_.size() + 63) / 64);
    rule_masks_.assign(rules_.size() * mask_words_, 0);
    for (std::size_t i = 0; i < rules_.size(); ++i) {
        for (const std::uint32_t id : rule_keywords_[i]) {
            rule_masks_[i * mask_words_ + id / 64] |= std::uint64_t{1} << (id % 64);
        }
    }
    byte_class_.fill(0);
    classes_ = 1;
    for (const auto& k : keywords_) {
        for (const char c : k) {
            auto& cls = byte_class_[static_cast<unsigned char>(c)];
            if (cls == 0) {
                cls = static_cast<std::uint16_t>(classes_++);
            }
        }
    }

    // The trie, then its failure links breadth first, which turns it into a DFA: a missing
    // edge takes the edge of the longest proper suffix that is also a trie node.
    constexpr std::uint32_t none = 0xFFFFFFFF;
    next_.assign(classes_, none);
    std::vector<std::vector<std::uint32_t>> outputs(1);
    for (std::uint32_t id = 0; id < keywords_.size(); ++id) {
        std::uint32_t state = 0;
        for (const char c : keywords_[id]) {
            const std::size_t at = edge_index(state, c);
            if (next_[at] == none) {
                next_[at] = static_cast<std::uint32_t>(outputs.size());
                outputs.emplace_back();
                next_.resize(next_.size() + classes_, none);
            }
            state = next_[at];
        }
        outputs[state].push_back(id);
    }
    std::vector<std::uint32_t> fail(outputs.size(), 0);
    std::vector<std::uint32_t> queue;
    for (std::uint32_t cls = 0; cls < classes_; ++cls) {
        auto& edge = next_[cls];
        if (edge == none) {
            edge = 0;
        } else {
            queue.push_back(edge);
        }
    }
    for (std::size_t head = 0; head < queue.size(); ++head) {
        const std::uint32_t state = queue[head];
        // fail[state] is shallower, so its outputs and edges are complete already.
        const auto& inherited = outputs[fail[state]];
        outputs[state].insert(outputs[state].end(), inherited.begin(), inherited.end());
        for (std::uint32_t cls = 0; cls < classes_; ++cls) {
            auto& edge = next_[std::size_t{state} * classes_ + cls];
            const std::uint32_t fallback = next_[std::size_t{fail[state]} * classes_ + cls];
            if (edge == none) {
                edge = fallback;
            } else {
                fail[edge] = fallback;
                queue.push_back(edge);
            }
        }
    }
    // States renumbered so that those where keywords end come last, and edges turned into row
    // offsets (state * classes_): the scan then needs one load per byte, no multiplication,
    // and a single comparison (edge >= first_output_row_) to know a keyword may end there.
    std::vector<std::uint32_t> order;
    for (int with_output = 0; with_output < 2; ++with_output) {
        for (std::uint32_t state = 0; state < outputs.size(); ++state) {
            if (outputs[state].empty() != (with_output == 1)) {
                order.push_back(state);
            }
        }
    }
    std::vector<std::uint32_t> renamed(outputs.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) {
        renamed[order[i]] = i; // the root has no output: it stays 0
    }
    const std::size_t quiet_states = static_cast<std::size_t>(
        std::count_if(outputs.begin(), outputs.end(), [](const auto& o) { return o.empty(); }));
    if (next_.size() > std::numeric_limits<std::uint32_t>::max()) {
        throw std::length_error("classification rules: too many keywords");
    }
    first_output_row_ = static_cast<std::uint32_t>(quiet_states * classes_);
    std::vector<std::uint32_t> table(next_.size());
    for (std::uint32_t state = 0; state < outputs.size(); ++state) {
        for (std::uint32_t cls = 0; cls < classes_; ++cls) {
            table[std::size_t{renamed[state]} * classes_ + cls] =
                renamed[next_[std::size_t{state} * classes_ + cls]] * classes_;
        }
    }
    next_ = std::move(table);
    out_begin_.assign(1, 0);
    for (const std::uint32_t state : order) {
        out_.insert(out_.end(), outputs[state].begin(), outputs[state].end());
        out_begin_.push_back(static_cast<std::uint32_t>(out_.size()));
    }
    keyword_sizes_.clear();
    max_keyword_size_ = 0;
    for (const auto& k : keywords_) {
        keyword_sizes_.push_back(static_cast<std::uint32_t>(k.size()));
        max_keyword_size_ = std::max(max_keyword_size_, k.size());
    }
}

void Classifier::found_at(std::string_view haystack, std::size_t end, std::uint32_t row,
                          std::uint64_t* hits) const {
    // A keyword counts only with no letter or digit glued to either end.
    if (end < haystack.size() && is_word_char(haystack[end])) {
        return;
    }
    const std::uint32_t state = row / classes_;
    for (std::uint32_t o = out_begin_[state]; o < out_begin_[state + 1]; ++o) {
        const std::uint32_t id = out_[o];
        const std::size_t start = end - keyword_sizes_[id];
        if (start == 0 || !is_word_char(haystack[start - 1])) {
            hits[id / 64] |= std::uint64_t{1} << (id % 64);
        }
    }
}

void Classifier::find_keywords(std::string_view h, std::uint64_t* hits) const {
    const std::uint32_t* next = next_.data();
    const auto step = [&](std::uint32_t row, char c) {
        return next[row + byte_class_[static_cast<unsigned char>(c)]];
    };
    // Each step waits for the previous one's load, so parts of the text are scanned side by
    // side: four quarters when the text is long enough (NOTAM bodies mostly are), else two
    // halves. The automaton's state depends on the last max_keyword_size_ bytes only: each
    // part but the first starts that far before its beginning and reports only what ends
    // inside it. Quarters pay as soon as each is a little longer than that lead: on AIXM-size
    // texts (a title and 160 bytes) they took a fifth off apply() against halves.
    std::size_t i = 0;
    std::uint32_t a = 0;
    const std::size_t lead = max_keyword_size_;
    if (h.size() >= 4 * lead + 64) {
        const std::size_t q = h.size() / 4;
        std::uint32_t b = 0, c = 0, d = 0;
        for (std::size_t k = 0; k < lead; ++k) {
            b = step(b, h[q - lead + k]);
            c = step(c, h[2 * q - lead + k]);
            d = step(d, h[3 * q - lead + k]);
        }
        for (; i < q; ++i) {
            a = step(a, h[i]);
            b = step(b, h[q + i]);
            c = step(c, h[2 * q + i]);
            d = step(d, h[3 * q + i]);
            if (std::max(std::max(a, b), std::max(c, d)) >= first_output_row_) [[unlikely]] {
                if (a >= first_output_row_) {
                    found_at(h, i + 1, a, hits);
                }
                if (b >= first_output_row_) {
                    found_at(h, q + i + 1, b, hits);
                }
                if (c >= first_output_row_) {
                    found_at(h, 2 * q + i + 1, c, hits);
                }
                if (d >= first_output_row_) {
                    found_at(h, 3 * q + i + 1, d, hits);
                }
            }
        }
        i = 4 * q; // a length not a multiple of 4 leaves up to 3 bytes
        a = d;
    } else if (h.size() >= 2 * lead + 32) {
        const std::size_t mid = h.size() / 2;
        std::uint32_t b = 0;
        for (std::size_t j = mid - lead; j < mid; ++j) {
            b = step(b, h[j]);
        }
        for (std::size_t j = mid; i < mid; ++i, ++j) {
            a = step(a, h[i]);
            b = step(b, h[j]);
            if (a >= first_output_row_) [[unlikely]] {
                found_at(h, i + 1, a, hits);
            }
            if (b >= first_output_row_) [[unlikely]] {
                found_at(h, j + 1, b, hits);
            }
        }
        i = 2 * mid; // an odd length leaves the last byte
        a = b;
    }
    for (; i < h.size(); ++i) {
        a = step(a, h[i]);
        if (a >= first_output_row_) [[unlikely]] {
            found_at(h, i + 1, a, hits);
        }
    }
}

void Classifier::apply(Hazard& hazard) const {
    const Haystack haystack(hazard.title, hazard.text);

    // The built-in table has a few dozen keywords; a long config table spills to the heap.
    constexpr std::size_t inline_words = 8;
    const std::size_t words = mask_words_;
    std::array<std::uint64_t, inline_words> inline_hits{};
    std::vector<std::uint64_t> heap_hits(words > inline_words ? words : 0);
    std::uint64_t* hits = words > inline_words ? heap_hits.data() : inline_hits.data();
    find_keywords(haystack.view(), hits);

    const std::uint64_t* mask = rule_masks_.data();
    for (std::size_t i = 0; i < rules_.size(); ++i, mask += words) {
        std::uint64_t missing = 0;
        for (std::size_t w = 0; w < words; ++w) {
            missing |= mask[w] & ~hits[w];
        }
        if (missing != 0) {
            continue;
        }
        const auto& r = rules_[i];
        if (!static_matches(r, hazard)) {
            continue;
        }
        if (r.severity && *r.severity > hazard.severity) {
            hazard.severity = *r.severity;
        }
        hazard.categories = CategorySet::from_bits(hazard.categories.bits() | r.categories.bits());
    }
    if (hazard.categories.empty()) {
        hazard.categories.add(HazardCategory::other);
    }
}

} // namespace aerowatch
