// SPDX-License-Identifier: GPL-3.0-or-later
#include "refdata/country_names.hpp"
#include "refdata/refdata.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

using aerowatch::RefData;
using aerowatch::test::TempDir;
using Catch::Matchers::Contains;

namespace {

/// The data shipped in daemon/data, loaded once for all test cases (it takes ~40 ms).
const RefData& shipped() {
    static const std::shared_ptr<const RefData> data =
        RefData::load(AEROWATCH_FIXTURES_DIR "/../../daemon/data");
    return *data;
}

const aerowatch::Airport& airport(std::string_view code) {
    auto result = shipped().airport(code);
    INFO(code << ": " << (result ? "" : result.error().message));
    REQUIRE(result.ok());
    return **result;
}

const aerowatch::Airline& airline(std::string_view code) {
    auto result = shipped().airline(code);
    INFO(code << ": " << (result ? "" : result.error().message));
    REQUIRE(result.ok());
    return **result;
}

/// A tiny data set whose every answer is known: a FIR "TSTA" drawn by boundary TSTB with a
/// sector inside it, and two nested boundaries that no airport names.
void write_small_data_set(const TempDir& dir) {
    dir.write("airports.dat",
              "1,\"Alpha \"\"A\"\", Field\",\"Alpha\",\"Testland\",\"AAA\",\"TSTA\",5,5,0,0,\"U\","
              "\"Etc/UTC\",\"airport\",\"test\"\n"
              "2,\"Bravo\",\"Bravo\",\"Testland\",\"BBB\",\"TSTB\",3,3,0,0,\"U\",\\N,\"airport\","
              "\"test\"\r\n"
              "3,\"Far\",\"Far\",\"Nowhere\",\\N,\"TSTF\",-50,-50,0,0,\"U\",\\N,\"airport\","
              "\"test\"\n"
              "4,\"Local\",\"Local\",\"Testland\",\\N,\"TS12\",1,1,0,0,\"U\",\\N,\"airport\","
              "\"test\"\n");
    dir.write("airlines.dat", "1,\"Old Air\",\\N,\"ZX\",\"OLD\",\"OLDIE\",\"Testland\",\"N\"\n"
                              "2,\"New Air\",\\N,\"ZX\",\"NEW\",\"NEWBIE\",\"Testland\",\"Y\"\n"
                              "3,\"Junk\",\\N,\"-\",\"N/A\",\\N,\\N,\"Y\"\n");
    dir.write("VATSpy.dat", "; comment\n"
                            "[Countries]\n"
                            "Testland|TS|Control\n"
                            "[Airports]\n"
                            "TSTA|Alpha|5|5||TSTA|0\n"
                            "[FIRs]\n"
                            ";ICAO|NAME|CALLSIGN PREFIX|FIR BOUNDARY\n"
                            "TSTA|Testland|TST|TSTB\n"
                            "TSTA|Testland Upper|TST_U|TSTB\n"
                            "TSTS|Testland South|TST_S|TSTB-S\n"
                            "OUTR|Outer Area||OUTR\n"
                            "INNR|Inner Sector||INNR\n"
                            "[UIRs]\n"
                            "TSTU|Test Upper|TSTA\n");
    dir.write("Boundaries.geojson", R"({"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"id": "TSTB", "oceanic": "0"}, "geometry": {"type": "MultiPolygon",
   "coordinates": [[[[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]]]]}},
  {"type": "Feature", "properties": {"id": "TSTB-S", "oceanic": "1"}, "geometry": {"type": "Polygon",
   "coordinates": [[[2, 2], [4, 2], [4, 4], [2, 4]]]}},
  {"type": "Feature", "properties": {"id": "OUTR", "oceanic": "0"}, "geometry": {"type": "MultiPolygon",
   "coordinates": [[[[20, 20], [40, 20], [40, 40], [20, 40], [20, 20]]]]}},
  {"type": "Feature", "properties": {"id": "INNR", "oceanic": "0"}, "geometry": {"type": "MultiPolygon",
   "coordinates": [[[[25, 25], [30, 25], [30, 30], [25, 30], [25, 25]]]]}},
  {"type": "Feature", "properties": {"id": "NOFIR", "oceanic": "0"}, "geometry": {"type": "MultiPolygon",
   "coordinates": [[[[-10, -10], [-5, -10], [-5, -5], [-10, -5], [-10, -10]]]]}}
]})");
}

