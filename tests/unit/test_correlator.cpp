// SPDX-License-Identifier: GPL-3.0-or-later
// The correlator on a constructed case: a security NOTAM over the Maiquetia FIR, then
// cancellations by several airlines at Caracas over 72 hours, with Bogota as a control airport
// operating normally; two weeks of ordinary history before it for the baselines.
#include "correlate/correlator.hpp"
#include "correlate/disruption.hpp"
#include "refdata/refdata.hpp"
#include "sources/notam/notam_parsers.hpp"
#include "store/flight_codes.hpp"
#include "store/sqlite_store.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace aerowatch;
using aerowatch::test::TempDir;
using std::chrono::hours;
using std::chrono::minutes;

namespace {

const UtcTime notice{std::chrono::seconds{1763747000}}; // 2025-11-21T17:43:20Z
const UtcTime now = notice + hours{66};                 // 2025-11-24T11:43Z

std::shared_ptr<const RefData> refdata() {
    static const auto data = RefData::load(default_data_directory());
    return data;
}

Hazard kicz_notice() {
    Hazard h;
    h.key = "KICZ A0012/25";
    h.id = "A0012/25";
    h.issuer = "KICZ";
    h.kind = HazardKind::security_notice;
    h.severity = Severity::caution;
    h.categories.add(HazardCategory::security_conflict);
    h.firs = {"SVZM"};
    h.issued = notice;
    h.valid_from = notice;
    h.valid_to = notice + hours{24 * 90};
    h.text = "SECURITY..UNITED STATES OF AMERICA ADVISORY FOR THE MAIQUETIA FIR (SVZM). EXERCISE "
             "CAUTION ... POTENTIALLY HAZARDOUS SITUATION";
    return h;
}

FlightStatus leg(const std::string& airline_icao, int number, const std::string& origin,
                 const std::string& destination, UtcTime departure, FlightState state) {
    FlightStatus f;
    f.airline_icao = airline_icao;
    f.flight_number = std::to_string(number);
    f.origin = origin;
    f.destination = destination;
    f.scheduled_departure = departure;
    f.scheduled_arrival = departure + hours{4};
    f.state = state;
    return f;
}

HazardBatch one(Hazard h) {
    HazardBatch batch;
    batch.hazards.push_back(std::move(h));
    return batch;
}

const std::vector<std::string> airlines = {"IBE", "THY", "TAP", "AVA", "ARE", "GLO", "CMP", "AEA"};

struct Rig {
    TempDir dir;
    std::unique_ptr<SqliteStore> store = SqliteStore::open(dir / "c.db");
    Config config;

    Rig() {
        store->flights().set_retention(std::chrono::days{3650});
        store->flights().set_code_resolver(refdata_code_resolver(refdata()));
        WatchArea venezuela;
        venezuela.name = "venezuela";
        venezuela.firs = {"SVZM"};
        WatchArea colombia;
        colombia.name = "colombia";
        colombia.airports = {"SKBO"};
        config.correlation.watches = {venezuela, colombia};
        config.correlation.rules = default_disruption_rules();
    }

    /// Eight departures a day from each airport for `days` days before `until`, a few
    /// cancelled as on any fortnight, each recorded on the day it flew.
    void history(UtcTime until, int days) {
        int number = 100;
        for (int d = days; d >= 1; --d) {
            FlightBatch batch;
            const auto day = until - hours{24 * d};
            for (const auto* airport : {"SVMI", "SKBO"}) {
                for (int i = 0; i < 8; ++i) {
                    const bool unlucky = (d * 8 + i) % 37 == 0;
                    batch.flights.push_back(
                        leg(airlines[static_cast<std::size_t>(i)], number++, airport, "KMIA",
                            day + hours{i * 2},
                            unlucky ? FlightState::cancelled : FlightState::landed));
                }
            }
            store->flights().ingest("board", batch, day + hours{20});
        }
    }

