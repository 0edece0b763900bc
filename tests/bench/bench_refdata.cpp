// SPDX-License-Identifier: GPL-3.0-or-later
// Reference data: load time at start-up, and the look-ups later stages make per flight/hazard.
#include "refdata/refdata.hpp"

#include <benchmark/benchmark.h>

namespace {

const std::filesystem::path data_dir = aerowatch::default_data_directory();

void load(benchmark::State& state) {
    for (auto _ : state) {
        benchmark::DoNotOptimize(aerowatch::RefData::load(data_dir));
    }
}
BENCHMARK(load)->Unit(benchmark::kMillisecond);

void airport_by_iata(benchmark::State& state) {
    const auto data = aerowatch::RefData::load(data_dir);
    for (auto _ : state) {
        benchmark::DoNotOptimize(data->airport("CCS"));
    }
}
BENCHMARK(airport_by_iata);

void fir_of_coordinate(benchmark::State& state) {
    const auto data = aerowatch::RefData::load(data_dir);
    // A spread of points: Caracas, the North Atlantic, Frankfurt, the Pacific near the date line.
    const double points[][2] = {{10.6, -67.0}, {45.0, -35.0}, {50.03, 8.57}, {20.0, 179.9}};
    std::size_t i = 0;
    for (auto _ : state) {
        const auto& p = points[i++ % 4];
        benchmark::DoNotOptimize(data->fir_at(p[0], p[1]));
    }
}
BENCHMARK(fir_of_coordinate);

} // namespace

BENCHMARK_MAIN();
