// SPDX-License-Identifier: GPL-3.0-or-later
#include "correlate/route_index.hpp"

#include "correlate/hazard_area.hpp"

#define BOOST_ALLOW_DEPRECATED_HEADERS
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/iterator/function_output_iterator.hpp>

#include <cmath>
#include <limits>
#include <numbers>
#include <utility>

namespace aerowatch::correlate {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using sphere::LonLatBox;

namespace {

// Longitude, latitude, hours since 2020. Hours rather than seconds so that the tree's split
// heuristics, which weigh extents, see a flight's few hours on a scale like its few degrees.
// Floats, rounded outwards: the tree only preselects (callers check times and geometry
// exactly), and at 40 bytes an entry instead of 64 more of it stays in cache.
using Point3 = bg::model::point<float, 3, bg::cs::cartesian>;
using Box3 = bg::model::box<Point3>;
// The slot and piece, and the route's great-circle plane: most pieces a look-up meets only
// pass near a small area, and the plane rules them out without reading anything else.
struct Tag {
    std::uint32_t slot_piece = 0;
    float nx = 0;
    float ny = 0;
    float nz = 0;
    bool operator==(const Tag&) const = default;
};
using Value = std::pair<Box3, Tag>;

constexpr std::int64_t hours_base = 1577836800; // 2020-01-01T00:00Z

double hours(std::int64_t seconds) {
    return (static_cast<double>(seconds) - static_cast<double>(hours_base)) / 3600.0;
}

float down(double x) {
    return std::nextafter(static_cast<float>(x), -std::numeric_limits<float>::infinity());
}

float up(double x) {
    return std::nextafter(static_cast<float>(x), std::numeric_limits<float>::infinity());
}

Box3 box3(const LonLatBox& box, double from_h, double to_h) {
    return Box3(Point3(down(box.west), down(box.south), down(from_h)),
                Point3(up(box.east), up(box.north), up(to_h)));
}

constexpr int piece_bits = 6;
static_assert(max_pieces <= (1 << piece_bits));

/// The tree's entries for a route, computed the same way every time so that remove() finds
/// exactly what insert() put in.
template <typename Out> void route_values(std::uint32_t slot, const Route& route, Out out) {
    const double from_h = hours(route.departure);
    const double to_h = hours(std::max(route.arrival, route.departure));
    std::vector<std::pair<int, LonLatBox>> boxes;
    RouteIndex::piece_boxes(route, boxes);
    const sphere::Vec3 n = sphere::normalized(sphere::cross(route.from, route.to));
    for (const auto& [piece, box] : boxes) {
        out(Value(box3(box, from_h, to_h),
                  Tag{(slot << piece_bits) | static_cast<std::uint32_t>(piece),
                      static_cast<float>(n.x), static_cast<float>(n.y), static_cast<float>(n.z)}));
    }
}

} // namespace

struct RouteIndex::Tree {
    // Quadratic splits: R* queries a little faster after many inserts, but the tree is bulk
    // loaded (packed) with each snapshot and only upserts insert; and GCC 12 reports a false
    // array-bounds error inside Boost 1.74's R* code for this value type.
    bgi::rtree<Value, bgi::quadratic<16>> tree;
};

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

RouteIndex::RouteIndex() : tree_(std::make_unique<Tree>()) {}
RouteIndex::~RouteIndex() = default;
RouteIndex::RouteIndex(RouteIndex&&) noexcept = default;
RouteIndex& RouteIndex::operator=(RouteIndex&&) noexcept = default;

void RouteIndex::assign(const std::vector<std::pair<std::uint32_t, Route>>& routes) {
    std::vector<Value> values;
    values.reserve(routes.size() * 3);
    for (const auto& [slot, route] : routes) {
        route_values(slot, route, [&](Value v) { values.push_back(std::move(v)); });
    }
    tree_->tree = decltype(tree_->tree)(values.begin(), values.end());
}

void RouteIndex::insert(std::uint32_t slot, const Route& route) {
    route_values(slot, route, [&](const Value& v) { tree_->tree.insert(v); });
}

void RouteIndex::remove(std::uint32_t slot, const Route& route) {
    route_values(slot, route, [&](const Value& v) { tree_->tree.remove(v); });
}

void RouteIndex::query_raw(const LonLatBox& box, std::int64_t from, std::int64_t to,
                           const sphere::Cap* near, void (*visit)(void*, const RouteHit&),
                           void* context) const {
    constexpr double second = 1.0 / 3600;
    const Box3 query = box3(box, hours(from) - second, hours(to) + second);
    // A great circle comes within r of c only if |n.c| <= sin r; the slack covers the floats.
    const double limit =
        near && near->radius < std::numbers::pi / 2 ? std::sin(near->radius) + 1e-5 : 2.0;
    const sphere::Vec3 c = near ? near->centre : sphere::Vec3{};
    tree_->tree.query(
        bgi::intersects(query), boost::make_function_output_iterator([&](const Value& value) {
            const Tag& tag = value.second;
            if (std::abs(tag.nx * c.x + tag.ny * c.y + tag.nz * c.z) > limit) {
                return;
            }
            const auto& b = value.first;
            visit(
                context,
                RouteHit{tag.slot_piece >> piece_bits,
                         static_cast<int>(tag.slot_piece & ((1u << piece_bits) - 1)),
                         LonLatBox{bg::get<bg::min_corner, 0>(b), bg::get<bg::min_corner, 1>(b),
                                   bg::get<bg::max_corner, 0>(b), bg::get<bg::max_corner, 1>(b)}});
        }));
}

std::size_t RouteIndex::size() const {
    return tree_->tree.size();
}

} // namespace aerowatch::correlate