    /// The 72 hours after the notice: at SVMI six of eight airlines cancel everything; at SKBO
    /// all operate. Cancellations recorded after the notice.
    void wave() {
        FlightBatch batch;
        int number = 5000;
        for (int d = 0; d < 3; ++d) {
            for (int i = 0; i < 8; ++i) {
                const auto departure = notice + hours{6 + 24 * d + i * 2};
                const auto& airline = airlines[static_cast<std::size_t>(i)];
                const bool cancels = i < 6;
                batch.flights.push_back(
                    leg(airline, number++, "SVMI", "LEMD", departure,
                        cancels ? FlightState::cancelled : FlightState::scheduled));
                batch.flights.push_back(
                    leg(airline, number++, "SKBO", "KMIA", departure, FlightState::scheduled));
            }
        }
        store->flights().ingest("board", batch, notice + hours{3});
    }

    CorrelationPass evaluate(UtcTime at) {
        Correlator correlator(*store, refdata(), config, at - hours{1});
        return correlator.evaluate(at);
    }
};

const AlertCandidate* find(const CorrelationPass& pass, const std::string& fingerprint) {
    for (const auto& c : pass.candidates) {
        if (c.fingerprint == fingerprint) {
            return &c;
        }
    }
    return nullptr;
}

} // namespace

TEST_CASE("the Caracas case: a correlated disruption with the right airlines, a quiet control",
          "[correlator]") {
    Rig rig;
    rig.history(notice, 14);
    rig.store->hazards().ingest("faa", one(kicz_notice()), notice);
    rig.wave();

    const auto pass = rig.evaluate(now);
    const auto* hazard = find(pass, "hazard:KICZ A0012/25");
    REQUIRE(hazard != nullptr);
    CHECK(hazard->severity == AlertSeverity::warning);
    CHECK(hazard->labels.firs == std::vector<std::string>{"SVZM"});

    const auto* svmi = find(pass, "disruption_correlated:SVMI");
    REQUIRE(svmi != nullptr);
    CHECK(svmi->labels.airlines ==
          std::vector<std::string>{"ARE", "AVA", "GLO", "IBE", "TAP", "THY"});
    CHECK(svmi->labels.firs == std::vector<std::string>{"SVZM"});
    CHECK(svmi->labels.countries == std::vector<std::string>{"Venezuela"});
    const auto& e = svmi->evidence;
    CHECK(e["counts"]["cancelled"] == 18);
    CHECK(e["counts"]["exposed"] == 24);
    CHECK(e["counts"]["airlines_cancelling"] == 6);
    CHECK(e["hazards"][0]["key"] == "KICZ A0012/25");
    CHECK(e["ratio"].get<double>() > 10);
    CHECK(e["confidence"]["value"].get<double>() > 0.8);
    CHECK(e["flights"]["cancelled"].size() == 18);
    CHECK_THAT(svmi->summary, Catch::Contains("18 of 24 flights at SVMI (Caracas)"));

    // The control airport stays quiet: no hazard there, and no spike to be unexplained.
    CHECK(find(pass, "disruption_correlated:SKBO") == nullptr);
    CHECK(find(pass, "disruption_unexplained:SKBO") == nullptr);
    CHECK(std::none_of(pass.candidates.begin(), pass.candidates.end(),
                       [](const auto& c) { return c.kind == AlertKind::disruption_unexplained; }));
}

TEST_CASE("without the hazard the same wave is an unexplained disruption", "[correlator]") {
    Rig rig;
    rig.history(notice, 14);
    rig.wave();
    auto pass = rig.evaluate(now);
    CHECK(find(pass, "disruption_correlated:SVMI") == nullptr);
    // The unexplained rule looks 24 hours either side of now: the six cancellations of the
    // third day. The default asks for 8; this operator watches for 6.
    CHECK(find(pass, "disruption_unexplained:SVMI") == nullptr);
    rig.config.correlation.rules[1].min_cancellations = 6;
    pass = rig.evaluate(now);
    const auto* svmi = find(pass, "disruption_unexplained:SVMI");
    REQUIRE(svmi != nullptr);
    CHECK(svmi->severity == AlertSeverity::warning);
    CHECK(svmi->evidence["hazards"].empty());
    CHECK(find(pass, "disruption_unexplained:SKBO") == nullptr);
}

