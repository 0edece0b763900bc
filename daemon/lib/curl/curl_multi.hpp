// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "lib/curl/curl_error.hpp"

#include <curl/curl.h>

#include <stdexcept>
#include <utility>

namespace aerowatch::curl {

/// Owns a CURLM multi handle. Easy handles added to it must be removed before they die.
class Multi {
  public:
    Multi() : handle_(curl_multi_init()) {
        if (handle_ == nullptr) {
            throw std::runtime_error("curl_multi_init failed");
        }
    }
    ~Multi() {
        if (handle_ != nullptr) {
            curl_multi_cleanup(handle_);
        }
    }
    Multi(const Multi&) = delete;
    Multi& operator=(const Multi&) = delete;

    CURLM* get() const noexcept { return handle_; }

    template <typename T> void set(CURLMoption option, T value) {
        if (const CURLMcode rc = curl_multi_setopt(handle_, option, value); rc != CURLM_OK) {
            throw make_error(rc, "curl_multi_setopt");
        }
    }
    void add(CURL* easy) { check(curl_multi_add_handle(handle_, easy), "curl_multi_add_handle"); }
    void remove(CURL* easy) noexcept { curl_multi_remove_handle(handle_, easy); }

    static void check(CURLMcode rc, const char* what) {
        if (rc != CURLM_OK) {
            throw make_error(rc, what);
        }
    }

  private:
    CURLM* handle_;
};

} // namespace aerowatch::curl
