// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <curl/curl.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace aerowatch::curl {

/// Owns a CURLU (libcurl's URL parser, 7.62+), so URLs are parsed and joined the way the
/// fetcher will read them rather than by a second, hand-written parser.
class Url {
  public:
    Url() : handle_(curl_url()) {
        if (handle_ == nullptr) {
            throw std::runtime_error("curl_url failed");
        }
    }
    ~Url() {
        if (handle_ != nullptr) {
            curl_url_cleanup(handle_);
        }
    }
    Url(Url&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
    Url& operator=(Url&& other) noexcept {
        std::swap(handle_, other.handle_);
        return *this;
    }
    Url(const Url&) = delete;
    Url& operator=(const Url&) = delete;

    /// Sets a part; for CURLUPART_URL a relative reference resolves against the current URL.
    /// False when libcurl rejects the value.
    bool set(CURLUPart part, const std::string& value, unsigned flags = 0) {
        return curl_url_set(handle_, part, value.c_str(), flags) == CURLUE_OK;
    }
    /// Removes a part (the query, say).
    void clear(CURLUPart part) { curl_url_set(handle_, part, nullptr, 0); }
    /// The part, or nullopt when the URL has none (no query, no port...).
    std::optional<std::string> get(CURLUPart part, unsigned flags = 0) const {
        char* text = nullptr;
        if (curl_url_get(handle_, part, &text, flags) != CURLUE_OK || text == nullptr) {
            return std::nullopt;
        }
        std::string out(text);
        curl_free(text);
        return out;
    }

  private:
    CURLU* handle_;
};

} // namespace aerowatch::curl
