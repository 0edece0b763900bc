// SPDX-License-Identifier: GPL-3.0-or-later
#include "unit/flight_test_support.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace aerowatch;
using aerowatch::test::FlightRig;
using aerowatch::test::friday_noon;
using aerowatch::test::make_flight;
using std::chrono::hours;
using std::chrono::minutes;
using Basis = Baseline::Basis;

namespace {

const UtcTime friday_0830 = friday_noon - hours{3} - minutes{30}; // 2025-11-21T08:30Z
const UtcTime friday_0330 = friday_0830 - hours{5};
const auto day = hours{24};

/// Counters written straight through the BaselineStore: the arithmetic, without ingest.
struct StatsRig {
    FlightRig rig;
    BaselineStore& stats = rig.store().baselines();

    void add(const std::string& airport, const std::string& airline, UtcTime at,
             std::int64_t flights, std::int64_t cancelled = 0, std::int64_t diverted = 0) {
        stats.add(airport, airline, at, {flights, cancelled, diverted});
    }
    void flush() {
        sqlite::Transaction tx(rig.db->database());
        stats.flush();
        tx.commit();
    }
    /// Two weeks before Friday 21 Nov: 40 flights/day at 08Z (on Fridays 4 cancelled and 1
    /// diverted, else none), 2 flights/day at 03Z, none cancelled.
    void two_weeks_at(const std::string& airport) {
        for (int k = 1; k <= 14; ++k) {
            const bool friday = k % 7 == 0;
            add(airport, "", friday_0830 - k * day, 40, friday ? 4 : 0, friday ? 1 : 0);
            add(airport, "", friday_0330 - k * day, 2);
        }
        flush();
    }
};

BaselineConfig raw_rates() {
    BaselineConfig c;
    c.prior_weight = 0;
    return c;
}

} // namespace

TEST_CASE("hour of week counts from Monday 00Z", "[baseline]") {
    const UtcTime monday{std::chrono::seconds{1763942400}}; // 2025-11-24T00:00Z
    CHECK(hour_of_week(monday) == 0);
    CHECK(hour_of_week(monday + minutes{59}) == 0);
    CHECK(hour_of_week(monday - minutes{1}) == 167);
    CHECK(hour_of_week(friday_0830) == 4 * 24 + 8);
}

TEST_CASE("hour-of-week baselines from a constructed history", "[baseline]") {
    StatsRig s;
    s.two_weeks_at("LEMD");

    // Fridays 08Z: 2 x 40 flights, 8 cancelled, 2 diverted.
    auto raw = s.stats.baseline("LEMD", std::nullopt, friday_0830, raw_rates());
    CHECK(raw.basis == Basis::hour_of_week);
    CHECK(raw.flights == 80);
    CHECK(raw.cancelled == 8);
    CHECK(raw.cancel_rate == Approx(0.1));
    CHECK(raw.divert_rate == Approx(0.025));

    // With the prior as 50 pseudo-flights: (8 + 0.02 * 50) / (80 + 50).
    auto blended = s.stats.baseline("LEMD", std::nullopt, friday_0830, BaselineConfig{});
    CHECK(blended.cancel_rate == Approx(9.0 / 130));
    CHECK(blended.divert_rate == Approx(2.25 / 130));

    // Mondays 08Z had no cancellations: the same hour on another weekday is its own bucket.
    const UtcTime monday_0830 = friday_0830 + 3 * day;
    auto monday = s.stats.baseline("LEMD", std::nullopt, monday_0830, raw_rates());
    CHECK(monday.basis == Basis::hour_of_week);
    CHECK(monday.cancel_rate == 0);

    // The profile agrees with the point queries.
    const auto profile = s.stats.profile("LEMD", std::nullopt, friday_0830, raw_rates());
    CHECK(profile.at(friday_0830).cancel_rate == Approx(0.1));
    CHECK(profile.at(friday_0830).basis == Basis::hour_of_week);
    CHECK(profile.window.flights == 14 * 42);

    // The same numbers from the pending rows read back after a restart, and once folded.
    s.rig.reopen();
    auto& reopened = s.rig.store().baselines();
    CHECK(reopened.baseline("LEMD", std::nullopt, friday_0830, raw_rates()).cancel_rate ==
          Approx(0.1));
    {
        sqlite::Transaction tx(s.rig.db->database());
        reopened.fold();
        tx.commit();
    }
    CHECK(s.rig.count("SELECT count(*) FROM flight_stats_pending") == 0);
    const auto folded = reopened.baseline("LEMD", std::nullopt, friday_0830, raw_rates());
    CHECK(folded.flights == 80);
    CHECK(folded.cancel_rate == Approx(0.1));
    CHECK(reopened.profile("LEMD", std::nullopt, friday_0830, raw_rates()).window.flights ==
          14 * 42);
}

