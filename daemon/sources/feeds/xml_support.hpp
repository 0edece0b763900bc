// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the XML feed parsers (RSS/Atom, CAP, EASA RSS, State Department) share: safe loading,
// namespace resolution by URI, iterative text extraction, element line numbers.

#include "core/hazard.hpp"
#include "sources/feeds/feed_support.hpp"

#include <pugixml.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace aerowatch::feed {

inline constexpr std::string_view atom_ns = "http://www.w3.org/2005/Atom";
inline constexpr std::string_view dc_ns = "http://purl.org/dc/elements/1.1/";
inline constexpr std::string_view content_ns = "http://purl.org/rss/1.0/modules/content/";
inline constexpr std::string_view rss1_ns = "http://purl.org/rss/1.0/";
inline constexpr std::string_view georss_ns = "http://www.georss.org/georss";
inline constexpr std::string_view geo_ns = "http://www.w3.org/2003/01/geo/wgs84_pos#";
inline constexpr std::string_view gdacs_ns = "http://www.gdacs.org";
inline constexpr std::string_view cap12_ns = "urn:oasis:names:tc:emergency:cap:1.2";
inline constexpr std::string_view cap11_ns = "urn:oasis:names:tc:emergency:cap:1.1";
inline constexpr std::string_view no_ns = "";

/// Loads `payload` with pugixml's default options. Those never process a DTD: the internal
/// subset is skipped and only the five predefined entities and character references are
/// expanded, so billion-laughs and external-entity (XXE) payloads do nothing. On failure
/// `error` holds pugixml's description and the line of the offending byte.
bool load_xml(pugi::xml_document& doc, std::string_view payload, ItemError& error);

/// The element name without its prefix.
std::string_view local_name(pugi::xml_node node);

/// The namespace URI bound to the element's prefix (or the default namespace), found on the
/// element or its ancestors; empty when unbound. Feeds pick their own prefixes, so elements are
/// always matched by URI and local name, never by the prefix as written.
std::string_view namespace_of(pugi::xml_node node);

/// True when `node` is an element called `local` in namespace `ns` ("" = no namespace).
bool is_element(pugi::xml_node node, std::string_view ns, std::string_view local);

/// The first child element called `local` in `ns`, or an empty node.
pugi::xml_node child(pugi::xml_node parent, std::string_view ns, std::string_view local);

/// Every child element called `local` in `ns`, in document order.
std::vector<pugi::xml_node> children(pugi::xml_node parent, std::string_view ns,
                                     std::string_view local);

/// Elements called `local` in `ns` at most `max_depth` levels below `root` (which itself counts
/// when it matches); the walk does not enter a match. Iterative, so deep nesting cannot
/// exhaust the stack.
std::vector<pugi::xml_node> find_elements(pugi::xml_node root, std::string_view ns,
                                          std::string_view local, int max_depth);

/// All text (PCDATA and CDATA) below `node`, in document order, as written (XML-unescaped).
std::string text_of(pugi::xml_node node);

/// text_of(child(parent, ns, local)) made valid UTF-8 and trimmed.
std::string child_text(pugi::xml_node parent, std::string_view ns, std::string_view local);

/// The element as XML text, for Hazard::raw.
std::string serialise(pugi::xml_node node);

/// The line of an element of a document loaded from the payload `lines` counts; 0 when unknown.
int line_of(LineCounter& lines, pugi::xml_node node);

} // namespace aerowatch::feed
