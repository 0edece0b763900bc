// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/feeds/aixm_names.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <utility>

namespace aerowatch::aixm_names {

namespace {

constexpr std::array<std::pair<std::string_view, Ns>, 11> known_uris = {{
    {"http://www.aixm.aero/schema/5.1/message", Ns::message},
    {"http://www.aixm.aero/schema/5.1", Ns::aixm},
    {"http://www.aixm.aero/schema/5.1/event", Ns::event},
    {"http://www.opengis.net/gml/3.2", Ns::gml},
    {"http://www.aixm.aero/schema/5.1/extensions/FAA/FNSE", Ns::fnse},
    {"http://www.opengis.net/wfs/2.0", Ns::wfs},
    {"http://schemas.xmlsoap.org/soap/envelope/", Ns::soap},
    {"http://www.w3.org/2003/05/soap-envelope", Ns::soap},
    // AIXM 5.1.1 documents sometimes carry the minor version in the URI.
    {"http://www.aixm.aero/schema/5.1.1/message", Ns::message},
    {"http://www.aixm.aero/schema/5.1.1", Ns::aixm},
    {"http://www.aixm.aero/schema/5.1.1/event", Ns::event},
}};

std::string_view local_of(std::string_view name) {
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::uint64_t load8(const char* p) {
    std::uint64_t word;
    std::memcpy(&word, p, 8);
    return word;
}

/// The high bit of each byte of `word` that equals `c` (exact up to the first such byte; a
/// borrow can only mark bytes after it, which callers never look past).
std::uint64_t bytes_equal(std::uint64_t word, char c) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t highs = 0x8080808080808080ULL;
    const std::uint64_t x = word ^ (ones * static_cast<unsigned char>(c));
    return (x - ones) & ~x & highs;
}

/// The offset of the first byte marked by bytes_equal() (little-endian loads).
std::size_t first_marked(std::uint64_t marks) {
    return static_cast<std::size_t>(__builtin_ctzll(marks) / 8);
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// "lat lon lat lon ..." (or triples when srsDimension is 3) as closed ring; empty when it
/// holds fewer than 3 valid positions or anything that is not a number.
std::vector<GeoPoint> pos_list(std::string_view text, int dimension) {
    std::vector<GeoPoint> ring;
    double values[3] = {0, 0, 0};
    int have = 0;
    const char* p = text.data();
    const char* end = p + text.size();
    while (true) {
        while (p < end && is_space(*p)) {
            ++p;
        }
        if (p == end) {
            break;
        }
        double v = 0;
        const auto [next, ec] = std::from_chars(p, end, v);
        if (ec != std::errc{}) {
            return {};
        }
        p = next;
        values[have++] = v;
        if (have == dimension) {
            have = 0;
            if (!(values[0] >= -90 && values[0] <= 90 && values[1] >= -180 && values[1] <= 180)) {
                return {};
            }
            ring.push_back({values[0], values[1]}); // EPSG:4326 axis order: lat first
        }
    }
    if (ring.size() < 3) {
        return {};
    }
    if (!(ring.front() == ring.back())) {
        ring.push_back(ring.front());
    }
    return ring;
}

} // namespace

Ns ns_of_uri(std::string_view uri) {
    for (const auto& [known, ns] : known_uris) {
        if (known == uri) {
            return ns;
        }
    }
    return uri.empty() ? Ns::none : Ns::other;
}

std::size_t Scope::push(pugi::xml_node element) {
    std::size_t pushed = 0;
    for (pugi::xml_attribute a = element.first_attribute(); a; a = a.next_attribute()) {
        const char* name = a.name();
        // The first byte alone rules out nearly every attribute (gml:id, uom...).
        if (name[0] != 'x' || std::strncmp(name, "xmlns", 5) != 0 ||
            (name[5] != '\0' && name[5] != ':')) {
            continue;
        }
        bindings_.push_back({name[5] == '\0' ? std::string_view() : std::string_view(name + 6),
                             ns_of_uri(a.value())});
        ++pushed;
    }
    return pushed;
}

Scope::RawName Scope::scan(const char* name) const {
    // This runs for every element of a document, so the name is read once, for its length and
    // its colon together: strlen, find and memcmp calls were a tenth of an AIXM ingest, and a
    // byte-by-byte loop still most of what is left of resolving a name.
    std::size_t colon = std::string_view::npos;
    if (name >= parsed_ && name < parsed_ + size_) {
        // Eight bytes at a time: the buffer has name_padding bytes after its end, and every
        // name in it ends with a NUL, so no read leaves it. Exact for the first NUL and the
        // first colon (a borrow only ever marks bytes after a true zero).
        const std::size_t room = static_cast<std::size_t>(parsed_ + size_ - name);
        for (std::size_t at = 0; at < room; at += 8) {
            const std::uint64_t word = load8(name + at);
            const std::uint64_t zero = bytes_equal(word, '\0');
            const std::uint64_t colons = bytes_equal(word, ':');
            const std::size_t end = zero != 0 ? at + first_marked(zero) : std::string_view::npos;
            if (colons != 0 && colon == std::string_view::npos) {
                const std::size_t first = at + first_marked(colons);
                if (first < end) {
                    colon = first;
                }
            }
            if (zero != 0) {
                return {name, end, colon};
            }
        }
        colon = std::string_view::npos; // no NUL inside the buffer: not one of its names
    }
    std::size_t size = 0;
    for (; name[size] != '\0'; ++size) {
        if (name[size] == ':' && colon == std::string_view::npos) {
            colon = size;
        }
    }
    return {name, size, colon};
}

std::string_view Scope::text(const char* text) const {
    if (text >= parsed_ && text < parsed_ + size_) {
        // As in scan: the buffer's padding keeps every read inside it.
        const std::size_t room = static_cast<std::size_t>(parsed_ + size_ - text);
        for (std::size_t at = 0; at < room; at += 8) {
            if (const std::uint64_t zero = bytes_equal(load8(text + at), '\0'); zero != 0) {
                return {text, at + first_marked(zero)};
            }
        }
    }
    return text; // not in the buffer (pugixml's empty string): its own strlen
}

Name Scope::resolve(const RawName& raw) const {
    const std::string_view full(raw.name, raw.size);
    const std::size_t colon = raw.colon;
    const std::string_view prefix =
        colon == std::string_view::npos ? std::string_view() : full.substr(0, colon);
    const std::string_view local = colon == std::string_view::npos ? full : full.substr(colon + 1);
    for (auto it = bindings_.rbegin(); it != bindings_.rend(); ++it) {
        if (same_bytes(it->prefix, prefix)) {
            return {it->ns, local};
        }
    }
    // No default namespace, or a prefix nobody declared: matches nothing we look for.
    return {prefix.empty() ? Ns::none : Ns::other, local};
}

void Scope::scan_geometry(pugi::xml_node feature, Geometry& area, std::optional<GeoPoint>& point,
                          int depth) {
    if (depth > 24) {
        return;
    }
    children(feature, [&](pugi::xml_node c, Name name) {
        if (name.is(Ns::gml, "posList")) {
            const int dimension = c.attribute("srsDimension").as_int(2) == 3 ? 3 : 2;
            if (auto ring = pos_list(c.child_value(), dimension); !ring.empty()) {
                area.type = Geometry::Type::polygon;
                area.rings.push_back(std::move(ring));
            }
        } else if (name.is(Ns::gml, "pos")) {
            double lat = 0, lon = 0;
            if (!point && std::sscanf(c.child_value(), "%lf %lf", &lat, &lon) == 2 && lat >= -90 &&
                lat <= 90 && lon >= -180 && lon <= 180) {
                point = GeoPoint{lat, lon}; // "lat lon", as posList
            }
        } else {
            scan_geometry(c, area, point, depth + 1);
        }
    });
}

void flatten(pugi::xml_node node, std::string& out, int depth) {
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const auto type = c.type();
        if (type == pugi::node_pcdata || type == pugi::node_cdata) {
            out += c.value();
        } else if (type == pugi::node_element) {
            const auto local = local_of(c.name());
            if (local == "br") {
                out += '\n';
            } else if (depth < 16) {
                flatten(c, out, depth + 1);
                if (local == "div" || local == "p" || local == "pre" || local == "li") {
                    out += '\n';
                }
            }
        }
    }
}

std::string_view fragment(std::string_view xml, pugi::xml_node element) {
    const auto offset = element.offset_debug();
    if (offset < 1 || static_cast<std::size_t>(offset) > xml.size() ||
        xml[static_cast<std::size_t>(offset) - 1] != '<') {
        return {};
    }
    const std::size_t start = static_cast<std::size_t>(offset) - 1;
    if (!element.first_child()) {
        // Possibly self-closing: "<name .../>".
        const auto gt = xml.find('>', start);
        if (gt != std::string_view::npos && xml[gt - 1] == '/') {
            return xml.substr(start, gt + 1 - start);
        }
    }
    // The element ends before whatever follows it: its next sibling, or that of the nearest
    // ancestor that has one; its own end tag is the last one for its name before that.
    std::size_t limit = xml.size();
    for (pugi::xml_node n = element; n && n.type() != pugi::node_document; n = n.parent()) {
        if (const auto next = n.next_sibling()) {
            const auto o = next.offset_debug();
            if (o > 0 && static_cast<std::size_t>(o) > start) {
                limit = std::min(limit, static_cast<std::size_t>(o));
                break;
            }
        }
    }
    const std::string_view region = xml.substr(start, limit - start);
    const std::string_view name = element.name();
    // Backwards, a byte at a time: the end tag is a few dozen bytes before the limit, and
    // rfind("</") compared two bytes with a memcmp call at every position.
    for (std::size_t close = region.size(); close-- > 1;) {
        if (region[close] != '<' || close + 1 >= region.size() || region[close + 1] != '/') {
            continue;
        }
        const auto after = region.substr(close + 2);
        if (after.starts_with(name) && after.size() > name.size() &&
            (after[name.size()] == '>' || is_space(after[name.size()]))) {
            const auto gt = region.find('>', close);
            return gt == std::string_view::npos ? std::string_view() : region.substr(0, gt + 1);
        }
    }
    return {};
}

} // namespace aerowatch::aixm_names
