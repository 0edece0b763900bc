// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/feeds/rss.hpp"

#include "core/text.hpp"
#include "normalise/classifier.hpp"
#include "sources/feeds/feed_support.hpp"
#include "sources/feeds/xml_support.hpp"

#include <charconv>
#include <initializer_list>
#include <utility>

namespace aerowatch {

namespace {

using namespace feed;

constexpr std::string_view rdf_ns = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr double metres_per_nm = 1852.0;

/// The numbers in a whitespace-separated list ("45.2 -122.5 45.3 -122.4"); stops at the first
/// token that is not one.
std::vector<double> numbers_in(std::string_view text) {
    std::vector<double> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' ||
                                   text[i] == '\r' || text[i] == ',')) {
            ++i;
        }
        if (i == text.size()) {
            break;
        }
        double value = 0;
        const auto [end, ec] = std::from_chars(text.data() + i, text.data() + text.size(), value);
        if (ec != std::errc{}) {
            break;
        }
        out.push_back(value);
        i = static_cast<std::size_t>(end - text.data());
    }
    return out;
}

std::vector<GeoPoint> points_in(std::string_view text) {
    const auto n = numbers_in(text);
    std::vector<GeoPoint> points;
    for (std::size_t i = 0; i + 1 < n.size(); i += 2) {
        if (auto p = make_point(n[i], n[i + 1])) {
            points.push_back(*p);
        }
    }
    return points;
}

void read_geo(pugi::xml_node item, Hazard& h) {
    Geometry g;
    for (auto polygon : children(item, georss_ns, "polygon")) {
        auto ring = points_in(text_of(polygon));
        if (ring.size() > 1 && ring.front() == ring.back()) {
            ring.pop_back();
        }
        if (ring.size() >= 3) {
            close_ring(ring);
            g.rings.push_back(std::move(ring));
        }
    }
    if (!g.rings.empty()) {
        g.type = Geometry::Type::polygon;
    } else if (auto line = points_in(text_of(child(item, georss_ns, "line"))); line.size() >= 2) {
        g.type = Geometry::Type::line;
        g.rings.push_back(std::move(line));
    } else if (auto c = numbers_in(text_of(child(item, georss_ns, "circle"))); c.size() >= 3) {
        if (auto p = make_point(c[0], c[1]); p && c[2] >= 0 && c[2] < 4e7) {
            g.type = Geometry::Type::circle;
            g.center = *p;
            g.radius_nm = c[2] / metres_per_nm;
        }
    }
    if (g.type == Geometry::Type::none) {
        auto point = points_in(text_of(child(item, georss_ns, "point")));
        if (point.empty()) {
            // W3C geo: <geo:Point><geo:lat/><geo:long/></geo:Point>, or lat/long directly.
            auto holder = child(item, geo_ns, "Point");
            holder = holder ? holder : item;
            point = points_in(text_of(child(holder, geo_ns, "lat")) + " " +
                              text_of(child(holder, geo_ns, "long")));
        }
        if (!point.empty()) {
            g.type = Geometry::Type::circle;
            g.center = point.front();
        }
    }
    h.geometry = std::move(g);
}

void add_category_from_label(std::string_view label, Hazard& h) {
    const auto u = to_upper_ascii(label);
    const auto has = [&](std::string_view w) {
        return u.find(w) != std::string::npos;
    };
    if (has("WEATHER") || has("METEO") || has("STORM") || has("CYCLONE") || has("FLOOD")) {
        h.categories.add(HazardCategory::weather);
    }
    if (has("VOLCAN")) {
        h.categories.add(HazardCategory::volcanic_ash);
    }
    if (has("SECURITY") || has("CONFLICT") || has("TERROR")) {
        h.categories.add(HazardCategory::security_conflict);
    }
    if (has("MILITARY")) {
        h.categories.add(HazardCategory::military_activity);
    }
    if (has("GNSS") || has("GPS")) {
        h.categories.add(HazardCategory::gnss_interference);
    }
}

void read_gdacs(pugi::xml_node item, Hazard& h) {
    const auto level = to_upper_ascii(child_text(item, gdacs_ns, "alertlevel"));
    if (level == "RED") {
        h.severity = Severity::warning;
    } else if (level == "ORANGE") {
        h.severity = Severity::caution;
    }
    const auto type = to_upper_ascii(child_text(item, gdacs_ns, "eventtype"));
    if (type == "TC" || type == "FL" || type == "DR") {
        h.categories.add(HazardCategory::weather);
    } else if (type == "VO") {
        h.categories.add(HazardCategory::volcanic_ash);
    }
    const auto countries = plain_text(child_text(item, gdacs_ns, "country"));
    std::size_t start = 0;
    while (start < countries.size()) {
        auto comma = countries.find(',', start);
        comma = comma == std::string::npos ? countries.size() : comma;
        add_unique(h.countries, std::string(trim(countries.substr(start, comma - start))));
        start = comma + 1;
    }
    if (auto from = parse_feed_date(child_text(item, gdacs_ns, "fromdate"))) {
        h.valid_from = from;
    }
    // For an event still going on, todate is only the latest update, not an end.
    const auto current = to_upper_ascii(child_text(item, gdacs_ns, "iscurrent"));
    if (current != "TRUE") {
        h.valid_to = parse_feed_date(child_text(item, gdacs_ns, "todate"));
    }
}

