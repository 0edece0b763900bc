// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/hazard.hpp"

#include <array>
#include <utility>

namespace aerowatch {

namespace {

template <typename Enum, std::size_t N>
const char* name_of(const std::array<std::pair<Enum, const char*>, N>& table, Enum value) {
    for (const auto& [e, name] : table) {
        if (e == value) {
            return name;
        }
    }
    return "unknown";
}

template <typename Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, const char*>, N>& table,
                             std::string_view name) {
    for (const auto& [e, n] : table) {
        if (name == n) {
            return e;
        }
    }
    return std::nullopt;
}

constexpr std::array<std::pair<Severity, const char*>, 4> severities = {{
    {Severity::info, "info"},
    {Severity::caution, "caution"},
    {Severity::warning, "warning"},
    {Severity::prohibition, "prohibition"},
}};

constexpr std::array<std::pair<HazardCategory, const char*>, 8> categories = {{
    {HazardCategory::security_conflict, "security"},
    {HazardCategory::military_activity, "military_activity"},
    {HazardCategory::gnss_interference, "gnss_interference"},
    {HazardCategory::airspace_closure, "airspace_closure"},
    {HazardCategory::airport_closure, "airport_closure"},
    {HazardCategory::weather, "weather"},
    {HazardCategory::volcanic_ash, "volcanic_ash"},
    {HazardCategory::other, "other"},
}};

constexpr std::array<std::pair<HazardKind, const char*>, 8> kinds = {{
    {HazardKind::notam, "notam"},
    {HazardKind::security_notice, "security_notice"},
    {HazardKind::czib, "czib"},
    {HazardKind::sigmet, "sigmet"},
    {HazardKind::cap, "cap"},
    {HazardKind::rss, "rss"},
    {HazardKind::travel_advisory, "travel_advisory"},
    {HazardKind::country_restrictions, "country_restrictions"},
}};

constexpr std::array<std::pair<HazardStatus, const char*>, 5> statuses = {{
    {HazardStatus::active, "active"},
    {HazardStatus::replaced, "replaced"},
    {HazardStatus::cancelled, "cancelled"},
    {HazardStatus::expired, "expired"},
    {HazardStatus::withdrawn, "withdrawn"},
}};

constexpr std::array<std::pair<HazardAction, const char*>, 3> actions = {{
    {HazardAction::create, "create"},
    {HazardAction::replace, "replace"},
    {HazardAction::cancel, "cancel"},
}};

} // namespace

std::vector<HazardCategory> CategorySet::list() const {
    std::vector<HazardCategory> out;
    for (const auto& [c, name] : categories) {
        if (has(c)) {
            out.push_back(c);
        }
    }
    return out;
}

const char* to_string(Severity s) {
    return name_of(severities, s);
}
const char* to_string(HazardCategory c) {
    return name_of(categories, c);
}
const char* to_string(HazardKind k) {
    return name_of(kinds, k);
}
const char* to_string(HazardStatus s) {
    return name_of(statuses, s);
}
const char* to_string(HazardAction a) {
    return name_of(actions, a);
}
std::optional<Severity> severity_from_string(std::string_view s) {
    return value_of(severities, s);
}
std::optional<HazardCategory> category_from_string(std::string_view s) {
    return value_of(categories, s);
}
std::optional<HazardKind> kind_from_string(std::string_view s) {
    return value_of(kinds, s);
}
std::optional<HazardStatus> status_from_string(std::string_view s) {
    return value_of(statuses, s);
}

std::optional<std::string_view> whole_of_part_key(std::string_view key) {
    const auto at = key.rfind(part_key_marker);
    if (at == std::string_view::npos || at == 0) {
        return std::nullopt;
    }
    const auto number = key.substr(at + part_key_marker.size());
    if (number.empty() || number.size() > 3 ||
        number.find_first_not_of("0123456789") != std::string_view::npos) {
        return std::nullopt;
    }
    return key.substr(0, at);
}

} // namespace aerowatch