TEST_CASE("a hazard below a rule's severity, or a quiet airport, raises no disruption",
          "[correlator]") {
    Rig rig;
    rig.history(notice, 14);
    auto info = kicz_notice();
    info.severity = Severity::info;
    rig.store->hazards().ingest("faa", one(info), notice);
    rig.wave();
    const auto pass = rig.evaluate(now);
    CHECK(find(pass, "hazard:KICZ A0012/25") == nullptr); // below the watch's min_severity
    CHECK(find(pass, "disruption_correlated:SVMI") == nullptr);
    // An info hazard still explains the airport: no unexplained alert either.
    CHECK(find(pass, "disruption_unexplained:SVMI") == nullptr);
}

TEST_CASE("escalation: the same issuer and FIRs, later and more severe", "[correlator]") {
    Rig rig;
    auto first = kicz_notice();
    rig.store->hazards().ingest("faa", one(first), notice);
    auto second = kicz_notice();
    second.key = "KICZ A0031/25";
    second.id = "A0031/25";
    second.severity = Severity::prohibition;
    second.issued = notice + hours{24 * 10};
    second.valid_from = second.issued;
    rig.store->hazards().ingest("faa", one(second), *second.issued);
    const auto pass = rig.evaluate(*second.issued + hours{1});
    const auto* escalated = find(pass, "hazard_escalated:KICZ A0031/25");
    REQUIRE(escalated != nullptr);
    CHECK(escalated->severity == AlertSeverity::critical);
    CHECK_THAT(escalated->summary, Catch::Contains("from caution (A0012/25) to prohibition"));
    CHECK(find(pass, "hazard_escalated:KICZ A0012/25") == nullptr);
}

TEST_CASE("a watch area's keywords take in a hazard that names no place of it", "[correlator]") {
    Rig rig;
    WatchArea by_name;
    by_name.name = "venezuela-by-name";
    by_name.keywords = {"venezuela", "Maiquetia   FIR"}; // matched as the text is: upper, collapsed
    rig.config.correlation.watches.push_back(by_name);
    // KICZ A0013/19, "PROHIBITION FOR VENEZUELA": a notice that names no FIR.
    const auto prohibition = parse_notam_text_feed(
        test::read_file(std::string(AEROWATCH_FIXTURES_DIR) + "/notam/kicz_a0013_19.txt"));
    REQUIRE(prohibition.hazards.size() == 1);
    REQUIRE(prohibition.hazards.front().firs.empty());
    rig.store->hazards().ingest("faa", prohibition, notice);
    // Elsewhere, a word that only starts like one: no match.
    auto adjective = kicz_notice();
    adjective.key = "KICZ A0040/25";
    adjective.firs = {"TTZP"};
    adjective.text = "SECURITY..CAUTION FOR VENEZUELAN REGISTERED AIRCRAFT IN THE PIARCO FIR";
    rig.store->hazards().ingest("faa", one(adjective), notice);
    // In the FIR of one watch and naming the other's phrase across a line break: both.
    auto both = kicz_notice();
    both.text = "SECURITY..ADVISORY FOR THE MAIQUETIA\nFIR (SVZM). EXERCISE CAUTION";
    rig.store->hazards().ingest("faa", one(both), notice);

    const auto pass = rig.evaluate(notice + hours{1});
    const auto* named = find(pass, "hazard:KICZ A0013/19");
    REQUIRE(named != nullptr);
    CHECK(named->evidence["watch_areas"] == nlohmann::json::array({"venezuela-by-name"}));
    CHECK_THAT(named->summary, Catch::Contains("in watch area venezuela-by-name"));
    CHECK(find(pass, "hazard:KICZ A0040/25") == nullptr);
    const auto* twice = find(pass, "hazard:KICZ A0012/25");
    REQUIRE(twice != nullptr);
    CHECK(twice->evidence["watch_areas"] ==
          nlohmann::json::array({"venezuela", "venezuela-by-name"}));
}

