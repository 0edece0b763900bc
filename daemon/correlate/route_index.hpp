// SPDX-License-Identifier: GPL-3.0-or-later
// Private to correlate/: flight routes (great circles) in an R-tree over longitude, latitude
// and time, so that one look-up finds the flights near an area while a hazard is in force.
#pragma once

#include "correlate/sphere.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace aerowatch::correlate {

/// A flight's great circle and when it flies it (seconds since the epoch, UTC).
struct Route {
    sphere::Vec3 from;
    sphere::Vec3 to;
    double theta = 0; // the arc, radians
    std::int64_t departure = 0;
    std::int64_t arrival = 0;
};

/// Routes are entered as several pieces, each a box; a flight over the antimeridian has its
/// boxes split there. A look-up reports a flight once per piece box it hits: callers dedupe.
class RouteIndex {
  public:
    RouteIndex();
    ~RouteIndex();
    RouteIndex(RouteIndex&&) noexcept;
    RouteIndex& operator=(RouteIndex&&) noexcept;

    /// Replaces the whole index (packed bulk load, faster and tighter than inserting).
    void assign(const std::vector<std::pair<std::uint32_t, Route>>& routes);
    void insert(std::uint32_t slot, const Route& route);
    /// Removes what insert() or assign() entered for `route`, which must be the same route.
    void remove(std::uint32_t slot, const Route& route);

    /// Calls `visit(slot)` for each piece whose box meets `box` while [from, to] (seconds,
    /// closed) overlaps the flight's [departure, arrival].
    void query(const sphere::LonLatBox& box, std::int64_t from, std::int64_t to,
               const std::function<void(std::uint32_t)>& visit) const;

    std::size_t size() const;

  private:
    struct Tree;
    std::unique_ptr<Tree> tree_;
};

} // namespace aerowatch::correlate
