// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/feeds/faa_us_restrictions.hpp"

#include "core/text.hpp"
#include "normalise/classifier.hpp"
#include "sources/feeds/feed_support.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace aerowatch {

namespace {

using namespace feed;

constexpr auto npos = std::string_view::npos;

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

/// Where `needle` (lower case) starts in `html` at or after `from`, ignoring ASCII case.
std::size_t find_ci(std::string_view html, std::string_view needle, std::size_t from) {
    if (needle.empty() || html.size() < needle.size()) {
        return npos;
    }
    for (std::size_t i = from; i + needle.size() <= html.size(); ++i) {
        std::size_t k = 0;
        while (k < needle.size() && lower(html[i + k]) == needle[k]) {
            ++k;
        }
        if (k == needle.size()) {
            return i;
        }
    }
    return npos;
}

/// The next opening tag `<name` (lower case) at or after `from`: the name must end there, so
/// "<a" does not find "<abbr" nor "<h2" "<h20".
std::size_t find_open_tag(std::string_view html, std::string_view name, std::size_t from) {
    const std::string needle = "<" + std::string(name);
    for (auto at = find_ci(html, needle, from); at != npos; at = find_ci(html, needle, at + 1)) {
        const auto end = at + needle.size();
        if (end < html.size() && (html[end] == '>' || html[end] == ' ' || html[end] == '\t' ||
                                  html[end] == '\n' || html[end] == '\r' || html[end] == '/')) {
            return at;
        }
    }
    return npos;
}

/// An element's parts: the opening tag's attributes and the content up to its closing tag.
struct Element {
    std::string_view attributes;
    std::string_view content;
    std::size_t end = npos; // just past the closing tag
};

/// The element `name` whose opening tag starts at `at`; end stays npos when it is not closed.
Element element_at(std::string_view html, std::string_view name, std::size_t at) {
    Element e;
    const auto open_end = html.find('>', at);
    if (open_end == npos) {
        return e;
    }
    e.attributes = html.substr(at + 1 + name.size(), open_end - at - 1 - name.size());
    const auto close = find_ci(html, "</" + std::string(name) + ">", open_end + 1);
    if (close == npos) {
        return e;
    }
    e.content = html.substr(open_end + 1, close - open_end - 1);
    e.end = close + name.size() + 3;
    return e;
}

/// The value of attribute `name` (lower case) in an opening tag's attribute text.
std::string_view attribute(std::string_view attributes, std::string_view name) {
    for (auto at = find_ci(attributes, name, 0); at != npos;
         at = find_ci(attributes, name, at + 1)) {
        if (at > 0 && attributes[at - 1] != ' ' && attributes[at - 1] != '\t' &&
            attributes[at - 1] != '\n') {
            continue; // "data-href"
        }
        auto rest = attributes.substr(at + name.size());
        const auto eq = rest.find_first_not_of(" \t\n");
        if (eq == npos || rest[eq] != '=') {
            continue;
        }
        rest = rest.substr(eq + 1);
        const auto start = rest.find_first_not_of(" \t\n");
        if (start == npos) {
            return {};
        }
        rest = rest.substr(start);
        if (rest[0] == '"' || rest[0] == '\'') {
            const auto close = rest.find(rest[0], 1);
            return close == npos ? std::string_view{} : rest.substr(1, close - 1);
        }
        return rest.substr(0, rest.find_first_of(" \t\n>"));
    }
    return {};
}

/// One line of text from an HTML fragment: tags dropped, entities decoded, blanks collapsed.
std::string line_text(std::string_view html) {
    return plain_text(strip_html_tags(html));
}

struct Document {
    std::string title;
    std::string href;
};

/// The documents a section links to: every link with text, but not page anchors or mail.
std::vector<Document> documents_in(std::string_view section) {
    std::vector<Document> out;
    for (auto at = find_open_tag(section, "a", 0); at != npos;
         at = find_open_tag(section, "a", at + 1)) {
        const auto a = element_at(section, "a", at);
        if (a.end == npos) {
            break;
        }
        const auto href = trim(attribute(a.attributes, "href"));
        auto title = line_text(a.content);
        if (title.empty() || href.starts_with('#') || find_ci(href, "mailto:", 0) == 0) {
            continue;
        }
        out.push_back({std::move(title), to_valid_utf8(decode_html_entities(href))});
    }
    return out;
}

/// True when `text` (upper case) names `word` followed by a number: "SFAR 119", "SFAR) 119".
bool names_numbered(std::string_view text, std::string_view word) {
    for (auto at = text.find(word); at != npos; at = text.find(word, at + 1)) {
        auto rest = text.substr(at + word.size());
        const auto digit = rest.find_first_not_of(" )");
        if (digit != npos && digit <= 3 && rest[digit] >= '0' && rest[digit] <= '9') {
            return true;
        }
    }
    return false;
}

/// True when a link title is one of the page's restriction documents: a KICZ NOTAM or an SFAR
/// (the background papers come beside those). Headings whose links are none of these (the
/// site's menus, "Related content") are not countries.
bool is_restriction_document(std::string_view title) {
    const auto upper = to_upper_ascii(normalise_punctuation(title));
    return upper.find("KICZ") != npos || upper.find("NOTAM") != npos ||
           upper.find("SPECIAL FEDERAL AVIATION REGULATION") != npos ||
           names_numbered(upper, "SFAR");
}

std::string absolute(std::string_view href) {
    if (href.starts_with("/") && !href.starts_with("//")) {
        return "https://www.faa.gov" + std::string(href);
    }
    return std::string(href);
}

/// A country's heading, the documents under it and the HTML they came from.
struct Section {
    std::string country;
    std::vector<Document> documents;
    std::string html;
};

Hazard section_hazard(const Section& section) {
    const auto& country = section.country;
    const auto& documents = section.documents;
    Hazard h;
    h.kind = HazardKind::country_restrictions;
    h.key = "FAA restrictions " + country;
    h.id = "restrictions " + country;
    h.issuer = "FAA";
    h.countries.push_back(country);
    h.title = "Prohibitions, Restrictions and Notices: " + country;
    for (const auto& d : documents) {
        h.text += (h.text.empty() ? "" : "\n") + d.title;
        // Title by title: "... FIR" at the end of one and "KICZ" at the start of the next are
        // no "FIR KICZ". "(SFAR)" is the regulation's own abbreviation, never a FIR.
        for (auto& fir : fir_codes_in(d.title)) {
            if (fir != "SFAR") {
                add_unique(h.firs, std::move(fir));
            }
        }
    }
    h.link = absolute(documents.front().href);
    const auto upper = to_upper_ascii(normalise_punctuation(h.text));
    if (names_numbered(upper, "SFAR")) {
        h.severity = Severity::prohibition; // a Special Federal Aviation Regulation prohibits
        h.categories.add(HazardCategory::security_conflict);
    } else if (upper.find("KICZ") != npos) {
        h.severity = Severity::caution; // a security NOTAM: an advisory at least
        h.categories.add(HazardCategory::security_conflict);
    }
    h.raw = to_valid_utf8(section.html);
    Classifier::builtin().apply(h);
    return h;
}

} // namespace

