// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/geo.hpp"
#include "core/result.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aerowatch {

struct Airport {
    std::string icao;     // "SVMI"
    std::string iata;     // "CCS", empty when none
    std::string name;     // "Simón Bolívar International Airport"
    std::string city;     // "Caracas"
    std::string country;  // "Venezuela"
    double lat = 0;       // degrees north
    double lon = 0;       // degrees east
    std::string timezone; // "America/Caracas", empty when unknown
    std::string fir;      // "SVZM", empty when no FIR polygon holds it
};

struct Airline {
    std::string iata; // "IB"
    std::string icao; // "IBE"
    std::string name; // "Iberia Airlines"
    std::string callsign;
    std::string country;
    bool active = false;
};

struct Fir {
    std::string code; // "SVZM"
    std::string name; // "Maiquetia"
    bool oceanic = false;
};

/// One polygon of a FIR boundary, in the form fir_at() tests against: closed rings whose edges
/// are great-circle arcs (VATSpy's longer lon/lat edges already split into steps of at most one
/// degree of longitude), vertices on a pole moved ~11 m off it.
struct FirPolygon {
    std::vector<GeoPoint> outer;
    std::vector<std::vector<GeoPoint>> holes;
};

/// Airports, airlines and FIR boundaries shipped in daemon/data (OpenFlights, VATSpy).
/// Immutable after load; safe to share between threads for reading.
class RefData {
  public:
    /// Loads airports.dat, airlines.dat, VATSpy.dat and Boundaries.geojson from `dir`.
    /// Throws std::runtime_error naming the file (and line) on a missing or malformed file.
    static std::shared_ptr<const RefData> load(const std::filesystem::path& dir);

    /// By ICAO (4 letters) or IATA (3 letters), case-insensitive.
    Result<const Airport*> airport(std::string_view code) const;
    /// By IATA (2 characters) or ICAO (3 letters), case-insensitive; prefers active airlines.
    Result<const Airline*> airline(std::string_view code) const;
    /// By FIR code ("SVZM").
    Result<const Fir*> fir(std::string_view code) const;
    /// The FIR whose boundary holds the point (spherical geometry); nullopt over no FIR.
    std::optional<std::string> fir_at(double lat, double lon) const;

    /// Every airport, in file order.
    void for_each_airport(const std::function<void(const Airport&)>& fn) const;
    /// The airports whose `fir` is `code` (case-insensitive), by ICAO code.
    std::vector<const Airport*> airports_in_fir(std::string_view code) const;
    /// The FIRs of a country's airspace, by country name as the airport data writes it
    /// ("Venezuela"; case-insensitive) or a formal name airport_data_country knows ("Russian
    /// Federation"), sorted: the FIRs holding its airports, except one that
    /// holds a single airport of it among ten or more others (the airport data files a few
    /// airports under the wrong country: SVSJ, in Venezuela, under Spain). Empty when no
    /// airport has that country.
    std::vector<std::string> firs_of_country(std::string_view country) const;
    /// The boundary polygons of the FIR `code` (case-insensitive); empty for an unknown code or
    /// a FIR that VATSpy draws no boundary for.
    std::vector<FirPolygon> fir_boundary(std::string_view code) const;
    /// Every FIR, by code.
    void for_each_fir(const std::function<void(const Fir&)>& fn) const;

    std::size_t airport_count() const;
    std::size_t airline_count() const;
    std::size_t fir_count() const;

    ~RefData();
    RefData(const RefData&) = delete;
    RefData& operator=(const RefData&) = delete;

    struct Impl;

  private:
    explicit RefData(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// Where the reference data lives: $AEROWATCH_DATA_DIR, else <exe>/../share/aerowatch, else the
/// source tree's daemon/data (for running from a build directory).
std::filesystem::path default_data_directory();

} // namespace aerowatch