TEST_CASE("a source with no success past stale_after is unhealthy", "[correlator]") {
    Rig rig;
    SourceConfig source;
    source.name = "faa-nms";
    source.kind = "faa_notam_api";
    source.interval = minutes{5};
    rig.config.sources = {source};
    SourceState state;
    state.name = "faa-nms";
    state.last_success = now - minutes{14};
    rig.store->save_source_state(state);
    CHECK(find(rig.evaluate(now), "source_unhealthy:faa-nms") == nullptr);
    state.last_success = now - minutes{16};
    state.last_error = "HTTP 503";
    rig.store->save_source_state(state);
    const auto pass = rig.evaluate(now);
    const auto* unhealthy = find(pass, "source_unhealthy:faa-nms");
    REQUIRE(unhealthy != nullptr);
    CHECK_THAT(unhealthy->summary, Catch::Contains("HTTP 503"));
}

TEST_CASE("disruption thresholds hold on their boundaries; confidence orders evidence",
          "[correlator]") {
    std::vector<FlightRecord> records(20);
    std::vector<FlightAt> flights;
    for (std::size_t i = 0; i < records.size(); ++i) {
        records[i].id = static_cast<std::int64_t>(i + 1);
        records[i].airline = "A" + std::to_string(i % 4);
        records[i].scheduled_departure = now + hours{static_cast<int>(i)};
        records[i].state = i < 5 ? FlightState::cancelled : FlightState::scheduled;
        records[i].last_changed = now;
        flights.push_back({&records[i], records[i].scheduled_departure});
    }
    BaselineConfig prior; // 2 % prior
    const auto m = measure_disruption("SVMI", flights, now - hours{72}, now + hours{72}, nullptr,
                                      prior, now - hours{1});
    CHECK(m.cancelled == 5);
    CHECK(m.airlines_cancelling.size() == 4); // A0..A3 with flight 5 being A0 again
    REQUIRE(m.ratio);
    CHECK(*m.ratio == Approx(0.25 / 0.02));

    DisruptionRule rule;
    rule.min_cancellations = 5;
    rule.min_airlines = 4;
    rule.min_ratio = *m.ratio;
    CHECK(check_thresholds(m, rule).holds);
    rule.min_cancellations = 6;
    CHECK_FALSE(check_thresholds(m, rule).holds);
    rule.min_cancellations = 5;
    rule.min_airlines = 5;
    CHECK_FALSE(check_thresholds(m, rule).holds);
    rule.min_airlines = 4;
    rule.min_ratio = *m.ratio + 0.01;
    CHECK_FALSE(check_thresholds(m, rule).holds);

    // More cancellations, more airlines, a higher ratio, and cancellations after the hazard
    // each raise confidence.
    auto weaker = m;
    weaker.cancelled_after_start = 0;
    CHECK(disruption_confidence(m, true).value > disruption_confidence(weaker, true).value);
    auto fewer = m;
    fewer.cancelled = 2;
    fewer.cancelled_after_start = 2;
    fewer.airlines_cancelling.resize(2);
    fewer.ratio = 5;
    CHECK(disruption_confidence(m, true).value > disruption_confidence(fewer, true).value);
}

