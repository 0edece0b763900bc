// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/time.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <optional>

using namespace aerowatch;
using namespace std::chrono;

namespace {

UtcTime utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
    return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s};
}

} // namespace

TEST_CASE("parse_duration reads an integer and a unit", "[time]") {
    CHECK(parse_duration("90s") == seconds{90});
    CHECK(parse_duration("5m") == seconds{300});
    CHECK(parse_duration("2h") == seconds{7200});
    CHECK(parse_duration("1d") == seconds{86400});
    CHECK(parse_duration("0s") == seconds{0});
    CHECK(parse_duration("007m") == seconds{420});
}

TEST_CASE("parse_duration rejects anything else", "[time]") {
    for (const char* bad :
         {"", "5", "s", "-5s", "+5s", "5x", "1.5h", "5 m", " 5m", "5m ", "5M", "1h30m", "m5",
          "99999999999999999999s", "9223372036854775807m", "106751991167301d"}) {
        INFO(bad);
        CHECK_FALSE(parse_duration(bad).has_value());
    }
    // The largest count that still fits.
    CHECK(parse_duration("9223372036854775807s") == seconds{9223372036854775807});
}

TEST_CASE("format_duration uses the largest exact unit and round-trips", "[time]") {
    CHECK(format_duration(seconds{0}) == "0s");
    CHECK(format_duration(seconds{90}) == "90s");
    CHECK(format_duration(seconds{300}) == "5m");
    CHECK(format_duration(seconds{7200}) == "2h");
    CHECK(format_duration(seconds{86400}) == "1d");
    CHECK(format_duration(seconds{36 * 3600}) == "36h");
    CHECK(format_duration(seconds{-60}) == "-1m");
    for (auto d : {seconds{1}, seconds{61}, seconds{3600}, seconds{7 * 86400}, seconds{5400}}) {
        CHECK(parse_duration(format_duration(d)) == d);
    }
}

TEST_CASE("format_iso8601 writes UTC with a Z", "[time]") {
    CHECK(format_iso8601(utc(2025, 11, 21, 17, 43, 0)) == "2025-11-21T17:43:00Z");
    CHECK(format_iso8601(UtcTime{}) == "1970-01-01T00:00:00Z");
    CHECK(format_iso8601(utc(1969, 12, 31, 23, 59, 59)) == "1969-12-31T23:59:59Z");
    CHECK(format_iso8601(utc(2024, 2, 29, 9, 5, 7)) == "2024-02-29T09:05:07Z");
}

TEST_CASE("parse_iso8601 accepts Z, offsets and fractions", "[time]") {
    const auto expected = utc(2025, 11, 21, 17, 43, 0);
    CHECK(parse_iso8601("2025-11-21T17:43:00Z") == expected);
    CHECK(parse_iso8601("2025-11-21T17:43:00z") == expected);
    CHECK(parse_iso8601("2025-11-21T17:43:00.123Z") == expected);
    CHECK(parse_iso8601("2025-11-21T17:43:00.999999999Z") == expected);
    CHECK(parse_iso8601("2025-11-21T13:43:00-04:00") == expected);
    CHECK(parse_iso8601("2025-11-21T13:43:00-0400") == expected);
    CHECK(parse_iso8601("2025-11-21T19:13:00+01:30") == expected);
    CHECK(parse_iso8601("2025-11-21T17:43:00+00:00") == expected);
    // An offset that crosses midnight and the year.
    CHECK(parse_iso8601("2026-01-01T01:00:00+02:00") == utc(2025, 12, 31, 23, 0, 0));
    CHECK(parse_iso8601(format_iso8601(expected)) == expected);
}