TEST_CASE("pending counter changes fold once there are enough of them", "[baseline]") {
    StatsRig s;
    s.stats.fold_threshold = 10;
    s.two_weeks_at("LEMD"); // 28 rows: folded at the flush
    CHECK(s.rig.count("SELECT count(*) FROM flight_stats_pending") == 0);
    CHECK(s.rig.count("SELECT count(*) FROM flight_stats") == 28);
    s.add("LEMD", "", friday_0830 - 7 * day, 40, 40);
    s.flush(); // below the threshold: pending, and counted
    CHECK(s.rig.count("SELECT count(*) FROM flight_stats_pending") == 1);
    CHECK(s.stats.baseline("LEMD", std::nullopt, friday_0830, raw_rates()).cancelled == 48);
}

TEST_CASE("a thin hour of week falls back to the window, a thin window to the prior",
          "[baseline]") {
    StatsRig s;
    s.two_weeks_at("LEMD");

    // 03Z has 4 flights on the two Fridays: too few; the window has 588 with 8 cancelled.
    auto window = s.stats.baseline("LEMD", std::nullopt, friday_0330, BaselineConfig{});
    CHECK(window.basis == Basis::window);
    CHECK(window.flights == 588);
    CHECK(window.cancel_rate == Approx(9.0 / 638));
    CHECK(s.stats.profile("LEMD", std::nullopt, friday_0830, BaselineConfig{})
              .at(friday_0330)
              .basis == Basis::window);

    // Ten flights, one cancelled, at a small airport: the prior dominates.
    for (int k = 1; k <= 10; ++k) {
        s.add("SVMI", "", friday_0830 - k * day, 1, k == 3 ? 1 : 0);
    }
    s.flush();
    auto thin = s.stats.baseline("SVMI", std::nullopt, friday_0830, BaselineConfig{});
    CHECK(thin.basis == Basis::prior);
    CHECK(thin.flights == 10);
    CHECK(thin.cancel_rate == Approx((1 + 0.02 * 50) / 60));

    // No history at all: exactly the prior.
    auto none = s.stats.baseline("SKBO", std::nullopt, friday_0830, BaselineConfig{});
    CHECK(none.basis == Basis::prior);
    CHECK(none.flights == 0);
    CHECK(none.cancel_rate == Approx(0.02));
    CHECK(none.divert_rate == Approx(0.005));

    // A shorter window sees only last Friday.
    BaselineConfig week;
    week.window = std::chrono::days{7};
    week.prior_weight = 0;
    auto last_week = s.stats.baseline("LEMD", std::nullopt, friday_0830, week);
    CHECK(last_week.flights == 40);
    CHECK(last_week.cancel_rate == Approx(0.1));
}

TEST_CASE("the day of the query does not count in its own baseline", "[baseline]") {
    StatsRig s;
    s.two_weeks_at("LEMD");
    s.add("LEMD", "", friday_0830 - hours{1}, 40, 40); // today: everything cancelled
    s.flush();
    CHECK(s.stats.baseline("LEMD", std::nullopt, friday_0830, raw_rates()).cancel_rate ==
          Approx(0.1));
}

TEST_CASE("an airline at an airport has its own baseline", "[baseline]") {
    StatsRig s;
    s.two_weeks_at("LEMD");
    for (int k : {7, 14}) {
        s.add("LEMD", "IBE", friday_0830 - k * day, 20, 10);
    }
    s.flush();
    auto iberia = s.stats.baseline("LEMD", std::string_view("IBE"), friday_0830, raw_rates());
    CHECK(iberia.basis == Basis::hour_of_week);
    CHECK(iberia.cancel_rate == Approx(0.5));
    CHECK(s.stats.baseline("LEMD", std::nullopt, friday_0830, raw_rates()).cancel_rate ==
          Approx(0.1));
    // An airline never seen there: the prior.
    CHECK(s.stats.baseline("LEMD", std::string_view("TAP"), friday_0830, BaselineConfig{}).basis ==
          Basis::prior);
}

