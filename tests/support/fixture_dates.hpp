// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Moving the dates of a real-format fixture to the days around the test run, for tests where
// the daemon runs on the real clock.

#include "core/time.hpp"

#include <string>

namespace aerowatch::test {

inline std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

/// "2611271743": the YYMMDDHHMM of NOTAM items B) and C).
inline std::string notam_time(UtcTime t) {
    const auto iso = format_iso8601(t); // 2026-11-27T17:43:00Z
    return iso.substr(2, 2) + iso.substr(5, 2) + iso.substr(8, 2) + iso.substr(11, 2) +
           iso.substr(14, 2);
}

} // namespace aerowatch::test
