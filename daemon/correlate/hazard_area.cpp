// SPDX-License-Identifier: GPL-3.0-or-later
#include "correlate/hazard_area.hpp"

#include "refdata/refdata.hpp"

#define BOOST_ALLOW_DEPRECATED_HEADERS
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

namespace aerowatch::correlate {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using sphere::LonLatBox;
using sphere::Vec3;

namespace {

// Plain lon/lat boxes: the antimeridian is handled by splitting boxes before they get here,
// which keeps every R-tree comparison a pair of double comparisons.
using FlatPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using FlatBox = bg::model::box<FlatPoint>;

FlatBox flat(const LonLatBox& box) {
    return FlatBox(FlatPoint(box.west, box.south), FlatPoint(box.east, box.north));
}

Vec3 vec(const GeoPoint& p) {
    return sphere::to_vec(p.lat, p.lon);
}

} // namespace

int piece_count(double theta) {
    const int pieces = static_cast<int>(std::ceil(theta / (route_piece_deg * sphere::deg)));
    return std::clamp(pieces, 1, max_pieces);
}

sphere::Vec3 piece_point(const Vec3& a, const Vec3& b, double theta, int k, int count) {
    if (k <= 0) {
        return a;
    }
    if (k >= count) {
        return b;
    }
    return sphere::along(a, b, theta, static_cast<double>(k) / count);
}

void ring_boxes(const std::vector<GeoPoint>& ring, std::vector<LonLatBox>& out) {
    if (ring.empty()) {
        return;
    }
    const bool closed = ring.size() > 2 && ring.front() == ring.back();
    // Walk the ring unwrapping longitudes (each edge the shorter way round), so that a ring
    // over the antimeridian gets a range like [175, 190] rather than [-180, 180].
    const double lon0 = ring.front().lon;
    double unwrapped = lon0;
    double west = lon0;
    double east = lon0;
    double south = ring.front().lat;
    double north = ring.front().lat;
    double lat_sum = ring.front().lat;
    std::vector<LonLatBox> edge_boxes;
    for (std::size_t i = 1; i < ring.size(); ++i) {
        unwrapped += std::remainder(ring[i].lon - ring[i - 1].lon, 360.0);
        west = std::min(west, unwrapped);
        east = std::max(east, unwrapped);
        lat_sum += ring[i].lat;
        // Edges are great circles: their latitudes bulge poleward beyond their ends.
        edge_boxes.clear();
        sphere::arc_boxes(vec(ring[i - 1]), vec(ring[i]), edge_boxes);
        for (const LonLatBox& box : edge_boxes) {
            south = std::min(south, box.south);
            north = std::max(north, box.north);
        }
    }
    if (closed && std::abs(unwrapped - lon0) > 180) {
        // The ring winds round a pole: the smaller side, which holds the pole nearer its mean
        // latitude, is taken as the inside.
        if (lat_sum >= 0) {
            north = 90;
        } else {
            south = -90;
        }
        sphere::append_boxes(-180, 360, south, north, out);
        return;
    }
    sphere::append_boxes(west, east - west, south, north, out);
}

void circle_boxes(const Vec3& centre, double radius, std::vector<LonLatBox>& out) {
    const double lat = sphere::lat_of(centre);
    const double r = radius / sphere::deg + 1e-9;
    const double south = lat - r;
    const double north = lat + r;
    if (north >= 90 || south <= -90 || radius >= std::numbers::pi / 2) {
        sphere::append_boxes(-180, 360, std::max(-90.0, south), std::min(90.0, north), out);
        return;
    }
    // The widest longitude of a small circle; below the pole case, sin(r) < cos(lat).
    const double dlon = std::asin(std::sin(radius) / std::cos(lat * sphere::deg)) / sphere::deg;
    sphere::append_boxes(sphere::lon_of(centre) - dlon - 1e-9, 2 * dlon + 2e-9, south, north, out);
}

GeoPoint ring_centre(const std::vector<GeoPoint>& ring) {
    Vec3 sum;
    const std::size_t n =
        ring.size() > 1 && ring.front() == ring.back() ? ring.size() - 1 : ring.size();
    for (std::size_t i = 0; i < n; ++i) {
        sum = sum + vec(ring[i]);
    }
    const Vec3 c = sphere::normalized(sum);
    return GeoPoint{sphere::lat_of(c), sphere::lon_of(c)};
}

RingTest::RingTest(const std::vector<GeoPoint>& ring) {
    for (const GeoPoint& p : ring) {
        vertices_.push_back(vec(p));
    }
    if (vertices_.size() < 4) {
        return;
    }
    Vec3 sum;
    for (std::size_t i = 0; i + 1 < vertices_.size(); ++i) {
        sum = sum + vertices_[i];
    }
    cap_.centre = sphere::normalized(sum);
    for (const Vec3& v : vertices_) {
        cap_.radius = std::max(cap_.radius, sphere::angle(cap_.centre, v));
    }
    constexpr double limit = 80 * sphere::deg;
    constexpr double margin = 0.5 * sphere::deg;
    if (!(cap_.radius < limit)) {
        return;
    }
    // Any direction away from the centre will do; the axis least aligned with it is safe.
    const Vec3& c = cap_.centre;
    const Vec3 axis = std::abs(c.x) <= std::abs(c.y) && std::abs(c.x) <= std::abs(c.z)
                          ? Vec3{1, 0, 0}
                          : (std::abs(c.y) <= std::abs(c.z) ? Vec3{0, 1, 0} : Vec3{0, 0, 1});
    const Vec3 u = sphere::normalized(sphere::cross(c, axis));
    const double r = cap_.radius + margin;
    outside_ = sphere::normalized(std::cos(r) * c + std::sin(r) * u);
    usable_ = true;
}

bool RingTest::contains(const Vec3& p) const {
    if (!usable_ || sphere::angle(cap_.centre, p) > cap_.radius) {
        return false;
    }
    bool inside = false;
    for (std::size_t i = 1; i < vertices_.size(); ++i) {
        if (sphere::arcs_intersect(p, outside_, vertices_[i - 1], vertices_[i])) {
            inside = !inside;
        }
    }
    return inside;
}

struct HazardArea::EdgeTree {
    using Value = std::pair<FlatBox, std::uint32_t>; // an edge's box, its index
    bgi::rtree<Value, bgi::quadratic<16>> tree;
};

HazardArea::HazardArea() = default;
HazardArea::~HazardArea() = default;
HazardArea::HazardArea(HazardArea&&) noexcept = default;
HazardArea& HazardArea::operator=(HazardArea&&) noexcept = default;

HazardArea HazardArea::circle(const GeoPoint& centre, double radius_nm) {
    HazardArea area;
    if (!(radius_nm > 0) || !std::isfinite(radius_nm)) {
        return area;
    }
    area.is_circle_ = true;
    area.centre_ = vec(centre);
    area.radius_ = radius_nm / sphere::earth_radius_nm;
    circle_boxes(area.centre_, area.radius_, area.boxes_);
    area.has_cap_ = true;
    area.cap_ = sphere::Cap{area.centre_, area.radius_};
    return area;
}

HazardArea HazardArea::edges(const std::vector<std::vector<GeoPoint>>& rings) {
    HazardArea area;
    for (const auto& ring : rings) {
        area.add_ring(ring);
    }
    area.finish();
    return area;
}

HazardArea HazardArea::fir(const std::vector<FirPolygon>& polygons) {
    HazardArea area;
    for (const FirPolygon& polygon : polygons) {
        // Holes have edges too, but cannot widen the envelope of their outer ring.
        area.add_ring(polygon.outer);
        for (const auto& hole : polygon.holes) {
            for (std::size_t i = 1; i < hole.size(); ++i) {
                area.edges_.push_back(Edge{vec(hole[i - 1]), vec(hole[i])});
            }
        }
    }
    area.finish();
    return area;
}

void HazardArea::add_ring(const std::vector<GeoPoint>& ring) {
    if (ring.size() < 2) {
        return;
    }
    for (std::size_t i = 1; i < ring.size(); ++i) {
        if (!(ring[i] == ring[i - 1])) {
            edges_.push_back(Edge{vec(ring[i - 1]), vec(ring[i])});
        }
    }
    ring_boxes(ring, boxes_);
}

void HazardArea::finish() {
    if (!edges_.empty()) {
        // Edges are arcs between vertices, so a cap (convex under a quarter circle) holding
        // every vertex holds the area's whole boundary.
        Vec3 sum;
        for (const Edge& edge : edges_) {
            sum = sum + edge.from + edge.to;
        }
        const Vec3 centre = sphere::normalized(sum);
        double radius = 0;
        for (const Edge& edge : edges_) {
            radius = std::max(
                {radius, sphere::angle(centre, edge.from), sphere::angle(centre, edge.to)});
        }
        if (radius < std::numbers::pi / 2 - 1e-3) {
            has_cap_ = true;
            cap_ = sphere::Cap{centre, radius};
        }
    }
    constexpr std::size_t tree_threshold = 32;
    if (edges_.size() <= tree_threshold) {
        return;
    }
    std::vector<EdgeTree::Value> values;
    values.reserve(edges_.size() + edges_.size() / 8);
    std::vector<LonLatBox> boxes;
    for (std::uint32_t i = 0; i < edges_.size(); ++i) {
        boxes.clear();
        sphere::arc_boxes(edges_[i].from, edges_[i].to, boxes);
        for (const LonLatBox& box : boxes) {
            values.emplace_back(flat(box), i);
        }
    }
    tree_ = std::make_unique<EdgeTree>();
    tree_->tree = decltype(tree_->tree)(values.begin(), values.end());
}

bool HazardArea::crossed_by(const Vec3& a, const Vec3& b, double theta) const {
    if (is_circle_) {
        return sphere::distance_to_arc(centre_, a, b) <= radius_;
    }
    if (!tree_) {
        for (const Edge& edge : edges_) {
            if (sphere::arcs_intersect(a, b, edge.from, edge.to)) {
                return true;
            }
        }
        return false;
    }
    const int pieces = piece_count(theta);
    std::vector<LonLatBox> boxes;
    Vec3 from = a;
    for (int k = 1; k <= pieces; ++k) {
        const Vec3 to = piece_point(a, b, theta, k, pieces);
        boxes.clear();
        sphere::arc_boxes(from, to, boxes);
        for (const LonLatBox& box : boxes) {
            if (piece_crosses(from, to, box)) {
                return true;
            }
        }
        from = to;
    }
    return false;
}

bool HazardArea::piece_crosses(const Vec3& a, const Vec3& b, const LonLatBox& box) const {
    if (!tree_) {
        return crossed_by(a, b, sphere::angle(a, b));
    }
    for (auto it = tree_->tree.qbegin(bgi::intersects(flat(box))); it != tree_->tree.qend(); ++it) {
        const Edge& edge = edges_[it->second];
        if (sphere::arcs_intersect(a, b, edge.from, edge.to)) {
            return true;
        }
    }
    return false;
}

bool HazardArea::box_meets(const LonLatBox& box) const {
    return std::any_of(boxes_.begin(), boxes_.end(), [&](const LonLatBox& b) {
        return b.west <= box.east && box.west <= b.east && b.south <= box.north &&
               box.south <= b.north;
    });
}

} // namespace aerowatch::correlate
