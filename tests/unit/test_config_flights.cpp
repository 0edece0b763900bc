// SPDX-License-Identifier: GPL-3.0-or-later
// The [flights] table and max_pages: defaults, values, and errors naming file, line and key.
#include "config/config.hpp"

#include <catch2/catch.hpp>

using namespace aerowatch;

namespace {

std::vector<std::string> errors_of(std::string_view text) {
    try {
        parse_config(text, "aerowatch.toml");
    } catch (const ConfigError& error) {
        return error.errors();
    }
    return {};
}

} // namespace

TEST_CASE("[flights] has defaults and takes retention and baseline parameters", "[config]") {
    const auto defaults = parse_config("", "aerowatch.toml");
    CHECK(defaults.flights.retention == std::chrono::days{90});
    CHECK(defaults.flights.baseline.window == std::chrono::days{14});

    const auto config = parse_config(R"([flights]
retention = "400d"
baseline_window = "28d"
min_flights_per_hour_of_week = 10
min_flights_per_window = 30
prior_cancel_rate = 0.03
prior_divert_rate = 0.01
prior_weight = 0
)",
                                     "aerowatch.toml");
    const auto& f = config.flights;
    CHECK(f.retention == std::chrono::days{400});
    CHECK(f.baseline.window == std::chrono::days{28});
    CHECK(f.baseline.min_flights_per_hour_of_week == 10);
    CHECK(f.baseline.min_flights_per_window == 30);
    CHECK(f.baseline.prior_cancel_rate == Approx(0.03));
    CHECK(f.baseline.prior_divert_rate == Approx(0.01));
    CHECK(f.baseline.prior_weight == 0);
    CHECK_THAT(describe_config(config), Catch::Contains("retention = \"400d\""));
}

TEST_CASE("[flights] errors name the line and key", "[config]") {
    CHECK(errors_of("[flights]\nretention = \"10d\"\n") ==
          std::vector<std::string>{"aerowatch.toml:2: flights: retention: must be longer than "
                                   "baseline_window, whose history it keeps"});
    CHECK(errors_of("[flights]\n\nprior_cancel_rate = 1.5\n") ==
          std::vector<std::string>{
              "aerowatch.toml:3: flights: prior_cancel_rate: expected a number from 0 to 1"});
    CHECK(errors_of("[flights]\nbaseline_window = \"36h\"\n") ==
          std::vector<std::string>{"aerowatch.toml:2: flights: baseline_window: must be a whole "
                                   "number of days, at least \"1d\""});
    CHECK(errors_of("[flights]\nwindow = \"14d\"\n").size() == 1);
    CHECK(errors_of("flights = 3\n").size() == 1);
}

TEST_CASE("max_pages bounds how many pages of a listing one poll reads", "[config]") {
    const auto config = parse_config(R"([[source]]
name = "aeroapi"
kind = "aeroapi"
url = "https://aeroapi.flightaware.com/aeroapi/airports/SVMI/flights"
max_pages = 4
)",
                                     "aerowatch.toml");
    CHECK(config.sources.at(0).max_pages == 4);
    CHECK(errors_of(R"([[source]]
name = "aeroapi"
kind = "aeroapi"
url = "https://aeroapi.flightaware.com/aeroapi/airports/SVMI/flights"
max_pages = 0
)") == std::vector<std::string>{"aerowatch.toml:5: source \"aeroapi\": max_pages: expected a "
                                "number from 1 to 1000"});
}
