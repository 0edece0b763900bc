// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/paging.hpp"

#include "lib/curl/curl_url.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace aerowatch {

namespace {

/// The query with `name` set to `value`, other parameters kept in their order.
std::string with_parameter(const std::optional<std::string>& query, std::string_view name,
                           int value) {
    std::string out;
    std::string_view rest = query ? std::string_view(*query) : std::string_view();
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const auto item = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
        const auto key = item.substr(0, item.find('='));
        if (item.empty() || key == name) {
            continue;
        }
        out += out.empty() ? "" : "&";
        out += item;
    }
    return fmt::format("{}{}{}={}", out, out.empty() ? "" : "&", name, value);
}

/// "/aeroapi" for current path "/aeroapi/airports/SVMI/flights" and next path "/airports/..".
std::string base_path(std::string_view current_path, std::string_view next_path) {
    const auto end = next_path.find('/', 1);
    const auto first_segment = next_path.substr(0, end == std::string_view::npos ? end : end + 1);
    const auto at = current_path.find(first_segment);
    if (first_segment.size() < 2 || at == std::string_view::npos) {
        return {};
    }
    auto base = std::string(current_path.substr(0, at));
    while (!base.empty() && base.back() == '/') {
        base.pop_back();
    }
    return base;
}

bool is_http(const curl::Url& url) {
    const auto scheme = url.get(CURLUPART_SCHEME);
    return scheme && (*scheme == "https" || *scheme == "http");
}

bool has_control_or_space(std::string_view text) {
    for (const char c : text) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
            return true;
        }
    }
    return false;
}

} // namespace

Result<std::string> next_page_url(std::string_view current_url, const PageLink& link) {
    // libcurl validates; the URL itself is assembled from the text as given, because a
    // re-serialised URL may re-encode escapes (%3A -> %3a), which breaks signed URLs.
    curl::Url parsed;
    if (!parsed.set(CURLUPART_URL, std::string(current_url)) || !is_http(parsed)) {
        return Error{fmt::format("cannot parse the URL {}", current_url), 0};
    }
    const auto hierarchy = current_url.find("://") + 3;
    const auto path_start =
        std::min(current_url.find_first_of("/?#", hierarchy), current_url.size());
    const auto query_start =
        std::min(current_url.find_first_of("?#", path_start), current_url.size());
    const auto fragment = std::min(current_url.find('#', query_start), current_url.size());
    const auto origin = current_url.substr(0, path_start);
    const auto path = current_url.substr(path_start, query_start - path_start);

    if (link.page_number || link.offset) {
        std::optional<std::string> query;
        if (query_start < fragment && current_url[query_start] == '?') {
            query = std::string(current_url.substr(query_start + 1, fragment - query_start - 1));
        }
        return fmt::format("{}{}?{}", origin, path,
                           with_parameter(query, link.page_number ? "pageNum" : "offset",
                                          link.page_number ? *link.page_number : *link.offset));
    }
    if (!link.url) {
        return Error{"no next page", 0};
    }
    const std::string& next = *link.url;
    if (next.empty() || has_control_or_space(next) || next.size() > 4096) {
        return Error{"the next-page link is empty, too long or contains spaces", 0};
    }
    std::string joined;
    if (next.front() == '/' && (next.size() < 2 || next[1] != '/')) {
        const auto next_path = std::string_view(next).substr(0, next.find_first_of("?#"));
        joined = fmt::format("{}{}{}", origin, base_path(path, next_path), next);
    } else {
        joined = next;
    }
    curl::Url check;
    if (!check.set(CURLUPART_URL, joined) || !is_http(check)) {
        return Error{"the next-page link is not an http(s) URL", 0};
    }
    return joined;
}

bool same_origin(std::string_view a, std::string_view b) {
    curl::Url ua;
    curl::Url ub;
    if (!ua.set(CURLUPART_URL, std::string(a)) || !ub.set(CURLUPART_URL, std::string(b))) {
        return false;
    }
    for (const auto part : {CURLUPART_SCHEME, CURLUPART_HOST}) {
        if (ua.get(part) != ub.get(part)) {
            return false;
        }
    }
    return ua.get(CURLUPART_PORT, CURLU_DEFAULT_PORT) == ub.get(CURLUPART_PORT, CURLU_DEFAULT_PORT);
}

} // namespace aerowatch