TEST_CASE("a route rule counts the flights crossing the hazard's area, and lists the cancelled",
          "[correlator]") {
    // Miami to Sao Paulo flies over Venezuela: crossing the Maiquetia FIR, with neither end in
    // it. The engine hands the correlator only the cancelled and diverted of those and counts
    // the rest; the measure must be the one of every flight listed.
    Rig rig;
    rig.history(notice, 14);
    rig.store->hazards().ingest("faa", one(kicz_notice()), notice);
    rig.wave();
    DisruptionRule routes;
    routes.name = "overflights";
    routes.route = true;
    routes.min_cancellations = 3;
    routes.min_airlines = 2;
    rig.config.correlation.rules = {routes};
    FlightBatch batch;
    std::vector<FlightRecord> records;
    for (int i = 0; i < 30; ++i) {
        const auto& airline = airlines[static_cast<std::size_t>(i % 4)];
        const auto state = i % 5 == 0   ? FlightState::cancelled
                           : i % 7 == 0 ? FlightState::diverted
                                        : FlightState::scheduled;
        batch.flights.push_back(
            leg(airline, 7000 + i, "KMIA", "SBGR", notice + hours{8 + 3 * i}, state));
        batch.flights.back().scheduled_arrival = notice + hours{16 + 3 * i};
    }
    rig.store->flights().ingest("board", batch, notice + hours{4});
    const auto pass = rig.evaluate(now);
    const auto* route = find(pass, "disruption_correlated:route:KICZ A0012/25");
    REQUIRE(route != nullptr);

    // What measure_disruption() makes of every exposed flight, listed one by one.
    std::vector<FlightRecord> flights;
    for (int i = 0; i < 30; ++i) {
        const UtcTime departure = notice + hours{8 + 3 * i};
        if (departure < now - hours{72} || departure >= now + hours{72}) {
            continue;
        }
        FlightRecord f;
        f.id = i;
        f.airline = airlines[static_cast<std::size_t>(i % 4)];
        f.scheduled_departure = departure;
        f.state = i % 5 == 0   ? FlightState::cancelled
                  : i % 7 == 0 ? FlightState::diverted
                               : FlightState::scheduled;
        flights.push_back(f);
    }
    std::vector<FlightAt> listed;
    for (const auto& f : flights) {
        listed.push_back({&f, f.scheduled_departure});
    }
    const auto expected =
        measure_disruption("route:KICZ A0012/25", listed, now - hours{72}, now + hours{72}, nullptr,
                           rig.config.flights.baseline, notice);
    const auto& e = route->evidence;
    CHECK(e["counts"]["exposed"] == expected.exposed);
    CHECK(e["counts"]["cancelled"] == expected.cancelled);
    CHECK(e["counts"]["diverted"] == expected.diverted);
    CHECK(e["counts"]["airlines_cancelling"] == expected.airlines_cancelling.size());
    CHECK(e["ratio"].get<double>() == *expected.ratio);
    CHECK(e["flights"]["cancelled"].size() == static_cast<std::size_t>(expected.cancelled));
    CHECK(expected.exposed > 15);
    CHECK(expected.cancelled >= 3);
}

TEST_CASE("flights counted and not listed measure as the same flights listed", "[correlator]") {
    std::vector<FlightRecord> records(40);
    std::vector<FlightAt> all;
    std::vector<FlightAt> notable;
    for (std::size_t i = 0; i < records.size(); ++i) {
        records[i].id = static_cast<std::int64_t>(i + 1);
        records[i].airline = "A" + std::to_string(i % 5);
        records[i].scheduled_departure = now + hours{static_cast<int>(i % 13)};
        records[i].state = i % 6 == 0   ? FlightState::cancelled
                           : i % 9 == 0 ? FlightState::diverted
                                        : FlightState::scheduled;
        records[i].last_changed = now - hours{static_cast<int>(i % 3)};
        all.push_back({&records[i], records[i].scheduled_departure});
        if (records[i].state != FlightState::scheduled) {
            notable.push_back(all.back());
        }
    }
    BaselineConfig prior;
    prior.prior_cancel_rate = 0.013; // not a sum of powers of two: rounding would show
    const auto full = measure_disruption("route:X", all, now - hours{72}, now + hours{72}, nullptr,
                                         prior, now - hours{1});
    const auto counted =
        measure_disruption("route:X", notable, now - hours{72}, now + hours{72}, nullptr, prior,
                           now - hours{1}, static_cast<std::int64_t>(all.size() - notable.size()));
    CHECK(counted.exposed == full.exposed);
    CHECK(counted.cancelled == full.cancelled);
    CHECK(counted.diverted == full.diverted);
    CHECK(counted.cancelled_after_start == full.cancelled_after_start);
    CHECK(counted.airlines_cancelling == full.airlines_cancelling);
    CHECK(counted.expected_cancelled == full.expected_cancelled); // to the last bit
    CHECK(counted.ratio == full.ratio);
    CHECK(counted.cancelled_flights == full.cancelled_flights);
    CHECK(counted.diverted_flights == full.diverted_flights);
    const DisruptionRule rule;
    const auto check = check_thresholds(full, rule);
    CHECK(disruption_evidence(counted, check, disruption_confidence(counted, true)) ==
          disruption_evidence(full, check, disruption_confidence(full, true)));
    BaselineProfile profile;
    CHECK_THROWS(measure_disruption("X", notable, now - hours{72}, now + hours{72}, &profile, prior,
                                    std::nullopt, 3));
}
