// SPDX-License-Identifier: GPL-3.0-or-later
// Exposure matching (correlate/exposure.hpp): a full pass, footprint + exposed for every active
// hazard against the flight snapshot, at several scales; and the incremental paths, one flight
// changed and the hazards on its airports re-evaluated, one new hazard matched.
// Targets (issue 5): 100,000 hazards x 200,000 flights in under 1 s on one core; each
// incremental step under 10 ms.
//
// The world is made from the shipped reference data: flights between airports with an IATA code,
// traffic skewed towards a few hubs (Zipf over a random ranking), 70% of flights within 1,500 NM,
// over 10 days. Hazards are placed at random airports: a quarter name a FIR only (security
// notices, FIR closures), half are aerodrome NOTAMs (the FIR, the aerodrome and a Q-line circle,
// mostly 5 NM), a quarter SIGMET-like polygons of 1-6 degrees; a fifth reach only the ground to
// FL200 and a fifth only FL250 and up; valid from 1 h to 3 days.
#include "correlate/disruption.hpp"
#include "correlate/exposure.hpp"
#include "refdata/refdata.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <numeric>
#include <optional>
#include <random>
#include <string_view>
#include <unordered_map>

#include <malloc.h>

namespace {

using namespace aerowatch;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

const UtcTime first_day{seconds{1763683200}}; // 2025-11-21T00:00Z
const UtcTime now = first_day + hours{5 * 24};
constexpr int max_hazards = 100000;
constexpr int max_flights = 200000;

double distance_nm(const Airport& a, const Airport& b) {
    constexpr double rad = std::numbers::pi / 180;
    const double h = std::pow(std::sin((b.lat - a.lat) * rad / 2), 2) +
                     std::cos(a.lat * rad) * std::cos(b.lat * rad) *
                         std::pow(std::sin((b.lon - a.lon) * rad / 2), 2);
    return 2 * 3440.065 * std::asin(std::sqrt(h));
}

struct World {
    std::shared_ptr<const RefData> refdata;
    std::vector<const Airport*> airports; // with an IATA code: the ones airlines fly to
    std::vector<FlightRecord> flights;
    std::vector<Hazard> hazards;
    std::vector<Hazard> fresh;        // never matched before: for the new-hazard case
    std::map<std::string, int> kinds; // hazards by kind, for the report

    World() : refdata(RefData::load(default_data_directory())) {
        refdata->for_each_airport([&](const Airport& a) {
            if (!a.iata.empty()) {
                airports.push_back(&a);
            }
        });
        std::mt19937_64 rng(5);
        make_flights(rng);
        make_hazards(rng, max_hazards, hazards, kinds);
        std::map<std::string, int> fresh_kinds;
        make_hazards(rng, 30000, fresh, fresh_kinds);
    }

    void make_flights(std::mt19937_64& rng) {
        // Zipf over a random ranking: the busiest airport carries ~1% of the movements.
        std::vector<double> weights(airports.size());
        std::vector<std::size_t> rank(airports.size());
        std::iota(rank.begin(), rank.end(), 0);
        std::shuffle(rank.begin(), rank.end(), rng);
        for (std::size_t i = 0; i < airports.size(); ++i) {
            weights[rank[i]] = 1.0 / static_cast<double>(i + 10);
        }
        std::discrete_distribution<std::size_t> pick(weights.begin(), weights.end());
        std::uniform_real_distribution<double> uniform(0, 1);
        flights.reserve(max_flights);
        for (int i = 0; i < max_flights; ++i) {
            const Airport* from = airports[pick(rng)];
            const Airport* to = airports[pick(rng)];
            const bool short_haul = uniform(rng) < 0.7;
            for (int tries = 0;
                 tries < 50 && (to == from || (short_haul && distance_nm(*from, *to) > 1500));
                 ++tries) {
                to = airports[pick(rng)];
            }
            FlightRecord f;
            f.id = i + 1;
            f.airline = "BEN";
            f.flight_number = std::to_string(i % 9000 + 1);
            f.origin = from->icao;
            f.destination = to->icao;
            f.scheduled_departure =
                first_day + seconds{static_cast<long>(uniform(rng) * 10 * 86400)};
            f.scheduled_arrival = f.scheduled_departure + minutes{30} +
                                  seconds{std::lround(distance_nm(*from, *to) / 450 * 3600)};
            f.state = uniform(rng) < 0.03 ? FlightState::cancelled : FlightState::scheduled;
            flights.push_back(std::move(f));
        }
    }

