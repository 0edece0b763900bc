// SPDX-License-Identifier: GPL-3.0-or-later
#include "correlate/route_index.hpp"

#include "correlate/hazard_area.hpp"

#define BOOST_ALLOW_DEPRECATED_HEADERS
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/iterator/function_output_iterator.hpp>

#include <utility>

namespace aerowatch::correlate {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using sphere::LonLatBox;

namespace {

// Longitude, latitude, hours. Hours rather than seconds so that the tree's split heuristics,
// which weigh extents, see a flight's few hours on a scale like its few degrees.
using Point3 = bg::model::point<double, 3, bg::cs::cartesian>;
using Box3 = bg::model::box<Point3>;
using Value = std::pair<Box3, std::uint32_t>;

double hours(std::int64_t seconds) {
    return static_cast<double>(seconds) / 3600.0;
}

Box3 box3(const LonLatBox& box, double from_h, double to_h) {
    return Box3(Point3(box.west, box.south, from_h), Point3(box.east, box.north, to_h));
}

/// The boxes of a route's pieces, computed the same way every time so that remove() finds
/// exactly what insert() put in.
template <typename Out> void route_boxes(std::uint32_t slot, const Route& route, Out out) {
    const double from_h = hours(route.departure);
    const double to_h = hours(std::max(route.arrival, route.departure));
    const int pieces = piece_count(route.theta);
    std::vector<LonLatBox> boxes;
    sphere::Vec3 from = route.from;
    for (int i = 1; i <= pieces; ++i) {
        const sphere::Vec3 to = i == pieces ? route.to
                                            : sphere::along(route.from, route.to, route.theta,
                                                            static_cast<double>(i) / pieces);
        sphere::arc_boxes(from, to, boxes);
        from = to;
    }
    for (const LonLatBox& box : boxes) {
        out(Value(box3(box, from_h, to_h), slot));
    }
}

} // namespace

struct RouteIndex::Tree {
    // R* costs more per insert than quadratic but answers queries faster; the pass queries
    // far more often than flights change.
    bgi::rtree<Value, bgi::rstar<16>> tree;
};

RouteIndex::RouteIndex() : tree_(std::make_unique<Tree>()) {}
RouteIndex::~RouteIndex() = default;
RouteIndex::RouteIndex(RouteIndex&&) noexcept = default;
RouteIndex& RouteIndex::operator=(RouteIndex&&) noexcept = default;

void RouteIndex::assign(const std::vector<std::pair<std::uint32_t, Route>>& routes) {
    std::vector<Value> values;
    values.reserve(routes.size() * 3);
    for (const auto& [slot, route] : routes) {
        route_boxes(slot, route, [&](Value v) { values.push_back(std::move(v)); });
    }
    tree_->tree = decltype(tree_->tree)(values.begin(), values.end());
}

void RouteIndex::insert(std::uint32_t slot, const Route& route) {
    route_boxes(slot, route, [&](const Value& v) { tree_->tree.insert(v); });
}

void RouteIndex::remove(std::uint32_t slot, const Route& route) {
    route_boxes(slot, route, [&](const Value& v) { tree_->tree.remove(v); });
}

void RouteIndex::query(const LonLatBox& box, std::int64_t from, std::int64_t to,
                       const std::function<void(std::uint32_t)>& visit) const {
    // A second of slack each way: hours are inexact, and the caller checks times exactly.
    constexpr double second = 1.0 / 3600;
    const Box3 query = box3(box, hours(from) - second, hours(to) + second);
    tree_->tree.query(
        bgi::intersects(query),
        boost::make_function_output_iterator([&](const Value& value) { visit(value.second); }));
}

std::size_t RouteIndex::size() const {
    return tree_->tree.size();
}

} // namespace aerowatch::correlate