/// Sets an environment variable for one scope and puts the old value back.
class ScopedEnv {
  public:
    ScopedEnv(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) {
            old_ = old;
        }
        ::setenv(name, value, 1);
    }
    ~ScopedEnv() {
        if (old_) {
            ::setenv(name_, old_->c_str(), 1);
        } else {
            ::unsetenv(name_);
        }
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

  private:
    const char* name_;
    std::optional<std::string> old_;
};

} // namespace

TEST_CASE("shipped data loads in full", "[refdata]") {
    CHECK(shipped().airport_count() > 7000);
    CHECK(shipped().airline_count() > 5000);
    CHECK(shipped().fir_count() > 1000);
}

TEST_CASE("airports by ICAO and IATA code", "[refdata]") {
    SECTION("Caracas: SVMI and CCS are the same airport") {
        const auto& svmi = airport("SVMI");
        CHECK(&airport("CCS") == &svmi);
        CHECK(svmi.icao == "SVMI");
        CHECK(svmi.iata == "CCS");
        CHECK(svmi.name == "Simón Bolívar International Airport");
        CHECK(svmi.city == "Caracas");
        CHECK(svmi.country == "Venezuela");
        CHECK(svmi.lat == Approx(10.601194).margin(1e-6));
        CHECK(svmi.lon == Approx(-66.991222).margin(1e-6));
        CHECK(svmi.timezone == "America/Caracas");
        CHECK(svmi.fir == "SVZM");
    }
    SECTION("lookups ignore case") {
        CHECK(&airport("svmi") == &airport("SVMI"));
        CHECK(&airport("ccs") == &airport("SVMI"));
        CHECK(&airport("sVmI") == &airport("SVMI"));
    }
    SECTION("Bogota is in the Bogota FIR") {
        CHECK(&airport("BOG") == &airport("SKBO"));
        CHECK(airport("SKBO").fir == "SKED");
        CHECK(airport("BOG").country == "Colombia");
    }
    SECTION("Panama Tocumen is in the Panama FIR") {
        CHECK(&airport("PTY") == &airport("MPTO"));
        CHECK(airport("MPTO").fir == "MPZL");
    }
    SECTION("the airport's FIR agrees with the polygon where VATSpy and the polygons agree") {
        const auto& svmi = airport("SVMI");
        CHECK(shipped().fir_at(svmi.lat, svmi.lon) == svmi.fir);
        const auto& skbo = airport("SKBO");
        CHECK(shipped().fir_at(skbo.lat, skbo.lon) == skbo.fir);
    }
}

TEST_CASE("unknown or malformed airport codes fail with a clear message", "[refdata]") {
    auto unknown = shipped().airport("ZZZZ");
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().message == "unknown airport code \"ZZZZ\"");
    CHECK(shipped().airport("QQQ").error().message == "unknown airport code \"QQQ\"");
    CHECK(shipped().airport("AB").error().message ==
          "\"AB\" is not an airport code (expected 3-letter IATA or 4-letter ICAO)");
    CHECK_FALSE(shipped().airport("").ok());
    CHECK_FALSE(shipped().airport("SVMIX").ok());
}

TEST_CASE("airlines by IATA and ICAO code", "[refdata]") {
    SECTION("IB and IBE are Iberia") {
        const auto& iberia = airline("IB");
        CHECK(&airline("IBE") == &iberia);
        CHECK(&airline("ib") == &iberia);
        CHECK(&airline("ibe") == &iberia);
        CHECK(iberia.name == "Iberia Airlines");
        CHECK(iberia.iata == "IB");
        CHECK(iberia.icao == "IBE");
        CHECK(iberia.callsign == "IBERIA");
        CHECK(iberia.country == "Spain");
        CHECK(iberia.active);
    }
    SECTION("codes with digits") {
        CHECK(airline("4C").name == "Aires");
        CHECK(airline("4C").icao == "ARE");
        CHECK(airline("V0").name == "Conviasa");
        CHECK(airline("V0").icao == "VCV");
        CHECK(airline("V0").country == "Venezuela");
        CHECK(airline("P5").name == "AeroRep");
        CHECK(airline("P5").icao == "RPB");
        CHECK(airline("P5").country == "Colombia");
    }
    SECTION("Copa") {
        CHECK(airline("CM").name == "Copa Airlines");
        CHECK(&airline("CMP") == &airline("CM"));
        CHECK(airline("CM").country == "Panama");
    }
    SECTION("a shared code goes to the active airline listed first") {
        CHECK(airline("LH").name == "Lufthansa");
    }
}

