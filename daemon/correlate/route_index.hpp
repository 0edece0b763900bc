// SPDX-License-Identifier: GPL-3.0-or-later
// Private to correlate/: flight routes (great circles) in a longitude/latitude grid whose cells
// keep their route pieces sorted by departure, so that one look-up finds the flights near an
// area while a hazard is in force by scanning a few short runs of memory.
#pragma once

#include "correlate/sphere.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <utility>
#include <vector>

namespace aerowatch::correlate {

/// A flight's great circle, its end airports (engine ids) and when it flies it (seconds since
/// the epoch, UTC).
struct Route {
    sphere::Vec3 from;
    sphere::Vec3 to;
    double theta = 0; // the arc, radians
    std::int64_t departure = 0;
    std::int64_t arrival = 0;
    std::uint32_t origin = 0;
    std::uint32_t destination = 0;
};

/// The part of a route in one grid cell that a look-up found: pieces first_piece..last_piece
/// of piece_count(theta) (the ones that enter the cell), their box clipped to the cell, and
/// what callers filter by, so that they need not read the flight's own records for the many
/// hits they reject.
struct RouteHit {
    std::uint32_t slot = 0;
    int first_piece = 0;
    int last_piece = 0;
    sphere::LonLatBox box;
    std::int64_t departure = 0;
    std::int64_t end = 0; // arrival, never before departure
    std::uint32_t origin = 0;
    std::uint32_t destination = 0;
};

/// Routes are cut into pieces of at most route_piece_deg; each grid cell a piece's box (split
/// at the antimeridian) meets gets one entry per flight, with the box of the flight's pieces
/// there clipped to the cell. A look-up reports a flight once per cell: callers dedupe.
///
/// Why a grid and not an R-tree: a pass makes tens of thousands of look-ups with small boxes
/// and windows of a day or two over ten days of flights. An R-tree over longitude, latitude and
/// time (what this was) walks nodes spread over memory, and each hit then read the flight's
/// records elsewhere; here a look-up is a binary search and a sequential scan per cell, and a
/// hit carries what the caller needs.
class RouteIndex {
  public:
    RouteIndex();

    /// Replaces the whole index.
    void assign(const std::vector<std::pair<std::uint32_t, Route>>& routes);
    void insert(std::uint32_t slot, const Route& route);
    /// Removes what insert() or assign() entered for `route`, which must be the same route.
    void remove(std::uint32_t slot, const Route& route);

    /// Calls `visit(const RouteHit&)` for each cell entry whose box meets `box` while
    /// [from, to] (seconds, closed) overlaps the flight's [departure, end] and the departure
    /// is in [first_departure, last_departure]. With `near`, only routes whose great circle
    /// passes through that cap.
    template <typename Visit>
    void query(const sphere::LonLatBox& box, std::int64_t from, std::int64_t to,
               std::int64_t first_departure, std::int64_t last_departure, const sphere::Cap* near,
               Visit&& visit) const {
        if (from > to || first_departure > last_departure) {
            return;
        }
        const std::int64_t last = std::min(to, last_departure);
        // A great circle comes within r of c only if |n.c| <= sin r (n its unit normal); the
        // slack covers the normals' 16-bit rounding (under 3e-5). Most entries whose box
        // meets a small area are rejected by that alone.
        const bool use_near = near && near->radius < std::numbers::pi / 2;
        const float limit =
            use_near ? static_cast<float>((std::sin(near->radius) + 1e-4) * normal_scale) : 0;
        const float cx = use_near ? static_cast<float>(near->centre.x) : 0;
        const float cy = use_near ? static_cast<float>(near->centre.y) : 0;
        const float cz = use_near ? static_cast<float>(near->centre.z) : 0;
        const int west = centi_down(box.west);
        const int south = centi_down(box.south);
        const int east = centi_up(box.east);
        const int north = centi_up(box.north);
        for (int y = cell_y(box.south); y <= cell_y(box.north); ++y) {
            for (int x = cell_x(box.west); x <= cell_x(box.east); ++x) {
                const Cell& cell = cells_[static_cast<std::size_t>(y * columns + x)];
                const Hot* const begin = cell.hot.data();
                const Hot* const end = begin + cell.hot.size();
                std::int64_t first = first_departure;
                if (from > std::numeric_limits<std::int64_t>::min() + cell.longest) {
                    first = std::max(first, from - cell.longest);
                }
                const Hot* it = begin;
                if (first > std::numeric_limits<std::int64_t>::min()) {
                    it = std::lower_bound(begin, end, first, [](const Hot& e, std::int64_t t) {
                        return e.departure < t;
                    });
                }
                for (; it != end && it->departure <= last; ++it) {
                    const Hot& e = *it;
                    // One branch for the lot: which of the tests fails is unpredictable.
                    if ((e.end < from) | (e.west > east) | (e.east < west) | (e.south > north) |
                        (e.north < south)) {
                        continue;
                    }
                    if (use_near && std::abs(e.nx * cx + e.ny * cy + e.nz * cz) > limit) {
                        continue;
                    }
                    const Cold& c = cell.cold[static_cast<std::size_t>(it - begin)];
                    visit(RouteHit{c.slot, c.first_piece, c.last_piece,
                                   sphere::LonLatBox{e.west / 100.0, e.south / 100.0,
                                                     e.east / 100.0, e.north / 100.0},
                                   e.departure, e.end, c.origin, c.destination});
                }
            }
        }
    }

