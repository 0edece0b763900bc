// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/config.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

using namespace aerowatch;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

/// A json_board source whose [source.board] table starts on line 5 and holds `board`.
std::string board_source(std::string_view board, std::string_view kind = "json_board") {
    return "[[source]]\n"
           "name = \"ccs-salidas\"\n"
           "kind = \"" +
           std::string(kind) +
           "\"\n"
           "url = \"https://example.org/ccs/salidas.json\"\n"
           "[source.board]\n" +
           std::string(board);
}

/// The board of tests/fixtures/json_board/README.md, lines 6-15 of board_source().
constexpr std::string_view readme_board =
    "list = \"/vuelos/salidas\"\n"
    "airline = \"/aerolinea\"\n"
    "flight_number = \"/vuelo\"\n"
    "origin_code = \"SVMI\"\n"
    "destination = \"/destino/iata\"\n"
    "scheduled = \"/programada\"\n"
    "time_format = \"%d/%m/%Y %H:%M\"\n"
    "time_zone = \"America/Caracas\"\n"
    "status = \"/estado\"\n"
    "status_map = { \"CANCELADO\" = \"cancelled\", \"DESVIADO\" = \"diverted\", "
    "\"ATERRIZADO\" = \"landed\", \"PROGRAMADO\" = \"scheduled\" }\n";

std::vector<std::string> errors_of(std::string_view text) {
    try {
        parse_config(text, "aerowatch.toml");
    } catch (const ConfigError& error) {
        return error.errors();
    }
    FAIL("expected a ConfigError for:\n" << text);
    return {};
}

std::string only_error(std::string_view text) {
    auto errors = errors_of(text);
    INFO(Catch::StringMaker<std::vector<std::string>>::convert(errors));
    REQUIRE(errors.size() == 1);
    return errors.front();
}

/// The README board with `key = value` replacing (or adding) one line.
std::string with(std::string_view key, std::string_view value) {
    std::string board(readme_board);
    const std::string prefix = std::string(key) + " = ";
    const auto at = board.find(prefix);
    const std::string line = prefix + std::string(value) + "\n";
    if (at == std::string::npos) {
        board += line;
    } else {
        board.replace(at, board.find('\n', at) + 1 - at, line);
    }
    return board_source(board);
}

std::string without(std::string_view key) {
    std::string board(readme_board);
    const auto at = board.find(std::string(key) + " = ");
    board.erase(at, board.find('\n', at) + 1 - at);
    return board_source(board);
}

} // namespace

TEST_CASE("the README board config reads into JsonBoardConfig", "[config][json_board]") {
    const auto config = parse_config(board_source(readme_board), "aerowatch.toml");
    REQUIRE(config.sources.size() == 1);
    REQUIRE(config.sources[0].board);
    const auto& b = *config.sources[0].board;
    CHECK(b.list == "/vuelos/salidas");
    CHECK(b.airline == "/aerolinea");
    CHECK(b.flight_number == "/vuelo");
    CHECK(b.origin.empty());
    CHECK(b.origin_code == "SVMI");
    CHECK(b.destination == "/destino/iata");
    CHECK(b.scheduled == "/programada");
    CHECK(b.time_format == "%d/%m/%Y %H:%M");
    CHECK(b.time_zone == "America/Caracas");
    CHECK(b.status == "/estado");
    REQUIRE(b.status_map.size() == 4);
    const auto has = [&](const char* source, FlightState state) {
        return std::find(b.status_map.begin(), b.status_map.end(),
                         std::pair<std::string, FlightState>{source, state}) != b.status_map.end();
    };
    CHECK(has("CANCELADO", FlightState::cancelled));
    CHECK(has("DESVIADO", FlightState::diverted));
    CHECK(has("ATERRIZADO", FlightState::landed));
    CHECK(has("PROGRAMADO", FlightState::scheduled));

    const auto described = describe_config(config);
    CHECK_THAT(described, Contains("[source.board]\nlist = \"/vuelos/salidas\""));
    CHECK_THAT(described, Contains("\"DESVIADO\" = \"diverted\""));
    // What describe_config prints reads back to the same board.
    const auto again = parse_config(described, "described.toml");
    REQUIRE(again.sources.size() == 1);
    REQUIRE(again.sources[0].board);
    CHECK(again.sources[0].board->status_map == b.status_map);
    CHECK(again.sources[0].board->time_zone == b.time_zone);
}