TEST_CASE("unknown or malformed airline codes fail with a clear message", "[refdata]") {
    CHECK(shipped().airline("Q0").error().message == "unknown airline code \"Q0\"");
    CHECK(shipped().airline("XQX").error().message == "unknown airline code \"XQX\"");
    CHECK(shipped().airline("ABCD").error().message ==
          "\"ABCD\" is not an airline code (expected 2-character IATA or 3-letter ICAO)");
    // Junk codes in airlines.dat are not codes.
    CHECK_FALSE(shipped().airline("-").ok());
    CHECK_FALSE(shipped().airline("N/A").ok());
}

TEST_CASE("FIRs by code", "[refdata]") {
    auto svzm = shipped().fir("SVZM");
    REQUIRE(svzm.ok());
    CHECK((*svzm)->code == "SVZM");
    CHECK((*svzm)->name == "Maiquetia");
    CHECK_FALSE((*svzm)->oceanic);
    CHECK(*shipped().fir("svzm") == *svzm);
    CHECK(shipped().fir("XXXX").error().message == "unknown FIR \"XXXX\"");
}

TEST_CASE("a country's airspace is the FIRs of its airports, strays left out", "[refdata]") {
    const auto venezuela = shipped().firs_of_country("Venezuela");
    CHECK(venezuela == std::vector<std::string>{"SVZM"});
    CHECK(shipped().firs_of_country("VENEZUELA") == venezuela);
    // OpenFlights files SVSJ (a Venezuelan field) under Spain and SVFT under Denmark.
    CHECK(airport("SVSJ").country == "Spain");
    CHECK(airport("SVSJ").fir == "SVZM");
    const auto spain = shipped().firs_of_country("Spain");
    CHECK(std::find(spain.begin(), spain.end(), "SVZM") == spain.end());
    CHECK(std::find(spain.begin(), spain.end(), "LECM") != spain.end());
    CHECK(std::is_sorted(spain.begin(), spain.end()));
    const auto denmark = shipped().firs_of_country("Denmark");
    CHECK(std::find(denmark.begin(), denmark.end(), "SVZM") == denmark.end());
    CHECK(shipped().firs_of_country("Atlantis").empty());
    // Formal names, as bulletins write them, read as the airport data's.
    const auto dprk = shipped().firs_of_country("North Korea");
    CHECK_FALSE(dprk.empty());
    CHECK(shipped().firs_of_country("Democratic People's Republic of Korea") == dprk);
    CHECK(shipped().firs_of_country(" russian  federation ") ==
          shipped().firs_of_country("Russia"));
    CHECK(shipped().firs_of_country("Venezuela (Bolivarian Republic of)") == venezuela);
    CHECK(shipped().firs_of_country("T\xC3\xBCrkiye") == shipped().firs_of_country("Turkey"));
    CHECK(aerowatch::airport_data_country("Syrian Arab Republic") == "Syria");
    CHECK(aerowatch::airport_data_country("Narnia") == "Narnia");
}

