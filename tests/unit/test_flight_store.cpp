// SPDX-License-Identifier: GPL-3.0-or-later
#include "unit/flight_test_support.hpp"

#include <catch2/catch.hpp>

using namespace aerowatch;
using aerowatch::test::FlightRig;
using aerowatch::test::friday_noon;
using aerowatch::test::make_flight;
using std::chrono::hours;
using std::chrono::minutes;
using Change = FlightChange::Type;

namespace {

const UtcTime departure = friday_noon + hours{6}; // 2025-11-21T18:00Z
const auto friday = std::chrono::floor<std::chrono::days>(friday_noon);

FlightStatus iberia(FlightState state = FlightState::scheduled) {
    return make_flight("IB", "IBE", "6673", "LEMD", "SVMI", departure, state);
}

std::vector<FlightStatus> board(int n, UtcTime first = departure) {
    std::vector<FlightStatus> flights;
    for (int i = 0; i < n; ++i) {
        flights.push_back(make_flight("TK", "THY", std::to_string(100 + i), "LTFM", "SVMI",
                                      first + minutes{10 * i}));
    }
    return flights;
}

} // namespace

TEST_CASE("the same flight from two sources and either airline code is one flight",
          "[flight_store]") {
    FlightRig rig;
    auto added = rig.ingest({iberia()});
    REQUIRE(added.changes.size() == 1);
    CHECK(added.changes[0].type == Change::added);
    CHECK(added.changes[0].flight.airline == "IBE");

    // IATA only, zero-padded number, lower case: the pair IB/IBE was learned from the first.
    auto iata_only = make_flight("ib", "", "06673", "LEMD", "SVMI", departure);
    iata_only.estimated_departure = departure + minutes{20};
    auto second = rig.ingest({iata_only}, friday_noon + hours{1}, "aviationstack");
    REQUIRE(second.changes.size() == 1);
    CHECK(second.changes[0].type == Change::time_changed);
    auto icao_only = make_flight("", "IBE", "6673", "LEMD", "SVMI", departure);
    CHECK(rig.ingest({icao_only}, friday_noon + hours{2}, "board").changes.empty());
    CHECK(rig.count("SELECT count(*) FROM flight") == 1);

    const auto stored = rig.store().find("IB", "6673", friday, "LEMD");
    REQUIRE(stored);
    CHECK(stored->designator() == "IBE6673");
    CHECK(stored->flight.airline_iata == "IB");
    CHECK(stored->flight.estimated_departure == departure + minutes{20});
    CHECK(rig.store().find("IBE", "6673", friday, "LEMD")->id == stored->id);

    SECTION("a learned pair survives a restart") {
        rig.reopen();
        rig.ingest({make_flight("IB", "", "6673", "LEMD", "SVMI", departure)},
                   friday_noon + hours{3}, "other");
        CHECK(rig.count("SELECT count(*) FROM flight") == 1);
    }
}

TEST_CASE("a flight stored under its IATA code is adopted once its ICAO code is known",
          "[flight_store]") {
    FlightRig rig;
    rig.ingest({make_flight("TP", "", "173", "LPPT", "SVMI", departure),
                make_flight("TP", "", "175", "LPPT", "SVMI", departure)});
    CHECK(rig.store().find("TP", "173", friday, "LPPT")->airline == "TP");
    auto both = rig.ingest(
        {make_flight("TP", "TAP", "173", "LPPT", "SVMI", departure, FlightState::cancelled)},
        friday_noon + hours{1}, "other");
    REQUIRE(both.changes.size() == 1);
    CHECK(both.changes[0].type == Change::state_changed);
    CHECK(rig.count("SELECT count(*) FROM flight") == 2);
    CHECK(rig.store().find("TAP", "173", friday, "LPPT")->flight.state == FlightState::cancelled);

    // The other flight keyed by IATA alone, now seen with the ICAO code alone: the learned
    // pair finds it.
    CHECK(rig.ingest(
                 {make_flight("", "TAP", "175", "LPPT", "SVMI", departure, FlightState::cancelled)},
                 friday_noon + hours{2}, "third")
              .changes.at(0)
              .type == Change::state_changed);
    CHECK(rig.count("SELECT count(*) FROM flight") == 2);
}

