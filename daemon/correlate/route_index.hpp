// SPDX-License-Identifier: GPL-3.0-or-later
// Private to correlate/: flight routes (great circles) in an R-tree over longitude, latitude
// and time, so that one look-up finds the flights near an area while a hazard is in force.
#pragma once

#include "correlate/sphere.hpp"

#include <cstdint>
#include <memory>
#include <type_traits>
#include <utility>
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

/// One piece of a route that a look-up found: piece `piece` of piece_count(route.theta), and
/// its box (or the part of it on one side of the antimeridian).
struct RouteHit {
    std::uint32_t slot = 0;
    int piece = 0;
    sphere::LonLatBox box;
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

    /// Calls `visit` for each piece whose box meets `box` while [from, to] (seconds, closed;
    /// a second of slack each way) overlaps the flight's [departure, arrival]. With `near`,
    /// only routes whose great circle passes through that cap.
    template <typename Visit>
    void query(const sphere::LonLatBox& box, std::int64_t from, std::int64_t to,
               const sphere::Cap* near, Visit&& visit) const {
        // A plain function pointer rather than std::function: a pass makes millions of calls.
        query_raw(
            box, from, to, near,
            [](void* context, const RouteHit& hit) {
                (*static_cast<std::remove_reference_t<Visit>*>(context))(hit);
            },
            &visit);
    }

    /// The boxes of a route's pieces, with the piece each belongs to.
    static void piece_boxes(const Route& route,
                            std::vector<std::pair<int, sphere::LonLatBox>>& out);

    /// Slots must stay below this: the piece number shares the tree's value with the slot.
    static constexpr std::uint32_t max_slots = 1u << 26;

    std::size_t size() const;

  private:
    void query_raw(const sphere::LonLatBox& box, std::int64_t from, std::int64_t to,
                   const sphere::Cap* near, void (*visit)(void*, const RouteHit&),
                   void* context) const;

    struct Tree;
    std::unique_ptr<Tree> tree_;
};

} // namespace aerowatch::correlate
