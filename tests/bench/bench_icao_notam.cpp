// SPDX-License-Identifier: GPL-3.0-or-later
// ICAO NOTAM text: NOTAMs/s and bytes/s of the parser on one core (target: 200,000 NOTAMs/s),
// and of a whole text payload (split + parse, then + hazard + classifier).
#include "sources/notam/notam_parsers.hpp"
#include "support/temp_dir.hpp"

#include <benchmark/benchmark.h>

#include <string>
#include <string_view>
#include <vector>

namespace {

/// The ICAO fixtures (real examples and the reconstructed A0012/25), repeated to ~5 MB, as
/// one payload of NOTAMs separated by blank lines.
const std::string& corpus() {
    static const std::string text = [] {
        const std::string dir = std::string(AEROWATCH_FIXTURES_DIR) + "/notam/";
        std::string one;
        for (const char* name :
             {"icao_a0185_09_notamr.txt", "icao_a0185_09_crlf.txt", "icao_a0185_09_aftn.txt",
              "icao_b0131_09_trailing_paren_dupe.txt", "icao_0603_09_missing_series_perm.txt",
              "icao_a0554_23_empty_q_fields_est.txt", "icao_a0046_22_luuu_clsd.txt",
              "icao_ead_footer_synthetic.txt", "kicz_a0012_25.icao.txt"}) {
            one += aerowatch::test::read_file(dir + name);
            one += "\n";
        }
        std::string all;
        all.reserve(5'300'000);
        while (all.size() < 5'000'000) {
            all += one;
        }
        return all;
    }();
    return text;
}

const std::vector<std::string_view>& notams() {
    static const std::vector<std::string_view> pieces = [] {
        std::vector<std::string_view> out;
        for (const auto& piece : aerowatch::split_notams(corpus())) {
            out.push_back(piece.text);
        }
        return out;
    }();
    return pieces;
}

void icao_parse(benchmark::State& state) {
    const auto& pieces = notams();
    std::size_t bytes = 0;
    for (const auto piece : pieces) {
        bytes += piece.size();
    }
    for (auto _ : state) {
        for (const auto piece : pieces) {
            auto notam = aerowatch::parse_icao_notam(piece);
            if (!notam) {
                state.SkipWithError("a fixture did not parse");
                return;
            }
            benchmark::DoNotOptimize(notam);
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * pieces.size()));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}
BENCHMARK(icao_parse)->Unit(benchmark::kMillisecond);

void text_payload_split_and_parse(benchmark::State& state) {
    const std::string& text = corpus();
    std::size_t count = 0;
    for (auto _ : state) {
        count = 0;
        for (const auto& piece : aerowatch::split_notams(text)) {
            auto notam = aerowatch::parse_notam(piece.text);
            benchmark::DoNotOptimize(notam);
            ++count;
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * count));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(text_payload_split_and_parse)->Unit(benchmark::kMillisecond);

void text_feed_to_hazards(benchmark::State& state) {
    const std::string& text = corpus();
    std::size_t count = 0;
    for (auto _ : state) {
        auto batch = aerowatch::parse_notam_text_feed(text);
        count = batch.hazards.size() + batch.errors.size();
        benchmark::DoNotOptimize(batch);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * count));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(text_feed_to_hazards)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
