// SPDX-License-Identifier: GPL-3.0-or-later
// Private to correlate/: which airports, FIRs and countries a hazard's area holds.
#pragma once

#include "correlate/exposure.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace aerowatch {
struct Airport;
}

namespace aerowatch::correlate {

class FootprintBuilder {
  public:
    explicit FootprintBuilder(std::shared_ptr<const RefData> refdata);
    ~FootprintBuilder();
    FootprintBuilder(const FootprintBuilder&) = delete;
    FootprintBuilder& operator=(const FootprintBuilder&) = delete;

    HazardFootprint build(const Hazard& hazard, const ExposureSettings& settings,
                          bool all_parts) const;
    /// build()'s answer, shared: every hazard on one area at one altitude band gets the same
    /// one, which outlives the cache. A copy per hazard per pass (hundreds of airports for a
    /// FIR) was a tenth of a pass.
    std::shared_ptr<const HazardFootprint>
    shared(const Hazard& hazard, const ExposureSettings& settings, bool all_parts) const;

    /// The code flights and footprints are matched by: the ICAO code when the reference data
    /// knows the airport (by ICAO or IATA), else the code upper-cased.
    std::string canonical_airport(std::string_view code) const;
    /// The reference airport for a canonical code, or null.
    const Airport* find_airport(std::string_view code) const;

    const RefData& refdata() const { return *refdata_; }

  private:
    struct AirportTree;
    struct FirAirports {
        std::vector<std::string> airports; // sorted
        std::vector<std::string> countries;
    };

    const FirAirports& fir_airports(const std::string& fir) const;
    /// The footprint without the altitude flags, which are the hazard's own.
    HazardFootprint build_area(const Hazard& hazard, bool all_parts) const;
    static std::string area_key(const Hazard& hazard, bool all_parts);

    // Bounds the cache of areas; past it the cache starts again (a whole pass is well below).
    static constexpr std::size_t max_cached = 200000;

    std::shared_ptr<const RefData> refdata_;
    std::vector<const Airport*> airports_;
    std::unique_ptr<AirportTree> tree_;
    // A FIR's airports are asked for by every hazard on it; the answer never changes.
    mutable std::unordered_map<std::string, FirAirports> fir_cache_;
    struct CachedArea {
        HazardFootprint area; // without the altitude flags
        // By altitude flags (reaches_terminal + 2 * reaches_cruise), made on first use.
        std::shared_ptr<const HazardFootprint> by_flags[4];
    };
    mutable std::unordered_map<std::string, CachedArea> cache_;
};

} // namespace aerowatch::correlate