TEST_CASE("a minimal board: ISO 8601 times need no zone", "[config][json_board]") {
    const auto config = parse_config(board_source("flight_number = \"/f\"\nscheduled = \"/t\"\n"
                                                  "origin = \"/o\"\ndestination_code = \"ccs\"\n"),
                                     "aerowatch.toml");
    const auto& b = *config.sources[0].board;
    CHECK(b.list.empty());
    CHECK(b.time_format == "iso8601");
    CHECK(b.time_zone.empty());
    CHECK(b.destination_code == "CCS");
    CHECK(b.status_map.empty());
}

TEST_CASE("the board table belongs to json_board sources only", "[config][json_board]") {
    CHECK_THAT(only_error("[[source]]\nname = \"b\"\nkind = \"json_board\"\n"
                          "url = \"https://example.org/b.json\"\n"),
               StartsWith("aerowatch.toml:1: source \"b\": board: ") &&
                   Contains("needs a [source.board] table"));
    CHECK_THAT(only_error(board_source(readme_board, "aeroapi")),
               StartsWith("aerowatch.toml:5: source \"ccs-salidas\": board: ") &&
                   Contains("only a json_board source"));
    CHECK_THAT(only_error("[[source]]\nname = \"b\"\nkind = \"json_board\"\n"
                          "url = \"https://example.org/b.json\"\nboard = \"/data\"\n"),
               Contains("board: expected a table"));
}

TEST_CASE("board errors name file, line and key", "[config][json_board]") {
    CHECK(only_error(with("list", "\"vuelos/salidas\"")) ==
          "aerowatch.toml:6: source \"ccs-salidas\": board.list: a JSON pointer must be \"\" or "
          "start with '/', e.g. \"/flight/number\"");
    CHECK_THAT(only_error(with("status", "\"/a~2b\"")),
               StartsWith("aerowatch.toml:14: source \"ccs-salidas\": board.status: ") &&
                   Contains("~0"));
    CHECK_THAT(only_error(with("scheduled", "\"\"")),
               StartsWith("aerowatch.toml:11: source \"ccs-salidas\": board.scheduled: "));
    CHECK_THAT(only_error(without("flight_number")),
               StartsWith("aerowatch.toml:5: source \"ccs-salidas\": board.flight_number: "
                          "required key is missing"));
    CHECK_THAT(only_error(with("time_zone", "\"America/Atlantis\"")),
               StartsWith("aerowatch.toml:13: source \"ccs-salidas\": board.time_zone: "
                          "unknown time zone \"America/Atlantis\""));
    CHECK_THAT(only_error(with("time_zone", "\"../../etc/passwd\"")),
               Contains("board.time_zone: expected an IANA time zone name"));
    CHECK_THAT(only_error(with("time_format", "\"%d/%m/%y %H:%M\"")),
               StartsWith("aerowatch.toml:12: source \"ccs-salidas\": board.time_format: ") &&
                   Contains("%y"));
    CHECK_THAT(only_error(without("time_zone")),
               StartsWith("aerowatch.toml:5: source \"ccs-salidas\": board.time_zone: required "
                          "with a time_format pattern"));
    CHECK_THAT(only_error(with("origin_code", "\"CARACAS\"")),
               StartsWith("aerowatch.toml:9: source \"ccs-salidas\": board.origin_code: "));
    CHECK_THAT(only_error(without("origin_code")),
               Contains("board.origin: needs a pointer (origin) or a fixed code (origin_code)"));
    CHECK_THAT(only_error(with("gate", "\"/puerta\"")),
               StartsWith("aerowatch.toml:16: source \"ccs-salidas\": board.gate: unknown key"));
    CHECK_THAT(only_error(with("flight_number", "42")),
               Contains("board.flight_number: expected a string"));
    CHECK_THAT(only_error(without("status")), Contains("board.status_map: needs a status pointer"));
}

TEST_CASE("status_map values are flight states, keys distinct ignoring case",
          "[config][json_board]") {
    CHECK(only_error(with("status_map", "{ \"CANCELADO\" = \"canceled\" }")) ==
          "aerowatch.toml:15: source \"ccs-salidas\": board.status_map.\"CANCELADO\": expected "
          "one of scheduled, active, landed, cancelled, diverted, delayed, unknown");
    CHECK_THAT(only_error(with("status_map", "{ \"Cancelado\" = \"cancelled\", "
                                             "\"CANCELADO\" = \"cancelled\" }")),
               Contains("duplicate status (matching ignores case); first defined on line 15"));
    CHECK_THAT(only_error(with("status_map", "{ \" \" = \"cancelled\" }")),
               Contains("must not be blank"));
    CHECK_THAT(only_error(with("status_map", "{ \"X\" = 3 }")), Contains("expected one of"));
    CHECK_THAT(only_error(with("status_map", "[\"CANCELADO\"]")),
               Contains("board.status_map: expected a table"));
}
