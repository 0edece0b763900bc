// SPDX-License-Identifier: GPL-3.0-or-later
#include "normalise/classifier.hpp"

#include "core/text.hpp"
#include "sources/notam/notam_hazard.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

using namespace aerowatch;

namespace {

Hazard classified(const std::string& text, HazardKind kind = HazardKind::notam,
                  const std::string& qcode = "", std::vector<std::string> firs = {},
                  std::vector<std::string> airports = {}) {
    Hazard h;
    h.kind = kind;
    h.text = text;
    h.qcode = qcode;
    h.firs = std::move(firs);
    h.airports = std::move(airports);
    Classifier::builtin().apply(h);
    return h;
}

// KICZ A0012/25 as the FAA web page renders it (typographic apostrophe included).
const std::string kicz_a0012 =
    "SECURITY…UNITED STATES OF AMERICA ADVISORY FOR POTENTIALLY\nHAZARDOUS SITUATION IN THE "
    "MAIQUETIA FLIGHT INFORMATION REGION (SVZM)\nOPERATORS ARE ADVISED TO EXERCISE CAUTION WHEN "
    "OPERATING IN THE MAIQUETIA FLIGHT\nINFORMATION REGION (SVZM FIR) AT ALL ALTITUDES DUE TO THE "
    "WORSENING SECURITY\nSITUATION AND HEIGHTENED MILITARY ACTIVITY IN OR AROUND VENEZUELA. "
    "REPORT ANY INCIDENTS TO THE FAA’S WASHINGTON OPERATIONS CENTER";

/// The classifier as it was first written (normalise, then a find loop per keyword of each
/// rule): the reference the one-pass automaton must agree with.
bool reference_word_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool reference_contains(std::string_view haystack, std::string_view phrase) {
    for (auto at = haystack.find(phrase); at != std::string_view::npos;
         at = haystack.find(phrase, at + 1)) {
        const auto end = at + phrase.size();
        if ((at == 0 || !reference_word_char(haystack[at - 1])) &&
            (end == haystack.size() || !reference_word_char(haystack[end]))) {
            return true;
        }
    }
    return false;
}

void reference_apply(const Classifier& classifier, Hazard& h) {
    const std::string haystack =
        collapse_whitespace(to_upper_ascii(normalise_punctuation(h.title + "\n" + h.text)));
    for (const auto& r : classifier.rules()) {
        if ((r.kind && *r.kind != h.kind) ||
            (!r.qcode_prefix.empty() && !h.qcode.starts_with(r.qcode_prefix)) ||
            (r.fir_wide && (h.firs.empty() || !h.airports.empty()))) {
            continue;
        }
        if (!std::all_of(r.keywords.begin(), r.keywords.end(),
                         [&](const std::string& k) { return reference_contains(haystack, k); })) {
            continue;
        }
        h.severity = std::max(h.severity, r.severity.value_or(Severity::info));
        for (auto c : r.categories.list()) {
            h.categories.add(c);
        }
    }
    if (h.categories.empty()) {
        h.categories.add(HazardCategory::other);
    }
}

} // namespace

TEST_CASE("the KICZ A0012/25 advisory is a security caution with military activity",
          "[classifier]") {
    const auto h = classified(kicz_a0012, HazardKind::security_notice, "", {"SVZM"});
    CHECK(h.severity == Severity::caution);
    CHECK(h.categories.has(HazardCategory::security_conflict));
    CHECK(h.categories.has(HazardCategory::military_activity));
    CHECK_FALSE(h.categories.has(HazardCategory::other));
}

TEST_CASE("security prohibitions are prohibitions; routine PROHIBITED is not", "[classifier]") {
    const auto a0013 = classified(
        "SECURITY..UNITED STATES OF AMERICA PROHIBITION FOR VENEZUELA\nALL FLIGHT OPERATIONS IN "
        "THE TERRITORY AND AIRSPACE OF VENEZUELA AT ALTITUDES BELOW FL 260\nBY THE PERSONS "
        "DESCRIBED IN PARAGRAPH A BELOW ARE PROHIBITED UNTIL FURTHER ADVISED",
        HazardKind::security_notice);
    CHECK(a0013.severity == Severity::prohibition);
    CHECK(a0013.categories.has(HazardCategory::security_conflict));
    CHECK(a0013.categories.has(HazardCategory::airspace_closure));

    const auto runway = classified("RWY 09/27 INTERSECTION TKOF PROHIBITED", HazardKind::notam,
                                   "QMRLT", {}, {"EDDF"});
    CHECK(runway.severity == Severity::info);
    CHECK(runway.categories.list() == std::vector<HazardCategory>{HazardCategory::other});
}

