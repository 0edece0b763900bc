// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace aerowatch {

/// Where a parser said the listing continues. At most one is set.
struct PageLink {
    std::optional<std::string> url; // absolute, or a path (AeroAPI links.next)
    std::optional<int> page_number; // FAA NOTAM API pageNum
    std::optional<int> offset;      // AviationStack offset
    bool empty() const { return !url && !page_number && !offset; }
};

/// The URL of the next page, from the URL just fetched:
/// - page_number / offset replace (or add) the `pageNum` / `offset` query parameter;
/// - an absolute URL is taken as it is, when its scheme is http or https;
/// - a path is joined under the API's base path: AeroAPI answers
///   https://host/aeroapi/airports/SVMI/flights?... with links.next
///   "/airports/SVMI/flights?cursor=..", which is relative to /aeroapi, not to the host root.
///   The base is the current path up to where the path's first segment occurs in it.
Result<std::string> next_page_url(std::string_view current_url, const PageLink& link);

/// True when both URLs have the same scheme, host and port: a page on another host (the FAA
/// NMS content URL points at a storage host) must not be sent the source's credentials.
bool same_origin(std::string_view a, std::string_view b);

} // namespace aerowatch