TEST_CASE("a resolver maps IATA-only airline and airport codes onto ICAO keys", "[flight_store]") {
    FlightRig rig;
    FlightCodeResolver resolver;
    resolver.airline_icao = [](std::string_view c) {
        return c == "AV" ? "AVA" : "";
    };
    resolver.airport_icao = [](std::string_view c) {
        return c == "CCS" ? "SVMI" : c == "BOG" ? "SKBO" : "";
    };
    rig.store().set_code_resolver(resolver);
    rig.ingest({make_flight("AV", "", "20", "BOG", "CCS", departure)});
    rig.ingest({make_flight("", "AVA", "20", "SKBO", "SVMI", departure)}, friday_noon, "other");
    const auto flights = rig.store().query({});
    REQUIRE(flights.size() == 1);
    CHECK(flights[0].designator() == "AVA20");
    CHECK(flights[0].flight.origin == "SKBO");
    CHECK(flights[0].flight.destination == "SVMI");
}

TEST_CASE("scheduled -> cancelled -> reinstated is kept with when each was seen",
          "[flight_store]") {
    FlightRig rig;
    rig.ingest({iberia()});
    auto cancelled = rig.ingest({iberia(FlightState::cancelled)}, friday_noon + hours{1});
    REQUIRE(cancelled.changes.size() == 1);
    CHECK(cancelled.changes[0].type == Change::state_changed);
    CHECK(cancelled.changes[0].previous_state == FlightState::scheduled);
    CHECK(cancelled.changes[0].flight.flight.state == FlightState::cancelled);
    auto reinstated = rig.ingest({iberia(FlightState::scheduled)}, friday_noon + hours{2});
    REQUIRE(reinstated.changes.size() == 1);
    CHECK(reinstated.changes[0].type == Change::reinstated);
    CHECK(reinstated.changes[0].previous_state == FlightState::cancelled);

    const auto stored = rig.store().find("IBE", "6673", friday, "LEMD");
    REQUIRE(stored);
    CHECK(stored->first_seen == friday_noon);
    CHECK(stored->last_changed == friday_noon + hours{2});
    const auto history = rig.store().history(stored->id);
    REQUIRE(history.size() == 3);
    CHECK(history[0].type == Change::added);
    CHECK(history[0].seen_at == friday_noon);
    CHECK_FALSE(history[0].previous_state);
    CHECK(history[1].type == Change::state_changed);
    CHECK(history[1].state == FlightState::cancelled);
    CHECK(history[1].seen_at == friday_noon + hours{1});
    CHECK(history[2].type == Change::reinstated);
    CHECK(history[2].state == FlightState::scheduled);
    CHECK(history[2].previous_state == FlightState::cancelled);
    CHECK(history[2].seen_at == friday_noon + hours{2});
    CHECK(history[2].raw == iberia().raw);
}

TEST_CASE("polling an unchanged board writes nothing, before and after a restart",
          "[flight_store]") {
    FlightRig rig;
    auto first = rig.ingest(board(50));
    CHECK(first.changes.size() == 50);
    CHECK(rig.store().cached_records() == 50);

    auto before = rig.writes();
    auto again = rig.ingest(board(50), friday_noon + minutes{5});
    CHECK(again.changes.empty());
    CHECK(again.unchanged == 50);
    CHECK(rig.writes() == before);

    // A restart empties the in-memory hashes: the rows are read and compared, not rewritten.
    rig.reopen();
    before = rig.writes();
    again = rig.ingest(board(50), friday_noon + minutes{10});
    CHECK(again.unchanged == 50);
    CHECK(rig.writes() == before);
    CHECK(rig.store().cached_records() == 50);

    // One changed record among them writes that one (row, history, counters).
    auto flights = board(50);
    flights[7].state = FlightState::cancelled;
    auto one = rig.ingest(flights, friday_noon + minutes{15});
    REQUIRE(one.changes.size() == 1);
    CHECK(one.unchanged == 49);
    CHECK(one.changes[0].flight.flight.flight_number == "107");
}

