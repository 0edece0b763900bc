// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// XML namespace binding for the AIXM reader. Prefixes vary between FAA messages (event:, e:,
// ns2:, a default namespace...), so elements are matched by the namespace URI their prefix is
// bound to at that point of the document, never by the prefix. Internal to aixm.cpp.

#include "core/geo.hpp"

#include <pugixml.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aerowatch::aixm_names {

/// The namespaces we recognise; anything else is `other`, an element without one is `none`.
enum class Ns : std::uint8_t { none, other, message, aixm, event, gml, fnse, wfs, soap };

Ns ns_of_uri(std::string_view uri);

/// An element's resolved name.
struct Name {
    Ns ns = Ns::none;
    std::string_view local;
    bool is(Ns n, std::string_view l) const { return ns == n && local == l; }
};

/// The prefix bindings in force while walking down a document. Each element's xmlns
/// declarations are pushed on entering it and popped on leaving.
class Scope {
  public:
    /// Calls fn(child, name) for each element child of `parent`, with the child's own
    /// declarations in force.
    template <typename F> void children(pugi::xml_node parent, F&& fn) {
        for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
            if (c.type() != pugi::node_element) {
                continue;
            }
            const std::size_t pushed = push(c);
            fn(c, resolve(c));
            bindings_.resize(bindings_.size() - pushed);
        }
    }

    /// Calls fn(node, name) for every element below `parent`, in document order, down to
    /// `max_depth` levels.
    template <typename F> void descendants(pugi::xml_node parent, F&& fn, int max_depth = 8) {
        if (max_depth <= 0) {
            return;
        }
        children(parent, [&](pugi::xml_node c, Name name) {
            fn(c, name);
            descendants(c, fn, max_depth - 1);
        });
    }

    /// Looks through a feature for a polygon (gml:posList, "lat lon" pairs) to add to `area`
    /// and a position (gml:pos) for `point` when it has none yet.
    void scan_geometry(pugi::xml_node feature, Geometry& area, std::optional<GeoPoint>& point,
                       int depth);

    Name resolve(pugi::xml_node element) const;

  private:
    struct Binding {
        std::string_view prefix;
        Ns ns;
    };
    std::size_t push(pugi::xml_node element);

    std::vector<Binding> bindings_;
};

/// The text content of an element with XHTML markup flattened: <br> and the ends of block
/// elements (div, p, pre, li) become line breaks. Recursion stops 16 levels down.
void flatten(pugi::xml_node node, std::string& out, int depth);

/// The bytes of `xml` that hold `element`, from its "<" to the ">" of its end tag; empty when
/// the offsets do not allow it.
std::string_view fragment(std::string_view xml, pugi::xml_node element);

} // namespace aerowatch::aixm_names
