// SPDX-License-Identifier: GPL-3.0-or-later
// The write side of the baseline counters: changes queued per batch, appended as pending rows,
// read back for queries, and folded into flight_stats.
#include "store/baseline.hpp"

#include <algorithm>
#include <charconv>
#include <tuple>
#include <vector>

namespace aerowatch {

std::size_t BaselineStore::DayKeyHash::operator()(const DayKey& k) const noexcept {
    std::size_t h = std::hash<std::string_view>{}(k.airport);
    h ^= std::hash<std::string_view>{}(k.airline) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h ^= static_cast<std::size_t>(k.day) * 0xbf58476d1ce4e5b9ULL;
    return h;
}

namespace {

struct Change {
    std::int64_t day = 0;
    std::string_view airport;
    std::string_view airline;
    std::int64_t hour = 0;
    std::int64_t flights = 0;
    std::int64_t cancelled = 0;
    std::int64_t diverted = 0;
};

/// Calls `each` for every well-formed line of a pending row: day, airport, airline, hour,
/// flights, cancelled, diverted, tab-separated. The views point into `text`.
template <typename Each> void parse_changes(std::string_view text, Each each) {
    auto number = [](std::string_view s) {
        std::int64_t v = 0;
        std::from_chars(s.data(), s.data() + s.size(), v);
        return v;
    };
    while (!text.empty()) {
        const auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        std::array<std::string_view, 7> f{};
        std::size_t n = 0;
        while (n < f.size()) {
            const auto tab = line.find('\t');
            f[n++] = line.substr(0, tab);
            if (tab == std::string_view::npos) {
                break;
            }
            line.remove_prefix(tab + 1);
        }
        const Change c{number(f[0]), f[1],         f[2],        number(f[3]),
                       number(f[4]), number(f[5]), number(f[6])};
        if (n == f.size() && c.hour >= 0 && c.hour < 24 && !c.airport.empty()) {
            each(c);
        }
    }
}

} // namespace

void BaselineStore::load_pending() {
    std::int64_t first = 0;
    {
        auto bounds = pending_bounds_.use();
        bounds.step();
        first = bounds.get_int(0);
    }
    if (first_read_ != 0 && first != first_read_) {
        // Folded (by this connection or another) since the last read: start over.
        pending_.clear();
        first_read_ = 0;
        last_read_ = 0;
    }
    auto rows = select_pending_.use();
    rows.bind(1, last_read_);
    while (rows.step()) {
        last_read_ = rows.get_int(0);
        if (first_read_ == 0) {
            first_read_ = last_read_;
        }
        parse_changes(rows.get_text(1), [&](const Change& c) {
            Counts& counts = pending_[DayKey{c.day, std::string(c.airport), std::string(c.airline)}]
                                     [static_cast<std::size_t>(c.hour)];
            counts.flights += c.flights;
            counts.cancelled += c.cancelled;
            counts.diverted += c.diverted;
        });
    }
}

void BaselineStore::add(std::string_view airport, std::string_view airline, UtcTime scheduled,
                        const StatsDelta& delta) {
    auto code = [](std::string_view c) {
        return std::all_of(c.begin(), c.end(), [](char ch) {
            return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
        });
    };
    if (airport.empty() || !code(airport) || !code(airline)) {
        return;
    }
    // By hand rather than through a format string: this runs four times per changed flight.
    auto number = [this](std::int64_t v, char after) {
        char digits[24];
        const auto end = std::to_chars(digits, digits + sizeof digits, v).ptr;
        batch_.append(digits, end);
        batch_ += after;
    };
    number(utc_day(scheduled), '\t');
    batch_.append(airport) += '\t';
    batch_.append(airline) += '\t';
    number(utc_hour(scheduled), '\t');
    number(delta.flights, '\t');
    number(delta.cancelled, '\t');
    number(delta.diverted, '\n');
    ++batch_changes_;
}

void BaselineStore::flush() {
    if (batch_.empty()) {
        return;
    }
    if (!pending_changes_) {
        std::size_t n = 0;
        for (auto row = select_all_pending_.use(); row.step();) {
            parse_changes(row.get_text(0), [&](const Change&) { ++n; });
        }
        pending_changes_ = n;
    }
    {
        auto row = append_pending_.use();
        row.bind(1, batch_);
        row.run();
    }
    *pending_changes_ += batch_changes_;
    batch_.clear();
    batch_changes_ = 0;
    if (*pending_changes_ >= fold_threshold) {
        fold();
    }
}

void BaselineStore::rolled_back() {
    batch_.clear();
    batch_changes_ = 0;
    pending_changes_.reset();
    pending_.clear(); // a fold may have been undone too: read everything again
    first_read_ = 0;
    last_read_ = 0;
}

void BaselineStore::fold() {
    std::vector<std::string> texts;
    for (auto row = select_all_pending_.use(); row.step();) {
        texts.push_back(row.get_text(0));
    }
    std::vector<Change> rows; // views into `texts`
    for (const auto& text : texts) {
        parse_changes(text, [&](const Change& c) { rows.push_back(c); });
    }
    // Summed per counter and written in key order, so consecutive updates share pages.
    auto key = [](const Change& c) {
        return std::tie(c.day, c.airport, c.airline, c.hour);
    };
    std::sort(rows.begin(), rows.end(),
              [&](const Change& a, const Change& b) { return key(a) < key(b); });
    for (std::size_t i = 0; i < rows.size();) {
        const Change& first = rows[i];
        Counts sum;
        for (; i < rows.size() && key(rows[i]) == key(first); ++i) {
            sum.flights += rows[i].flights;
            sum.cancelled += rows[i].cancelled;
            sum.diverted += rows[i].diverted;
        }
        if (sum.flights == 0 && sum.cancelled == 0 && sum.diverted == 0) {
            continue;
        }
        auto b = upsert_.use();
        b.bind(1, first.day)
            .bind(2, first.airport)
            .bind(3, first.airline)
            .bind(4, first.hour)
            .bind(5, sum.flights)
            .bind(6, sum.cancelled)
            .bind(7, sum.diverted);
        b.run();
    }
    clear_pending_.use().run();
    pending_changes_ = 0;
    pending_.clear();
    first_read_ = 0;
    last_read_ = 0;
}

std::int64_t BaselineStore::prune(std::chrono::sys_days before) {
    flush();
    fold();
    auto row = prune_.use();
    row.bind(1, static_cast<std::int64_t>(before.time_since_epoch().count()));
    row.run();
    return sqlite3_changes64(db_.get());
}

} // namespace aerowatch
