// SPDX-License-Identifier: GPL-3.0-or-later
// The HTTP side's pure parts: Prometheus text, health verdicts, the SVG map, HTML escaping.
#include "core/text.hpp"
#include "http/health.hpp"
#include "http/html.hpp"
#include "http/prometheus_text.hpp"
#include "http/svg_map.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <regex>

using namespace aerowatch;
using namespace std::chrono_literals;

namespace {

const UtcTime t0{std::chrono::sys_days{std::chrono::year{2025} / 11 / 21} + 18h};

SourceConfig source(std::chrono::seconds interval, std::chrono::seconds stale_after = 0s) {
    SourceConfig s;
    s.name = "faa";
    s.kind = "faa_notam_api";
    s.interval = interval;
    s.stale_after = stale_after;
    return s;
}

StoredHazard hazard(const std::string& key, Severity severity, std::vector<std::string> firs) {
    StoredHazard s;
    s.hazard.key = key;
    s.hazard.id = key;
    s.hazard.severity = severity;
    s.hazard.firs = std::move(firs);
    s.hazard.text = "SECURITY..POTENTIALLY HAZARDOUS SITUATION <&> \"quoted\"";
    return s;
}

std::shared_ptr<const RefData> refdata() {
    static const auto data = RefData::load(default_data_directory());
    return data;
}

} // namespace

TEST_CASE("Prometheus text: HELP and TYPE once, labels escaped, values spelled",
          "[http][metrics]") {
    PrometheusText m;
    m.family("aerowatch_x_total", "counter", "A help\\text\nwith a newline.");
    m.sample("aerowatch_x_total", {{"source", "a\"b\\c\nd"}, {"result", "ok"}}, 3);
    m.sample("aerowatch_x_total", 0.25);
    CHECK(m.text() == "# HELP aerowatch_x_total A help\\\\text\\nwith a newline.\n"
                      "# TYPE aerowatch_x_total counter\n"
                      "aerowatch_x_total{source=\"a\\\"b\\\\c\\nd\",result=\"ok\"} 3\n"
                      "aerowatch_x_total 0.25\n");
    CHECK(format_sample_value(1795860225) == "1795860225");
    CHECK(format_sample_value(std::numeric_limits<double>::infinity()) == "+Inf");
    CHECK(format_sample_value(-std::numeric_limits<double>::infinity()) == "-Inf");
    CHECK(format_sample_value(std::nan("")) == "NaN");
    CHECK(format_sample_value(0.695918367346939) == "0.695918367346939");
}

TEST_CASE("fetch metrics: outcomes counted, durations bucketed cumulatively", "[http][metrics]") {
    FetchMetrics metrics;
    metrics.record_fetch("faa", FetchOutcome::ok, 40ms);
    metrics.record_fetch("faa", FetchOutcome::ok, 100ms); // on a bucket's bound: counted in it
    metrics.record_fetch("faa", FetchOutcome::timeout, 61s);
    metrics.record_fetch("faa", FetchOutcome::cancelled, 1ms); // shutdown: not a fetch
    metrics.record_items("faa", 12, 1);
    const auto s = metrics.snapshot().at("faa");
    CHECK(s.fetches[static_cast<std::size_t>(FetchOutcome::ok)] == 2);
    CHECK(s.fetches[static_cast<std::size_t>(FetchOutcome::timeout)] == 1);
    CHECK(s.duration_count == 3);
    CHECK(s.duration_le[0] == 1);     // <= 0.05 s
    CHECK(s.duration_le[1] == 2);     // <= 0.1 s
    CHECK(s.duration_le.back() == 2); // <= 60 s: the timeout is only in +Inf
    CHECK(s.duration_sum == Approx(61.14));
    CHECK(s.items_parsed == 12);
    CHECK(s.items_skipped == 1);
}

TEST_CASE("source health: ok, failing, stale on the stale_after boundary, pending, disabled",
          "[http][health]") {
    const auto faa = source(5min); // stale after 3 x 5 min
    SourceState state;
    state.name = "faa";
    state.last_success = t0;
    CHECK(source_health(faa, &state, t0 + 15min, t0 - 1h) == "ok");
    CHECK(source_health(faa, &state, t0 + 15min + 1s, t0 - 1h) == "stale");
    state.consecutive_failures = 2;
    CHECK(source_health(faa, &state, t0 + 10min, t0 - 1h) == "failing");
    // Never polled: counted from the daemon's start.
    CHECK(source_health(faa, nullptr, t0 + 15min, t0) == "pending");
    CHECK(source_health(faa, nullptr, t0 + 15min + 1s, t0) == "stale");
    CHECK(source_health(source(5min, 2h), &state, t0 + 90min, t0) == "failing");
    auto off = faa;
    off.enabled = false;
    CHECK(source_health(off, nullptr, t0 + 24h, t0) == "disabled");
}

