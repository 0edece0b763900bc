// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "lib/curl/curl_multi.hpp"
#include "sources/fetcher.hpp"

#include <map>
#include <memory>

namespace aerowatch {

/// The production Fetcher: libcurl's multi interface, so a slow source never holds up another.
/// HTTPS only unless a request allows http; redirects (at most 5) never change scheme; TLS
/// verification always on; the body cap is enforced on decoded bytes in the write callback.
class CurlFetcher final : public Fetcher {
  public:
    CurlFetcher();
    ~CurlFetcher() override;

    void start(FetchRequest request, FetchCallback done) override;
    void drive(std::chrono::milliseconds max_wait, int wake_fd) override;
    std::size_t active() const override { return transfers_.size(); }
    void cancel_all() override;

    struct Transfer;

  private:
    void collect_finished();

    curl::Multi multi_;
    std::map<CURL*, std::unique_ptr<Transfer>> transfers_;
};

} // namespace aerowatch