TEST_CASE("a FIR closed to all flights is a prohibition; words must stand alone", "[classifier]") {
    const auto luuu = classified("FIR CHISINAU LUUU CLSD FOR ALL FLIGHTS DUE TO UKRAINIAN CRISIS",
                                 HazardKind::notam, "QAFXX", {"LUUU"});
    CHECK(luuu.severity == Severity::prohibition);
    CHECK(luuu.categories.has(HazardCategory::airspace_closure));

    // The same words at an aerodrome do not close a FIR.
    const auto taxiway =
        classified("TWY B CLSD FOR ALL FLIGHTS", HazardKind::notam, "QMXLC", {"EDGG"}, {"EDDF"});
    CHECK(taxiway.severity == Severity::info);

    // "UNSECURITY" or "MISSILES" glued inside other words must not match "SECURITY".
    CHECK(classified("XSECURITYX").categories.has(HazardCategory::other));
}

TEST_CASE("GNSS interference, closures and volcanic ash by text and Q-code", "[classifier]") {
    CHECK(classified("GNSS INTERFERENCE REPORTED IN THE SVZM FIR")
              .categories.has(HazardCategory::gnss_interference));
    CHECK(classified("GPS SIGNAL UNRELIABLE WI 250NM")
              .categories.has(HazardCategory::gnss_interference));
    const auto aerodrome =
        classified("AD CLSD DUE TO MIL ACT", HazardKind::notam, "QFALC", {}, {"SVMC"});
    CHECK(aerodrome.severity == Severity::warning);
    CHECK(aerodrome.categories.has(HazardCategory::airport_closure));
    CHECK(aerodrome.categories.has(HazardCategory::military_activity));
    CHECK(classified("VA CLD OBS AT 0600Z").categories.has(HazardCategory::volcanic_ash));
}

TEST_CASE("the classifier never lowers what a parser set, and the config can add rules",
          "[classifier]") {
    Hazard level4;
    level4.kind = HazardKind::travel_advisory;
    level4.severity = Severity::prohibition;
    level4.categories.add(HazardCategory::security_conflict);
    level4.title = "Venezuela - Level 4: Do Not Travel";
    Classifier::builtin().apply(level4);
    CHECK(level4.severity == Severity::prohibition);
    CHECK_FALSE(level4.categories.has(HazardCategory::other));

    ClassificationRule drones;
    drones.name = "drone sightings";
    drones.keywords = {"drone activity"}; // lower case in the config: matched case-blind
    drones.severity = Severity::warning;
    drones.categories.add(HazardCategory::security_conflict);
    const Classifier custom({drones});
    Hazard h;
    h.text = "UNIDENTIFIED DRONE ACTIVITY NEAR THE AERODROME";
    custom.apply(h);
    CHECK(h.severity == Severity::warning);
    CHECK(h.categories.has(HazardCategory::security_conflict));
    Hazard builtin_only;
    builtin_only.text = h.text;
    Classifier::builtin().apply(builtin_only);
    CHECK(builtin_only.severity == Severity::info);
}

TEST_CASE("a NOTAM becomes a hazard keyed by issuing office and id", "[classifier][notam]") {
    Notam n;
    n.id = "A0046/22";
    n.type = 'R';
    n.ref = "A0045/22";
    n.fir = "LUUU";
    n.qcode = "QAFXX";
    n.scope = "E";
    n.lower_fl = 0;
    n.upper_fl = 999;
    n.lat = 47.0667;
    n.lon = 28.0;
    n.radius_nm = 98;
    n.locations = {"LUUU"};
    n.text = "FIR CHISINAU LUUU CLSD FOR ALL FLIGHTS DUE TO UKRAINIAN CRISIS";
    const auto h = notam_to_hazard(n);
    CHECK(h.key == "LUUU A0046/22");
    CHECK(h.action == HazardAction::replace);
    CHECK(h.ref_key == "LUUU A0045/22");
    CHECK(h.firs == std::vector<std::string>{"LUUU"});
    CHECK(h.airports.empty());
    CHECK(h.geometry.type == Geometry::Type::circle);
    CHECK(h.geometry.radius_nm == 98);
    CHECK(h.lower_ft == 0);
    CHECK_FALSE(h.upper_ft.has_value()); // FL999: unlimited
    CHECK(h.lower_text == "FL000");
    CHECK(h.upper_text == "FL999");

    Notam notice;
    notice.form = Notam::Form::faa_notice;
    notice.issuer = "KICZ";
    notice.id = "A0012/25";
    notice.fir = "SVZM";
    notice.lower = "SFC";
    notice.upper = "UNL";
    notice.radius_nm = 999;
    notice.lat = 10.0;
    notice.lon = -66.0;
    const auto k = notam_to_hazard(notice);
    CHECK(k.key == "KICZ A0012/25");
    CHECK(k.kind == HazardKind::security_notice);
    CHECK(k.geometry.type == Geometry::Type::none); // 999 NM means the whole FIR
    CHECK(k.lower_ft == 0);
    CHECK_FALSE(k.upper_ft.has_value());

    Notam aerodrome;
    aerodrome.id = "B0131/09";
    aerodrome.fir = "DAAA";
    aerodrome.scope = "A";
    aerodrome.locations = {"DAOV"};
    aerodrome.lower = "2000FT AMSL";
    aerodrome.upper = "5000FT.";
    const auto a = notam_to_hazard(aerodrome);
    CHECK(a.firs == std::vector<std::string>{"DAAA"});
    CHECK(a.airports == std::vector<std::string>{"DAOV"});
    CHECK(a.lower_ft == 2000);
    CHECK(a.upper_ft == 5000);
}