HazardBatch parse_faa_us_restrictions(std::string_view payload) {
    HazardBatch batch;
    LineCounter lines(payload);
    // The content only: not the site's menus before <main>, nor its footer after the last
    // country (menus have <h2> headings and links of their own).
    const auto main = find_open_tag(payload, "main", 0);
    const std::size_t page_start = main == npos ? 0 : main;
    std::size_t page_end = payload.size();
    for (const auto* marker : {"<footer", "last updated:"}) {
        page_end = std::min(page_end, find_ci(payload, marker, page_start));
    }
    const auto page = payload.substr(0, page_end);
    std::vector<Section> sections;
    std::map<std::string, std::size_t> by_country; // a country twice: one record, all documents
    bool unreadable = false;
    for (auto at = find_open_tag(page, "h2", page_start); at != npos;) {
        const auto heading = element_at(page, "h2", at);
        if (heading.end == npos) {
            batch.errors.push_back({"an <h2> heading that is never closed", lines.line_at(at)});
            unreadable = true;
            break;
        }
        const auto next = find_open_tag(page, "h2", heading.end);
        const auto section =
            page.substr(heading.end, (next == npos ? page.size() : next) - heading.end);
        auto documents = documents_in(section);
        if (std::none_of(documents.begin(), documents.end(),
                         [](const Document& d) { return is_restriction_document(d.title); })) {
            documents.clear(); // a menu or a list of related pages, not a country
        }
        const auto country = line_text(heading.content);
        if (!documents.empty() && country.empty()) {
            batch.errors.push_back({"documents under an empty <h2> heading", lines.line_at(at)});
            unreadable = true;
        } else if (!documents.empty()) {
            const auto [it, inserted] = by_country.try_emplace(country, sections.size());
            if (inserted) {
                sections.push_back({country, {}, {}});
            }
            auto& kept = sections[it->second];
            kept.documents.insert(kept.documents.end(), documents.begin(), documents.end());
            kept.html += page.substr(at, (next == npos ? page.size() : next) - at);
        }
        at = next;
    }
    for (const auto& section : sections) {
        batch.hazards.push_back(section_hazard(section));
    }
    if (batch.hazards.empty() && !unreadable) {
        batch.errors.push_back({"no country sections (an <h2> heading followed by document "
                                "links) on the page",
                                0});
    }
    batch.complete_listing = batch.errors.empty();
    return batch;
}

} // namespace aerowatch
