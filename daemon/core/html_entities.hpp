// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace aerowatch {

/// The code point of an HTML 4.01 named character reference ("iacute" -> U+00ED), case as
/// written ("Aacute" and "aacute" differ); nullopt for a name HTML 4 does not define.
std::optional<std::uint32_t> html_entity(std::string_view name);

} // namespace aerowatch
