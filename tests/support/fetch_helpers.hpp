// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sources/fetcher.hpp"

#include <zlib.h>

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>

namespace aerowatch::test {

/// Runs one request through a Fetcher to completion (bounded by `limit` of wall time).
inline FetchResult fetch_one(Fetcher& fetcher, FetchRequest request,
                             std::chrono::seconds limit = std::chrono::seconds{30}) {
    std::optional<FetchResult> result;
    fetcher.start(std::move(request), [&](FetchResult r) { result = std::move(r); });
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!result && std::chrono::steady_clock::now() < deadline) {
        fetcher.drive(std::chrono::milliseconds{100}, -1);
    }
    if (!result) {
        throw std::runtime_error("fetch did not complete");
    }
    return *result;
}

/// gzip-compresses `data` (a real gzip member, as a server sends with Content-Encoding: gzip).
inline std::string gzip(const std::string& data) {
    z_stream z{};
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("deflateInit2");
    }
    std::string out(deflateBound(&z, data.size()), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

} // namespace aerowatch::test
