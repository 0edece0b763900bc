// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/feeds/state_dept.hpp"

#include "core/text.hpp"
#include "normalise/classifier.hpp"
#include "sources/feeds/feed_support.hpp"
#include "sources/feeds/xml_support.hpp"

#include <fmt/format.h>

#include <unordered_map>
#include <utility>

namespace aerowatch {

namespace {

using namespace feed;

Severity severity_of_level(int level) {
    switch (level) {
    case 1:
        return Severity::info;
    case 2:
        return Severity::caution;
    case 3:
        return Severity::warning;
    default:
        return Severity::prohibition; // Level 4: Do Not Travel
    }
}

} // namespace

std::optional<AdvisoryTitle> parse_advisory_title(std::string_view raw) {
    // Typographic dashes count as the hyphen they stand for: "Venezuela – Level 4".
    const auto title = collapse_whitespace(normalise_punctuation(plain_text(raw)));
    const auto upper = to_upper_ascii(title);
    constexpr std::string_view separator = " - LEVEL ";
    const auto at = upper.rfind(separator);
    if (at == std::string::npos) {
        return std::nullopt;
    }
    AdvisoryTitle t;
    t.country = trim(std::string_view(title).substr(0, at));
    auto rest = std::string_view(title).substr(at + separator.size());
    if (t.country.empty() || rest.empty() || rest[0] < '1' || rest[0] > '4') {
        return std::nullopt;
    }
    t.level = rest[0] - '0';
    rest.remove_prefix(1);
    if (!rest.empty() && rest[0] != ':' && rest[0] != ' ') {
        return std::nullopt; // "Level 44", "Level 4a"
    }
    if (!rest.empty() && rest[0] == ':') {
        rest.remove_prefix(1);
    }
    t.label = trim(rest);
    return t;
}

HazardBatch parse_state_dept_rss(std::string_view payload) {
    HazardBatch batch;
    pugi::xml_document doc;
    ItemError error;
    if (!load_xml(doc, payload, error)) {
        batch.errors.push_back(std::move(error));
        return batch;
    }
    const auto root = doc.document_element();
    if (!is_element(root, no_ns, "rss")) {
        batch.errors.push_back({"not an RSS document", 1});
        return batch;
    }
    LineCounter lines(payload);
    std::unordered_map<std::string, std::size_t> by_country;
    for (auto item : children(child(root, no_ns, "channel"), no_ns, "item")) {
        const auto title_node = child(item, no_ns, "title");
        const auto title = plain_text(text_of(title_node));
        const auto advisory = parse_advisory_title(title);
        if (!advisory) {
            batch.errors.push_back({"not a travel advisory title: \"" + title + "\"",
                                    line_of(lines, title_node ? title_node : item)});
            continue;
        }
        Hazard h;
        h.kind = HazardKind::travel_advisory;
        h.key = "USDOS " + advisory->country;
        h.id = fmt::format("{} Level {}", advisory->country, advisory->level);
        h.issuer = "US Department of State";
        h.countries.push_back(advisory->country);
        h.severity = severity_of_level(advisory->level);
        if (advisory->level >= 3) {
            h.categories.add(HazardCategory::security_conflict);
        }
        h.title = title;
        h.link = child_text(item, no_ns, "link");
        h.text = html_to_text(child_text(item, no_ns, "description"));
        h.issued = parse_feed_date(child_text(item, no_ns, "pubDate"));
        h.valid_from = h.issued;
        h.raw = serialise(item);
        Classifier::builtin().apply(h);

        const auto [it, inserted] = by_country.try_emplace(h.key, batch.hazards.size());
        if (inserted) {
            batch.hazards.push_back(std::move(h));
            continue;
        }
        // The feed repeats some countries; the newest advisory is the one in force.
        auto& kept = batch.hazards[it->second];
        if (h.issued && (!kept.issued || *h.issued > *kept.issued)) {
            kept = std::move(h);
        }
    }
    batch.complete_listing = batch.errors.empty();
    return batch;
}

} // namespace aerowatch
