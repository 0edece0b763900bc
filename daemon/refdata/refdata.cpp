// SPDX-License-Identifier: GPL-3.0-or-later
#include "refdata/refdata.hpp"

#include "core/text.hpp"
#include "refdata/code_index.hpp"
#include "refdata/country_names.hpp"
#include "refdata/fir_index.hpp"
#include "refdata/readers.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <system_error>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace aerowatch {

namespace fs = std::filesystem;
using refdata::BoundaryOwner;
using refdata::CodeIndex;

struct RefData::Impl {
    std::vector<Airport> airports;
    std::vector<Airline> airlines;
    std::vector<Fir> firs; // sorted by code, so that a FIR's index is its rank
    CodeIndex airports_by_icao;
    CodeIndex airports_by_iata;
    CodeIndex airlines_by_iata;
    CodeIndex airlines_by_icao;
    refdata::FirIndex boundaries;
    // (FIR index, airport index), sorted: the airports of a FIR are one equal range.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> airports_by_fir;

    std::optional<std::uint32_t> fir_index(std::string_view code) const {
        const auto upper = refdata::to_upper(code);
        auto it =
            std::lower_bound(firs.begin(), firs.end(), upper,
                             [](const Fir& fir, const std::string& c) { return fir.code < c; });
        if (it == firs.end() || it->code != upper) {
            return std::nullopt;
        }
        return static_cast<std::uint32_t>(it - firs.begin());
    }
};

namespace {

bool contains_word_oceanic(std::string_view name) {
    return refdata::to_upper(name).find("OCEANIC") != std::string::npos;
}

/// One Fir per [FIRs] code, named after its first line (later lines are sectors of it).
std::vector<Fir> build_firs(const refdata::VatspyData& vatspy) {
    std::vector<Fir> firs;
    std::unordered_set<std::string_view> seen;
    for (const auto& line : vatspy.firs) {
        if (seen.insert(line.code).second) {
            // VATSpy's own oceanic flag misses Shanwick and Gander Oceanic (EGGX, CZQO); their
            // names say it, so the name counts as well as the boundary's flag.
            firs.push_back(Fir{line.code, line.name, contains_word_oceanic(line.name)});
        }
    }
    std::sort(firs.begin(), firs.end(), [](const Fir& a, const Fir& b) { return a.code < b.code; });
    return firs;
}

} // namespace

