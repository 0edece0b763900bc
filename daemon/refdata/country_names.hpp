// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string_view>

namespace aerowatch {

/// A country as the airport data (OpenFlights) names it, for a name a feed writes otherwise:
/// the formal and ISO forms that bulletins and advisories use ("Democratic People's Republic
/// of Korea", "Russian Federation", "Syrian Arab Republic", "Viet Nam", "Türkiye") and the
/// State Department's "Burma (Myanmar)". Case-insensitive; any other name comes back as given.
std::string_view airport_data_country(std::string_view name);

} // namespace aerowatch
