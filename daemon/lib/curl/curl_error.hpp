// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <curl/curl.h>

#include <system_error>

namespace aerowatch::curl {

const std::error_category& easy_category() noexcept;
const std::error_category& multi_category() noexcept;

inline std::system_error make_error(CURLcode code, const char* what) {
    return {static_cast<int>(code), easy_category(), what};
}
inline std::system_error make_error(CURLMcode code, const char* what) {
    return {static_cast<int>(code), multi_category(), what};
}

/// curl_global_init, exactly once per process, before the first handle. Call it from main()
/// before any thread starts; later calls are no-ops.
void global_init();

} // namespace aerowatch::curl
