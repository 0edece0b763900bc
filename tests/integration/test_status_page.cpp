// SPDX-License-Identifier: GPL-3.0-or-later
// The status page in a real browser: the Venezuela scenario replayed to 23 Nov 2025 and held,
// the page rendered by headless Chromium (Debian's chromium), its DOM checked for the shaded
// SVZM FIR, and a screenshot saved to build/test-artifacts/status-page.png for review.
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <httplib.h>

#include <csignal>
#include <fstream>
#include <regex>

using namespace aerowatch::test;
using namespace std::chrono_literals;

namespace {

constexpr const char* chromium = "/usr/bin/chromium";

/// Headless Chromium as the machine allows it: no sandbox (tests may run as root), no GPU, and
/// none of the background traffic a closed network refuses.
std::vector<std::string> chromium_command(const TempDir& dir, std::vector<std::string> extra) {
    std::vector<std::string> args{chromium,
                                  "--headless",
                                  "--no-sandbox",
                                  "--disable-gpu",
                                  "--disable-quic",
                                  "--no-first-run",
                                  "--disable-background-networking",
                                  "--disable-component-update",
                                  "--disable-sync",
                                  "--user-data-dir=" + (dir / "chromium-profile").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

/// Width and height from a PNG's IHDR chunk.
std::pair<std::uint32_t, std::uint32_t> png_size(const std::string& png) {
    auto be32 = [&](std::size_t at) {
        return (std::uint32_t(std::uint8_t(png[at])) << 24) |
               (std::uint32_t(std::uint8_t(png[at + 1])) << 16) |
               (std::uint32_t(std::uint8_t(png[at + 2])) << 8) |
               std::uint32_t(std::uint8_t(png[at + 3]));
    };
    return {be32(16), be32(20)};
}

} // namespace

TEST_CASE("the status page renders in Chromium with SVZM shaded during the Venezuela replay",
          "[http][page][venezuela]") {
    REQUIRE(std::filesystem::exists(chromium)); // scripts/setup installs Debian's chromium
    TempDir dir;
    ChildProcess replay({AEROWATCH_BINARY, "replay", AEROWATCH_SCENARIOS_DIR "/venezuela-2025-11",
                         "--db", (dir / "replay.db").string(), "--http", "127.0.0.1:0", "--until",
                         "2025-11-23T00:00:00Z", "--hold"},
                        {}, dir / "replay.out", dir / "replay.err");
    // ~6 s optimised; sanitizer builds take several times longer.
    REQUIRE(eventually(
        [&] {
            return read_file(dir / "replay.out").find("still serving HTTP") != std::string::npos;
        },
        240s));
    const auto out = read_file(dir / "replay.out");
    INFO(out);
    std::smatch m;
    REQUIRE(std::regex_search(out, m, std::regex(R"(status page http://127\.0\.0\.1:(\d+)/)")));
    const std::string url = "http://127.0.0.1:" + m[1].str() + "/";

    // What the server sends: the hazard alert and the shaded FIR, at the simulated time.
    httplib::Client client("127.0.0.1", std::stoi(m[1]));
    const auto page = client.Get("/");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK_THAT(page->body, Catch::Contains("as of 2025-11-23T00:00"));
    CHECK_THAT(page->body, Catch::Contains("data-kind=\"hazard\""));
    CHECK_THAT(page->body, Catch::Contains("data-kind=\"disruption_correlated\""));

    // What the browser makes of it.
    ChildProcess dump(chromium_command(dir, {"--dump-dom", url}), {}, dir / "dom.html",
                      dir / "chromium-dom.err");
    REQUIRE(dump.wait_exit(90s) == 0);
    const auto dom = read_file(dir / "dom.html");
    INFO(read_file(dir / "chromium-dom.err"));
    CHECK_THAT(dom, Catch::Contains("<title>aerowatch status</title>"));
    CHECK(std::regex_search(
        dom,
        std::regex(
            R"re(<path class="hazard fir sev-(caution|warning|prohibition)" data-fir="SVZM")re")));
    CHECK_THAT(dom, Catch::Contains("data-airport=\"SVMI\""));
    CHECK_THAT(dom, Catch::Contains("KICZ A0012/25"));

    const std::filesystem::path artifacts = AEROWATCH_ARTIFACTS_DIR;
    std::filesystem::create_directories(artifacts);
    const auto shot = artifacts / "status-page.png";
    std::filesystem::remove(shot);
    ChildProcess screenshot(
        chromium_command(dir, {"--window-size=1400,1100", "--screenshot=" + shot.string(), url}),
        {}, dir / "chromium-shot.out", dir / "chromium-shot.err");
    REQUIRE(screenshot.wait_exit(90s) == 0);
    const auto png = read_file(shot);
    REQUIRE(png.size() > 20000); // a blank page compresses to a few kilobytes
    CHECK(png.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
    CHECK(png_size(png) == std::pair<std::uint32_t, std::uint32_t>{1400, 1100});

    replay.signal(SIGTERM);
    CHECK(replay.wait_exit(60s) == 0);
    CHECK_THAT(read_file(dir / "replay.out"),
               Catch::Contains("disruption_correlated       1 alert(s)"));
}
