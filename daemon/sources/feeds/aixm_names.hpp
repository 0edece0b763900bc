// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// XML namespace binding for the AIXM reader. Prefixes vary between FAA messages (event:, e:,
// ns2:, a default namespace...), so elements are matched by the namespace URI their prefix is
// bound to at that point of the document, never by the prefix. Internal to aixm.cpp.

#include "core/geo.hpp"
#include "core/text.hpp"

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
    bool is(Ns n, std::string_view l) const { return ns == n && same_bytes(local, l); }
};

/// The prefix bindings in force while walking down a document. Each element's xmlns
/// declarations are pushed on entering it and popped on leaving.
class Scope {
  public:
    /// Tells the scope where the document was parsed in place (`parsed`, `size` bytes, with
    /// name_padding readable bytes after them) and the text it was copied from (`source`,
    /// same offsets). Optional: it lets names be read eight bytes at a time and elements whose
    /// name ends their start tag skip the attribute list, the two costs of walking.
    void set_source(const char* parsed, std::size_t size, const char* source) {
        parsed_ = parsed;
        size_ = size;
        source_ = source;
    }
    static constexpr std::size_t name_padding = 8;

    /// Calls fn(child, name) for each element child of `parent`, with the child's own
    /// declarations in force. The document must have been parsed with pugi::parse_default:
    /// then elements are the only nodes with a name (no declaration, doctype, PI or comment
    /// nodes are made), which spares a call per node to ask for its type.
    template <typename F> void children(pugi::xml_node parent, F&& fn) {
        for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
            const char* name = c.name();
            if (name[0] == '\0') {
                continue; // text
            }
            const RawName raw = scan(name);
            const std::size_t pushed = may_declare(raw) ? push(c) : 0;
            fn(c, resolve(raw));
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

    Name resolve(pugi::xml_node element) const { return resolve(scan(element.name())); }

    /// The NUL-terminated text at `text` as a view, measured eight bytes at a time when it lies
    /// in the parsed buffer (element text is read for every field: a strlen call each).
    std::string_view text(const char* text) const;
    /// The element's text (its first text child), as pugixml's child_value() gives it.
    std::string_view text_of(pugi::xml_node element) const { return text(element.child_value()); }

  private:
    struct Binding {
        std::string_view prefix;
        Ns ns;
    };
    /// An element name read once: its length and where its first colon is (npos: none).
    struct RawName {
        const char* name;
        std::size_t size;
        std::size_t colon;
    };
    RawName scan(const char* name) const;
    /// False when the element surely has no attributes, hence no xmlns declarations: in the
    /// source its name is followed by '>' or '/'.
    bool may_declare(const RawName& raw) const {
        if (raw.name < parsed_ || raw.name >= parsed_ + size_) {
            return true;
        }
        const std::size_t end = static_cast<std::size_t>(raw.name - parsed_) + raw.size;
        return end >= size_ || (source_[end] != '>' && source_[end] != '/');
    }
    Name resolve(const RawName& raw) const;
    std::size_t push(pugi::xml_node element);

    std::vector<Binding> bindings_;
    const char* parsed_ = nullptr;
    std::size_t size_ = 0;
    const char* source_ = nullptr;
};

/// The text content of an element with XHTML markup flattened: <br> and the ends of block
/// elements (div, p, pre, li) become line breaks. Recursion stops 16 levels down.
void flatten(pugi::xml_node node, std::string& out, int depth);

/// The bytes of `xml` that hold `element`, from its "<" to the ">" of its end tag; empty when
/// the offsets do not allow it.
std::string_view fragment(std::string_view xml, pugi::xml_node element);

} // namespace aerowatch::aixm_names