TEST_CASE("what a record leaves out keeps the stored value", "[flight_store]") {
    FlightRig rig;
    auto full = iberia();
    full.estimated_departure = departure + minutes{30};
    full.delay_minutes = 30;
    full.codeshares = {"AA5001"};
    rig.ingest({full});
    auto sparse = make_flight("IB", "IBE", "6673", "LEMD", "", departure, FlightState::unknown);
    sparse.scheduled_arrival.reset();
    sparse.codeshares = {"LA1234"};
    auto result = rig.ingest({sparse}, friday_noon + hours{1}, "other");
    REQUIRE(result.changes.size() == 1); // the new codeshare, nothing else
    CHECK(result.changes[0].type == Change::updated);
    const auto& f = result.changes[0].flight.flight;
    CHECK(f.state == FlightState::scheduled);
    CHECK(f.destination == "SVMI");
    CHECK(f.estimated_departure == departure + minutes{30});
    CHECK(f.scheduled_arrival == departure + hours{9});
    CHECK(f.delay_minutes == 30);
    CHECK(f.codeshares == std::vector<std::string>{"AA5001", "LA1234"});
}

TEST_CASE("two sources that disagree do not make every poll a change", "[flight_store]") {
    FlightRig rig;
    auto a = iberia();
    a.estimated_departure = departure + minutes{5};
    auto b = iberia();
    b.estimated_departure = departure + minutes{10};
    rig.ingest({a}, friday_noon, "a");
    CHECK(rig.ingest({b}, friday_noon + minutes{1}, "b").changes.size() == 1);
    const auto before = rig.writes();
    for (int i = 2; i < 6; ++i) {
        CHECK(rig.ingest({a}, friday_noon + minutes{i}, "a").changes.empty());
        CHECK(rig.ingest({b}, friday_noon + minutes{i}, "b").changes.empty());
    }
    CHECK(rig.writes() == before);
}

TEST_CASE("records without an identity are skipped", "[flight_store]") {
    FlightRig rig;
    auto no_time = iberia();
    no_time.scheduled_departure.reset();
    auto no_airline = make_flight("", "", "1", "LEMD", "SVMI", departure);
    auto no_origin = make_flight("IB", "IBE", "1", "", "SVMI", departure);
    auto no_number = make_flight("IB", "IBE", "", "LEMD", "SVMI", departure);
    auto result = rig.ingest({no_time, no_airline, no_origin, no_number, iberia()});
    CHECK(result.skipped == 4);
    CHECK(result.changes.size() == 1);
}

TEST_CASE("queries filter by airport, airline code, date and state", "[flight_store]") {
    FlightRig rig;
    auto tomorrow = make_flight("TP", "TAP", "173", "LPPT", "SVMI", departure + hours{24},
                                FlightState::cancelled);
    rig.ingest({iberia(FlightState::cancelled), tomorrow,
                make_flight("UX", "AEA", "71", "LEMD", "LFPG", departure)});
    CHECK(rig.store().query({}).size() == 3);
    CHECK(rig.store().query({"svmi", "", std::nullopt, std::nullopt}).size() == 2);
    CHECK(rig.store().query({"LEMD", "", std::nullopt, std::nullopt}).size() == 2);
    CHECK(rig.store().query({"", "IB", std::nullopt, std::nullopt}).size() == 1);
    CHECK(rig.store().query({"", "TAP", std::nullopt, std::nullopt}).size() == 1);
    CHECK(rig.store().query({"SVMI", "", friday, std::nullopt}).size() == 1);
    const auto cancelled = rig.store().query({"", "", std::nullopt, FlightState::cancelled});
    REQUIRE(cancelled.size() == 2);
    CHECK(cancelled[0].designator() == "IBE6673"); // earliest departure first
    CHECK(cancelled[1].designator() == "TAP173");
}

