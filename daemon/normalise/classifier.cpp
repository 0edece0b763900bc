// SPDX-License-Identifier: GPL-3.0-or-later
#include "normalise/classifier.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <initializer_list>

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

/// `phrase` occurs in `haystack` with no letter or digit glued to either end.
bool contains_phrase(std::string_view haystack, std::string_view phrase) {
    for (auto at = haystack.find(phrase); at != std::string_view::npos;
         at = haystack.find(phrase, at + 1)) {
        const bool start_ok = at == 0 || !is_word_char(haystack[at - 1]);
        const auto end = at + phrase.size();
        const bool end_ok = end == haystack.size() || !is_word_char(haystack[end]);
        if (start_ok && end_ok) {
            return true;
        }
    }
    return false;
}

bool matches(const ClassificationRule& r, const Hazard& h, std::string_view haystack) {
    if (r.kind && *r.kind != h.kind) {
        return false;
    }
    if (!r.qcode_prefix.empty() && !h.qcode.starts_with(r.qcode_prefix)) {
        return false;
    }
    if (r.fir_wide && (h.firs.empty() || !h.airports.empty())) {
        return false;
    }
    return std::all_of(r.keywords.begin(), r.keywords.end(),
                       [&](const std::string& k) { return contains_phrase(haystack, k); });
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
}

void Classifier::apply(Hazard& hazard) const {
    const std::string haystack = collapse_whitespace(
        to_upper_ascii(normalise_punctuation(hazard.title + "\n" + hazard.text)));
    for (const auto& r : rules_) {
        if (!matches(r, hazard, haystack)) {
            continue;
        }
        if (r.severity && *r.severity > hazard.severity) {
            hazard.severity = *r.severity;
        }
        for (auto c : r.categories.list()) {
            hazard.categories.add(c);
        }
    }
    if (hazard.categories.empty()) {
        hazard.categories.add(HazardCategory::other);
    }
}

} // namespace aerowatch
