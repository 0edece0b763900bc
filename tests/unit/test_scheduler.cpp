// SPDX-License-Identifier: GPL-3.0-or-later
#include "service/scheduler.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace aerowatch;
using std::chrono::seconds;

namespace {

const SteadyTime t0{};

} // namespace

TEST_CASE("a source is due after its first delay and then at jittered intervals", "[scheduler]") {
    Scheduler s(42);
    s.add("faa", seconds{300}, seconds{3600}, t0, seconds{5});
    CHECK(s.take_due(t0 + seconds{4}).empty());
    CHECK(s.next_deadline() == t0 + seconds{5});
    auto due = s.take_due(t0 + seconds{5});
    REQUIRE(due == std::vector<std::string>{"faa"});
    CHECK(s.in_flight("faa"));
    // While in flight it is not due again, and has no deadline.
    CHECK(s.take_due(t0 + seconds{10000}).empty());
    CHECK_FALSE(s.next_deadline().has_value());

    SteadyTime now = t0 + seconds{6};
    for (int i = 0; i < 200; ++i) {
        const auto next = s.succeeded("faa", now);
        const auto gap = std::chrono::duration_cast<seconds>(next - now);
        CHECK(gap >= seconds{270});
        CHECK(gap <= seconds{330});
        REQUIRE(s.take_due(next) == std::vector<std::string>{"faa"});
        now = next;
    }
}

TEST_CASE("jitter spreads sources configured alike", "[scheduler]") {
    Scheduler s(7);
    for (int i = 0; i < 20; ++i) {
        s.add("s" + std::to_string(i), seconds{600}, seconds{3600}, t0, seconds{0});
    }
    const auto due = s.take_due(t0);
    REQUIRE(due.size() == 20);
    std::set<SteadyTime> next_times;
    for (const auto& name : due) {
        next_times.insert(s.succeeded(name, t0));
    }
    CHECK(next_times.size() > 10); // not all at the same instant
}

TEST_CASE("failures back off exponentially within jitter bounds, capped, and reset",
          "[scheduler]") {
    Scheduler s(1);
    s.add("faa", seconds{300}, seconds{3600}, t0, seconds{0});
    SteadyTime now = t0;
    const std::vector<seconds> ceilings = {seconds{30},   seconds{60},   seconds{120},
                                           seconds{240},  seconds{480},  seconds{960},
                                           seconds{1920}, seconds{3600}, seconds{3600}};
    for (std::size_t i = 0; i < ceilings.size(); ++i) {
        REQUIRE(s.take_due(now).size() == 1);
        const auto next = s.failed("faa", now);
        const auto delay = std::chrono::duration_cast<seconds>(next - now);
        INFO("failure " << i + 1);
        CHECK(s.consecutive_failures("faa") == static_cast<int>(i + 1));
        CHECK(Scheduler::backoff_ceiling(static_cast<int>(i + 1), seconds{3600}) == ceilings[i]);
        CHECK(delay >= ceilings[i] / 2);
        CHECK(delay <= ceilings[i]);
        now = next;
    }
    REQUIRE(s.take_due(now).size() == 1);
    const auto next = s.succeeded("faa", now);
    CHECK(s.consecutive_failures("faa") == 0);
    CHECK(next - now >= seconds{270});
    REQUIRE(s.take_due(next).size() == 1);
    CHECK(s.failed("faa", next) - next <= seconds{30}); // back to the first step
}

TEST_CASE("Retry-After is a floor, clamped to the backoff bounds", "[scheduler]") {
    Scheduler s(3);
    s.add("aeroapi", seconds{300}, seconds{3600}, t0, seconds{0});
    s.take_due(t0);
    CHECK(s.failed("aeroapi", t0, seconds{120}) - t0 >= seconds{120});
    s.take_due(t0 + seconds{4000});
    // A date in the past (zero) still waits the base backoff: no retry storm.
    CHECK(s.failed("aeroapi", t0, seconds{0}) - t0 >= seconds{15});
    s.take_due(t0 + seconds{4000});
    // An absurd value stops at the cap.
    CHECK(s.failed("aeroapi", t0, seconds{86400 * 365}) - t0 == seconds{3600});
}

TEST_CASE("one source's failures never delay another", "[scheduler]") {
    Scheduler s(9);
    s.add("bad", seconds{60}, seconds{3600}, t0, seconds{0});
    s.add("good", seconds{60}, seconds{3600}, t0, seconds{0});
    SteadyTime now = t0;
    for (int i = 0; i < 6; ++i) {
        for (const auto& name : s.take_due(now)) {
            if (name == "bad") {
                s.failed(name, now);
            } else {
                s.succeeded(name, now);
            }
        }
        now += seconds{60};
    }
    CHECK(s.consecutive_failures("good") == 0);
    CHECK(s.next_due("good") - now <= seconds{66});
    CHECK(s.consecutive_failures("bad") >= 2);
}

TEST_CASE("update keeps timing, remove forgets the source", "[scheduler]") {
    Scheduler s(5);
    s.add("a", seconds{60}, seconds{600}, t0, seconds{10});
    s.update("a", seconds{120}, seconds{600});
    CHECK(s.next_due("a") == t0 + seconds{10});
    s.take_due(t0 + seconds{10});
    CHECK(s.succeeded("a", t0 + seconds{10}) - (t0 + seconds{10}) >= seconds{108});
    s.remove("a");
    CHECK_FALSE(s.contains("a"));
    CHECK_FALSE(s.next_deadline().has_value());
    CHECK_THROWS_AS(s.succeeded("a", t0), std::logic_error);
}