TEST_CASE("ingest keeps the counters: a flight counts once, a reinstated one moves back",
          "[baseline]") {
    FlightRig rig;
    const UtcTime dep = friday_0830 - 7 * day;
    auto flight = make_flight("IB", "IBE", "1", "LEMD", "SVMI", dep);
    // The counters of the flight's day and hour, through the store (pending and folded alike):
    // an hour with any flight is its own bucket, an empty one falls back to the window.
    auto stats = [&](const char* airport, const char* airline, const char* column,
                     int hour = -1) -> std::int64_t {
        BaselineConfig c;
        c.prior_weight = 0;
        c.min_flights_per_hour_of_week = 1;
        const auto profile = rig.store().baselines().profile(
            airport, *airline ? std::optional<std::string_view>(airline) : std::nullopt, dep + day,
            c);
        const Baseline& b = hour < 0 ? profile.window
                                     : profile.by_hour_of_week[static_cast<std::size_t>(
                                           hour_of_week(dep) - hour_of_week(dep) % 24 + hour)];
        if (hour >= 0 && b.basis != Basis::hour_of_week) {
            return 0;
        }
        return std::string_view(column) == "flights" ? b.flights : b.cancelled;
    };
    rig.ingest({flight}, dep - hours{20});
    CHECK(stats("LEMD", "", "flights") == 1);
    CHECK(stats("LEMD", "IBE", "flights") == 1);
    CHECK(stats("SVMI", "", "flights") == 1); // the arrival, at the destination

    flight.state = FlightState::cancelled;
    rig.ingest({flight}, dep - hours{10});
    flight.estimated_departure = dep + hours{1};
    rig.ingest({flight}, dep - hours{9}); // a time change of a cancelled flight: still once
    CHECK(stats("LEMD", "", "flights") == 1);
    CHECK(stats("LEMD", "", "cancelled") == 1);
    CHECK(stats("SVMI", "IBE", "cancelled") == 1);

    flight.state = FlightState::scheduled;
    rig.ingest({flight}, dep - hours{8});
    CHECK(stats("LEMD", "", "cancelled") == 0);
    CHECK(stats("LEMD", "", "flights") == 1);

    // A new scheduled time moves the flight to its new hour.
    flight.scheduled_departure = dep + hours{2};
    rig.ingest({flight}, dep - hours{7});
    CHECK(stats("LEMD", "", "flights", 10) == 1);
    CHECK(stats("LEMD", "", "flights", 8) == 0);
    CHECK(stats("LEMD", "", "flights") == 1);

    // Folding the pending changes into the counters changes no total.
    {
        sqlite::Transaction tx(rig.db->database());
        rig.store().baselines().fold();
        tx.commit();
    }
    CHECK(rig.count("SELECT count(*) FROM flight_stats_pending") == 0);
    CHECK(stats("LEMD", "", "flights", 10) == 1);
    CHECK(stats("SVMI", "IBE", "cancelled") == 0);
}

TEST_CASE("pruning flights never changes a baseline", "[baseline]") {
    FlightRig rig;
    // Three weeks of departures from LEMD at 08Z, 25 a day, every fifth cancelled on Fridays.
    for (int k = 1; k <= 21; ++k) {
        std::vector<FlightStatus> flights;
        for (int i = 0; i < 25; ++i) {
            const bool cancelled = k % 7 == 0 && i % 5 == 0;
            flights.push_back(make_flight(
                "IB", "IBE", std::to_string(i), "LEMD", "SVMI", friday_0830 - k * day + minutes{i},
                cancelled ? FlightState::cancelled : FlightState::scheduled));
        }
        rig.ingest(flights, friday_0830 - k * day - hours{2});
    }
    auto& store = rig.store();
    const auto before = store.baseline("LEMD", std::nullopt, friday_0830, raw_rates());
    const auto airline_before = store.baseline("LEMD", "IB", friday_0830, raw_rates());
    CHECK(before.basis == Basis::hour_of_week);
    CHECK(before.flights == 50);
    CHECK(before.cancel_rate == Approx(0.2));
    CHECK(airline_before.cancel_rate == Approx(0.2));

    const auto pruned = store.prune(friday_0830, std::chrono::days{3});
    CHECK(pruned.flights == 18 * 25);
    CHECK(pruned.stats_rows == 0);
    const auto after = store.baseline("LEMD", std::nullopt, friday_0830, raw_rates());
    CHECK(after.flights == before.flights);
    CHECK(after.cancel_rate == before.cancel_rate);
    CHECK(after.basis == before.basis);
    CHECK(store.baseline("LEMD", "IB", friday_0830, raw_rates()).cancel_rate ==
          airline_before.cancel_rate);
}

TEST_CASE("a reader sees pending counters, and the folded ones after the writer folds",
          "[baseline]") {
    StatsRig s;
    s.two_weeks_at("LEMD");
    // The CLI beside the daemon: a second, read-only connection.
    auto reader = SqliteStore::open(s.rig.dir / "aerowatch.db", SqliteStore::Access::read_only);
    auto read = [&] {
        return reader->flights().baselines().baseline("LEMD", std::nullopt, friday_0830,
                                                      raw_rates());
    };
    CHECK(read().flights == 80);
    s.add("LEMD", "", friday_0830 - 7 * day, 40, 40);
    s.flush();
    CHECK(read().cancelled == 48); // only the new pending row is read
    {
        sqlite::Transaction tx(s.rig.db->database());
        s.stats.fold();
        tx.commit();
    }
    CHECK(read().cancelled == 48); // folded: read from flight_stats, not counted twice
    CHECK(read().flights == 120);
    s.add("LEMD", "", friday_0830 - 14 * day, 10, 0);
    s.flush();
    CHECK(read().flights == 130);
}
