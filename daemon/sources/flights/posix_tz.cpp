// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/flights/posix_tz.hpp"

#include <algorithm>
#include <chrono>

namespace aerowatch {

namespace {

using namespace std::chrono;

// Seconds of years 1 and 9999, the range std::chrono civil arithmetic is exact in.
constexpr std::int64_t min_civil = -62135596800;
constexpr std::int64_t max_civil = 253402300799;

class Cursor {
  public:
    explicit Cursor(std::string_view s) : s_(s) {}
    bool done() const { return pos_ >= s_.size(); }
    char peek() const { return done() ? '\0' : s_[pos_]; }
    bool eat(char c) {
        if (peek() != c || done()) {
            return false;
        }
        ++pos_;
        return true;
    }
    std::optional<int> number(int max) {
        int value = 0;
        const std::size_t start = pos_;
        while (!done() && s_[pos_] >= '0' && s_[pos_] <= '9' && pos_ - start < 3) {
            value = value * 10 + (s_[pos_++] - '0');
        }
        return pos_ == start || value > max ? std::nullopt : std::optional<int>(value);
    }
    /// "CET" or "<-04>": a zone abbreviation, of which only the presence matters.
    bool name() {
        if (eat('<')) {
            while (!done() && s_[pos_] != '>') {
                ++pos_;
            }
            return eat('>');
        }
        const std::size_t start = pos_;
        while (!done() &&
               ((s_[pos_] >= 'A' && s_[pos_] <= 'Z') || (s_[pos_] >= 'a' && s_[pos_] <= 'z'))) {
            ++pos_;
        }
        return pos_ - start >= 3;
    }
    /// [+-]hh[:mm[:ss]] in seconds.
    std::optional<int> hms(int max_hours) {
        const bool negative = eat('-');
        if (!negative) {
            eat('+');
        }
        auto h = number(max_hours);
        if (!h) {
            return std::nullopt;
        }
        int total = *h * 3600;
        for (int scale : {60, 1}) {
            if (!eat(':')) {
                break;
            }
            auto part = number(59);
            if (!part) {
                return std::nullopt;
            }
            total += *part * scale;
        }
        return negative ? -total : total;
    }

  private:
    std::string_view s_;
    std::size_t pos_ = 0;
};

std::optional<RuleDate> parse_rule_date(Cursor& c) {
    RuleDate r;
    if (c.eat('M')) {
        auto m = c.number(12);
        auto w = c.eat('.') ? c.number(5) : std::nullopt;
        auto d = c.eat('.') ? c.number(6) : std::nullopt;
        if (!m || !w || !d || *m < 1 || *w < 1) {
            return std::nullopt;
        }
        r = {RuleDate::Kind::month_week_day, *m, *w, *d};
    } else if (c.eat('J')) {
        auto n = c.number(365);
        if (!n || *n < 1) {
            return std::nullopt;
        }
        r = {RuleDate::Kind::julian1, *n};
    } else {
        auto n = c.number(365);
        if (!n) {
            return std::nullopt;
        }
        r = {RuleDate::Kind::julian0, *n};
    }
    if (c.eat('/')) {
        auto time = c.hms(167); // RFC 8536 3.3.1 extends the hour range to -167..167
        if (!time) {
            return std::nullopt;
        }
        r.time = *time;
    }
    return r;
}

/// Local seconds (as if UTC) at which `r` happens in year `y`.
std::int64_t rule_local_seconds(const RuleDate& r, int y) {
    const year yr{y};
    sys_days date;
    if (r.kind == RuleDate::Kind::julian1) {
        const int shift = yr.is_leap() && r.a >= 60 ? 1 : 0;
        date = sys_days{yr / January / 1} + days{r.a - 1 + shift};
    } else if (r.kind == RuleDate::Kind::julian0) {
        date = sys_days{yr / January / 1} + days{r.a};
    } else {
        const year_month ym = yr / month{static_cast<unsigned>(r.a)};
        const sys_days first{ym / 1};
        const unsigned first_weekday = weekday{first}.c_encoding();
        unsigned day_of_month = 1 + (static_cast<unsigned>(r.c) + 7 - first_weekday) % 7 +
                                static_cast<unsigned>(r.b - 1) * 7;
        const unsigned month_length = unsigned{year_month_day_last{ym / last}.day()};
        while (day_of_month > month_length) {
            day_of_month -= 7; // week 5 means the last such weekday
        }
        date = first + days{day_of_month - 1};
    }
    return date.time_since_epoch().count() * 86400 + r.time;
}

} // namespace

std::optional<PosixTz> parse_posix_tz(std::string_view text) {
    Cursor c(text);
    PosixTz tz;
    auto std_west = c.name() ? c.hms(24) : std::nullopt;
    if (!std_west) {
        return std::nullopt;
    }
    tz.std_offset = -*std_west; // POSIX counts west of Greenwich as positive
    if (c.done()) {
        return tz;
    }
    if (!c.name()) {
        return std::nullopt;
    }
    tz.dst_offset = tz.std_offset + 3600;
    if (c.peek() != ',') {
        auto dst_west = c.hms(24);
        if (!dst_west) {
            return std::nullopt;
        }
        tz.dst_offset = -*dst_west;
    }
    if (!c.eat(',')) {
        // DST named without rules: POSIX leaves the dates to the implementation; zic never
        // writes this, so standard time is the least surprising reading.
        tz.dst_offset.reset();
        return c.done() ? std::optional<PosixTz>(tz) : std::nullopt;
    }
    auto start = parse_rule_date(c);
    auto end = c.eat(',') && start ? parse_rule_date(c) : std::nullopt;
    if (!end || !c.done()) {
        return std::nullopt;
    }
    tz.start = *start;
    tz.end = *end;
    return tz;
}

int posix_offset_at(const PosixTz& tz, std::int64_t t) {
    if (!tz.dst_offset) {
        return tz.std_offset;
    }
    t = std::clamp(t, min_civil + 2 * 86400, max_civil - 2 * 86400);
    const auto local_day = floor<days>(sys_seconds{seconds{t + tz.std_offset}});
    const int y = int{year_month_day{local_day}.year()};
    const std::int64_t start = rule_local_seconds(tz.start, y) - tz.std_offset;
    const std::int64_t end = rule_local_seconds(tz.end, y) - *tz.dst_offset;
    const bool dst = start < end ? (start <= t && t < end) : !(end <= t && t < start);
    return dst ? *tz.dst_offset : tz.std_offset;
}

} // namespace aerowatch
