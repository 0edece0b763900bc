// SPDX-License-Identifier: GPL-3.0-or-later
#include "refdata/country_names.hpp"

#include "core/text.hpp"

#include <array>
#include <string>
#include <utility>

namespace aerowatch {

namespace {

// Upper-case (ASCII letters) alias -> the airport data's name. Only names that differ; the
// airport data's own spelling never needs an entry.
constexpr std::array<std::pair<std::string_view, std::string_view>, 38> aliases = {{
    {"DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA", "North Korea"},
    {"KOREA, DEMOCRATIC PEOPLE'S REPUBLIC OF", "North Korea"},
    {"KOREA (DEMOCRATIC PEOPLE'S REPUBLIC OF)", "North Korea"},
    {"DPRK", "North Korea"},
    {"REPUBLIC OF KOREA", "South Korea"},
    {"KOREA, REPUBLIC OF", "South Korea"},
    {"RUSSIAN FEDERATION", "Russia"},
    {"SYRIAN ARAB REPUBLIC", "Syria"},
    {"IRAN, ISLAMIC REPUBLIC OF", "Iran"},
    {"ISLAMIC REPUBLIC OF IRAN", "Iran"},
    {"IRAN (ISLAMIC REPUBLIC OF)", "Iran"},
    {"MYANMAR", "Burma"},
    {"BURMA (MYANMAR)", "Burma"},
    {"DEMOCRATIC REPUBLIC OF THE CONGO", "Congo (Kinshasa)"},
    {"CONGO, DEMOCRATIC REPUBLIC OF THE", "Congo (Kinshasa)"},
    {"DR CONGO", "Congo (Kinshasa)"},
    {"REPUBLIC OF THE CONGO", "Congo (Brazzaville)"},
    {"C\xC3\xB4TE D'IVOIRE", "Cote d'Ivoire"}, // ô stays as written: only ASCII is upper-cased
    {"IVORY COAST", "Cote d'Ivoire"},
    {"LAO PEOPLE'S DEMOCRATIC REPUBLIC", "Laos"},
    {"VIET NAM", "Vietnam"},
    {"UNITED REPUBLIC OF TANZANIA", "Tanzania"},
    {"BOLIVIA (PLURINATIONAL STATE OF)", "Bolivia"},
    {"VENEZUELA (BOLIVARIAN REPUBLIC OF)", "Venezuela"},
    {"BOLIVARIAN REPUBLIC OF VENEZUELA", "Venezuela"},
    {"REPUBLIC OF MOLDOVA", "Moldova"},
    {"NORTH MACEDONIA", "Macedonia"},
    {"CZECHIA", "Czech Republic"},
    {"T\xC3\xBCRKIYE", "Turkey"},
    {"TURKIYE", "Turkey"},
    {"ESWATINI", "Swaziland"},
    {"CABO VERDE", "Cape Verde"},
    {"TIMOR-LESTE", "East Timor"},
    {"STATE OF PALESTINE", "Palestine"},
    {"LIBYAN ARAB JAMAHIRIYA", "Libya"},
    {"UNITED STATES OF AMERICA", "United States"},
    {"USA", "United States"},
    {"UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND", "United Kingdom"},
}};

} // namespace

std::string_view airport_data_country(std::string_view name) {
    const std::string upper = collapse_whitespace(to_upper_ascii(name));
    for (const auto& [alias, country] : aliases) {
        if (upper == alias) {
            return country;
        }
    }
    return name;
}

} // namespace aerowatch
