// SPDX-License-Identifier: GPL-3.0-or-later
// Private to correlate/: the few spherical formulas route crossing needs, on unit vectors.
// Boost.Geometry answers the same questions, but its general segment/segment strategy costs
// about ten times these few products, and a full pass makes millions of such tests.
#pragma once

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

namespace aerowatch::sphere {

constexpr double earth_radius_nm = 3440.065; // 6371008.8 m, the IUGG mean radius
constexpr double deg = std::numbers::pi / 180.0;

struct Vec3 {
    double x = 0;
    double y = 0;
    double z = 0;
};

inline Vec3 operator+(const Vec3& a, const Vec3& b) {
    return {a.x + b.x, a.y + b.y, a.z + b.z};
}
inline Vec3 operator-(const Vec3& a) {
    return {-a.x, -a.y, -a.z};
}
inline Vec3 operator*(double k, const Vec3& a) {
    return {k * a.x, k * a.y, k * a.z};
}
inline double dot(const Vec3& a, const Vec3& b) {
    return a.x * b.x + a.y * b.y + a.z * b.z;
}
inline Vec3 cross(const Vec3& a, const Vec3& b) {
    return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
inline double norm(const Vec3& a) {
    return std::sqrt(dot(a, a));
}
inline Vec3 normalized(const Vec3& a) {
    const double n = norm(a);
    return n > 0 ? (1.0 / n) * a : a;
}

inline Vec3 to_vec(double lat, double lon) {
    const double phi = lat * deg;
    const double lambda = lon * deg;
    return {std::cos(phi) * std::cos(lambda), std::cos(phi) * std::sin(lambda), std::sin(phi)};
}
inline double lat_of(const Vec3& v) {
    return std::atan2(v.z, std::hypot(v.x, v.y)) / deg;
}
inline double lon_of(const Vec3& v) {
    return std::atan2(v.y, v.x) / deg;
}

/// The angle between two unit vectors, radians; atan2 keeps it exact for tiny and near-antipodal
/// angles alike.
inline double angle(const Vec3& a, const Vec3& b) {
    return std::atan2(norm(cross(a, b)), dot(a, b));
}

/// The point a fraction `t` along the minor arc a -> b of angle `theta` (slerp).
inline Vec3 along(const Vec3& a, const Vec3& b, double theta, double t) {
    if (theta < 1e-12) {
        return a;
    }
    const double s = std::sin(theta);
    return normalized((std::sin((1 - t) * theta) / s) * a + (std::sin(t * theta) / s) * b);
}

/// Whether the minor arcs a-b and c-d meet. Which side of a great circle a vertex exactly on it
/// counts as is fixed (the positive one), so that a ring passing through a vertex of the arc is
/// counted once, not twice or never.
inline bool arcs_intersect(const Vec3& a, const Vec3& b, const Vec3& c, const Vec3& d) {
    const Vec3 n1 = cross(a, b);
    if ((dot(n1, c) >= 0) == (dot(n1, d) >= 0)) {
        return false;
    }
    const Vec3 n2 = cross(c, d);
    if ((dot(n2, a) >= 0) == (dot(n2, b) >= 0)) {
        return false;
    }
    // Both great circles cut the other arc's ends apart, but the two crossing points are
    // antipodal: the arcs meet only if both cross at the same one.
    Vec3 p = cross(n1, n2);
    if (dot(p, a + b) < 0) {
        p = -p;
    }
    return dot(p, c + d) > 0;
}

/// The angular distance from `p` to the minor arc a-b (radians).
inline double distance_to_arc(const Vec3& p, const Vec3& a, const Vec3& b) {
    const Vec3 n = cross(a, b);
    const double n_norm = norm(n);
    if (n_norm > 1e-15 && dot(cross(a, p), n) >= 0 && dot(cross(p, b), n) >= 0) {
        // The foot of the perpendicular lies on the arc.
        return std::asin(std::min(1.0, std::abs(dot(p, n)) / n_norm));
    }
    return std::min(angle(p, a), angle(p, b));
}

/// A spherical cap: every point within `radius` radians of `centre`. Under a quarter circle it
/// is convex, so it holds every arc between two of its points.
struct Cap {
    Vec3 centre;
    double radius = 0;
};

/// A longitude/latitude box with west <= east, both within [-180, 180].
struct LonLatBox {
    double west = 0;
    double south = 0;
    double east = 0;
    double north = 0;
};

/// Appends the boxes for longitudes [west, west + span] (span in [0, 360]) and latitudes
/// [south, north]: one box, or two when the range runs over the antimeridian.
inline void append_boxes(double west, double span, double south, double north,
                         std::vector<LonLatBox>& out) {
    if (span >= 360) {
        out.push_back({-180, south, 180, north});
        return;
    }
    west = std::remainder(west, 360.0); // into [-180, 180]
    const double east = west + span;
    if (east <= 180) {
        out.push_back({west, south, east, north});
    } else {
        out.push_back({west, south, 180, north});
        out.push_back({-180, south, east - 360, north});
    }
}

/// The envelope of the minor arc a-b as boxes. Latitudes take in the arc's poleward bulge; an
/// arc over a pole spans every longitude.
inline void arc_boxes(const Vec3& a, const Vec3& b, std::vector<LonLatBox>& out) {
    constexpr double pad = 1e-9; // degrees: keeps rounding from missing a touching box
    const double lat_a = lat_of(a);
    const double lat_b = lat_of(b);
    double south = std::min(lat_a, lat_b);
    double north = std::max(lat_a, lat_b);
    const Vec3 n = cross(a, b);
    const double n_norm = norm(n);
    if (n_norm > 1e-15) {
        // The northernmost point of the great circle: the pole projected onto its plane.
        const Vec3 nn = (1.0 / n_norm) * n;
        const Vec3 top = normalized(Vec3{0, 0, 1} + (-nn.z) * nn);
        auto on_arc = [&](const Vec3& v) {
            return dot(cross(a, v), n) >= 0 && dot(cross(v, b), n) >= 0;
        };
        if (on_arc(top)) {
            north = std::max(north, lat_of(top));
        }
        if (on_arc(-top)) {
            south = std::min(south, -lat_of(top));
        }
    }
    south = std::max(-90.0, south - pad);
    north = std::min(90.0, north + pad);
    if (north >= 90 - 1e-6 || south <= -90 + 1e-6) {
        append_boxes(-180, 360, south, north, out);
        return;
    }
    // A minor arc that misses the poles runs monotonically the shorter way round in longitude.
    const double lon_a = lon_of(a);
    const double dlon = std::remainder(lon_of(b) - lon_a, 360.0);
    append_boxes(std::min(lon_a, lon_a + dlon) - pad, std::abs(dlon) + 2 * pad, south, north, out);
}

} // namespace aerowatch::sphere
