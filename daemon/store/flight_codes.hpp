// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace aerowatch {

class RefData;

/// Maps the codes a source gives onto the ones flights are keyed by. Either function may be
/// empty; each returns an empty string when it does not know the code.
struct FlightCodeResolver {
    /// IATA airline designator to ICAO ("TK" -> "THY").
    std::function<std::string(std::string_view iata)> airline_icao;
    /// Airport code, IATA or ICAO, to ICAO ("CCS" -> "SVMI").
    std::function<std::string(std::string_view code)> airport_icao;
};

/// A resolver over the shipped reference data (OpenFlights airlines and airports).
FlightCodeResolver refdata_code_resolver(std::shared_ptr<const RefData> refdata);

/// The flight number as keyed: surrounding blanks dropped, leading zeros of the digits dropped
/// ("0223" -> "223": sources disagree on padding), letters upper-cased ("12a" -> "12A").
std::string normalise_flight_number(std::string_view number);

/// A UTC calendar date as "YYYY-MM-DD".
std::string format_date(std::chrono::sys_days day);
/// Reads "YYYY-MM-DD"; nullopt for anything else (including 2025-02-30).
std::optional<std::chrono::sys_days> parse_date(std::string_view text);

/// Hash and equality for unordered maps keyed by std::string that look up by string_view
/// without building a string.
struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};

/// Canonical airline and airport codes, with the resolver's answers and the airline code pairs
/// learned from the data memoised: ingest asks for the same few hundred codes again and again.
///
/// Airline key: the ICAO designator when the record gives it, else the ICAO learned from an
/// earlier record carrying both codes, else the resolver's, else the IATA designator itself.
/// Airport: the resolver's ICAO code when it knows one, else the code as given (upper-cased).
/// Not thread-safe (one per FlightStore).
class FlightCodes {
  public:
    explicit FlightCodes(FlightCodeResolver resolver = {}) : resolver_(std::move(resolver)) {}

    void set_resolver(FlightCodeResolver resolver);

    /// The airline key; empty when both codes are. The view stays valid until the next call
    /// to learn() or set_resolver().
    std::string_view airline_key(std::string_view iata, std::string_view icao);
    /// The airport key; the view stays valid until set_resolver().
    std::string_view airport(std::string_view code);
    /// The ICAO designator known for an IATA one (learned first, then the resolver); empty if
    /// none.
    std::string_view icao_for(std::string_view iata);

    /// The IATA designator learned for an ICAO one; empty if none.
    std::string_view iata_for(std::string_view icao) const;

    /// Records that `iata` is operated as `icao`. Returns true when the pair is new (the first
    /// pair learned for a code stays: IATA codes are reused across regions).
    bool learn(std::string_view iata, std::string_view icao);
    /// Forgets the learned pairs (before reloading them from the database).
    void forget_learned();

  private:
    using Map = std::unordered_map<std::string, std::string, StringHash, std::equal_to<>>;
    FlightCodeResolver resolver_;
    Map learned_;           // upper-case IATA -> ICAO seen together in a record
    Map learned_iata_;      // and back
    Map resolved_airlines_; // upper-case IATA -> the resolver's ICAO, or ""
    Map airline_keys_;      // spelling as given -> airline key
    Map airports_;          // spelling as given -> airport key
};

} // namespace aerowatch
