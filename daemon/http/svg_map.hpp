// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "refdata/refdata.hpp"
#include "store/hazard_store.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace aerowatch {

/// An airport drawn on the map: sized by its cancellations over what its baseline expects.
struct MapAirport {
    std::string code; // ICAO
    std::string name;
    double lat = 0;
    double lon = 0;
    std::int64_t cancelled = 0; // in the last 24 h
    double expected = 0;        // the baseline's expectation for the same flights
};

/// Draws the status page's map server-side, from the shipped FIR boundaries, so the page needs
/// nothing from the internet: every FIR outlined; FIRs named by active hazards shaded by their
/// most severe hazard; hazard circles and polygons; airports with cancellations as dots whose
/// area grows with cancellations over baseline. Equirectangular, 4 px per degree; the view is
/// fitted to what is drawn (the whole world when nothing is).
class SvgMap {
  public:
    explicit SvgMap(std::shared_ptr<const RefData> refdata);

    std::string render(const std::vector<StoredHazard>& hazards,
                       const std::vector<MapAirport>& airports) const;

  private:
    std::shared_ptr<const RefData> refdata_;
    /// A FIR boundary as path data, computed once: detailed for a region, coarse for the world.
    struct Outline {
        std::string detailed;
        std::string coarse;
        double min_lat = 0, max_lat = 0, min_lon = 0, max_lon = 0;
    };
    std::vector<Outline> outlines_;
};

} // namespace aerowatch
