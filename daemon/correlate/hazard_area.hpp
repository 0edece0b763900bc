// SPDX-License-Identifier: GPL-3.0-or-later
// Private to correlate/: a hazard's area as route crossing sees it, a circle or a set of
// great-circle edges (polygon rings, FIR boundaries, a line), with the boxes to look it up by.
#pragma once

#include "core/geo.hpp"
#include "correlate/sphere.hpp"

#include <memory>
#include <vector>

namespace aerowatch {
struct FirPolygon;
}

namespace aerowatch::correlate {

/// Routes are looked up and tested in pieces of at most this arc (degrees): a transatlantic
/// great circle is indexed as a few dozen small boxes instead of one box over half the ocean.
/// Half of the 5 degrees it was: the route index's boxes per grid cell are unions of pieces,
/// and shorter pieces make them tighter (fewer false hits, fewer cells).
constexpr double route_piece_deg = 2.5;

/// Beyond this many pieces (160 degrees of arc) pieces get longer; the route index keeps a
/// piece's number in a byte.
constexpr int max_pieces = 64;

/// How many pieces an arc of `theta` radians is cut into (at most max_pieces).
int piece_count(double theta);

/// The point between piece k-1 and piece k of `count` along the arc a-b of `theta` radians:
/// a for k = 0, b for k = count. Route index and area tests cut arcs the same way through it.
sphere::Vec3 piece_point(const sphere::Vec3& a, const sphere::Vec3& b, double theta, int k,
                         int count);

/// The envelope of a ring (closed or not) as boxes, split at the antimeridian; a ring around a
/// pole spans every longitude up to that pole.
void ring_boxes(const std::vector<GeoPoint>& ring, std::vector<sphere::LonLatBox>& out);

/// The envelope of a circle of `radius` radians as boxes.
void circle_boxes(const sphere::Vec3& centre, double radius, std::vector<sphere::LonLatBox>& out);

/// The centre of a ring: its vertices' mean direction.
GeoPoint ring_centre(const std::vector<GeoPoint>& ring);

/// A closed ring as a polygon to test points against: the parity of the ring's edges crossed
/// on an arc from the point to one just outside the ring's bounding cap. The inside is the
/// smaller side, whatever the orientation. Boost.Geometry's covered_by answers the same but
/// normalises every vertex on every call, at ten times the cost; rings that no cap under a
/// quarter circle holds are left to it (usable() is false).
class RingTest {
  public:
    explicit RingTest(const std::vector<GeoPoint>& ring);
    bool usable() const { return usable_; }
    bool contains(const sphere::Vec3& p) const;

  private:
    std::vector<sphere::Vec3> vertices_; // closed
    sphere::Cap cap_;
    sphere::Vec3 outside_;
    bool usable_ = false;
};

class HazardArea {
  public:
    static HazardArea circle(const GeoPoint& centre, double radius_nm);
    /// The edges of `rings` (polygon rings, closed by the caller, or a line's points in order).
    static HazardArea edges(const std::vector<std::vector<GeoPoint>>& rings);
    /// The edges of FIR boundary polygons, holes included.
    static HazardArea fir(const std::vector<FirPolygon>& polygons);

    HazardArea();
    ~HazardArea();
    HazardArea(HazardArea&&) noexcept;
    HazardArea& operator=(HazardArea&&) noexcept;

    bool empty() const { return !is_circle_ && edges_.empty(); }
    /// Where to look for routes that may cross it.
    const std::vector<sphere::LonLatBox>& boxes() const { return boxes_; }
    /// A cap holding the whole area, when one under a quarter circle does: a route that can
    /// cross the area passes through it.
    const sphere::Cap* cap() const { return has_cap_ ? &cap_ : nullptr; }

    /// Whether the minor arc a-b (of angle `theta`) meets the area's boundary; for a circle,
    /// whether it comes within the radius. An arc wholly inside a polygon does not meet it: its
    /// ends are inside too, and the caller knows them as footprint airports.
    bool crossed_by(const sphere::Vec3& a, const sphere::Vec3& b, double theta) const;

    /// Areas with many edges are better tested piece by piece, with the box a look-up found
    /// the piece by; piece_crosses() does that.
    bool prefers_pieces() const { return tree_ != nullptr; }
    /// Whether the piece a-b of a route meets an edge of the area that lies in `box` (the
    /// piece's box, or the part of it on one side of the antimeridian). Circles: as crossed_by.
    bool piece_crosses(const sphere::Vec3& a, const sphere::Vec3& b,
                       const sphere::LonLatBox& box) const;
    /// Whether `box` meets one of boxes().
    bool box_meets(const sphere::LonLatBox& box) const;

    std::size_t edge_count() const { return edges_.size(); }

  private:
    struct Edge {
        sphere::Vec3 from;
        sphere::Vec3 to;
    };
    struct EdgeTree;

    void add_ring(const std::vector<GeoPoint>& ring);
    void finish();

    bool is_circle_ = false;
    sphere::Vec3 centre_;
    double radius_ = 0; // radians
    std::vector<Edge> edges_;
    std::vector<sphere::LonLatBox> boxes_;
    bool has_cap_ = false;
    sphere::Cap cap_;
    // Built for areas with many edges (FIR boundaries run to thousands), where testing every
    // edge against every candidate route would dominate a pass.
    std::unique_ptr<EdgeTree> tree_;
};

} // namespace aerowatch::correlate