TEST_CASE("airport signals start, stay without writes, change and clear", "[flight_store]") {
    FlightRig rig;
    AirportSignal stop;
    stop.airport = "KJFK";
    stop.type = "ground_stop";
    stop.reason = "thunderstorms";
    stop.end = friday_noon + hours{2};
    FlightBatch nas;
    nas.signals = {stop};
    auto result = rig.store().ingest("nas", nas, friday_noon);
    REQUIRE(result.signal_changes.size() == 1);
    CHECK(result.signal_changes[0].type == AirportSignalChange::Type::started);

    auto before = rig.writes();
    CHECK(rig.store().ingest("nas", nas, friday_noon + minutes{2}).signal_changes.empty());
    CHECK(rig.writes() == before);
    rig.store().ingest("nas", nas, friday_noon + minutes{12}); // last_seen, coarsely
    CHECK(rig.writes() == before + 1);
    CHECK(rig.store().signals("KJFK", true)[0].last_seen == friday_noon + minutes{12});

    nas.signals[0].end = friday_noon + hours{3};
    result = rig.store().ingest("nas", nas, friday_noon + minutes{20});
    REQUIRE(result.signal_changes.size() == 1);
    CHECK(result.signal_changes[0].type == AirportSignalChange::Type::changed);

    // Another source's batch does not clear it; a failed parse of this one does not either.
    rig.ingest({iberia()}, friday_noon + minutes{25}, "aeroapi");
    FlightBatch failed;
    failed.errors.push_back({"bad XML", 1});
    CHECK(rig.store().ingest("nas", failed, friday_noon + minutes{30}).signal_changes.empty());
    CHECK(rig.store().signals("KJFK", true).size() == 1);

    result = rig.store().ingest("nas", FlightBatch{}, friday_noon + minutes{40});
    REQUIRE(result.signal_changes.size() == 1);
    CHECK(result.signal_changes[0].type == AirportSignalChange::Type::cleared);
    CHECK(rig.store().signals("KJFK", true).empty());
    const auto all = rig.store().signals("KJFK", false);
    REQUIRE(all.size() == 1);
    CHECK(all[0].first_seen == friday_noon);
    CHECK(all[0].cleared == friday_noon + minutes{40});
}

TEST_CASE("pruning removes old flights and their history, and skips their return",
          "[flight_store]") {
    FlightRig rig;
    const UtcTime long_ago = friday_noon - hours{24 * 100};
    rig.ingest({make_flight("IB", "IBE", "1", "LEMD", "SVMI", long_ago)}, long_ago);
    rig.ingest({make_flight("IB", "IBE", "1", "LEMD", "SVMI", long_ago, FlightState::cancelled)},
               long_ago + hours{1});
    rig.ingest({iberia()});
    const auto pruned = rig.store().prune(friday_noon);
    CHECK(pruned.flights == 1);
    CHECK(pruned.changes == 2);
    CHECK(rig.count("SELECT count(*) FROM flight") == 1);
    CHECK(rig.count("SELECT count(*) FROM flight_change") == 1);
    // The counters stay (the baselines' own history); a late record of the pruned flight
    // would count it twice, so it is skipped.
    CHECK(rig.count("SELECT count(*) FROM flight_stats WHERE day < 20400") > 0);
    auto late = rig.ingest({make_flight("IB", "IBE", "1", "LEMD", "SVMI", long_ago)});
    CHECK(late.skipped == 1);
    CHECK(rig.count("SELECT count(*) FROM flight") == 1);
}