std::shared_ptr<const RefData> RefData::load(const fs::path& dir) {
    const auto started = std::chrono::steady_clock::now();
    auto impl = std::make_unique<Impl>();

    auto table = refdata::read_airports(dir / "airports.dat");
    impl->airports = std::move(table.airports);
    for (std::uint32_t i = 0; i < impl->airports.size(); ++i) {
        impl->airports_by_icao.add(impl->airports[i].icao, i);
    }
    // OpenFlights also lists stations and ports with IATA codes; a real airport wins a shared
    // code, then the first one in the file.
    for (bool want_airport : {true, false}) {
        for (std::uint32_t i = 0; i < impl->airports.size(); ++i) {
            if (table.is_airport[i] == want_airport && !impl->airports[i].iata.empty()) {
                impl->airports_by_iata.add(impl->airports[i].iata, i);
            }
        }
    }
    impl->airports_by_icao.finish();
    impl->airports_by_iata.finish();

    const auto vatspy = refdata::read_vatspy(dir / "VATSpy.dat");
    impl->firs = build_firs(vatspy);

    // VATSpy's [Airports] FIR column is curated per airport and names the ICAO FIR, where the
    // polygons can only guess between overlapping sectors (they put Paris CDG in Reims LFEE and
    // Orlando in Miami KZMA). So it comes first; the polygons fill in for airports VATSpy does
    // not list. Pseudo entries are extra positions of a code, the real airport's line wins.
    std::vector<char> fir_from_pseudo(impl->airports.size(), 0);
    std::vector<bool> preferred(impl->firs.size(), false);
    for (const auto& listed : vatspy.airports) {
        const auto fir = impl->fir_index(listed.fir);
        if (!fir) {
            continue; // [Airports] names a few FIRs that [FIRs] lacks (OAKB, UULL)
        }
        // [FIRs] mixes ICAO FIRs with controller sectors (EGTT-N, LFFF-LOW, DAAA_NC) and
        // combined areas (NAT). The FIRs that [Airports] assigns airports to are the ICAO-level
        // ones (291 of 1113 codes); see FirIndex::locate for how they are used.
        preferred[*fir] = true;
        const auto index = impl->airports_by_icao.find(listed.icao);
        if (!index) {
            continue;
        }
        Airport& airport = impl->airports[*index];
        if (airport.fir.empty() || (fir_from_pseudo[*index] && !listed.pseudo)) {
            airport.fir = impl->firs[*fir].code;
            fir_from_pseudo[*index] = listed.pseudo;
        }
    }

    // A boundary is named by one or more [FIRs] lines (KZAK by KZAK and KZA1). The FIR whose
    // code is the boundary id owns it; otherwise the first line does (LFMM-MRAE -> LFMM-RAE).
    std::unordered_map<std::string_view, std::uint32_t> boundary_owner;
    for (const auto& line : vatspy.firs) {
        const auto fir = *impl->fir_index(line.code);
        auto [it, inserted] = boundary_owner.try_emplace(line.boundary, fir);
        if (!inserted && line.code == line.boundary) {
            it->second = fir;
        }
    }
    impl->boundaries = refdata::FirIndex::load(
        dir / "Boundaries.geojson",
        [&](std::string_view id, bool oceanic) -> std::optional<BoundaryOwner> {
            auto it = boundary_owner.find(id);
            if (it == boundary_owner.end()) {
                return std::nullopt; // no [FIRs] line: fir() could not describe it
            }
            if (oceanic) {
                impl->firs[it->second].oceanic = true;
            }
            return BoundaryOwner{it->second, preferred[it->second]};
        });
    for (Airport& airport : impl->airports) {
        if (airport.fir.empty()) {
            if (auto fir = impl->boundaries.locate(airport.lat, airport.lon)) {
                airport.fir = impl->firs[*fir].code;
            }
        }
    }
    for (std::uint32_t i = 0; i < impl->airports.size(); ++i) {
        if (const auto fir = impl->fir_index(impl->airports[i].fir)) {
            impl->airports_by_fir.emplace_back(*fir, i);
        }
    }
    std::sort(impl->airports_by_fir.begin(), impl->airports_by_fir.end(),
              [&](const auto& a, const auto& b) {
                  return std::tie(a.first, impl->airports[a.second].icao) <
                         std::tie(b.first, impl->airports[b.second].icao);
              });

    impl->airlines = refdata::read_airlines(dir / "airlines.dat");
    // Codes are reused once an airline folds, and some are shared (LH: Lufthansa and Lufthansa
    // Cargo): active airlines first, then file order.
    for (bool want_active : {true, false}) {
        for (std::uint32_t i = 0; i < impl->airlines.size(); ++i) {
            const Airline& airline = impl->airlines[i];
            if (airline.active == want_active) {
                if (!airline.iata.empty()) {
                    impl->airlines_by_iata.add(airline.iata, i);
                }
                if (!airline.icao.empty()) {
                    impl->airlines_by_icao.add(airline.icao, i);
                }
            }
        }
    }
    impl->airlines_by_iata.finish();
    impl->airlines_by_icao.finish();

#if defined(__GLIBC__)
    // Loading goes through ~20 MB of transient buffers (file text, the JSON DOM, VATSpy's 18,000
    // airport lines). glibc keeps most of that heap mapped behind the long-lived tables, which
    // doubles what this data adds to the daemon's RSS (12 MB instead of 6 MB); this hands it back.
    malloc_trim(0);
#endif
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    spdlog::debug("reference data from {}: {} airports, {} airlines, {} FIRs, {} boundary "
                  "polygons ({} points) in {} ms",
                  dir.string(), impl->airports.size(), impl->airlines.size(), impl->firs.size(),
                  impl->boundaries.polygon_count(), impl->boundaries.point_count(),
                  elapsed.count());
    return std::shared_ptr<const RefData>(new RefData(std::move(impl)));
}

