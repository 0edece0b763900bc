// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string_view>

namespace aerowatch {

/// The plain-English subject of a NOTAM code (its 2nd and 3rd letters: "RT" in QRTCA is
/// "temporary restricted area"), from ICAO Doc 8126; nullopt for codes not in the table.
std::optional<std::string_view> qcode_subject_text(std::string_view two_letters);

/// The plain-English condition of a NOTAM code (its 4th and 5th letters: "CA" in QRTCA is
/// "activated"), from ICAO Doc 8126; nullopt for codes not in the table.
std::optional<std::string_view> qcode_condition_text(std::string_view two_letters);

} // namespace aerowatch
