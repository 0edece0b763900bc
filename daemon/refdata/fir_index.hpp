// SPDX-License-Identifier: GPL-3.0-or-later
// Private to refdata/: point-in-FIR lookup over VATSpy's Boundaries.geojson. Boost.Geometry stays
// behind this header so that only fir_index.cpp pays for it at compile time.
#pragma once

#include "refdata/refdata.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

namespace aerowatch::refdata {

/// Who a boundary polygon belongs to, decided by the caller from the [FIRs] table.
struct BoundaryOwner {
    std::uint32_t fir = 0;  // caller's FIR index
    bool preferred = false; // an ICAO-level FIR rather than a sector or a combined area
};

class FirIndex {
  public:
    /// Gets the owner of a boundary feature (`id`, `oceanic` flag), or nullopt to leave it out.
    using Resolver = std::function<std::optional<BoundaryOwner>(std::string_view id, bool oceanic)>;

    /// Parses Boundaries.geojson. Throws std::runtime_error naming the file on a missing or
    /// malformed file.
    static FirIndex load(const std::filesystem::path& file, const Resolver& resolve);

    FirIndex();
    ~FirIndex();
    FirIndex(FirIndex&&) noexcept;
    FirIndex& operator=(FirIndex&&) noexcept;

    /// The owner's FIR index of the best boundary holding the point, nullopt when none does.
    /// Thread-safe (read only).
    std::optional<std::uint32_t> locate(double lat, double lon) const;

    /// The polygons of every boundary owned by `fir`, in file order.
    std::vector<FirPolygon> polygons_of(std::uint32_t fir) const;

    std::size_t polygon_count() const;
    std::size_t point_count() const;

  private:
    struct Data;
    std::unique_ptr<Data> data_;
};

} // namespace aerowatch::refdata