TEST_CASE("coordinates map to FIRs", "[refdata]") {
    const RefData& data = shipped();

    SECTION("Caracas is in Maiquetia") {
        CHECK(data.fir_at(10.5, -66.9) == "SVZM");
    }
    SECTION("North Atlantic: Gander Oceanic, oceanic") {
        // 45N 35W itself lies on the Gander/Santa Maria boundary, so the test stays clear of it.
        // CZQO also sits inside VATSpy's combined "NAT" area: the specific FIR must win.
        REQUIRE(data.fir_at(47, -35) == "CZQO");
        auto czqo = data.fir("CZQO");
        REQUIRE(czqo.ok());
        CHECK((*czqo)->name == "Gander Oceanic");
        CHECK((*czqo)->oceanic);
        CHECK(data.fir_at(50, -40) == "CZQO");
    }
    SECTION("other oceanic FIRs: Shanwick by name, New York by its boundary flag") {
        REQUIRE(data.fir_at(52, -20) == "EGGX");
        CHECK((*data.fir("EGGX"))->oceanic);
        REQUIRE(data.fir_at(35, -60) == "KZNY");
        CHECK((*data.fir("KZNY"))->oceanic);
    }
    SECTION("both sides of the antimeridian") {
        const auto oakland = data.fir_at(20, -170);
        REQUIRE(oakland == "KZAK");
        CHECK((*data.fir("KZAK"))->oceanic);
        CHECK(data.fir_at(20, 179.9) == oakland);
        CHECK(data.fir_at(20, -179.9) == oakland);
        CHECK(data.fir_at(20, 180) == oakland);
        CHECK(data.fir_at(20, -180) == oakland);
        CHECK(data.fir_at(20, 190) == oakland); // longitudes wrap
        // McMurdo is split at the antimeridian into two polygons that each touch the pole.
        CHECK(data.fir_at(-70, 179.9) == "NZCM");
        CHECK(data.fir_at(-70, -179.9) == "NZCM");
    }
    SECTION("polygons with a vertex on the pole") {
        CHECK(data.fir_at(80, -150) == "PAZA");
        CHECK(data.fir_at(80, 170) == "UHMM");
        CHECK(data.fir_at(90, 0).has_value());
        CHECK(data.fir_at(-90, 0).has_value());
    }
    SECTION("no answer for impossible coordinates") {
        CHECK_FALSE(data.fir_at(91, 0).has_value());
        CHECK_FALSE(data.fir_at(std::numeric_limits<double>::quiet_NaN(), 0).has_value());
        CHECK_FALSE(data.fir_at(0, std::numeric_limits<double>::infinity()).has_value());
    }
}

TEST_CASE("a small data set resolves exactly", "[refdata]") {
    TempDir dir;
    write_small_data_set(dir);
    const auto data = RefData::load(dir.path());

    CHECK(data->airport_count() == 3); // TS12 is not an ICAO code
    CHECK(data->airline_count() == 2); // the junk line has no usable code
    CHECK(data->fir_count() == 4);     // one Fir per code, whatever the number of lines

    auto alpha = data->airport("AAA");
    REQUIRE(alpha.ok());
    CHECK((*alpha)->name == "Alpha \"A\", Field");
    CHECK((*alpha)->timezone == "Etc/UTC");
    CHECK((*alpha)->fir == "TSTA"); // from VATSpy [Airports]
    auto bravo = data->airport("tstb");
    REQUIRE(bravo.ok());
    CHECK((*bravo)->timezone.empty());
    // Not in [Airports]: the polygons decide. Boundary TSTB belongs to FIR TSTA, and an
    // ICAO-level FIR (one that [Airports] uses) beats the smaller sector TSTS.
    CHECK((*bravo)->fir == "TSTA");
    auto far = data->airport("TSTF");
    REQUIRE(far.ok());
    CHECK((*far)->iata.empty());
    CHECK((*far)->fir.empty());
    CHECK_FALSE(data->airport("TS12").ok());

    CHECK(data->fir_at(3, 3) == "TSTA");
    CHECK(data->fir_at(7, 7) == "TSTA");
    CHECK(data->fir_at(27, 27) == "INNR"); // nested, neither preferred: the smaller wins
    CHECK(data->fir_at(35, 35) == "OUTR");
    CHECK_FALSE(data->fir_at(-7, -7).has_value()); // boundary without a [FIRs] line
    CHECK_FALSE(data->fir_at(50, 50).has_value());

    CHECK((*data->fir("TSTA"))->name == "Testland"); // the first line names the FIR
    CHECK_FALSE((*data->fir("TSTA"))->oceanic);
    CHECK((*data->fir("TSTS"))->oceanic);

    CHECK((*data->airline("ZX"))->name == "New Air"); // active wins over the earlier one
    CHECK((*data->airline("OLD"))->name == "Old Air");
    CHECK_FALSE((*data->airline("OLD"))->active);
}