TEST_CASE("disruption summary: exposed, cancelled, diverted, airlines, against the baseline",
          "[flight_store]") {
    FlightRig rig;
    const UtcTime ten = friday_noon - hours{2}; // Friday 10:00Z
    const auto day = hours{24};
    // Two weeks of SVMI departures at 10Z, 30 a day; on the two Fridays 3 of them cancelled.
    for (int k = 1; k <= 14; ++k) {
        std::vector<FlightStatus> flights;
        for (int i = 0; i < 30; ++i) {
            flights.push_back(make_flight(
                "AV", "AVA", std::to_string(i), "SVMI", "SKBO", ten - k * day + minutes{i},
                k % 7 == 0 && i < 3 ? FlightState::cancelled : FlightState::scheduled));
        }
        rig.ingest(flights, ten - k * day - hours{3});
    }
    // Today: 12 of 30 cancelled by three airlines, one diverted; one cancellation outside.
    std::vector<FlightStatus> today;
    const std::vector<std::pair<std::string, std::string>> airlines = {
        {"AV", "AVA"}, {"IB", "IBE"}, {"TP", "TAP"}};
    for (int i = 0; i < 30; ++i) {
        const auto& [iata, icao] = airlines[static_cast<std::size_t>(i % 3)];
        today.push_back(make_flight(iata, icao, std::to_string(500 + i), "SVMI", "LEMD",
                                    ten + minutes{i * 2},
                                    i < 12    ? FlightState::cancelled
                                    : i == 12 ? FlightState::diverted
                                              : FlightState::scheduled));
    }
    today.push_back(
        make_flight("UX", "AEA", "71", "SVMI", "LEMD", ten + hours{5}, FlightState::cancelled));
    rig.ingest(today, ten - hours{1});

    BaselineConfig raw;
    raw.prior_weight = 0;
    const auto s = rig.store().disruption("SVMI", ten, ten + hours{1}, raw);
    CHECK(s.exposed == 30);
    CHECK(s.cancelled == 12);
    CHECK(s.diverted == 1);
    CHECK(s.airlines_cancelling == std::vector<std::string>{"AVA", "IBE", "TAP"});
    CHECK(s.cancel_rate == Approx(0.4));
    CHECK(s.basis == Baseline::Basis::hour_of_week);
    CHECK(s.baseline_cancel_rate == Approx(0.1));
    CHECK(s.expected_cancelled == Approx(3.0));
    REQUIRE(s.cancel_ratio);
    CHECK(*s.cancel_ratio == Approx(4.0));
    REQUIRE(s.cancelled_flights.size() == 12);
    CHECK(s.cancelled_flights[0].designator() == "AVA500");
    REQUIRE(s.diverted_flights.size() == 1);

    // Arrivals count at the destination: the same window at LEMD sees none (they land at 19Z),
    // a window around their arrival sees all 31.
    CHECK(rig.store().disruption("LEMD", ten, ten + hours{1}, raw).exposed == 0);
    const auto arrivals = rig.store().disruption("LEMD", ten + hours{9}, ten + hours{15}, raw);
    CHECK(arrivals.exposed == 31);
    CHECK(arrivals.cancelled == 13);
    CHECK(arrivals.basis == Baseline::Basis::prior);
}

TEST_CASE("a batch that fails half-way leaves nothing behind", "[flight_store]") {
    FlightRig rig;
    rig.db->database().execute(
        "CREATE TEMP TRIGGER fail BEFORE INSERT ON flight_change WHEN NEW.raw = 'boom' "
        "BEGIN SELECT RAISE(ABORT, 'boom'); END");
    auto bad = make_flight("TP", "TAP", "173", "LPPT", "SVMI", departure);
    bad.raw = "boom";
    CHECK_THROWS(rig.ingest({iberia(), bad}));
    CHECK(rig.count("SELECT count(*) FROM flight") == 0);
    CHECK(rig.count("SELECT count(*) FROM airline_code") == 0);
    CHECK(rig.count("SELECT count(*) FROM flight_stats_pending") == 0);
    CHECK(rig.store().cached_records() == 0);

    // Nothing was remembered either: the same records are new again.
    rig.db->database().execute("DROP TRIGGER fail");
    CHECK(rig.ingest({iberia(), bad}).changes.size() == 2);
    CHECK(rig.count("SELECT count(*) FROM airline_code") == 2);
    CHECK(rig.store().baseline("LPPT", std::nullopt, friday_noon + hours{24 * 7}).flights == 1);
}