    void make_hazards(std::mt19937_64& rng, int count, std::vector<Hazard>& out,
                      std::map<std::string, int>& kinds_made) {
        std::uniform_real_distribution<double> uniform(0, 1);
        std::uniform_int_distribution<std::size_t> any(0, airports.size() - 1);
        out.reserve(static_cast<std::size_t>(count));
        for (int i = 0; i < count; ++i) {
            const Airport& a = *airports[any(rng)];
            Hazard h;
            h.key = "BENCH " + std::to_string(i);
            const double kind = uniform(rng);
            if (kind < 0.25 && !a.fir.empty()) {
                h.firs.push_back(a.fir);
                if (uniform(rng) < 0.1) { // a notice over two FIRs
                    const auto& other = airports[any(rng)]->fir;
                    if (!other.empty()) {
                        h.firs.push_back(other);
                    }
                }
                ++kinds_made["fir"];
            } else if (kind < 0.75) {
                if (!a.fir.empty()) {
                    h.firs.push_back(a.fir);
                }
                if (uniform(rng) < 0.6) {
                    h.airports.push_back(a.icao);
                }
                const double r = uniform(rng);
                h.geometry.type = Geometry::Type::circle;
                h.geometry.center = {a.lat + (uniform(rng) - 0.5) * 0.2,
                                     a.lon + (uniform(rng) - 0.5) * 0.2};
                h.geometry.radius_nm = r < 0.6   ? 5
                                       : r < 0.9 ? 5 + 45 * uniform(rng)
                                                 : 50 + 150 * uniform(rng);
                ++kinds_made["circle"];
            } else {
                const double clat = std::clamp(a.lat + (uniform(rng) - 0.5) * 6, -80.0, 80.0);
                const double clon = a.lon + (uniform(rng) - 0.5) * 6;
                const double size = 0.5 + 2.5 * uniform(rng);
                std::vector<GeoPoint> ring;
                for (int k = 0; k < 6; ++k) {
                    const double angle = k * std::numbers::pi / 3;
                    const double r = size * (0.6 + 0.4 * uniform(rng));
                    ring.push_back({clat + r * std::sin(angle),
                                    std::remainder(clon + r * std::cos(angle), 360.0)});
                }
                ring.push_back(ring.front());
                h.geometry.type = Geometry::Type::polygon;
                h.geometry.rings.push_back(std::move(ring));
                if (!a.fir.empty()) {
                    h.firs.push_back(a.fir);
                }
                ++kinds_made["polygon"];
            }
            const double level = uniform(rng);
            if (level < 0.2) {
                h.lower_ft = 0;
                h.upper_ft = 10000 + static_cast<int>(uniform(rng) * 10000);
            } else if (level < 0.4) {
                h.lower_ft = 25000 + static_cast<int>(uniform(rng) * 10000);
            } else {
                h.lower_ft = 0;
            }
            h.valid_from =
                first_day - hours{48} + seconds{static_cast<long>(uniform(rng) * 12 * 86400)};
            if (uniform(rng) < 0.05) {
                h.permanent = true;
            } else {
                // Log-uniform from 1 hour to 3 days.
                h.valid_to =
                    *h.valid_from + seconds{std::lround(3600 * std::pow(72.0, uniform(rng)))};
            }
            out.push_back(std::move(h));
        }
    }
};

const World& world() {
    static const World w;
    return w;
}

/// 0 FIR-only, 1 circle, 2 polygon.
int kind_of(const Hazard& h) {
    return h.geometry.type == Geometry::Type::circle    ? 1
           : h.geometry.type == Geometry::Type::polygon ? 2
                                                        : 0;
}

/// Heap in use, MB: what the engine's indexes hold.
double heap_mb() {
    return static_cast<double>(mallinfo2().uordblks) / 1e6;
}

/// An engine holding the first `count` flights, its FIR caches warmed by one pass.
std::unique_ptr<ExposureEngine> engine_with(std::size_t count, bool warm = true) {
    const World& w = world();
    auto engine = std::make_unique<ExposureEngine>(w.refdata);
    engine->set_flights({w.flights.begin(), w.flights.begin() + static_cast<long>(count)});
    if (warm) {
        for (const Hazard& h : w.hazards) {
            benchmark::DoNotOptimize(engine->exposed(h, engine->footprint(h), now, true));
        }
    }
    return engine;
}

/// Args: hazards, flights, routes (0/1).
void full_pass(benchmark::State& state) {
    const World& w = world();
    const auto hazards = static_cast<std::size_t>(state.range(0));
    const auto engine = engine_with(static_cast<std::size_t>(state.range(1)));
    const bool route = state.range(2) != 0;
    std::size_t exposed = 0;
    std::size_t via_route = 0;
    for (auto _ : state) {
        exposed = via_route = 0;
        for (std::size_t i = 0; i < hazards; ++i) {
            const Hazard& h = w.hazards[i];
            const auto found = engine->exposed(h, engine->footprint(h), now, route);
            exposed += found.size();
            for (const auto& e : found) {
                via_route += e.via == ExposureVia::route;
            }
        }
    }
    state.counters["exposed"] = static_cast<double>(exposed);
    state.counters["via_route"] = static_cast<double>(via_route);
    state.counters["fir"] = w.kinds.at("fir");
    state.counters["circle"] = w.kinds.at("circle");
    state.counters["polygon"] = w.kinds.at("polygon");
}
BENCHMARK(full_pass)
    ->ArgNames({"hazards", "flights", "route"})
    ->Args({25000, 200000, 1})
    ->Args({50000, 200000, 1})
    ->Args({100000, 200000, 1})
    ->Args({100000, 50000, 1})
    ->Args({100000, 100000, 1})
    ->Args({25000, 200000, 0})
    ->Args({50000, 200000, 0})
    ->Args({100000, 200000, 0})
    ->Args({100000, 50000, 0})
    ->Args({100000, 100000, 0})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

/// The pass as the correlator makes it: each hazard's exposures only where a disruption rule
/// measures them, scheduled within its window (default 72 h) either side of now, handed over
/// one at a time as the correlator takes them (for_each_exposed_counting_routes: route
/// exposures only counted unless cancelled or diverted). `exposed` and `via_route` count them
/// all.
/// Args: hazards, flights, routes (0/1).
void correlator_pass(benchmark::State& state) {
    const World& w = world();
    const auto hazards = static_cast<std::size_t>(state.range(0));
    const bool route = state.range(2) != 0;
    const TimeRange window{now - hours{72}, now + hours{72}};
    std::size_t exposed = 0;
    std::size_t via_route = 0;
    auto pass = [&](const ExposureEngine& engine) {
        exposed = via_route = 0;
        for (std::size_t i = 0; i < hazards; ++i) {
            const Hazard& h = w.hazards[i];
            const std::size_t routes = engine.for_each_exposed_counting_routes(
                h, *engine.shared_footprint(h), now, route, window,
                [&](const ExposedFlight& e) { exposed += e.via != ExposureVia::route; });
            exposed += routes;
            via_route += routes;
        }
    };
    // Warmed by a pass like the timed ones: what it keeps for the next (FIR and hazard area
    // crossings, footprints) is what the correlator's engine holds between passes.
    const auto engine = engine_with(static_cast<std::size_t>(state.range(1)), false);
    const double before = heap_mb();
    pass(*engine);
    state.counters["kept_MB"] = heap_mb() - before;
    for (auto _ : state) {
        pass(*engine);
    }
    state.counters["exposed"] = static_cast<double>(exposed);
    state.counters["via_route"] = static_cast<double>(via_route);
}
BENCHMARK(correlator_pass)
    ->ArgNames({"hazards", "flights", "route"})
    ->Args({25000, 200000, 1})
    ->Args({50000, 200000, 1})
    ->Args({100000, 200000, 1})
    ->Args({100000, 50000, 1})
    ->Args({100000, 100000, 1})
    ->Args({100000, 200000, 0})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

/// correlator_pass with what the correlator's disruption rules then do with the exposures:
/// grouped by airport (and "route:<key>" for routes) and measured (measure_disruption, the
/// prior for every group here; the correlator asks the store for airport baselines) where
/// the default rule's cancellations can hold. Args: hazards, grouping (0: every route
/// exposure listed and measured, into a map by airport per hazard, as the correlator did;
/// 1: route exposures counted and only the cancelled and diverted listed, still a map;
/// 2: ExposureGroups, reused across hazards with cancellations counted on the way, as the
/// correlator does now).
void disruption_pass(benchmark::State& state) {
    const World& w = world();
    const auto hazards = static_cast<std::size_t>(state.range(0));
    const auto grouping = state.range(1);
    const bool counting = grouping != 0;
    const TimeRange window{now - hours{72}, now + hours{72}};
    const BaselineConfig prior;
    const DisruptionRule rule; // the default thresholds
    const auto engine = engine_with(max_flights, false);
    std::size_t exposed = 0;
    std::size_t cancelled = 0;
    ExposureGroups groups;
    auto pass_grouped = [&] {
        exposed = cancelled = 0;
        for (std::size_t i = 0; i < hazards; ++i) {
            const Hazard& h = w.hazards[i];
            const auto fp = engine->shared_footprint(h); // as the correlator: not copied
            groups.collect(*engine, h, *fp, now, true, window);
            for (std::size_t g = 0; g < groups.size(); ++g) {
                const auto& group = groups[g];
                if (group.cancelled < rule.min_cancellations) {
                    continue;
                }
                const auto unlisted =
                    group.route ? static_cast<std::int64_t>(groups.routes() - group.flights.size())
                                : 0;
                const auto m = measure_disruption(
                    group.route ? "route:" + h.key : std::string(group.airport), group.flights,
                    window.from, window.to, nullptr, prior, h.valid_from, unlisted);
                exposed += static_cast<std::size_t>(m.exposed);
                cancelled += static_cast<std::size_t>(m.cancelled);
            }
        }
    };
    auto pass_mapped = [&] {
        exposed = cancelled = 0;
        for (std::size_t i = 0; i < hazards; ++i) {
            const Hazard& h = w.hazards[i];
            const auto fp = engine->footprint(h);
            std::map<std::string, std::vector<FlightAt>> by_airport;
            std::vector<FlightAt>* run = nullptr;
            bool run_route = false;
            std::string_view run_airport;
            const std::string route_key = "route:" + h.key;
            auto sink = [&](const ExposedFlight& e) {
                const bool route = e.via == ExposureVia::route;
                if (run == nullptr || route != run_route || e.airport != run_airport) {
                    run = &by_airport[route ? route_key : std::string(e.airport)];
                    run_route = route;
                    run_airport = e.airport;
                }
                run->push_back({e.flight, e.at});
            };
            std::size_t routes = 0;
            if (counting) {
                routes = engine->for_each_exposed_counting_routes(h, fp, now, true, window, sink);
                if (routes > 0) {
                    by_airport.try_emplace(route_key);
                }
            } else {
                engine->for_each_exposed(h, fp, now, true, window, sink);
            }
            for (const auto& [airport, flights] : by_airport) {
                // As the correlator: a group with fewer cancellations than the rule asks for
                // is not measured.
                const auto cancellations =
                    std::count_if(flights.begin(), flights.end(), [&](const FlightAt& f) {
                        return f.flight->state == FlightState::cancelled && f.at >= window.from &&
                               f.at < window.to;
                    });
                if (cancellations < rule.min_cancellations) {
                    continue;
                }
                const auto unlisted = counting && airport == route_key
                                          ? static_cast<std::int64_t>(routes - flights.size())
                                          : 0;
                const auto m = measure_disruption(airport, flights, window.from, window.to, nullptr,
                                                  prior, h.valid_from, unlisted);
                exposed += static_cast<std::size_t>(m.exposed);
                cancelled += static_cast<std::size_t>(m.cancelled);
            }
        }
    };
    auto pass = [&] {
        grouping == 2 ? pass_grouped() : pass_mapped();
    };
    pass(); // warm, as the correlator's engine is after its first pass
    for (auto _ : state) {
        pass();
    }
    state.counters["measured_exposed"] = static_cast<double>(exposed);
    state.counters["measured_cancelled"] = static_cast<double>(cancelled);
}
BENCHMARK(disruption_pass)
    ->ArgNames({"hazards", "grouping"})
    ->Args({25000, 0})
    ->Args({25000, 1})
    ->Args({25000, 2})
    ->Args({50000, 2})
    ->Args({100000, 1})
    ->Args({100000, 2})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

/// correlator_pass over the hazards of one kind only, to see where it spends its time.
/// Args: kind (0 FIR-only, 1 circle, 2 polygon), routes (0/1).
void correlator_pass_by_kind(benchmark::State& state) {
    const World& w = world();
    static const auto engine = engine_with(max_flights);
    const int kind = static_cast<int>(state.range(0));
    const bool route = state.range(1) != 0;
    const TimeRange window{now - hours{72}, now + hours{72}};
    std::vector<const Hazard*> hazards;
    for (const Hazard& h : w.hazards) {
        if (kind_of(h) == kind) {
            hazards.push_back(&h);
        }
    }
    std::size_t exposed = 0;
    std::size_t via_route = 0;
    for (auto _ : state) {
        exposed = via_route = 0;
        for (const Hazard* h : hazards) {
            const std::size_t routes = engine->for_each_exposed_counting_routes(
                *h, engine->footprint(*h), now, route, window,
                [&](const ExposedFlight& e) { exposed += e.via != ExposureVia::route; });
            exposed += routes;
            via_route += routes;
        }
    }
    std::size_t airports = 0;
    for (const Hazard* h : hazards) {
        airports += engine->footprint(*h).airports.size();
    }
    state.counters["hazards"] = static_cast<double>(hazards.size());
    state.counters["footprint_airports"] = static_cast<double>(airports);
    state.counters["exposed"] = static_cast<double>(exposed);
    state.counters["via_route"] = static_cast<double>(via_route);
}
BENCHMARK(correlator_pass_by_kind)
    ->ArgNames({"kind", "route"})
    ->ArgsProduct({{0, 1, 2}, {0, 1}})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

/// The same pass on a fresh engine: footprints are computed, FIR boundaries turned into route
/// areas and their crossings found on first use. Arg: routes.
void first_pass(benchmark::State& state) {
    const World& w = world();
    const bool route = state.range(0) != 0;
    for (auto _ : state) {
        state.PauseTiming();
        auto engine = engine_with(max_flights, false);
        state.ResumeTiming();
        for (const Hazard& h : w.hazards) {
            benchmark::DoNotOptimize(engine->exposed(h, engine->footprint(h), now, route));
        }
    }
}
BENCHMARK(first_pass)
    ->ArgName("route")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

/// A pass right after a new snapshot, as the correlator runs them (it hands the engine its
/// flights before each pass): the snapshot and the pass timed together. Args: routes (0/1),
/// flights changed per 10,000 (new times; as many new flights and as many gone; every other
/// flight with a new state, which the indexes do not see), window (0/1: each hazard's
/// exposures only within 72 h of now, as the correlator asks for them). Few changes are applied
/// one by one, keeping the FIR crossings; many (here 500, 15% of the snapshot) rebuild
/// everything.
void snapshot_pass(benchmark::State& state) {
    const World& w = world();
    const bool route = state.range(0) != 0;
    const auto changed = static_cast<std::size_t>(state.range(1));
    const bool windowed = state.range(2) != 0;
    const TimeRange window{now - hours{72}, now + hours{72}};
    const auto engine = engine_with(max_flights);
    std::mt19937_64 rng(11);
    std::uniform_int_distribution<std::size_t> any(0, w.flights.size() - 1);
    std::int64_t next_id = max_flights + 1;
    std::vector<FlightRecord> snapshot = w.flights;
    for (auto _ : state) {
        state.PauseTiming();
        for (std::size_t i = 0; i < snapshot.size(); i += 2) {
            snapshot[i].state = snapshot[i].state == FlightState::cancelled
                                    ? FlightState::scheduled
                                    : FlightState::cancelled;
        }
        const std::size_t count = snapshot.size() * changed / 10000;
        for (std::size_t k = 0; k < count; ++k) {
            snapshot[any(rng)].scheduled_departure += minutes{15};
            FlightRecord& gone = snapshot[any(rng)];
            gone = w.flights[any(rng)]; // a new flight in place of one that left
            gone.id = next_id++;
        }
        auto copy = snapshot;
        state.ResumeTiming();
        engine->set_flights(std::move(copy));
        for (const Hazard& h : w.hazards) {
            benchmark::DoNotOptimize(
                engine->exposed(h, engine->footprint(h), now, route,
                                windowed ? std::optional(window) : std::nullopt));
        }
    }
}
BENCHMARK(snapshot_pass)
    ->ArgNames({"route", "changed", "window"})
    ->Args({0, 0, 0})
    ->Args({1, 0, 0})
    ->Args({1, 10, 0})
    ->Args({1, 50, 0})
    ->Args({1, 500, 0})
    ->Args({0, 10, 1})
    ->Args({1, 10, 1})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(2);

/// A whole build: a new engine given 200,000 flights.
void set_flights(benchmark::State& state) {
    const World& w = world();
    double engine_mb = 0;
    for (auto _ : state) {
        const double before = heap_mb();
        ExposureEngine engine(w.refdata);
        engine.set_flights(w.flights);
        engine_mb = heap_mb() - before;
    }
    state.counters["engine_MB"] = engine_mb;
}
BENCHMARK(set_flights)->Unit(benchmark::kMillisecond)->Iterations(3);

/// One flight changes (a new time, sometimes cancelled), then every hazard whose footprint holds
/// one of its airports and whose window holds its time is matched again, as the correlator
/// would. Arg: routes (0/1).
void upsert_and_reevaluate(benchmark::State& state) {
    const World& w = world();
    const bool route = state.range(0) != 0;
    static const auto engine = engine_with(max_flights);
    static const auto footprints = [] {
        std::vector<HazardFootprint> out;
        for (const Hazard& h : world().hazards) {
            out.push_back(engine->footprint(h));
        }
        return out;
    }();
    static const auto by_airport = [] {
        std::unordered_map<std::string, std::vector<std::size_t>> out;
        for (std::size_t i = 0; i < footprints.size(); ++i) {
            for (const auto& code : footprints[i].airports) {
                out[code].push_back(i);
            }
        }
        return out;
    }();
    std::mt19937_64 rng(9);
    std::uniform_int_distribution<std::size_t> any(0, w.flights.size() - 1);
    std::size_t evaluated = 0;
    std::size_t exposed = 0;
    for (auto _ : state) {
        FlightRecord f = w.flights[any(rng)];
        f.scheduled_departure += minutes{static_cast<int>(rng() % 240)};
        f.state = rng() % 2 ? FlightState::cancelled : FlightState::delayed;
        engine->upsert_flight(f);
        for (const auto* code : {&f.origin, &f.destination}) {
            auto it = by_airport.find(*code);
            if (it == by_airport.end()) {
                continue;
            }
            for (std::size_t i : it->second) {
                const Hazard& h = w.hazards[i];
                const UtcTime end = h.valid_to ? *h.valid_to : now + hours{24 * 30};
                if (f.scheduled_departure + hours{30} < *h.valid_from - hours{6} ||
                    f.scheduled_departure > end + hours{6}) {
                    continue; // the correlator keeps hazards by time as well
                }
                exposed += engine->exposed(h, footprints[i], now, route).size();
                ++evaluated;
            }
        }
    }
    state.counters["hazards_per_upsert"] =
        static_cast<double>(evaluated) / static_cast<double>(state.iterations());
    state.counters["exposed_per_upsert"] =
        static_cast<double>(exposed) / static_cast<double>(state.iterations());
}
BENCHMARK(upsert_and_reevaluate)->ArgName("route")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

/// upsert_flight() alone: the sorted per-airport lists, the route R-tree and the FIR crossing
/// lists brought up to date.
void upsert_only(benchmark::State& state) {
    const World& w = world();
    static const auto engine = engine_with(max_flights);
    std::mt19937_64 rng(3);
    std::uniform_int_distribution<std::size_t> any(0, w.flights.size() - 1);
    for (auto _ : state) {
        FlightRecord f = w.flights[any(rng)];
        f.scheduled_departure += minutes{static_cast<int>(rng() % 240)};
        engine->upsert_flight(f);
    }
}
BENCHMARK(upsert_only)->Unit(benchmark::kMicrosecond);

/// One new hazard: footprint, then its exposed flights with routes. Arg: kind (0 FIR-only,
/// 1 circle, 2 polygon); each iteration takes the next hazard of that kind from a set the
/// engine has not seen (the FIRs' route crossings are known from the pass before, as they would
/// be in the daemon).
void new_hazard(benchmark::State& state) {
    const World& w = world();
    static const auto engine = engine_with(max_flights);
    std::vector<const Hazard*> pool;
    for (const Hazard& h : w.fresh) {
        if (kind_of(h) == state.range(0)) {
            pool.push_back(&h);
        }
    }
    std::size_t i = 0;
    std::size_t exposed = 0;
    for (auto _ : state) {
        const Hazard& h = *pool[i++ % pool.size()];
        exposed += engine->exposed(h, engine->footprint(h), now, true).size();
    }
    state.counters["exposed_per_hazard"] =
        static_cast<double>(exposed) / static_cast<double>(state.iterations());
}
BENCHMARK(new_hazard)
    ->ArgName("kind")
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Iterations(5000) // fewer than each kind's share of the fresh set: none repeats
    ->Unit(benchmark::kMicrosecond);

/// A full pass over the hazards of one kind only, to see where a pass spends its time.
/// Args: kind (0 FIR-only, 1 circle, 2 polygon), routes (0/1).
void pass_by_kind(benchmark::State& state) {
    const World& w = world();
    static const auto engine = engine_with(max_flights);
    const int kind = static_cast<int>(state.range(0));
    const bool route = state.range(1) != 0;
    std::vector<const Hazard*> hazards;
    for (const Hazard& h : w.hazards) {
        if (kind_of(h) == kind) {
            hazards.push_back(&h);
        }
    }
    std::size_t exposed = 0;
    for (auto _ : state) {
        exposed = 0;
        for (const Hazard* h : hazards) {
            exposed += engine->exposed(*h, engine->footprint(*h), now, route).size();
        }
    }
    state.counters["hazards"] = static_cast<double>(hazards.size());
    state.counters["exposed"] = static_cast<double>(exposed);
}
BENCHMARK(pass_by_kind)
    ->ArgNames({"kind", "route"})
    ->ArgsProduct({{0, 1, 2}, {0, 1}})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

} // namespace

BENCHMARK_MAIN();