TEST_CASE("missing or malformed files throw naming the file", "[refdata]") {
    SECTION("no such directory") {
        REQUIRE_THROWS_WITH(RefData::load("/nonexistent/aerowatch-data"),
                            Contains("/nonexistent/aerowatch-data/airports.dat"));
    }
    TempDir dir;
    write_small_data_set(dir);
    SECTION("a missing file among the others") {
        std::filesystem::remove(dir / "Boundaries.geojson");
        REQUIRE_THROWS_WITH(RefData::load(dir.path()), Contains("Boundaries.geojson"));
    }
    SECTION("airports.dat with an unterminated quote") {
        dir.write("airports.dat",
                  "1,\"Alpha\",\"Alpha\",\"Testland\",\"AAA\",\"TSTA\",5,5,0,0,"
                  "\"U\",\"Etc/UTC\",\"airport\",\"test\"\n"
                  "\n"
                  "2,\"Bravo\",\"Bravo\",\"Testland\",\"BBB\",\"TSTB\",3,3,0,0,\"U\","
                  "\\N,\"airport\",\"test\n");
        REQUIRE_THROWS_WITH(RefData::load(dir.path()),
                            Contains("airports.dat:3:") && Contains("unterminated"));
    }
    SECTION("airports.dat with a missing field") {
        dir.write("airports.dat", "1,\"Alpha\",\"Testland\",\"AAA\",\"TSTA\",5,5,0,0,\"U\","
                                  "\"Etc/UTC\",\"airport\",\"test\"\n");
        REQUIRE_THROWS_WITH(RefData::load(dir.path()),
                            Contains("airports.dat:1:") && Contains("expected 14 fields"));
    }
    SECTION("airports.dat with a bad latitude") {
        dir.write("airports.dat", "1,\"Alpha\",\"Alpha\",\"Testland\",\"AAA\",\"TSTA\",north,5,0,"
                                  "0,\"U\",\"Etc/UTC\",\"airport\",\"test\"\n");
        REQUIRE_THROWS_WITH(RefData::load(dir.path()),
                            Contains("airports.dat:1:") && Contains("latitude"));
    }
    SECTION("airlines.dat with a missing field") {
        dir.write("airlines.dat", "1,\"Old Air\",\\N,\"ZX\",\"OLD\",\"OLDIE\",\"N\"\n");
        REQUIRE_THROWS_WITH(RefData::load(dir.path()), Contains("airlines.dat:1:"));
    }
    SECTION("VATSpy.dat with a short [FIRs] line") {
        dir.write("VATSpy.dat", "[FIRs]\nTSTA|Testland|TST|TSTB\nTSTS|Testland South\n");
        REQUIRE_THROWS_WITH(RefData::load(dir.path()), Contains("VATSpy.dat:3:"));
    }
    SECTION("Boundaries.geojson that is not JSON") {
        dir.write("Boundaries.geojson", R"({"type": "FeatureCollection", "features": [)");
        REQUIRE_THROWS_WITH(RefData::load(dir.path()), Contains("Boundaries.geojson"));
    }
    SECTION("Boundaries.geojson with a coordinate out of range") {
        dir.write("Boundaries.geojson", R"({"features": [{"properties": {"id": "TSTB"},
            "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [0, 95], [10, 0], [0, 0]]]}}]})");
        REQUIRE_THROWS_WITH(RefData::load(dir.path()),
                            Contains("Boundaries.geojson") && Contains("TSTB"));
    }
}

TEST_CASE("default data directory", "[refdata]") {
    SECTION("AEROWATCH_DATA_DIR wins") {
        ScopedEnv env("AEROWATCH_DATA_DIR", "/somewhere/else");
        CHECK(aerowatch::default_data_directory() == "/somewhere/else");
    }
    SECTION("otherwise a directory that holds the data") {
        ScopedEnv env("AEROWATCH_DATA_DIR", "");
        const auto dir = aerowatch::default_data_directory();
        CHECK(std::filesystem::exists(dir / "airports.dat"));
    }
}