TEST_CASE("liveness: a loop silent past the stall limit is reported, not hidden",
          "[http][health]") {
    ServiceStatus status(t0);
    const SteadyTime start{};
    CHECK(liveness(status, start).status == 503); // not ready yet
    CHECK(liveness(status, start).body["status"] == "starting");
    status.set_ready(true);
    status.loop_ticked(start);
    CHECK(liveness(status, start + loop_stall_limit).status == 200);
    const auto stalled = liveness(status, start + loop_stall_limit + 1s);
    CHECK(stalled.status == 503);
    CHECK(stalled.body["status"] == "stalled");
    CHECK(stalled.body["loop_tick_age_seconds"].get<double>() == Approx(31));
}

TEST_CASE("readiness: started, database answering, config loaded; sources reported",
          "[http][health]") {
    ServiceStatus status(t0);
    Config config;
    config.path = "/etc/aerowatch/aerowatch.toml";
    config.sources.push_back(source(5min));
    status.set_config(config);
    SourceState state;
    state.name = "faa";
    state.last_success = t0 - 1h;
    state.consecutive_failures = 4;
    state.last_error = "HTTP 503";

    CHECK(readiness(status, {state}, "", t0).status == 503); // not started
    status.set_ready(true);
    const auto ready = readiness(status, {state}, "", t0);
    CHECK(ready.status == 200); // a stale feed is an alert, not unreadiness
    CHECK(ready.body["sources"][0]["health"] == "stale");
    CHECK(ready.body["sources"][0]["last_error"] == "HTTP 503");
    CHECK(ready.body["config"] == "/etc/aerowatch/aerowatch.toml");
    const auto broken = readiness(status, {}, "database is locked", t0);
    CHECK(broken.status == 503);
    CHECK(broken.body["database"] == "database is locked");
}

TEST_CASE("SVG map: the hazard's FIR shaded by its most severe hazard, the view fitted to it",
          "[http][map]") {
    const SvgMap map(refdata());
    auto caution = hazard("KICZ A0012/25", Severity::caution, {"SVZM"});
    auto prohibition = hazard("LEXX A0001/26", Severity::prohibition, {"SVZM"});
    auto circle = hazard("SVZM SIGMET A01", Severity::warning, {});
    circle.hazard.geometry.type = Geometry::Type::circle;
    circle.hazard.geometry.center = {10.6, -66.99};
    circle.hazard.geometry.radius_nm = 60;
    MapAirport svmi{"SVMI", "Simón Bolívar International Airport", 10.6031, -66.9906, 32, 0.7};

    const auto svg = map.render({caution, circle}, {svmi});
    INFO(svg.substr(0, 400));
    const std::regex svzm(
        R"re(<path class="hazard fir sev-caution" data-fir="SVZM" data-hazards="1" d="M[0-9.]+,[0-9.]+L)re");
    CHECK(std::regex_search(svg, svzm));
    CHECK(svg.find(R"(<ellipse class="hazard sev-warning" data-hazard="SVZM SIGMET A01")") !=
          std::string::npos);
    CHECK(svg.find(R"(data-airport="SVMI")") != std::string::npos);
    // Text from feeds is escaped, never markup.
    CHECK(svg.find("&lt;&amp;&gt; &quot;quoted&quot;") != std::string::npos);
    CHECK(svg.find("<&>") == std::string::npos);
    // Fitted: a view around Venezuela, not the 1440 x 720 world.
    std::smatch box;
    REQUIRE(std::regex_search(
        svg, box, std::regex(R"re(viewBox="([-0-9.]+) ([-0-9.]+) ([0-9.]+) ([0-9.]+)")re")));
    const double x = std::stod(box[1]), w = std::stod(box[3]);
    CHECK(w < 400);
    CHECK(x < (180 - 73.0) * 4); // west of SVZM's western edge (about 73 W)
    CHECK(x + w > (180 - 58.0) * 4);

    // A more severe hazard over the same FIR shades it in its colour.
    const auto both = map.render({caution, prohibition}, {});
    CHECK(both.find(R"(class="hazard fir sev-prohibition" data-fir="SVZM" data-hazards="2")") !=
          std::string::npos);

    // Nothing active: the whole world, outlines only.
    const auto world = map.render({}, {});
    CHECK(world.find(R"(viewBox="0.0 0.0 1440.0 720.0")") != std::string::npos);
    CHECK(world.find("data-fir=") == std::string::npos);
}

TEST_CASE("html_escape and clip_utf8 keep text text", "[http]") {
    CHECK(html_escape(R"(<a href="x">'&'</a>)") ==
          "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    CHECK(clip_utf8("Bolívar", 4) == "Bol"); // "í" is two bytes: not cut through
    CHECK(clip_utf8("Bolívar", 5) == "Bolí");
    CHECK(clip_utf8("abc", 10) == "abc");
}