std::string first_non_empty(std::initializer_list<std::string_view> candidates) {
    for (auto c : candidates) {
        if (!c.empty()) {
            return std::string(c);
        }
    }
    return {};
}

/// An RSS 2.0 item (ns "") or an RSS 1.0 item (ns rss1_ns).
Hazard rss_item(pugi::xml_node item, std::string_view ns, const std::string& issuer) {
    Hazard h;
    h.title = plain_text(child_text(item, ns, "title"));
    h.link = child_text(item, ns, "link");
    auto description = child_text(item, ns, "description");
    if (description.empty()) {
        description = child_text(item, content_ns, "encoded");
    }
    h.text = html_to_text(description);
    h.issued = parse_feed_date(child_text(item, ns, "pubDate"));
    if (!h.issued) {
        h.issued = parse_feed_date(child_text(item, dc_ns, "date"));
    }
    h.valid_from = h.issued;
    const auto guid_node = child(item, ns, "guid");
    const auto guid = child_text(item, ns, "guid");
    const auto permalink = to_upper_ascii(guid_node.attribute("isPermaLink").as_string("true"));
    if (h.link.empty() && permalink == "TRUE" && guid.starts_with("http")) {
        h.link = guid;
    }
    for (auto category : children(item, ns, "category")) {
        add_category_from_label(text_of(category), h);
    }
    std::string about; // RSS 1.0 identifies items by rdf:about
    for (auto a = item.first_attribute(); a; a = a.next_attribute()) {
        const std::string_view name = a.name();
        if (name == "about" || name.ends_with(":about")) {
            about = trim(to_valid_utf8(a.value()));
        }
    }
    h.key = first_non_empty({guid, about, h.link, h.title});
    h.issuer = issuer;
    return h;
}

std::string atom_text(pugi::xml_node node) {
    const std::string_view type = node.attribute("type").as_string("text");
    if (type == "html") {
        return html_to_text(text_of(node));
    }
    if (type == "xhtml") {
        return html_to_text(serialise(node));
    }
    return collapse_whitespace(to_valid_utf8(text_of(node)));
}

Hazard atom_entry(pugi::xml_node entry, const std::string& feed_title) {
    Hazard h;
    h.title = atom_text(child(entry, atom_ns, "title"));
    const auto links = children(entry, atom_ns, "link");
    for (auto link : links) {
        const std::string_view rel = link.attribute("rel").as_string("alternate");
        if (rel == "alternate") {
            h.link = trim(to_valid_utf8(link.attribute("href").as_string()));
            break;
        }
    }
    if (h.link.empty() && !links.empty()) {
        h.link = trim(to_valid_utf8(links.front().attribute("href").as_string()));
    }
    auto summary = child(entry, atom_ns, "summary");
    h.text = atom_text(summary ? summary : child(entry, atom_ns, "content"));
    h.issued = parse_feed_date(child_text(entry, atom_ns, "updated"));
    if (!h.issued) {
        h.issued = parse_feed_date(child_text(entry, atom_ns, "published"));
    }
    h.valid_from = h.issued;
    for (auto category : children(entry, atom_ns, "category")) {
        add_category_from_label(to_valid_utf8(category.attribute("term").as_string()), h);
    }
    const auto author = plain_text(child_text(child(entry, atom_ns, "author"), atom_ns, "name"));
    h.issuer = author.empty() ? feed_title : author;
    h.key = first_non_empty({child_text(entry, atom_ns, "id"), h.link, h.title});
    return h;
}

} // namespace

HazardBatch parse_rss(std::string_view payload) {
    HazardBatch batch;
    pugi::xml_document doc;
    ItemError error;
    if (!load_xml(doc, payload, error)) {
        batch.errors.push_back(std::move(error));
        return batch;
    }
    const auto root = doc.document_element();
    std::vector<pugi::xml_node> items;
    std::string issuer;
    bool atom = false;
    std::string_view ns = no_ns;
    if (is_element(root, no_ns, "rss")) {
        const auto channel = child(root, no_ns, "channel");
        issuer = plain_text(child_text(channel, no_ns, "title"));
        items = children(channel, no_ns, "item");
    } else if (is_element(root, atom_ns, "feed")) {
        atom = true;
        issuer = atom_text(child(root, atom_ns, "title"));
        items = children(root, atom_ns, "entry");
    } else if (is_element(root, rdf_ns, "RDF")) {
        ns = rss1_ns;
        issuer = plain_text(child_text(child(root, ns, "channel"), ns, "title"));
        items = children(root, ns, "item");
    } else {
        batch.errors.push_back({"not an RSS or Atom document", 1});
        return batch;
    }
    LineCounter lines(payload);
    for (auto item : items) {
        Hazard h = atom ? atom_entry(item, issuer) : rss_item(item, ns, issuer);
        if (h.key.empty()) {
            batch.errors.push_back({"item without guid, id, link or title", line_of(lines, item)});
            continue;
        }
        h.key = to_valid_utf8(h.key);
        h.id = h.key;
        h.kind = HazardKind::rss;
        read_geo(item, h);
        read_gdacs(item, h);
        h.raw = serialise(item);
        Classifier::builtin().apply(h);
        batch.hazards.push_back(std::move(h));
    }
    return batch;
}

} // namespace aerowatch
