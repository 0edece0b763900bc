// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/flights/nas_time.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <vector>

namespace aerowatch {

namespace {

using namespace std::chrono;

// An end time of day more than this far before the update is tomorrow's.
constexpr seconds end_time_slack = hours{6};

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::string upper(std::string_view s) {
    return to_upper_ascii(trim(s));
}

std::vector<std::string_view> tokens_of(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < text.size() && out.size() < 32) {
        while (i < text.size() && (text[i] == ' ' || text[i] == ',' || text[i] == '\t' ||
                                   text[i] == '\n' || text[i] == '\r')) {
            ++i;
        }
        const std::size_t start = i;
        while (i < text.size() && text[i] != ' ' && text[i] != ',' && text[i] != '\t' &&
               text[i] != '\n' && text[i] != '\r') {
            ++i;
        }
        auto token = text.substr(start, i - start);
        while (!token.empty() && token.back() == '.') {
            token.remove_suffix(1); // "UTC." at the end of a sentence
        }
        if (!token.empty()) {
            out.push_back(token);
        }
    }
    return out;
}

std::optional<int> number(std::string_view s, std::size_t max_digits) {
    if (s.empty() || s.size() > max_digits) {
        return std::nullopt;
    }
    int v = 0;
    for (char c : s) {
        if (!is_digit(c)) {
            return std::nullopt;
        }
        v = v * 10 + (c - '0');
    }
    return v;
}

/// Minutes east of UTC for the zone names the FAA writes.
std::optional<int> zone_minutes(std::string_view name) {
    static constexpr std::array<std::pair<std::string_view, int>, 16> zones = {{
        {"UTC", 0},
        {"GMT", 0},
        {"Z", 0},
        {"EST", -300},
        {"EDT", -240},
        {"CST", -360},
        {"CDT", -300},
        {"MST", -420},
        {"MDT", -360},
        {"PST", -480},
        {"PDT", -420},
        {"AKST", -540},
        {"AKDT", -480},
        {"HST", -600},
        {"AST", -240},
        {"CHST", 600},
    }};
    const std::string u = upper(name);
    for (const auto& [zone, minutes] : zones) {
        if (u == zone) {
            return minutes;
        }
    }
    return std::nullopt;
}

std::optional<int> month_of(std::string_view token) {
    static constexpr std::array<std::string_view, 12> months = {
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    const std::string u = upper(token);
    for (std::size_t i = 0; i < months.size(); ++i) {
        if (u.size() >= 3 && u.size() <= 9 && u.compare(0, 3, months[i]) == 0) {
            return static_cast<int>(i) + 1;
        }
    }
    return std::nullopt;
}

/// The pieces of a NAS date or time ("Thu Nov 20 18:57:02 2025 GMT", "5:30 pm EDT",
/// "Nov 03 at 07:00 UTC."), whichever are present.
struct Parts {
    std::optional<int> year, month, day, hour, minute;
    int second = 0;
    int zone = 0; // minutes east of UTC; UTC when none is given
};

std::optional<Parts> parts_of(std::string_view text) {
    Parts p;
    std::optional<bool> pm;
    const auto tokens = tokens_of(text);
    // "2000" is a year in a date ("Nov 26 21:47:03 2025") and a clock time otherwise ("2000 UTC").
    const bool dated = std::any_of(tokens.begin(), tokens.end(),
                                   [](std::string_view t) { return month_of(t).has_value(); });
    for (auto token : tokens) {
        const std::string u = upper(token);
        if (auto colon = token.find(':'); colon != std::string_view::npos) {
            const auto rest = token.substr(colon + 1);
            const auto second_colon = rest.find(':');
            p.hour = number(token.substr(0, colon), 2);
            p.minute = number(rest.substr(0, second_colon), 2);
            if (second_colon != std::string_view::npos) {
                p.second = number(rest.substr(second_colon + 1), 2).value_or(0);
            }
        } else if (u == "AM" || u == "PM" || u == "A.M" || u == "P.M") {
            pm = u[0] == 'P';
        } else if (auto zone = zone_minutes(u)) {
            p.zone = *zone;
        } else if (auto month = month_of(u)) {
            p.month = month;
        } else if (auto n = number(token, 4)) {
            if (token.size() == 4 && dated) {
                p.year = n;
            } else if (token.size() <= 2) {
                p.day = n;
            } else if (token.size() == 4 && *n % 100 < 60) {
                p.hour = *n / 100; // "2300"
                p.minute = *n % 100;
            }
        }
    }
    if (!p.hour || !p.minute || *p.hour > 23 || *p.minute > 59 || p.second > 59) {
        return std::nullopt;
    }
    if (pm && *p.hour <= 12) {
        p.hour = *p.hour % 12 + (*pm ? 12 : 0);
    }
    return p;
}

std::optional<UtcTime> at(const Parts& p, int y, int m, int d) {
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(m)},
                             day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) {
        return std::nullopt;
    }
    return sys_days{ymd} + hours{*p.hour} + minutes{*p.minute} + seconds{p.second} -
           minutes{p.zone};
}

} // namespace

/// Places `text` in time: as written when it has a year, otherwise relative to `anchor`
/// (see parse_nas_status). `not_before` rules out candidates before it (a reopening before
/// the closure started is next year's).
std::optional<UtcTime> resolve_nas_time(std::string_view text, std::optional<UtcTime> anchor,
                                        std::optional<UtcTime> not_before) {
    const auto p = parts_of(text);
    if (!p) {
        return std::nullopt;
    }
    if (p->year && p->month && p->day) {
        return at(*p, *p->year, *p->month, *p->day);
    }
    if (!anchor) {
        return std::nullopt;
    }
    const auto local_anchor = *anchor + minutes{p->zone};
    const year_month_day today{floor<days>(local_anchor)};
    const int y = int{today.year()};
    if (p->month && p->day) {
        std::optional<UtcTime> best;
        for (int candidate_year : {y - 1, y, y + 1, y + 2}) {
            auto t = at(*p, candidate_year, *p->month, *p->day);
            if (!t || (not_before && *t < *not_before)) {
                continue;
            }
            if (!best || abs(*t - *anchor) < abs(*best - *anchor)) {
                best = t;
            }
        }
        return best;
    }
    if (p->month || p->day) {
        return std::nullopt;
    }
    auto t = at(*p, y, int(unsigned{today.month()}), int(unsigned{today.day()}));
    if (t && *t < *anchor - end_time_slack) {
        *t += days{1};
    }
    return t;
}

std::optional<int> parse_nas_duration(std::string_view text) {
    int total = 0;
    bool any = false;
    // The number waiting for its unit; -1 when none (a plain int: GCC 12 took an optional
    // here for "maybe uninitialized").
    int pending = -1;
    for (auto token : tokens_of(text)) {
        const std::string u = upper(token);
        if (auto n = number(token, 4)) {
            pending = *n;
        } else if (pending >= 0 && (u.starts_with("HOUR") || u == "HR" || u == "HRS" || u == "H")) {
            total += pending * 60;
            pending = -1;
            any = true;
        } else if (pending >= 0 && (u.starts_with("MIN") || u == "M")) {
            total += pending;
            pending = -1;
            any = true;
        }
    }
    return any ? std::optional<int>(total) : std::nullopt;
}

} // namespace aerowatch