    /// The boxes of a route's pieces, with the piece each belongs to.
    static void piece_boxes(const Route& route,
                            std::vector<std::pair<int, sphere::LonLatBox>>& out);

    /// Slots must stay below this (as before the grid; the engine checks it).
    static constexpr std::uint32_t max_slots = 1u << 26;

    /// Entries stored: one per flight and cell.
    std::size_t size() const { return size_; }

  private:
    // 10 degrees: a piece (at most route_piece_deg) lands in one to four cells, and a route
    // in as many entries as the R-tree of pieces held (the same memory); 5-degree cells made
    // small look-ups 10% faster for 1.7 times the memory.
    static constexpr double cell_deg = 10.0;
    static constexpr int columns = 36; // 360 / cell_deg
    static constexpr int rows = 18;    // 180 / cell_deg

    static int cell_x(double lon) {
        return std::clamp(static_cast<int>(std::floor((lon + 180) / cell_deg)), 0, columns - 1);
    }
    static int cell_y(double lat) {
        return std::clamp(static_cast<int>(std::floor((lat + 90) / cell_deg)), 0, rows - 1);
    }
    // Boxes are kept in hundredths of a degree, rounded outwards: they only preselect, callers
    // test exactly, and 16-bit corners keep an entry at 40 bytes.
    static int centi_down(double deg) {
        return std::clamp(static_cast<int>(std::floor(deg * 100)), -18000, 18000);
    }
    static int centi_up(double deg) {
        return std::clamp(static_cast<int>(std::ceil(deg * 100)), -18000, 18000);
    }

    static constexpr double normal_scale = 32767;

    // An entry is kept in two parts, by position: what a scan reads for every entry (32
    // bytes), and what it reads for the few that pass.
    struct Hot {
        std::int64_t departure = 0;
        std::int64_t end = 0;
        std::int16_t west = 0;
        std::int16_t south = 0;
        std::int16_t east = 0;
        std::int16_t north = 0;
        std::int16_t nx = 0; // the great circle's unit normal, times normal_scale
        std::int16_t ny = 0;
        std::int16_t nz = 0;
    };
    struct Cold {
        std::uint32_t slot = 0;
        std::uint32_t origin = 0;
        std::uint32_t destination = 0;
        std::uint8_t first_piece = 0;
        std::uint8_t last_piece = 0;
    };
    struct Entry {
        Hot hot;
        Cold cold;
        auto key() const { return std::pair(hot.departure, cold.slot); }
    };
    struct Cell {
        std::vector<Hot> hot;     // sorted by (departure, slot)
        std::vector<Cold> cold;   // as hot
        std::int64_t longest = 0; // the longest end - departure entered (never lowered)

        /// Where the entry with `key` is or would go.
        std::size_t position(const std::pair<std::int64_t, std::uint32_t>& key) const;
    };

    /// Calls out(cell index, entry) for each cell the route meets, computed the same way
    /// every time so that remove() finds exactly what insert() put in.
    template <typename Out> static void entries_of(std::uint32_t slot, const Route& route, Out out);

    std::vector<Cell> cells_;
    std::size_t size_ = 0;
};

} // namespace aerowatch::correlate
