// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "lib/curl/curl_error.hpp"

#include <curl/curl.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

namespace aerowatch::curl {

/// Owns a CURL easy handle. Move-only; setters throw std::system_error with the curl code.
class Easy {
  public:
    Easy() : handle_(curl_easy_init()) {
        if (handle_ == nullptr) {
            throw std::runtime_error("curl_easy_init failed");
        }
    }
    ~Easy() {
        if (handle_ != nullptr) {
            curl_easy_cleanup(handle_);
        }
    }
    Easy(Easy&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
    Easy& operator=(Easy&& other) noexcept {
        std::swap(handle_, other.handle_);
        return *this;
    }
    Easy(const Easy&) = delete;
    Easy& operator=(const Easy&) = delete;

    CURL* get() const noexcept { return handle_; }

    template <typename T> void set(CURLoption option, T value) {
        if (const CURLcode rc = curl_easy_setopt(handle_, option, value); rc != CURLE_OK) {
            throw make_error(rc, "curl_easy_setopt");
        }
    }
    void set(CURLoption option, const std::string& value) { set(option, value.c_str()); }

    template <typename T> T info(CURLINFO what) const {
        T value{};
        if (const CURLcode rc = curl_easy_getinfo(handle_, what, &value); rc != CURLE_OK) {
            throw make_error(rc, "curl_easy_getinfo");
        }
        return value;
    }

  private:
    CURL* handle_;
};

struct SlistDeleter {
    void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};

/// A header list; append() keeps ownership in one place even when an append fails midway.
class Slist {
  public:
    void append(const std::string& line) {
        curl_slist* grown = curl_slist_append(list_.get(), line.c_str());
        if (grown == nullptr) {
            throw std::bad_alloc();
        }
        (void)list_.release();
        list_.reset(grown);
    }
    curl_slist* get() const noexcept { return list_.get(); }

  private:
    std::unique_ptr<curl_slist, SlistDeleter> list_;
};

} // namespace aerowatch::curl