RefData::RefData(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RefData::~RefData() = default;

Result<const Airport*> RefData::airport(std::string_view code) const {
    std::optional<std::uint32_t> index;
    if (code.size() == 4) {
        index = impl_->airports_by_icao.find(code);
    } else if (code.size() == 3) {
        index = impl_->airports_by_iata.find(code);
    } else {
        return Result<const Airport*>::failure(fmt::format(
            "\"{}\" is not an airport code (expected 3-letter IATA or 4-letter ICAO)", code));
    }
    if (!index) {
        return Result<const Airport*>::failure(fmt::format("unknown airport code \"{}\"", code));
    }
    return &impl_->airports[*index];
}

Result<const Airline*> RefData::airline(std::string_view code) const {
    std::optional<std::uint32_t> index;
    if (code.size() == 2) {
        index = impl_->airlines_by_iata.find(code);
    } else if (code.size() == 3) {
        index = impl_->airlines_by_icao.find(code);
    } else {
        return Result<const Airline*>::failure(fmt::format(
            "\"{}\" is not an airline code (expected 2-character IATA or 3-letter ICAO)", code));
    }
    if (!index) {
        return Result<const Airline*>::failure(fmt::format("unknown airline code \"{}\"", code));
    }
    return &impl_->airlines[*index];
}

Result<const Fir*> RefData::fir(std::string_view code) const {
    auto index = impl_->fir_index(code);
    if (!index) {
        return Result<const Fir*>::failure(fmt::format("unknown FIR \"{}\"", code));
    }
    return &impl_->firs[*index];
}

std::optional<std::string> RefData::fir_at(double lat, double lon) const {
    if (auto index = impl_->boundaries.locate(lat, lon)) {
        return impl_->firs[*index].code;
    }
    return std::nullopt;
}

void RefData::for_each_airport(const std::function<void(const Airport&)>& fn) const {
    for (const Airport& airport : impl_->airports) {
        fn(airport);
    }
}

std::vector<const Airport*> RefData::airports_in_fir(std::string_view code) const {
    std::vector<const Airport*> airports;
    const auto fir = impl_->fir_index(code);
    if (!fir) {
        return airports;
    }
    auto [first, last] = std::equal_range(
        impl_->airports_by_fir.begin(), impl_->airports_by_fir.end(), std::pair(*fir, 0u),
        [](const auto& a, const auto& b) { return a.first < b.first; });
    airports.reserve(static_cast<std::size_t>(last - first));
    for (auto it = first; it != last; ++it) {
        airports.push_back(&impl_->airports[it->second]);
    }
    return airports;
}

std::vector<std::string> RefData::firs_of_country(std::string_view country) const {
    const std::string wanted = refdata::to_upper(trim(airport_data_country(trim(country))));
    std::map<std::string, std::size_t> counts; // the country's airports per FIR
    for (const Airport& airport : impl_->airports) {
        if (!airport.fir.empty() && refdata::to_upper(airport.country) == wanted) {
            ++counts[airport.fir];
        }
    }
    std::vector<std::string> firs;
    for (const auto& [fir, count] : counts) {
        if (count >= 2 || count * 10 >= airports_in_fir(fir).size()) {
            firs.push_back(fir);
        }
    }
    return firs;
}

std::vector<FirPolygon> RefData::fir_boundary(std::string_view code) const {
    const auto fir = impl_->fir_index(code);
    return fir ? impl_->boundaries.polygons_of(*fir) : std::vector<FirPolygon>{};
}

void RefData::for_each_fir(const std::function<void(const Fir&)>& fn) const {
    for (const auto& fir : impl_->firs) {
        fn(fir);
    }
}

std::size_t RefData::airport_count() const {
    return impl_->airports.size();
}

std::size_t RefData::airline_count() const {
    return impl_->airlines.size();
}

std::size_t RefData::fir_count() const {
    return impl_->firs.size();
}

fs::path default_data_directory() {
    if (const char* env = std::getenv("AEROWATCH_DATA_DIR"); env != nullptr && *env != '\0') {
        return env;
    }
    auto holds_data = [](const fs::path& dir) {
        std::error_code ec;
        return fs::is_regular_file(dir / "airports.dat", ec);
    };
    // An installed binary finds its data next to it, wherever the prefix was moved to.
    std::error_code ec;
    const auto exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto installed =
            (exe.parent_path() / ".." / "share" / "aerowatch").lexically_normal();
        if (holds_data(installed)) {
            return installed;
        }
    }
    if (holds_data(AEROWATCH_SOURCE_DATA_DIR)) {
        return AEROWATCH_SOURCE_DATA_DIR;
    }
    return AEROWATCH_INSTALL_DATA_DIR;
}

} // namespace aerowatch
