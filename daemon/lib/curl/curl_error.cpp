// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/curl/curl_error.hpp"

#include <mutex>
#include <stdexcept>
#include <string>

namespace aerowatch::curl {

namespace {

class EasyCategory final : public std::error_category {
  public:
    const char* name() const noexcept override { return "curl"; }
    std::string message(int code) const override {
        return curl_easy_strerror(static_cast<CURLcode>(code));
    }
};

class MultiCategory final : public std::error_category {
  public:
    const char* name() const noexcept override { return "curl-multi"; }
    std::string message(int code) const override {
        return curl_multi_strerror(static_cast<CURLMcode>(code));
    }
};

} // namespace

const std::error_category& easy_category() noexcept {
    static const EasyCategory category;
    return category;
}

const std::error_category& multi_category() noexcept {
    static const MultiCategory category;
    return category;
}

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (const CURLcode rc = curl_global_init(CURL_GLOBAL_ALL); rc != CURLE_OK) {
            throw make_error(rc, "curl_global_init");
        }
    });
}

} // namespace aerowatch::curl
