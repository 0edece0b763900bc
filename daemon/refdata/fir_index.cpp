// SPDX-License-Identifier: GPL-3.0-or-later
#include "refdata/fir_index.hpp"

#include "refdata/readers.hpp"

// Boost 1.74 Math includes one of its own deprecated headers, which prints a note on every
// build; nothing here can act on it.
#define BOOST_ALLOW_DEPRECATED_HEADERS
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/iterator/function_output_iterator.hpp>
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace aerowatch::refdata {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {

using Point = bg::model::point<double, 2, bg::cs::spherical_equatorial<bg::degree>>;
using Polygon = bg::model::polygon<Point>;
using Box = bg::model::box<Point>;
using Ring = Polygon::ring_type;

// Boost 1.74's spherical winding strategy answers "on the boundary" for every point once a
// ring has a vertex exactly on a pole (VATSpy's polar FIRs have several), so poles are moved
// about 11 m away. Nothing we look up is that close to a pole.
constexpr double max_lat = 90.0 - 1e-4;

// GeoJSON (RFC 7946 §3.1.1) draws an edge as a straight line in lon/lat, and VATSpy's
// boundaries rely on it: long edges follow parallels (45°N between Santa Maria and Gander,
// 60°S around Antarctica). On the sphere an edge is a great circle, which bulges poleward,
// by 0.8° of latitude (90 km) over 27° of longitude at 45°N. Splitting edges into steps of at
// most one degree of longitude keeps that error under 125 m.
constexpr double max_step_lon = 1.0;

struct Boundary {
    std::uint32_t fir = 0;
    bool preferred = false;
    double area = 0; // steradians; the sum over the feature's polygons
};

struct Part {
    Polygon polygon;
    std::uint32_t boundary = 0;
};

using TreeValue = std::pair<Box, std::uint32_t>; // envelope, index into parts
using Tree = bgi::rtree<TreeValue, bgi::quadratic<16>>;

Point make_point(double lon, double lat) {
    return Point(lon, std::clamp(lat, -max_lat, max_lat));
}

/// How many great-circle arcs stand for the straight lon/lat edge from `from` to `to`.
int edge_steps(const Point& from, const Point& to) {
    const double dlon = std::abs(bg::get<0>(to) - bg::get<0>(from));
    // Meridians are great circles already; an edge of more than 180° would run the other way
    // round the globe (VATSpy splits its polygons at the antimeridian, so none does).
    const bool densify = dlon > max_step_lon && dlon <= 180 &&
                         std::abs(bg::get<1>(from)) < max_lat && std::abs(bg::get<1>(to)) < max_lat;
    return densify ? static_cast<int>(std::ceil(dlon / max_step_lon)) : 1;
}

void append_edge(Ring& ring, const Point& from, const Point& to) {
    const int steps = edge_steps(from, to);
    const double lon0 = bg::get<0>(from);
    const double lat0 = bg::get<1>(from);
    const double dlon = bg::get<0>(to) - lon0;
    const double dlat = bg::get<1>(to) - lat0;
    for (int i = 1; i < steps; ++i) {
        const double t = static_cast<double>(i) / steps;
        ring.push_back(Point(lon0 + dlon * t, lat0 + dlat * t));
    }
    ring.push_back(to);
}

/// Builds one spherical ring from a GeoJSON linear ring, [[lon, lat], ...]. `vertices` is
/// scratch space, reused so that the only allocation left behind is the ring itself.
Ring read_ring(simdjson::dom::array positions, std::vector<Point>& vertices,
               const std::filesystem::path& file, std::string_view id) {
    vertices.clear();
    for (simdjson::dom::array position : positions) {
        if (position.size() < 2) {
            throw_malformed(
                file, 0, fmt::format("feature \"{}\": position with fewer than 2 coordinates", id));
        }
        const double lon = position.at(0).get_double();
        const double lat = position.at(1).get_double();
        if (!std::isfinite(lon) || !std::isfinite(lat) || std::abs(lon) > 180 ||
            std::abs(lat) > 90) {
            throw_malformed(
                file, 0,
                fmt::format("feature \"{}\": coordinate [{}, {}] out of range", id, lon, lat));
        }
        auto p = make_point(lon, lat);
        if (vertices.empty() || !bg::equals(vertices.back(), p)) {
            vertices.push_back(p);
        }
    }
    Ring ring;
    if (vertices.size() < 3) {
        return ring; // degenerate: holds nothing
    }
    // Some VATSpy rings are not closed; GeoJSON requires it, the area is the same either way.
    if (!bg::equals(vertices.front(), vertices.back())) {
        vertices.push_back(vertices.front());
    }
    std::size_t size = 1;
    for (std::size_t i = 1; i < vertices.size(); ++i) {
        size += static_cast<std::size_t>(edge_steps(vertices[i - 1], vertices[i]));
    }
    ring.reserve(size);
    ring.push_back(vertices.front());
    for (std::size_t i = 1; i < vertices.size(); ++i) {
        append_edge(ring, vertices[i - 1], vertices[i]);
    }
    return ring;
}

/// Appends the polygons of a Polygon or MultiPolygon geometry to `parts`.
void read_geometry(simdjson::dom::element geometry, std::uint32_t boundary,
                   std::vector<Part>& parts, std::vector<Point>& scratch,
                   const std::filesystem::path& file, std::string_view id) {
    const std::string_view type = geometry["type"].get_string();
    simdjson::dom::array coordinates = geometry["coordinates"].get_array();
    auto add_polygon = [&](simdjson::dom::array rings) {
        Part part;
        part.boundary = boundary;
        bool outer = true;
        for (simdjson::dom::array positions : rings) {
            Ring ring = read_ring(positions, scratch, file, id);
            if (outer) {
                if (ring.empty()) {
                    return;
                }
                part.polygon.outer() = std::move(ring);
                outer = false;
            } else if (!ring.empty()) {
                part.polygon.inners().push_back(std::move(ring));
            }
        }
        if (outer) {
            return; // no rings at all
        }
        // Rings come in either orientation (VATSpy has both); Boost wants clockwise outers.
        bg::correct(part.polygon);
        parts.push_back(std::move(part));
    };
    if (type == "MultiPolygon") {
        for (simdjson::dom::array polygon : coordinates) {
            add_polygon(polygon);
        }
    } else if (type == "Polygon") {
        add_polygon(coordinates);
    } else {
        throw_malformed(file, 0,
                        fmt::format("feature \"{}\": unsupported geometry type \"{}\"", id, type));
    }
}

simdjson::padded_string read_padded_file(const std::filesystem::path& file) {
    // simdjson needs padding after the text; reading straight into its buffer saves a copy.
    std::ifstream in(file, std::ios::binary | std::ios::ate);
    if (!in) {
        throw std::runtime_error(
            fmt::format("cannot read {}: {}", file.string(), std::strerror(errno)));
    }
    const auto size = static_cast<std::streamoff>(in.tellg());
    simdjson::padded_string json(static_cast<std::size_t>(size));
    in.seekg(0);
    if (!in.read(json.data(), size)) {
        throw std::runtime_error(fmt::format("cannot read {}: read error", file.string()));
    }
    return json;
}

bool read_oceanic(simdjson::dom::object properties) {
    simdjson::dom::element flag;
    if (properties["oceanic"].get(flag) != simdjson::SUCCESS) {
        return false;
    }
    if (flag.is_string()) {
        return std::string_view(flag.get_string()) == "1";
    }
    if (flag.is_bool()) {
        return bool(flag.get_bool());
    }
    return flag.is_number() && double(flag.get_double()) != 0;
}

} // namespace

struct FirIndex::Data {
    std::vector<Boundary> boundaries;
    std::vector<Part> parts;
    Tree tree;
};

FirIndex::FirIndex() = default;
FirIndex::~FirIndex() = default;
FirIndex::FirIndex(FirIndex&&) noexcept = default;
FirIndex& FirIndex::operator=(FirIndex&&) noexcept = default;

FirIndex FirIndex::load(const std::filesystem::path& file, const Resolver& resolve) {
    auto data = std::make_unique<Data>();
    {
        // The DOM is several times the file: keep it in this scope only.
        const simdjson::padded_string json = read_padded_file(file);
        simdjson::dom::parser parser;
        std::vector<Point> scratch;
        std::string_view id;
        try {
            simdjson::dom::element root = parser.parse(json);
            simdjson::dom::array features = root["features"].get_array();
            data->parts.reserve(features.size() + 64);
            for (simdjson::dom::object feature : features) {
                simdjson::dom::object properties = feature["properties"].get_object();
                id = properties["id"].get_string();
                const auto owner = resolve(id, read_oceanic(properties));
                if (!owner) {
                    continue;
                }
                const auto boundary = static_cast<std::uint32_t>(data->boundaries.size());
                data->boundaries.push_back(Boundary{owner->fir, owner->preferred, 0});
                read_geometry(feature["geometry"], boundary, data->parts, scratch, file, id);
            }
        } catch (const simdjson::simdjson_error& e) {
            throw_malformed(file, 0,
                            id.empty() ? fmt::format("malformed GeoJSON: {}", e.what())
                                       : fmt::format("malformed GeoJSON near feature \"{}\": {}",
                                                     id, e.what()));
        }
    }
    if (data->parts.empty()) {
        throw_malformed(file, 0, "no FIR boundary polygon");
    }
    data->parts.shrink_to_fit();

    std::vector<TreeValue> envelopes;
    envelopes.reserve(data->parts.size());
    for (std::uint32_t i = 0; i < data->parts.size(); ++i) {
        const Part& part = data->parts[i];
        data->boundaries[part.boundary].area += bg::area(part.polygon);
        envelopes.emplace_back(bg::return_envelope<Box>(part.polygon), i);
    }
    // Bulk loading packs the tree better than inserting one by one, and is faster.
    data->tree = Tree(envelopes.begin(), envelopes.end());

    FirIndex index;
    index.data_ = std::move(data);
    return index;
}

std::optional<std::uint32_t> FirIndex::locate(double lat, double lon) const {
    if (!data_ || !std::isfinite(lat) || !std::isfinite(lon) || std::abs(lat) > 90) {
        return std::nullopt;
    }
    lon = std::remainder(lon, 360.0); // into [-180, 180]
    const Point point = make_point(lon, lat);

    // VATSpy's boundaries overlap: controller sectors inside their FIR (LPPO-TMA in LPPO),
    // combined areas over several FIRs (NAT over Shanwick and Gander), upper areas over lower
    // ones. The smallest boundary holding the point is the most specific answer and does not
    // depend on file order, but on its own it picks sectors (DAAA_NC, EGTT-N) that no NOTAM
    // names: fir_at() then matches VATSpy's [Airports] FIR for about half of the airports.
    // Letting the caller's "preferred" ICAO-level FIRs win first raises that to 94%.
    const Boundary* best = nullptr;
    auto better = [](const Boundary& a, const Boundary& b) {
        return std::tuple(!a.preferred, a.area, a.fir) < std::tuple(!b.preferred, b.area, b.fir);
    };
    data_->tree.query(bgi::intersects(point),
                      boost::make_function_output_iterator([&](const TreeValue& value) {
                          const Part& part = data_->parts[value.second];
                          const Boundary& boundary = data_->boundaries[part.boundary];
                          if ((best == nullptr || better(boundary, *best)) &&
                              bg::covered_by(point, part.polygon)) {
                              best = &boundary;
                          }
                      }));
    if (best == nullptr) {
        return std::nullopt;
    }
    return best->fir;
}

std::vector<FirPolygon> FirIndex::polygons_of(std::uint32_t fir) const {
    std::vector<FirPolygon> polygons;
    if (!data_) {
        return polygons;
    }
    auto convert = [](const Ring& ring) {
        std::vector<GeoPoint> points;
        points.reserve(ring.size());
        for (const Point& p : ring) {
            points.push_back(GeoPoint{bg::get<1>(p), bg::get<0>(p)});
        }
        return points;
    };
    // A linear scan: callers ask once per FIR and keep the answer.
    for (const Part& part : data_->parts) {
        if (data_->boundaries[part.boundary].fir != fir) {
            continue;
        }
        FirPolygon polygon;
        polygon.outer = convert(part.polygon.outer());
        for (const Ring& inner : part.polygon.inners()) {
            polygon.holes.push_back(convert(inner));
        }
        polygons.push_back(std::move(polygon));
    }
    return polygons;
}

std::size_t FirIndex::polygon_count() const {
    return data_ ? data_->parts.size() : 0;
}

std::size_t FirIndex::point_count() const {
    std::size_t count = 0;
    if (data_) {
        for (const Part& part : data_->parts) {
            count += bg::num_points(part.polygon);
        }
    }
    return count;
}

} // namespace aerowatch::refdata