TEST_CASE("parse_iso8601 rejects malformed and out-of-range text", "[time]") {
    for (const char* bad : {"",
                            "2025-11-21",
                            "2025-11-21T17:43Z",
                            "2025-11-21T17:43:00",
                            "2025-11-21 17:43:00Z",
                            "2025-13-01T00:00:00Z",
                            "2025-02-29T00:00:00Z",
                            "2025-04-31T00:00:00Z",
                            "2025-00-10T00:00:00Z",
                            "2025-11-00T00:00:00Z",
                            "2025-11-21T24:00:00Z",
                            "2025-11-21T17:60:00Z",
                            "2025-11-21T17:43:61Z",
                            "2025-11-21T17:43:00.Z",
                            "2025-11-21T17:43:00+2400",
                            "2025-11-21T17:43:00+01:60",
                            "2025-11-21T17:43:00+1",
                            "2025-11-21T17:43:00X",
                            "2025-11-21T17:43:00Zjunk",
                            "25-11-21T17:43:00Z",
                            "2025-1-21T17:43:00Z"}) {
        INFO(bad);
        CHECK_FALSE(parse_iso8601(bad).has_value());
    }
}

TEST_CASE("parse_http_date reads all three RFC 9110 forms", "[time]") {
    const auto expected = utc(1994, 11, 6, 8, 49, 37);
    CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == expected);
    CHECK(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT") == expected);
    CHECK(parse_http_date("Sun Nov  6 08:49:37 1994") == expected);
    CHECK(parse_http_date("Fri, 21 Nov 2025 17:43:00 GMT") == utc(2025, 11, 21, 17, 43, 0));
    CHECK(parse_http_date("Friday, 21-Nov-25 17:43:00 GMT") == utc(2025, 11, 21, 17, 43, 0));
    CHECK(parse_http_date("Fri Nov 21 17:43:00 2025") == utc(2025, 11, 21, 17, 43, 0));
    CHECK(parse_http_date("Thu, 29 Feb 2024 00:00:00 GMT") == utc(2024, 2, 29));
}

TEST_CASE("parse_http_date rejects malformed and out-of-range dates", "[time]") {
    for (const char* bad : {"", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 6 Nov 1994 08:49:37 GMT",
                            "Sun, 06 Foo 1994 08:49:37 GMT", "Xyz, 06 Nov 1994 08:49:37 GMT",
                            "Sun, 31 Nov 1994 08:49:37 GMT", "Sun, 29 Feb 2025 08:49:37 GMT",
                            "Sun, 06 Nov 1994 24:49:37 GMT", "Sun, 06 Nov 1994 08:60:37 GMT",
                            "Sun, 06 Nov 1994 08:49:61 GMT", "Sun, 06 Nov 1994 08:49:37 GMT ",
                            "Sunday, 06-Nov-1994 08:49:37 GMT", "Sundae, 06-Nov-94 08:49:37 GMT",
                            "Sun Nov 6 08:49:37 1994", "Sun Nov 31 08:49:37 1994",
                            "1994-11-06T08:49:37Z", "784111777"}) {
        INFO(bad);
        CHECK_FALSE(parse_http_date(bad).has_value());
    }
}

TEST_CASE("parse_retry_after reads seconds and dates relative to now", "[time]") {
    const auto now = utc(2025, 11, 21, 17, 43, 0);
    CHECK(parse_retry_after("120", now) == seconds{120});
    CHECK(parse_retry_after("0", now) == seconds{0});
    CHECK(parse_retry_after(" 30 ", now) == seconds{30});
    CHECK(parse_retry_after("Fri, 21 Nov 2025 17:45:00 GMT", now) == seconds{120});
    CHECK(parse_retry_after("Friday, 21-Nov-25 18:43:00 GMT", now) == seconds{3600});

    SECTION("a date in the past means now") {
        CHECK(parse_retry_after("Fri, 21 Nov 2025 17:00:00 GMT", now) == seconds{0});
        CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now) == seconds{0});
    }
    SECTION("garbage is rejected") {
        for (const char* bad : {"", "soon", "-5", "1.5", "5s", "120 seconds",
                                "99999999999999999999999", "Fri, 21 Nov 2025 25:00:00 GMT"}) {
            INFO(bad);
            CHECK_FALSE(parse_retry_after(bad, now).has_value());
        }
    }
}