TEST_CASE("one-pass matching agrees with a find loop per keyword", "[classifier]") {
    // Keywords that overlap, nest, share prefixes and suffixes, start or end with non-word
    // characters, and a non-ASCII one; config rules repeat built-in keywords.
    std::vector<ClassificationRule> extra;
    const std::vector<std::vector<std::string>> extra_keywords = {
        {"GPS"},         {"SPOOF"}, {"ING"},   {"MIL"},          {"-AIR"},
        {" CLSD"},       {"U/S"},   {"A"},     {"AA", "AAA"},    {"SECURITY", "MIL ACT"},
        {"CAF\xC3\x89"}, {"ZONE "}, {"ANTI-"}, {"CLSD", "GNSS"}, {"..."},
    };
    for (std::size_t i = 0; i < extra_keywords.size(); ++i) {
        ClassificationRule r;
        r.name = "extra " + std::to_string(i);
        r.keywords = extra_keywords[i];
        r.severity = static_cast<Severity>(i % 4);
        r.categories.add(static_cast<HazardCategory>(i % 7));
        extra.push_back(std::move(r));
    }
    const Classifier custom(extra);

    // Texts made of keyword pieces, glue and the punctuation the normaliser rewrites.
    const std::vector<std::string> pieces = {"SECURITY",
                                             "security",
                                             "MISSILE",
                                             "MISSILES",
                                             "ANTI-AIRCRAFT",
                                             "ANTI",
                                             "AIRCRAFT",
                                             "MIL",
                                             "ACT",
                                             "EXER",
                                             "GNSS",
                                             "GPS",
                                             "INTERFERENCE",
                                             "UNRELIABLE",
                                             "JAMMING",
                                             "SPOOFING",
                                             "AIRSPACE",
                                             "CLSD",
                                             "CLOSED",
                                             "ALL",
                                             "FLIGHTS",
                                             "FLIGHT",
                                             "OPERATIONS",
                                             "PROHIBITED",
                                             "PROHIBITION",
                                             "VA",
                                             "CLD",
                                             "AD",
                                             "CONFLICT",
                                             "ZONE",
                                             "A",
                                             "AA",
                                             "U/S",
                                             "CAF\xC3\x89",
                                             "caf\xC3\xA9",
                                             "X",
                                             "_",
                                             "1",
                                             "-",
                                             ".",
                                             "/",
                                             " ",
                                             "  ",
                                             "\n",
                                             "\t",
                                             "\xE2\x80\xA6",
                                             "\xE2\x80\x93",
                                             "\xC2\xA0",
                                             "\xE2\x80\xAF",
                                             "\xE2\x80",
                                             "\xC3",
                                             "\xE2\x80\x99"};
    const std::vector<std::string> qcodes = {"", "QFALC", "QAFLC", "QRPCA", "QGWXX", "QWW"};
    std::mt19937 rng(20260601);
    const auto pick = [&](std::size_t n) {
        return static_cast<std::size_t>(rng() % n);
    };
    for (int round = 0; round < 20000; ++round) {
        Hazard h;
        const auto compose = [&](std::size_t count) {
            std::string out;
            for (std::size_t i = 0; i < count; ++i) {
                out += pieces[pick(pieces.size())];
                if (pick(3) != 0) {
                    out += ' ';
                }
            }
            return out;
        };
        h.title = compose(pick(4));
        h.text = compose(pick(4) == 0 ? 40 + pick(200) : pick(14)); // long ones: see find_keywords
        h.kind = static_cast<HazardKind>(pick(7));
        h.qcode = qcodes[pick(qcodes.size())];
        if (pick(2) != 0) {
            h.firs = {"LUUU"};
        }
        if (pick(3) == 0) {
            h.airports = {"LUKK"};
        }
        if (pick(5) == 0) {
            h.severity = Severity::warning;
        }
        for (const Classifier* c : {&Classifier::builtin(), &custom}) {
            Hazard fast = h, slow = h;
            c->apply(fast);
            reference_apply(*c, slow);
            INFO("title: " << h.title << "\ntext: " << h.text);
            REQUIRE(fast.severity == slow.severity);
            REQUIRE(fast.categories == slow.categories);
        }
    }
}
