// SPDX-License-Identifier: GPL-3.0-or-later
#include "correlate/route_index.hpp"

#include "correlate/hazard_area.hpp"

#include <cmath>
#include <limits>
#include <utility>

namespace aerowatch::correlate {

using sphere::LonLatBox;

static_assert(max_pieces <= 256); // first_piece and last_piece are bytes

template <typename Out>
void RouteIndex::entries_of(std::uint32_t slot, const Route& route, Out out) {
    std::vector<std::pair<int, LonLatBox>> boxes;
    piece_boxes(route, boxes);
    const sphere::Vec3 n = sphere::normalized(sphere::cross(route.from, route.to));
    auto quantize = [](double v) {
        return static_cast<std::int16_t>(std::lround(std::clamp(v, -1.0, 1.0) * normal_scale));
    };
    // One entry per cell: a route meets few cells, so a list searched linearly will do.
    std::vector<std::pair<std::size_t, Entry>> cells;
    for (const auto& [piece, box] : boxes) {
        for (int y = cell_y(box.south); y <= cell_y(box.north); ++y) {
            for (int x = cell_x(box.west); x <= cell_x(box.east); ++x) {
                const double cell_west = x * cell_deg - 180;
                const double cell_south = y * cell_deg - 90;
                const auto west =
                    static_cast<std::int16_t>(centi_down(std::max(box.west, cell_west)));
                const auto south =
                    static_cast<std::int16_t>(centi_down(std::max(box.south, cell_south)));
                const auto east =
                    static_cast<std::int16_t>(centi_up(std::min(box.east, cell_west + cell_deg)));
                const auto north =
                    static_cast<std::int16_t>(centi_up(std::min(box.north, cell_south + cell_deg)));
                const auto index = static_cast<std::size_t>(y * columns + x);
                auto found = std::find_if(cells.begin(), cells.end(),
                                          [&](const auto& c) { return c.first == index; });
                if (found == cells.end()) {
                    Entry e;
                    e.hot.departure = route.departure;
                    e.hot.end = std::max(route.arrival, route.departure);
                    e.hot.west = west;
                    e.hot.south = south;
                    e.hot.east = east;
                    e.hot.north = north;
                    e.hot.nx = quantize(n.x);
                    e.hot.ny = quantize(n.y);
                    e.hot.nz = quantize(n.z);
                    e.cold.slot = slot;
                    e.cold.origin = route.origin;
                    e.cold.destination = route.destination;
                    e.cold.first_piece = e.cold.last_piece = static_cast<std::uint8_t>(piece);
                    cells.emplace_back(index, e);
                    continue;
                }
                Hot& h = found->second.hot;
                h.west = std::min(h.west, west);
                h.south = std::min(h.south, south);
                h.east = std::max(h.east, east);
                h.north = std::max(h.north, north);
                Cold& c = found->second.cold;
                c.first_piece = std::min(c.first_piece, static_cast<std::uint8_t>(piece));
                c.last_piece = std::max(c.last_piece, static_cast<std::uint8_t>(piece));
            }
        }
    }
    for (const auto& [index, e] : cells) {
        out(index, e);
    }
}

RouteIndex::RouteIndex() : cells_(static_cast<std::size_t>(columns * rows)) {}

void RouteIndex::piece_boxes(const Route& route, std::vector<std::pair<int, LonLatBox>>& out) {
    out.clear();
    const int pieces = piece_count(route.theta);
    std::vector<LonLatBox> boxes;
    sphere::Vec3 from = route.from;
    for (int k = 0; k < pieces; ++k) {
        const sphere::Vec3 to = piece_point(route.from, route.to, route.theta, k + 1, pieces);
        boxes.clear();
        sphere::arc_boxes(from, to, boxes);
        for (const LonLatBox& box : boxes) {
            out.emplace_back(k, box);
        }
        from = to;
    }
}

std::size_t RouteIndex::Cell::position(const std::pair<std::int64_t, std::uint32_t>& key) const {
    auto at = std::lower_bound(hot.begin(), hot.end(), key.first,
                               [](const Hot& e, std::int64_t t) { return e.departure < t; });
    auto i = static_cast<std::size_t>(at - hot.begin());
    while (i < hot.size() && hot[i].departure == key.first && cold[i].slot < key.second) {
        ++i;
    }
    return i;
}

void RouteIndex::assign(const std::vector<std::pair<std::uint32_t, Route>>& routes) {
    std::vector<std::vector<Entry>> entries(cells_.size());
    size_ = 0;
    for (const auto& [slot, route] : routes) {
        entries_of(slot, route, [&](std::size_t i, const Entry& e) {
            entries[i].push_back(e);
            ++size_;
        });
    }
    for (std::size_t i = 0; i < cells_.size(); ++i) {
        auto& list = entries[i];
        std::sort(list.begin(), list.end(),
                  [](const Entry& a, const Entry& b) { return a.key() < b.key(); });
        Cell& cell = cells_[i];
        cell.hot.clear();
        cell.cold.clear();
        cell.hot.reserve(list.size());
        cell.cold.reserve(list.size());
        cell.longest = 0;
        for (const Entry& e : list) {
            cell.hot.push_back(e.hot);
            cell.cold.push_back(e.cold);
            cell.longest = std::max(cell.longest, e.hot.end - e.hot.departure);
        }
        list = {}; // the next cell's copy may need the memory
    }
}

void RouteIndex::insert(std::uint32_t slot, const Route& route) {
    entries_of(slot, route, [&](std::size_t i, const Entry& e) {
        Cell& cell = cells_[i];
        const auto at = static_cast<std::ptrdiff_t>(cell.position(e.key()));
        cell.hot.insert(cell.hot.begin() + at, e.hot);
        cell.cold.insert(cell.cold.begin() + at, e.cold);
        cell.longest = std::max(cell.longest, e.hot.end - e.hot.departure);
        ++size_;
    });
}

void RouteIndex::remove(std::uint32_t slot, const Route& route) {
    entries_of(slot, route, [&](std::size_t i, const Entry& e) {
        Cell& cell = cells_[i];
        const std::size_t at = cell.position(e.key());
        if (at < cell.hot.size() && cell.hot[at].departure == e.hot.departure &&
            cell.cold[at].slot == slot) {
            const auto offset = static_cast<std::ptrdiff_t>(at);
            cell.hot.erase(cell.hot.begin() + offset);
            cell.cold.erase(cell.cold.begin() + offset);
            --size_;
        }
    });
}

} // namespace aerowatch::correlate
