// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/flight_codes.hpp"

#include "core/text.hpp"
#include "refdata/refdata.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace aerowatch {

namespace {

bool is_upper_code(std::string_view code) {
    return std::all_of(code.begin(), code.end(),
                       [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

} // namespace

FlightCodeResolver refdata_code_resolver(std::shared_ptr<const RefData> refdata) {
    FlightCodeResolver resolver;
    resolver.airline_icao = [refdata](std::string_view iata) -> std::string {
        auto airline = refdata->airline(iata);
        return airline ? (*airline)->icao : std::string();
    };
    resolver.airport_icao = [refdata](std::string_view code) -> std::string {
        auto airport = refdata->airport(code);
        return airport ? (*airport)->icao : std::string();
    };
    return resolver;
}

std::string normalise_flight_number(std::string_view number) {
    number = trim(number);
    std::size_t zeros = 0;
    while (zeros + 1 < number.size() && number[zeros] == '0' &&
           std::isdigit(static_cast<unsigned char>(number[zeros + 1])) != 0) {
        ++zeros;
    }
    return to_upper_ascii(number.substr(zeros));
}

std::string format_date(std::chrono::sys_days day) {
    const std::chrono::year_month_day ymd{day};
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::optional<std::chrono::sys_days> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    auto number = [&](std::size_t from, std::size_t length) -> std::optional<int> {
        int value = 0;
        for (std::size_t i = from; i < from + length; ++i) {
            if (std::isdigit(static_cast<unsigned char>(text[i])) == 0) {
                return std::nullopt;
            }
            value = value * 10 + (text[i] - '0');
        }
        return value;
    };
    const auto y = number(0, 4);
    const auto m = number(5, 2);
    const auto d = number(8, 2);
    if (!y || !m || !d) {
        return std::nullopt;
    }
    const std::chrono::year_month_day ymd{std::chrono::year{*y},
                                          std::chrono::month{static_cast<unsigned>(*m)},
                                          std::chrono::day{static_cast<unsigned>(*d)}};
    if (!ymd.ok()) {
        return std::nullopt;
    }
    return std::chrono::sys_days{ymd};
}

void FlightCodes::set_resolver(FlightCodeResolver resolver) {
    resolver_ = std::move(resolver);
    resolved_airlines_.clear();
    airline_keys_.clear();
    airports_.clear();
}

std::string_view FlightCodes::icao_for(std::string_view iata) {
    const std::string code = to_upper_ascii(trim(iata));
    if (auto found = learned_.find(code); found != learned_.end()) {
        return found->second;
    }
    auto resolved = resolved_airlines_.find(code);
    if (resolved == resolved_airlines_.end()) {
        std::string icao =
            resolver_.airline_icao && !code.empty() ? resolver_.airline_icao(code) : std::string();
        resolved = resolved_airlines_.emplace(code, to_upper_ascii(icao)).first;
    }
    return resolved->second;
}

std::string_view FlightCodes::airline_key(std::string_view iata, std::string_view icao) {
    if (!icao.empty() && is_upper_code(icao)) {
        return icao; // the common case: no lookup, no copy
    }
    const std::string_view given = icao.empty() ? iata : icao;
    if (given.empty()) {
        return {};
    }
    // Memoised per spelling (IATA-only keys get a "|" prefix so the two never mix): the same key
    // comes back on every record of a board.
    // Appended rather than "|" + string: GCC 12 warns falsely (-Wrestrict) on that at -O2.
    std::string spelling(icao.empty() ? "|" : "");
    spelling += icao.empty() ? iata : icao;
    auto memo = airline_keys_.find(spelling);
    if (memo != airline_keys_.end()) {
        return memo->second;
    }
    std::string key = to_upper_ascii(trim(given));
    if (icao.empty()) {
        if (auto known = icao_for(key); !known.empty()) {
            key = std::string(known);
        }
    }
    return airline_keys_.emplace(std::move(spelling), std::move(key)).first->second;
}

std::string_view FlightCodes::airport(std::string_view code) {
    auto memo = airports_.find(code);
    if (memo != airports_.end()) {
        return memo->second;
    }
    const std::string upper = to_upper_ascii(trim(code));
    std::string icao =
        resolver_.airport_icao && !upper.empty() ? resolver_.airport_icao(upper) : std::string();
    return airports_.emplace(std::string(code), icao.empty() ? upper : to_upper_ascii(icao))
        .first->second;
}

bool FlightCodes::learn(std::string_view iata, std::string_view icao) {
    std::string code = to_upper_ascii(trim(iata));
    if (code.empty() || icao.empty() || learned_.count(code) != 0) {
        return false;
    }
    std::string designator = to_upper_ascii(trim(icao));
    learned_iata_.try_emplace(designator, code);
    learned_.emplace(std::move(code), std::move(designator));
    airline_keys_.clear(); // an IATA-only spelling may have resolved to itself before
    return true;
}

std::string_view FlightCodes::iata_for(std::string_view icao) const {
    const auto found = learned_iata_.find(icao);
    return found == learned_iata_.end() ? std::string_view() : std::string_view(found->second);
}

void FlightCodes::forget_learned() {
    learned_.clear();
    learned_iata_.clear();
    airline_keys_.clear();
}

} // namespace aerowatch
