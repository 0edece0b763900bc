// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/feeds/easa_czib.hpp"

#include "core/text.hpp"
#include "core/time.hpp"
#include "normalise/classifier.hpp"
#include "sources/feeds/feed_support.hpp"
#include "sources/feeds/json_support.hpp"
#include "sources/feeds/xml_support.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

namespace aerowatch {

namespace {

constexpr std::string_view key_prefix = "EASA CZIB ";

bool all_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

struct CzibRecord {
    std::string nid, issued_date, valid_until, descr, name, status, country, updated;
};

void read_field(CzibRecord& r, std::string_view key, simdjson::ondemand::value& value) {
    auto text = feed::json_string(value).value_or("");
    if (key == "Nid") {
        r.nid = trim(text);
    } else if (key == "issued_date") {
        r.issued_date = std::move(text);
    } else if (key == "valid_until_date") {
        r.valid_until = std::move(text);
    } else if (key == "field_easa_valid_until_descr") {
        r.descr = std::move(text);
    } else if (key == "name") {
        r.name = std::move(text);
    } else if (key == "status") {
        r.status = std::move(text);
    } else if (key == "country") {
        r.country = std::move(text);
    } else if (key == "updated") {
        r.updated = std::move(text);
    }
    // "coordinates" geocodes the country name (Kabul for Afghanistan): not the airspace.
}

std::vector<std::string> split_countries(std::string_view field) {
    std::vector<std::string> out;
    const auto decoded = feed::plain_text(field);
    std::size_t start = 0;
    while (start <= decoded.size()) {
        auto comma = decoded.find(',', start);
        if (comma == std::string::npos) {
            comma = decoded.size();
        }
        feed::add_unique(out,
                         std::string(trim(std::string_view(decoded).substr(start, comma - start))));
        start = comma + 1;
    }
    return out;
}

/// The country a bulletin's name is about, when the export leaves "country" empty (2026-01,
/// "Venezuela and neighbouring airspace"): the name without "Airspace of (the)", "and
/// neighbouring airspace", "airspace", and anything after a dash ("Airspace of North Korea –
/// Pyongyang Flight Information Region"). Empty when nothing is left.
std::string country_in_name(std::string_view name) {
    std::string text = feed::plain_text(name);
    std::string_view s = trim(text);
    if (const auto dash = s.find(" \u2013 "); dash != std::string_view::npos) {
        s = trim(s.substr(0, dash));
    }
    if (const auto dash = s.find(" - "); dash != std::string_view::npos) {
        s = trim(s.substr(0, dash));
    }
    const std::string upper = to_upper_ascii(std::string(s));
    std::string_view u = upper;
    std::size_t from = 0, to = s.size();
    for (std::string_view prefix : {"AIRSPACE OF THE ", "AIRSPACE OF "}) {
        if (u.starts_with(prefix)) {
            from = prefix.size();
            break;
        }
    }
    for (std::string_view suffix : {" AND NEIGHBOURING AIRSPACE", " AND NEIGHBORING AIRSPACE",
                                    " AND SURROUNDING AIRSPACE", " AIRSPACE"}) {
        if (u.size() >= from + suffix.size() && u.ends_with(suffix)) {
            to = u.size() - suffix.size();
            break;
        }
    }
    const auto country = trim(s.substr(from, to - from));
    return u == "AIRSPACE" ? std::string() : std::string(country);
}

/// What both feeds say of every bulletin.
void set_common(Hazard& h, std::string_view nid) {
    h.key = std::string(key_prefix) + std::string(nid);
    h.issuer = "EASA";
    h.kind = HazardKind::czib;
    h.categories.add(HazardCategory::security_conflict);
    for (auto& fir : feed::fir_codes_in(h.title + "\n" + h.text)) {
        feed::add_unique(h.firs, std::move(fir));
    }
}

Hazard record_to_hazard(const CzibRecord& r, std::string_view raw) {
    Hazard h;
    h.title = feed::plain_text(r.name);
    h.text = feed::html_to_text(r.descr);
    h.countries = split_countries(r.country);
    if (h.countries.empty()) {
        if (auto country = country_in_name(r.name); !country.empty()) {
            h.countries.push_back(std::move(country));
        }
    }
    h.valid_from = feed::parse_feed_date(r.issued_date);
    h.issued = parse_html_time_element(r.updated);
    if (!h.issued) {
        h.issued = h.valid_from;
    }
    if (trim(r.valid_until).empty()) {
        h.permanent = true; // until further notice
    } else {
        h.valid_to = parse_czib_valid_until(r.valid_until);
    }
    const auto status = to_upper_ascii(trim(r.status));
    h.status = status == "WITHDRAWN" ? HazardStatus::withdrawn : HazardStatus::active;
    if (h.status == HazardStatus::active) {
        h.severity = Severity::warning; // a CZIB recommends not operating
    }
    set_common(h, r.nid);
    h.raw = std::string(raw);
    Classifier::builtin().apply(h);
    return h;
}

} // namespace

std::string czib_number_from_link(std::string_view link) {
    link = trim(link);
    link = link.substr(0, std::min(link.find('?'), link.find('#')));
    while (!link.empty() && link.back() == '/') {
        link.remove_suffix(1);
    }
    const auto slash = link.rfind('/');
    std::string slug(slash == std::string_view::npos ? link : link.substr(slash + 1));
    for (auto& c : slug) {
        c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    std::string_view s = slug;
    for (std::string_view prefix : {"czib-", "sib-"}) {
        if (s.starts_with(prefix)) {
            s.remove_prefix(prefix.size());
        }
    }
    // YYYY-NN, then an optional revision "rNN" or "-rNN".
    const auto dash = s.find('-');
    if (dash != 4 || !all_digits(s.substr(0, 4))) {
        return {};
    }
    auto rest = s.substr(5);
    std::size_t n = 0;
    while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') {
        ++n;
    }
    if (n == 0 || n > 3) {
        return {};
    }
    std::string number = std::string(s.substr(0, 5)) + std::string(rest.substr(0, n));
    rest.remove_prefix(n);
    if (rest.starts_with("-")) {
        rest.remove_prefix(1);
    }
    if (rest.empty()) {
        return number;
    }
    if (rest[0] != 'r' || !all_digits(rest.substr(1)) || rest.size() > 4) {
        return {};
    }
    return number + "-R" + std::string(rest.substr(1));
}

std::optional<UtcTime> parse_czib_valid_until(std::string_view text) {
    text = trim(text);
    const auto first = text.find('/');
    const auto second = first == std::string_view::npos ? first : text.find('/', first + 1);
    if (second == std::string_view::npos) {
        return std::nullopt;
    }
    const auto d = text.substr(0, first);
    const auto m = text.substr(first + 1, second - first - 1);
    const auto y = text.substr(second + 1);
    if (!all_digits(d) || !all_digits(m) || !all_digits(y) || d.size() > 2 || m.size() > 2 ||
        y.size() != 4) {
        return std::nullopt;
    }
    const auto number = [](std::string_view s) {
        int v = 0;
        for (char c : s) {
            v = v * 10 + (c - '0');
        }
        return v;
    };
    using namespace std::chrono;
    const year_month_day ymd{year{number(y)}, month{static_cast<unsigned>(number(m))},
                             day{static_cast<unsigned>(number(d))}};
    if (!ymd.ok()) {
        return std::nullopt;
    }
    return sys_days{ymd} + hours{23} + minutes{59} + seconds{59};
}

std::optional<UtcTime> parse_html_time_element(std::string_view html) {
    const auto attr = html.find("datetime=");
    if (attr != std::string_view::npos && attr + 9 < html.size()) {
        const char quote = html[attr + 9];
        if (quote == '"' || quote == '\'') {
            const auto end = html.find(quote, attr + 10);
            if (end != std::string_view::npos) {
                if (auto t = feed::parse_feed_date(html.substr(attr + 10, end - attr - 10))) {
                    return t;
                }
            }
        }
    }
    return feed::parse_feed_date(trim(strip_html_tags(html)));
}

HazardBatch parse_easa_czib_json(std::string_view payload) {
    HazardBatch batch;
    const auto json = to_valid_utf8(payload);
    std::vector<feed::JsonRecord> records;
    const bool readable = feed::split_json_array(json, "conflict_zones", records, batch.errors);
    simdjson::ondemand::parser parser;
    for (const auto& record : records) {
        CzibRecord r;
        const auto failure = feed::for_each_field(
            parser, record.text,
            [&](std::string_view key, simdjson::ondemand::value& v) { read_field(r, key, v); });
        if (failure) {
            batch.errors.push_back({"CZIB record: " + *failure, record.line});
            continue;
        }
        if (r.nid.empty()) {
            batch.errors.push_back({"CZIB record without Nid", record.line});
            continue;
        }
        batch.hazards.push_back(record_to_hazard(r, record.text));
    }
    // Splitting and reading report separately; an operator reads them in payload order.
    std::stable_sort(batch.errors.begin(), batch.errors.end(),
                     [](const ItemError& a, const ItemError& b) { return a.line < b.line; });
    batch.complete_listing = readable && batch.errors.empty();
    return batch;
}

HazardBatch parse_easa_czib_rss(std::string_view payload) {
    HazardBatch batch;
    pugi::xml_document doc;
    ItemError error;
    if (!feed::load_xml(doc, payload, error)) {
        batch.errors.push_back(std::move(error));
        return batch;
    }
    const auto root = doc.document_element();
    if (!feed::is_element(root, feed::no_ns, "rss")) {
        batch.errors.push_back({"not an RSS document", 1});
        return batch;
    }
    feed::LineCounter lines(payload);
    for (auto item :
         feed::children(feed::child(root, feed::no_ns, "channel"), feed::no_ns, "item")) {
        const auto guid = feed::child_text(item, feed::no_ns, "guid");
        const auto on = guid.find(" on ");
        const auto nid = trim(std::string_view(guid).substr(0, on));
        if (!all_digits(nid)) {
            batch.errors.push_back({"CZIB item without a Nid in its guid", line_of(lines, item)});
            continue;
        }
        Hazard h;
        h.partial = true;
        h.title = feed::plain_text(feed::child_text(item, feed::no_ns, "title"));
        h.link = feed::child_text(item, feed::no_ns, "link");
        if (const auto number = czib_number_from_link(h.link); !number.empty()) {
            h.id = "CZIB " + number;
        }
        h.valid_from = feed::parse_feed_date(feed::child_text(item, feed::no_ns, "pubDate"));
        if (!h.valid_from && on != std::string::npos) {
            h.valid_from = feed::parse_feed_date(std::string_view(guid).substr(on + 4));
        }
        // The feed only lists bulletins; it says nothing of their status, so it claims what
        // an active one would be and the store keeps the JSON export's status.
        h.severity = Severity::warning;
        set_common(h, nid);
        h.raw = feed::serialise(item);
        Classifier::builtin().apply(h);
        batch.hazards.push_back(std::move(h));
    }
    return batch;
}

} // namespace aerowatch
