// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>

namespace aerowatch {

/// Text for HTML (and SVG) element content and quoted attribute values.
std::string html_escape(std::string_view text);

} // namespace aerowatch
