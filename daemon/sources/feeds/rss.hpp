// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/hazard.hpp"

#include <string_view>

namespace aerowatch {

/// A generic advisory feed (source kind rss): RSS 2.0 (rss/channel/item), RSS 1.0 (rdf:RDF/item)
/// or Atom (feed/entry), elements matched by namespace URI whatever their prefix.
///
/// Each item or entry becomes a Hazard of kind rss keyed by its guid, else its Atom id (RSS 1.0
/// rdf:about), else its link, else its title; an item with none of these is an ItemError.
/// Title, link (Atom: rel="alternate" or no rel, else the first link), text from description /
/// content:encoded / summary / content (HTML stripped, entities decoded), issued and valid_from
/// from pubDate (RFC 822, named or numeric zones), dc:date, or Atom updated/published (RFC
/// 3339); the issuer is the channel or feed title. RSS categories (and Atom category terms)
/// naming weather, volcanoes, security/conflict, military activity or GNSS add the matching
/// category. GeoRSS (georss:point as a circle of radius 0, georss:circle in metres,
/// georss:polygon, georss:line) and W3C geo:lat/geo:long give the geometry.
///
/// GDACS extensions (http://www.gdacs.org): gdacs:alertlevel Green/Orange/Red sets severity
/// info/caution/warning; gdacs:eventtype TC/FL/DR is weather, VO volcanic ash; gdacs:country is
/// split into countries; gdacs:fromdate is valid_from and gdacs:todate valid_to, unless
/// gdacs:iscurrent says the event is still going on.
///
/// A feed is never a complete listing: items scroll off it while still in force.
HazardBatch parse_rss(std::string_view payload);

} // namespace aerowatch
