// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/feeds/xml_support.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <cstddef>

namespace aerowatch::feed {

namespace {

// Namespace declarations are looked up at most this far up: feeds nest a handful of levels,
// and a bound keeps lookups cheap in pathologically deep documents.
constexpr int max_namespace_hops = 256;

class StringWriter final : public pugi::xml_writer {
  public:
    void write(const void* data, std::size_t size) override {
        out.append(static_cast<const char*>(data), size);
    }
    std::string out;
};

} // namespace

bool load_xml(pugi::xml_document& doc, std::string_view payload, ItemError& error) {
    if (trim(payload).empty()) {
        error = {"XML: empty document", 0};
        return false;
    }
    const auto result = doc.load_buffer(payload.data(), payload.size(), pugi::parse_default);
    if (result) {
        return true;
    }
    const auto offset = static_cast<std::size_t>(std::max<std::ptrdiff_t>(result.offset, 0));
    error = {std::string("XML: ") + result.description(), LineCounter(payload).line_at(offset)};
    return false;
}

std::string_view local_name(pugi::xml_node node) {
    std::string_view name = node.name();
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string_view namespace_of(pugi::xml_node node) {
    std::string_view name = node.name();
    const auto colon = name.find(':');
    const auto prefix =
        colon == std::string_view::npos ? std::string_view() : name.substr(0, colon);
    if (prefix == "xml") {
        return "http://www.w3.org/XML/1998/namespace";
    }
    int hops = 0;
    for (auto n = node; n && n.type() == pugi::node_element && hops < max_namespace_hops;
         n = n.parent(), ++hops) {
        for (auto a = n.first_attribute(); a; a = a.next_attribute()) {
            std::string_view attr = a.name();
            if (!attr.starts_with("xmlns")) {
                continue;
            }
            attr.remove_prefix(5);
            const bool match = prefix.empty() ? attr.empty()
                                              : (attr.size() == prefix.size() + 1 &&
                                                 attr[0] == ':' && attr.substr(1) == prefix);
            if (match) {
                return a.value();
            }
        }
    }
    return {};
}

bool is_element(pugi::xml_node node, std::string_view ns, std::string_view local) {
    // The local name first: it is cheap, and most elements fail on it.
    return node.type() == pugi::node_element && local_name(node) == local &&
           namespace_of(node) == ns;
}

pugi::xml_node child(pugi::xml_node parent, std::string_view ns, std::string_view local) {
    for (auto c = parent.first_child(); c; c = c.next_sibling()) {
        if (is_element(c, ns, local)) {
            return c;
        }
    }
    return {};
}

std::vector<pugi::xml_node> children(pugi::xml_node parent, std::string_view ns,
                                     std::string_view local) {
    std::vector<pugi::xml_node> out;
    for (auto c = parent.first_child(); c; c = c.next_sibling()) {
        if (is_element(c, ns, local)) {
            out.push_back(c);
        }
    }
    return out;
}

std::vector<pugi::xml_node> find_elements(pugi::xml_node root, std::string_view ns,
                                          std::string_view local, int max_depth) {
    std::vector<pugi::xml_node> out;
    if (!root) {
        return out;
    }
    if (is_element(root, ns, local)) {
        out.push_back(root);
        return out;
    }
    int depth = 1;
    pugi::xml_node node = max_depth > 0 ? root.first_child() : pugi::xml_node();
    while (node) {
        if (node.type() == pugi::node_element) {
            if (is_element(node, ns, local)) {
                out.push_back(node);
            } else if (depth < max_depth && node.first_child()) {
                node = node.first_child();
                ++depth;
                continue;
            }
        }
        while (node != root && !node.next_sibling()) {
            node = node.parent();
            --depth;
        }
        if (node == root) {
            break;
        }
        node = node.next_sibling();
    }
    return out;
}

std::string text_of(pugi::xml_node node) {
    std::string out;
    if (!node) {
        return out;
    }
    // Iterative pre-order walk over parent/sibling links: no recursion, whatever the depth.
    auto n = node.first_child();
    while (n) {
        if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
            out += n.value();
        }
        if (n.first_child()) {
            n = n.first_child();
            continue;
        }
        while (n != node && !n.next_sibling()) {
            n = n.parent();
        }
        if (n == node) {
            break;
        }
        n = n.next_sibling();
    }
    return out;
}

std::string child_text(pugi::xml_node parent, std::string_view ns, std::string_view local) {
    return std::string(trim(to_valid_utf8(text_of(child(parent, ns, local)))));
}

std::string serialise(pugi::xml_node node) {
    StringWriter writer;
    node.print(writer, "", pugi::format_raw, pugi::encoding_utf8);
    return to_valid_utf8(writer.out);
}

int line_of(LineCounter& lines, pugi::xml_node node) {
    const auto offset = node.offset_debug();
    return offset < 0 ? 0 : lines.line_at(static_cast<std::size_t>(offset));
}

} // namespace aerowatch::feed
