// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/config.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace aerowatch;
using aerowatch::test::TempDir;
using std::chrono::seconds;

namespace {

/// Sets (or unsets) an environment variable for one scope and puts the old value back.
class ScopedEnv {
  public:
    ScopedEnv(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) {
            old_ = old;
        }
        if (value != nullptr) {
            ::setenv(name, value, 1);
        } else {
            ::unsetenv(name);
        }
    }
    ~ScopedEnv() {
        if (old_) {
            ::setenv(name_.c_str(), old_->c_str(), 1);
        } else {
            ::unsetenv(name_.c_str());
        }
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

  private:
    std::string name_;
    std::optional<std::string> old_;
};

std::vector<std::string> errors_of(std::string_view text,
                                   const std::filesystem::path& path = "aerowatch.toml") {
    try {
        parse_config(text, path);
    } catch (const ConfigError& error) {
        return error.errors();
    }
    FAIL("expected a ConfigError for:\n" << text);
    return {};
}

/// The one error a config with a single problem must produce.
std::string only_error(std::string_view text) {
    auto errors = errors_of(text);
    INFO(Catch::StringMaker<std::vector<std::string>>::convert(errors));
    REQUIRE(errors.size() == 1);
    return errors.front();
}

/// A minimal valid source, with `extra` lines appended inside it (starting on line 5).
std::string source_with(std::string_view extra) {
    return std::string("[[source]]\n"
                       "name = \"faa\"\n"
                       "kind = \"faa_notam_api\"\n"
                       "url = \"https://external-api.faa.gov/notamapi/v1/notams\"\n") +
           std::string(extra);
}

constexpr const char* distinctive_secret = "s3cr3t-DO-NOT-LEAK-7f1e9c";

} // namespace

TEST_CASE("an empty file gives the defaults and no sources", "[config]") {
    const Config config = parse_config("", "aerowatch.toml");
    CHECK(config.path == "aerowatch.toml");
    CHECK(config.daemon.state_directory == "/var/lib/aerowatch");
    CHECK_FALSE(config.daemon.data_directory.has_value());
    CHECK_FALSE(config.daemon.log_file.has_value());
    CHECK(config.daemon.log_level == LogLevel::info);
    CHECK(config.daemon.http_listen == "127.0.0.1:8787");
    CHECK(config.daemon.contact.empty());
    CHECK(config.sources.empty());
    CHECK(config.database_path() == "/var/lib/aerowatch/aerowatch.db");
    CHECK(config.find_source("faa") == nullptr);

    // Comments and an empty [daemon] change nothing.
    const Config commented = parse_config("# nothing yet\n[daemon]\n", "aerowatch.toml");
    CHECK(commented.daemon.state_directory == "/var/lib/aerowatch");
}

TEST_CASE("a full valid file fills every field", "[config]") {
    ScopedEnv client_id("AEROWATCH_TEST_CLIENT_ID", "client-123");
    ScopedEnv key("AEROWATCH_TEST_KEY", distinctive_secret);
    const Config config = parse_config(R"toml([daemon]
state_directory = "/srv/aerowatch/state"
data_directory = "/srv/aerowatch/data"
log_file = "/var/log/aerowatch/aerowatchd.log"
log_level = "debug"
http_listen = "[::1]:9090"
contact = "ops@example.org"

[[source]]
name = "faa"
kind = "faa_notam_api"
url = "https://external-api.faa.gov/notamapi/v1/notams?icaoLocation=SVZM"
interval = "2m"
timeout = "30s"
connect_timeout = "5s"
max_backoff = "2h"
stale_after = "1h"
max_body_bytes = "2MiB"
enabled = false
allow_http = false
headers = { "Accept" = "application/json", "client_id" = { env = "AEROWATCH_TEST_CLIENT_ID" } }
credentials = { type = "api_key_header", header = "x-apikey", key = { env = "AEROWATCH_TEST_KEY" } }

[[source]]
name = "local.test_1"
kind = "rss"
url = "http://127.0.0.1:8080/feed.xml"
allow_http = true
max_body_bytes = 65536
)toml",
                                       "/etc/aerowatch/aerowatch.toml");

    const auto& daemon = config.daemon;
    CHECK(daemon.state_directory == "/srv/aerowatch/state");
    CHECK(daemon.data_directory == std::filesystem::path("/srv/aerowatch/data"));
    CHECK(daemon.log_file == std::filesystem::path("/var/log/aerowatch/aerowatchd.log"));
    CHECK(daemon.log_level == LogLevel::debug);
    CHECK(daemon.http_listen == "[::1]:9090");
    CHECK(daemon.contact == "ops@example.org");
    CHECK(config.database_path() == "/srv/aerowatch/state/aerowatch.db");

    REQUIRE(config.sources.size() == 2);
    const SourceConfig& faa = config.sources[0];
    CHECK(faa.name == "faa");
    CHECK(faa.kind == "faa_notam_api");
    CHECK(faa.url == "https://external-api.faa.gov/notamapi/v1/notams?icaoLocation=SVZM");
    CHECK(faa.interval == seconds{120});
    CHECK(faa.timeout == seconds{30});
    CHECK(faa.connect_timeout == seconds{5});
    CHECK(faa.max_backoff == seconds{7200});
    CHECK(faa.stale_after == seconds{3600});
    CHECK(faa.max_body_bytes == 2u << 20);
    CHECK_FALSE(faa.enabled);
    CHECK_FALSE(faa.allow_http);
    CHECK(faa.line == 9);
    REQUIRE(faa.headers.size() == 2);
    // toml++ keeps table keys sorted; HTTP does not care about header order.
    CHECK(faa.headers[0].name == "Accept");
    CHECK(faa.headers[0].value.reveal() == "application/json");
    CHECK_FALSE(faa.headers[0].value.is_secret());
    CHECK(faa.headers[1].name == "client_id");
    CHECK(faa.headers[1].value.reveal() == "client-123");
    CHECK(faa.headers[1].value.is_secret());
    CHECK(faa.credentials.type == Credentials::Type::api_key_header);
    CHECK(faa.credentials.header == "x-apikey");
    CHECK(faa.credentials.key.reveal() == distinctive_secret);
    CHECK(faa.credentials.key.describe() == "<secret from env AEROWATCH_TEST_KEY>");

    const SourceConfig& local = config.sources[1];
    CHECK(local.name == "local.test_1");
    CHECK(local.kind == "rss");
    CHECK(local.allow_http);
    CHECK(local.enabled);
    CHECK(local.max_body_bytes == 65536);
    CHECK(local.interval == seconds{300});
    CHECK(local.timeout == seconds{60});
    CHECK(local.connect_timeout == seconds{10});
    CHECK(local.max_backoff == seconds{3600});
    CHECK(local.stale_after == seconds{0});
    CHECK(local.headers.empty());
    CHECK(local.credentials.type == Credentials::Type::none);
    CHECK(local.line == 24);

    CHECK(config.find_source("local.test_1") == &config.sources[1]);
    CHECK(config.find_source("nope") == nullptr);

    const std::string described = describe_config(config);
    CHECK(described.find("interval = \"2m\"") != std::string::npos);
    CHECK(described.find("max_backoff = \"2h\"") != std::string::npos);
    CHECK(described.find("log_level = \"debug\"") != std::string::npos);
    CHECK(described.find("<secret from env AEROWATCH_TEST_KEY>") != std::string::npos);
    CHECK(described.find("\"client_id\" = \"<secret from env AEROWATCH_TEST_CLIENT_ID>\"") !=
          std::string::npos);
    CHECK(described.find(distinctive_secret) == std::string::npos);
    CHECK(described.find("client-123") == std::string::npos);
}

TEST_CASE("relative paths resolve against the config file's directory", "[config]") {
    const Config config =
        parse_config("[daemon]\nstate_directory = \"state\"\nlog_file = \"../log/a.log\"\n",
                     "/etc/aerowatch/aerowatch.toml");
    CHECK(config.daemon.state_directory == "/etc/aerowatch/state");
    CHECK(config.daemon.log_file == std::filesystem::path("/etc/log/a.log"));
}

TEST_CASE("config syntax errors name the file and line", "[config]") {
    const std::string error = only_error("[daemon]\nlog_level = \n");
    CHECK_THAT(error, Catch::StartsWith("aerowatch.toml:2: syntax: "));

    auto duplicate = only_error("[daemon]\nlog_level = \"info\"\nlog_level = \"debug\"\n");
    CHECK_THAT(duplicate, Catch::StartsWith("aerowatch.toml:3: syntax: "));

    // The path is shown exactly as given.
    auto errors = errors_of("x = [", "/etc/aerowatch/aerowatch.toml");
    REQUIRE(errors.size() == 1);
    CHECK_THAT(errors[0], Catch::StartsWith("/etc/aerowatch/aerowatch.toml:1: syntax: "));
}

TEST_CASE("unknown keys and tables are errors", "[config]") {
    CHECK(only_error("[daemon]\nlog_level = \"info\"\nlog_levle = \"debug\"\n") ==
          "aerowatch.toml:3: daemon: log_levle: unknown key");
    CHECK(only_error(source_with("intervall = \"5m\"\n")) ==
          "aerowatch.toml:5: source \"faa\": intervall: unknown key");
    const std::string tables = "[daemon], [flights], [[source]], [[hazard_rule]], [correlation], "
                               "[[watch]], [[disruption_rule]] and [[webhook]]";
    CHECK(only_error("[daemon]\n\n[[watchlist]]\nname = \"svzm\"\n") ==
          "aerowatch.toml:3: watchlist: unknown table; the top level has " + tables);
    CHECK(only_error("[alerts]\n") ==
          "aerowatch.toml:1: alerts: unknown table; the top level has " + tables);
    CHECK(only_error("verbose = true\n") ==
          "aerowatch.toml:1: verbose: unknown key; the top level has " + tables);
    CHECK(only_error(source_with("[source.credential]\ntype = \"bearer\"\n")) ==
          "aerowatch.toml:5: source \"faa\": credential: unknown key");
}

TEST_CASE("[[watch]]: places or keywords, shown as written; errors name the key", "[config]") {
    const auto config = parse_config(R"([[watch]]
name = "venezuela"
firs = ["SVZM"]
keywords = ["Venezuela", "maiquetia  fir"]

[[watch]]
name = "named"
keywords = ["CARACAS"]
)",
                                     "aerowatch.toml");
    const auto& watches = config.correlation.watches;
    REQUIRE(watches.size() == 2);
    CHECK(watches[0].firs == std::vector<std::string>{"SVZM"});
    CHECK(watches[0].keywords == std::vector<std::string>{"Venezuela", "maiquetia  fir"});
    CHECK(watches[1].keywords == std::vector<std::string>{"CARACAS"}); // keywords alone will do
    CHECK_THAT(describe_config(config),
               Catch::Contains("keywords = [\"Venezuela\", \"maiquetia  fir\"]"));

    CHECK(only_error("[[watch]]\nname = \"x\"\nkeywords = [\"SVZM\", \"  \"]\n") ==
          "aerowatch.toml:3: watch \"x\": keywords: a keyword is empty");
    CHECK(only_error("[[watch]]\nname = \"x\"\nmin_severity = \"warning\"\n") ==
          "aerowatch.toml:1: watch \"x\": firs: a watch area needs firs, countries, airports, "
          "keywords, a circle or a polygon");
}

TEST_CASE("wrong types and bad durations name the key", "[config]") {
    CHECK(
        only_error(source_with("interval = 300\n")) ==
        R"(aerowatch.toml:5: source "faa": interval: expected a duration string like "90s", "5m", "2h")");
    CHECK(
        only_error(source_with("interval = \"1.5h\"\n")) ==
        R"(aerowatch.toml:5: source "faa": interval: expected a duration string like "90s", "5m", "2h", not "1.5h")");
    CHECK(
        only_error(source_with("timeout = \"5x\"\n")) ==
        R"(aerowatch.toml:5: source "faa": timeout: expected a duration string like "90s", "5m", "2h", not "5x")");
    CHECK(only_error(source_with("enabled = \"yes\"\n")) ==
          "aerowatch.toml:5: source \"faa\": enabled: expected true or false");
    CHECK(only_error("[daemon]\nlog_level = 3\n") ==
          "aerowatch.toml:2: daemon: log_level: expected a string");
    CHECK(only_error("daemon = 1\n") ==
          "aerowatch.toml:1: daemon: expected a single [daemon] table");
    CHECK(only_error("source = \"faa\"\n") ==
          "aerowatch.toml:1: source: expected [[source]] tables");
    CHECK(
        only_error(source_with("headers = \"Accept: */*\"\n")) ==
        R"(aerowatch.toml:5: source "faa": headers: expected a table like { "Accept" = "application/json" })");
}

TEST_CASE("durations are range-checked", "[config]") {
    CHECK(only_error(source_with("interval = \"10s\"\n")) ==
          "aerowatch.toml:5: source \"faa\": interval: must be at least 30s");
    CHECK(only_error(source_with("interval = \"8d\"\n")) ==
          "aerowatch.toml:5: source \"faa\": interval: must be at most 7d");
    CHECK(only_error(source_with("timeout = \"0s\"\n")) ==
          "aerowatch.toml:5: source \"faa\": timeout: must be at least 1s");
    CHECK(only_error(source_with("timeout = \"11m\"\n")) ==
          "aerowatch.toml:5: source \"faa\": timeout: must be at most 10m");
    CHECK(only_error(source_with("timeout = \"20s\"\nconnect_timeout = \"30s\"\n")) ==
          "aerowatch.toml:6: source \"faa\": connect_timeout: must not exceed timeout (20s)");
    CHECK(only_error(source_with("max_backoff = \"2d\"\n")) ==
          "aerowatch.toml:5: source \"faa\": max_backoff: must be at most 1d");
    CHECK(only_error(source_with("stale_after = \"1m\"\n")) ==
          "aerowatch.toml:5: source \"faa\": stale_after: must be 0 (automatic) or at least "
          "interval (5m)");

    // A short timeout pulls the default connect timeout down with it rather than failing.
    const Config config =
        parse_config(source_with("timeout = \"5s\"\nstale_after = 0\n"), "a.toml");
    CHECK(config.sources.at(0).connect_timeout == seconds{5});
    CHECK(config.sources.at(0).stale_after == seconds{0});
}

TEST_CASE("source names are unique and well-formed", "[config]") {
    const std::string text = R"toml([[source]]
name = "faa"
kind = "faa_notam_api"
url = "https://example.org/a"

[[source]]
name = "faa"
kind = "rss"
url = "https://example.org/b"
)toml";
    CHECK(only_error(text) ==
          "aerowatch.toml:7: source \"faa\": name: duplicate; first defined on line 2");

    CHECK_THAT(
        only_error("[[source]]\nname = \"FAA NOTAM\"\nkind = \"rss\"\nurl = \"https://x.org\"\n"),
        Catch::StartsWith("aerowatch.toml:2: source \"FAA NOTAM\": name: must be 1-64"));
    CHECK_THAT(only_error("[[source]]\nname = \"-faa\"\nkind = \"rss\"\nurl = \"https://x.org\"\n"),
               Catch::StartsWith("aerowatch.toml:2: source \"-faa\": name: "));
}

TEST_CASE("missing required source keys point at the table header", "[config]") {
    const auto errors = errors_of("[daemon]\n\n[[source]]\nenabled = true\n");
    REQUIRE(errors.size() == 3);
    CHECK(errors[0] == "aerowatch.toml:3: source #1: name: required key is missing");
    CHECK(errors[1] == "aerowatch.toml:3: source #1: kind: required key is missing");
    CHECK(errors[2] == "aerowatch.toml:3: source #1: url: required key is missing");

    CHECK(only_error("[[source]]\nname = \"a\"\nkind = \"rss\"\nurl = \"https://x.org\"\n"
                     "[[source]]\nname = \"b\"\nkind = \"rss\"\n") ==
          "aerowatch.toml:5: source \"b\": url: required key is missing");
    CHECK(only_error("[[source]]\nname = \"a\"\nkind = \"rss\"\nurl = \"https://x.org\"\n"
                     "[[source]]\nkind = \"rss\"\nurl = \"https://x.org\"\n") ==
          "aerowatch.toml:5: source #2: name: required key is missing");
}

TEST_CASE("unknown source kinds are rejected", "[config]") {
    CHECK_THAT(only_error("[[source]]\nname = \"a\"\nkind = \"notam\"\nurl = \"https://x.org\"\n"),
               Catch::StartsWith("aerowatch.toml:3: source \"a\": kind: unknown kind \"notam\"; "
                                 "known kinds: icao_notam_text, "));
    for (const auto& kind : known_source_kinds()) {
        INFO(kind);
        // A generic board needs its [source.board] mapping (test_config_board.cpp).
        const std::string board = kind == "json_board"
                                      ? "[source.board]\nlist = \"/data\"\nflight_number = \"/f\"\n"
                                        "scheduled = \"/t\"\norigin_code = \"SVMI\"\n"
                                        "destination = \"/to\"\n"
                                      : "";
        CHECK_NOTHROW(parse_config("[[source]]\nname = \"a\"\nkind = \"" + kind +
                                       "\"\nurl = \"https://x.org\"\n" + board,
                                   "a.toml"));
    }
    CHECK(known_source_kinds().size() == 17);
}

TEST_CASE("plain http needs allow_http", "[config]") {
    const std::string http =
        "[[source]]\nname = \"a\"\nkind = \"rss\"\nurl = \"http://127.0.0.1:1/\"\n";
    CHECK(only_error(http) == "aerowatch.toml:4: source \"a\": url: plain http:// is not allowed; "
                              "use https:// or set allow_http = true");
    CHECK(parse_config(http + "allow_http = true\n", "a.toml").sources.at(0).allow_http);
    CHECK(only_error("[[source]]\nname = \"a\"\nkind = \"rss\"\nurl = \"ftp://x.org/\"\n") ==
          "aerowatch.toml:4: source \"a\": url: expected an https:// URL");
    CHECK(only_error("[[source]]\nname = \"a\"\nkind = \"rss\"\nurl = \"https:///path\"\n") ==
          "aerowatch.toml:4: source \"a\": url: has no host");
    CHECK(only_error("[[source]]\nname = \"a\"\nkind = \"rss\"\nurl = \"x.org/feed\"\n") ==
          "aerowatch.toml:4: source \"a\": url: expected an https:// URL");
}

TEST_CASE("http_listen must be host:port", "[config]") {
    for (const char* good : {"127.0.0.1:8787", "localhost:1", "[::1]:8787", "0.0.0.0:65535",
                             "[2001:db8::1]:80", "127.0.0.1:0", "off"}) {
        INFO(good);
        const std::string text = std::string("[daemon]\nhttp_listen = \"") + good + "\"\n";
        CHECK(parse_config(text, "a.toml").daemon.http_listen == good);
    }
    for (const char* bad : {"8787", "127.0.0.1", "127.0.0.1:65536", ":8787", "::1:8787",
                            "[::1]8787", "[::1]:", "host name:80", "127.0.0.1:80a", ""}) {
        INFO(bad);
        const std::string error =
            only_error(std::string("[daemon]\nhttp_listen = \"") + bad + "\"\n");
        CHECK_THAT(error, Catch::StartsWith("aerowatch.toml:2: daemon: http_listen: "));
    }
    CHECK(only_error("[daemon]\nhttp_listen = \"127.0.0.1:99999\"\n") ==
          "aerowatch.toml:2: daemon: http_listen: port must be a number from 0 to 65535");
}

TEST_CASE("http_token is a secret of at least 16 characters", "[config]") {
    const Config config =
        parse_config("[daemon]\nhttp_token = \"0123456789abcdef0123\"\n", "aerowatch.toml");
    REQUIRE(config.daemon.http_token);
    CHECK(config.daemon.http_token->reveal() == "0123456789abcdef0123");
    CHECK_FALSE(parse_config("", "aerowatch.toml").daemon.http_token);
    CHECK(only_error("[daemon]\nhttp_token = \"short\"\n") ==
          "aerowatch.toml:2: daemon: http_token: must be at least 16 characters (try: openssl "
          "rand -hex 32)");
    // The token never appears in --check-config output.
    CHECK(describe_config(config).find("0123456789abcdef") == std::string::npos);
}

TEST_CASE("log_level must be a known level", "[config]") {
    CHECK(only_error("[daemon]\nlog_level = \"verbose\"\n") ==
          "aerowatch.toml:2: daemon: log_level: expected one of trace, debug, info, warn, error, "
          "not \"verbose\"");
    for (auto level :
         {LogLevel::trace, LogLevel::debug, LogLevel::info, LogLevel::warn, LogLevel::error}) {
        const std::string text =
            std::string("[daemon]\nlog_level = \"") + to_string(level) + "\"\n";
        CHECK(parse_config(text, "a.toml").daemon.log_level == level);
    }
}

TEST_CASE("max_body_bytes takes bytes or a size with a unit", "[config]") {
    auto bytes = [](const char* value) {
        return parse_config(source_with(std::string("max_body_bytes = ") + value + "\n"), "a.toml")
            .sources.at(0)
            .max_body_bytes;
    };
    CHECK(bytes("4096") == 4096);
    CHECK(bytes("\"512KiB\"") == 512u * 1024);
    CHECK(bytes("\"16MiB\"") == 16u << 20);
    CHECK(bytes("\"2MB\"") == 2000000);
    CHECK(bytes("\"1GiB\"") == 1u << 30);
    CHECK(bytes("\"1KiB\"") == 1024);

    CHECK(
        only_error(source_with("max_body_bytes = \"16XB\"\n")) ==
        R"(aerowatch.toml:5: source "faa": max_body_bytes: expected a byte count or a size string like "16MiB", "512KiB", "2MB", not "16XB")");
    CHECK(only_error(source_with("max_body_bytes = 512\n")) ==
          "aerowatch.toml:5: source \"faa\": max_body_bytes: must be between 1KiB and 1GiB, not "
          "512 bytes");
    CHECK_THAT(
        only_error(source_with("max_body_bytes = \"2GiB\"\n")),
        Catch::EndsWith("max_body_bytes: must be between 1KiB and 1GiB, not 2147483648 bytes"));
    CHECK(only_error(source_with("max_body_bytes = -1\n")) ==
          "aerowatch.toml:5: source \"faa\": max_body_bytes: must not be negative");
    CHECK_THAT(only_error(source_with("max_body_bytes = 1.5\n")),
               Catch::Contains("max_body_bytes: expected a byte count"));
}

TEST_CASE("several errors are reported together, in line order", "[config]") {
    const std::string text = R"toml([daemon]
log_level = "loud"
colour = true

[[source]]
name = "faa"
kind = "faa_notam_api"
url = "http://example.org/"
interval = "10s"

[[source]]
name = "faa"
url = "https://example.org/"

[notify]
url = "https://example.org/hook"
)toml";
    std::vector<std::string> errors;
    std::string what;
    try {
        parse_config(text, "/etc/aerowatch/aerowatch.toml");
        FAIL("expected a ConfigError");
    } catch (const ConfigError& error) {
        errors = error.errors();
        what = error.what();
    }
    const std::string f = "/etc/aerowatch/aerowatch.toml:";
    const std::vector<std::string> expected = {
        f + "2: daemon: log_level: expected one of trace, debug, info, warn, error, not \"loud\"",
        f + "3: daemon: colour: unknown key",
        f + "8: source \"faa\": url: plain http:// is not allowed; use https:// or set allow_http "
            "= true",
        f + "9: source \"faa\": interval: must be at least 30s",
        f + "11: source \"faa\": kind: required key is missing",
        f + "12: source \"faa\": name: duplicate; first defined on line 6",
        f + "15: notify: unknown table; the top level has [daemon], [flights], [[source]], "
            "[[hazard_rule]], [correlation], [[watch]], [[disruption_rule]] and [[webhook]]",
    };
    CHECK(errors == expected);
    std::string joined;
    for (const auto& line : expected) {
        joined += (joined.empty() ? "" : "\n") + line;
    }
    CHECK(what == joined);
}

TEST_CASE("credentials of each type", "[config]") {
    ScopedEnv token("AEROWATCH_TEST_TOKEN", "bearer-token");
    ScopedEnv id("AEROWATCH_TEST_NMS_ID", "nms-id");
    TempDir dir;
    dir.write("nms.secret", "nms-secret\r\n");
    ScopedEnv credentials_dir("CREDENTIALS_DIRECTORY", dir.path().c_str());

    SECTION("bearer, inline") {
        const auto config = parse_config(
            source_with(
                "credentials = { type = \"bearer\", key = { env = \"AEROWATCH_TEST_TOKEN\" } }\n"),
            "a.toml");
        const auto& c = config.sources.at(0).credentials;
        CHECK(c.type == Credentials::Type::bearer);
        CHECK(c.key.reveal() == "bearer-token");
    }
    SECTION("api_key_query with a plain key") {
        const auto config = parse_config(source_with("credentials = { type = \"api_key_query\", "
                                                     "param = \"access_key\", key = \"demo\" }\n"),
                                         "a.toml");
        const auto& c = config.sources.at(0).credentials;
        CHECK(c.type == Credentials::Type::api_key_query);
        CHECK(c.param == "access_key");
        CHECK(c.key.reveal() == "demo");
        CHECK_FALSE(c.key.is_secret());
        CHECK(c.key.describe() == "demo");
    }
    SECTION("oauth2 as a [source.credentials] sub-table") {
        const auto config = parse_config(source_with(R"toml(
[source.credentials]
type = "oauth2_client_credentials"
token_url = "https://api-nms.aim.faa.gov/v1/auth/token"
client_id = { env = "AEROWATCH_TEST_NMS_ID" }
client_secret = { file = "nms.secret" }
scope = "notams"
)toml"),
                                         "a.toml");
        const auto& c = config.sources.at(0).credentials;
        CHECK(c.type == Credentials::Type::oauth2_client_credentials);
        CHECK(c.token_url == "https://api-nms.aim.faa.gov/v1/auth/token");
        CHECK(c.client_id.reveal() == "nms-id");
        CHECK(c.client_secret.reveal() == "nms-secret");
        CHECK(c.client_secret.describe() == "<secret from file nms.secret>");
        CHECK(c.scope == "notams");
    }
    SECTION("problems with credentials") {
        CHECK(only_error(source_with("credentials = { type = \"basic\", key = \"x\" }\n")) ==
              "aerowatch.toml:5: source \"faa\": credentials.type: expected one of api_key_header, "
              "api_key_query, bearer, oauth2_client_credentials");
        CHECK(only_error(source_with("credentials = { key = \"x\" }\n")) ==
              "aerowatch.toml:5: source \"faa\": credentials.type: required key is missing");
        CHECK(only_error(source_with("credentials = { type = \"bearer\" }\n")) ==
              "aerowatch.toml:5: source \"faa\": credentials.key: required key is missing");
        CHECK(only_error(source_with(
                  "credentials = { type = \"bearer\", key = \"x\", param = \"p\" }\n")) ==
              "aerowatch.toml:5: source \"faa\": credentials.param: not used with type \"bearer\"");
        CHECK(only_error(source_with(
                  "credentials = { type = \"bearer\", key = \"x\", token = \"p\" }\n")) ==
              "aerowatch.toml:5: source \"faa\": credentials.token: unknown key");
        CHECK(only_error(source_with("credentials = { type = \"api_key_header\", header = \"x "
                                     "api\", key = \"k\" }\n")) ==
              "aerowatch.toml:5: source \"faa\": credentials.header: not a valid HTTP header name");
        CHECK(only_error(source_with(R"toml(
[source.credentials]
type = "oauth2_client_credentials"
token_url = "http://example.org/token"
client_id = "id"
client_secret = "secret"
)toml")) == "aerowatch.toml:8: source \"faa\": credentials.token_url: plain http:// is not "
            "allowed; use https:// or set allow_http = true");
        CHECK(only_error(source_with(
                  "credentials = { type = \"bearer\", key = { env = \"A\", file = \"b\" } }\n")) ==
              "aerowatch.toml:5: source \"faa\": credentials.key: expected exactly one of env = "
              "\"NAME\" or file = \"PATH\"");
        CHECK(only_error(source_with("credentials = { type = \"bearer\", key = { env = "
                                     "\"AEROWATCH_TEST_TOKEN\", x = 1 } }\n")) ==
              "aerowatch.toml:5: source \"faa\": credentials.key.x: unknown key");
        CHECK(only_error(source_with("credentials = { type = \"bearer\", key = 5 }\n")) ==
              "aerowatch.toml:5: source \"faa\": credentials.key: expected a string, { env = "
              "\"NAME\" } or { file = \"PATH\" }");
        CHECK(only_error(source_with(
                  "credentials = { type = \"api_key_query\", param = \"\", key = \"k\" }\n")) ==
              "aerowatch.toml:5: source \"faa\": credentials.param: must not be empty");
        CHECK(only_error(source_with(
                  "credentials = { type = \"api_key_query\", param = 1, key = \"k\" }\n")) ==
              "aerowatch.toml:5: source \"faa\": credentials.param: expected a string");
        CHECK(only_error(source_with("credentials = \"bearer\"\n")) ==
              "aerowatch.toml:5: source \"faa\": credentials: expected a table");
    }
}

TEST_CASE("headers are validated", "[config]") {
    CHECK(only_error(source_with("headers = { \"Bad Header\" = \"x\" }\n")) ==
          "aerowatch.toml:5: source \"faa\": headers.Bad Header: not a valid HTTP header name");
    CHECK(only_error(source_with("headers = { \"Accept\" = \"a\", \"accept\" = \"b\" }\n")) ==
          "aerowatch.toml:5: source \"faa\": headers.accept: duplicate header (names ignore "
          "case); first defined on line 5");
    CHECK(only_error(source_with("headers = { \"Accept\" = \"a\\r\\nX-Evil: 1\" }\n")) ==
          "aerowatch.toml:5: source \"faa\": headers.Accept: must not contain a line break or NUL "
          "byte");
    CHECK(only_error(source_with("headers = { \"Accept\" = \"\" }\n")) ==
          "aerowatch.toml:5: source \"faa\": headers.Accept: must not be empty");
}

TEST_CASE("secrets from the environment", "[config]") {
    const std::string text = source_with(
        "credentials = { type = \"bearer\", key = { env = \"AEROWATCH_TEST_SECRET\" } }\n");
    SECTION("set") {
        ScopedEnv secret("AEROWATCH_TEST_SECRET", distinctive_secret);
        const auto config = parse_config(text, "a.toml");
        const auto& key = config.sources.at(0).credentials.key;
        CHECK(key.reveal() == distinctive_secret);
        CHECK(key.is_secret());
        CHECK(key.describe() == "<secret from env AEROWATCH_TEST_SECRET>");
    }
    SECTION("unset") {
        ScopedEnv secret("AEROWATCH_TEST_SECRET", nullptr);
        CHECK(only_error(text) == "aerowatch.toml:5: source \"faa\": credentials.key: environment "
                                  "variable AEROWATCH_TEST_SECRET is not set");
    }
    SECTION("empty") {
        ScopedEnv secret("AEROWATCH_TEST_SECRET", "");
        CHECK(only_error(text) == "aerowatch.toml:5: source \"faa\": credentials.key: environment "
                                  "variable AEROWATCH_TEST_SECRET is empty");
    }
    SECTION("with a line break, without showing it") {
        const std::string value = std::string(distinctive_secret) + "\nsecond";
        ScopedEnv secret("AEROWATCH_TEST_SECRET", value.c_str());
        const std::string error = only_error(text);
        CHECK(error == "aerowatch.toml:5: source \"faa\": credentials.key: environment variable "
                       "AEROWATCH_TEST_SECRET contains a line break or NUL byte");
        CHECK(error.find(distinctive_secret) == std::string::npos);
    }
}

TEST_CASE("secrets from files", "[config]") {
    TempDir dir;
    ScopedEnv no_credentials_dir("CREDENTIALS_DIRECTORY", nullptr);
    const std::string secret_line = std::string(distinctive_secret) + "\n";

    SECTION("absolute path, one trailing newline stripped") {
        const auto key_path = dir.write("api.key", secret_line);
        const auto config =
            parse_config(source_with("credentials = { type = \"bearer\", key = { file = \"" +
                                     key_path.string() + "\" } }\n"),
                         "a.toml");
        const auto& key = config.sources.at(0).credentials.key;
        CHECK(key.reveal() == distinctive_secret);
        CHECK(key.describe() == "<secret from file " + key_path.string() + ">");
    }
    SECTION("relative to the config file without $CREDENTIALS_DIRECTORY") {
        dir.write("api.key", secret_line);
        const auto config_path = dir.write(
            "aerowatch.toml",
            source_with("credentials = { type = \"bearer\", key = { file = \"api.key\" } }\n"));
        const auto config = load_config(config_path);
        CHECK(config.path == config_path);
        CHECK(config.sources.at(0).credentials.key.reveal() == distinctive_secret);
    }
    SECTION("relative to $CREDENTIALS_DIRECTORY when it is set") {
        TempDir credentials;
        dir.write("api.key", "the-wrong-one\n");
        credentials.write("api.key", "from-credentials-directory\r\n");
        const auto config_path = dir.write(
            "aerowatch.toml",
            source_with("credentials = { type = \"bearer\", key = { file = \"api.key\" } }\n"));
        {
            ScopedEnv credentials_dir("CREDENTIALS_DIRECTORY", credentials.path().c_str());
            CHECK(load_config(config_path).sources.at(0).credentials.key.reveal() ==
                  "from-credentials-directory");
        }
        // Unset again: back to the config file's directory.
        CHECK(load_config(config_path).sources.at(0).credentials.key.reveal() == "the-wrong-one");
    }
    SECTION("missing, empty and multi-line files name the path, not the contents") {
        const auto missing = dir / "missing.key";
        CHECK(only_error(source_with("credentials = { type = \"bearer\", key = { file = \"" +
                                     missing.string() + "\" } }\n")) ==
              "aerowatch.toml:5: source \"faa\": credentials.key: cannot read credential file \"" +
                  missing.string() + "\": No such file or directory");
        const auto empty = dir.write("empty.key", "\n");
        CHECK(only_error(source_with("credentials = { type = \"bearer\", key = { file = \"" +
                                     empty.string() + "\" } }\n")) ==
              "aerowatch.toml:5: source \"faa\": credentials.key: credential file \"" +
                  empty.string() + "\" is empty");
        const auto two_lines = dir.write("two.key", secret_line + secret_line);
        const std::string error =
            only_error(source_with("credentials = { type = \"bearer\", key = { file = \"" +
                                   two_lines.string() + "\" } }\n"));
        CHECK_THAT(error, Catch::Contains("contains more than one line"));
        CHECK(error.find(distinctive_secret) == std::string::npos);
        CHECK_THAT(only_error(source_with("credentials = { type = \"bearer\", key = { file = \"" +
                                          dir.path().string() + "\" } }\n")),
                   Catch::EndsWith("\": Is a directory"));
    }
}

TEST_CASE("secret text never reaches describe_config or error messages", "[config]") {
    TempDir dir;
    dir.write("api.key", std::string(distinctive_secret) + "\n");
    ScopedEnv env_secret("AEROWATCH_TEST_SECRET", distinctive_secret);
    ScopedEnv credentials_dir("CREDENTIALS_DIRECTORY", dir.path().c_str());
    const std::string text = source_with(
        "headers = { \"X-Token\" = { env = \"AEROWATCH_TEST_SECRET\" } }\n"
        "credentials = { type = \"api_key_header\", header = \"x-apikey\", key = { file = "
        "\"api.key\" } }\n");

    const auto config = parse_config(text, "a.toml");
    const std::string described = describe_config(config);
    CHECK(described.find(distinctive_secret) == std::string::npos);
    CHECK_THAT(described,
               Catch::Contains("\"X-Token\" = \"<secret from env AEROWATCH_TEST_SECRET>\""));
    CHECK_THAT(described, Catch::Contains("key = \"<secret from file api.key>\""));

    // The same secrets resolved beside unrelated errors: the message lists problems, not values.
    try {
        parse_config(text + "interval = \"1s\"\nbogus = 1\n", "a.toml");
        FAIL("expected a ConfigError");
    } catch (const ConfigError& error) {
        CHECK(error.errors().size() == 2);
        CHECK(std::string(error.what()).find(distinctive_secret) == std::string::npos);
    }
}

TEST_CASE("load_config reports unreadable files", "[config]") {
    TempDir dir;
    const auto missing = dir / "absent.toml";
    try {
        load_config(missing);
        FAIL("expected a ConfigError");
    } catch (const ConfigError& error) {
        REQUIRE(error.errors().size() == 1);
        CHECK(error.errors()[0] == missing.string() + ": cannot read: No such file or directory");
    }
    CHECK_THROWS_WITH(load_config(dir.path()),
                      dir.path().string() + ": cannot read: Is a directory");

    const auto empty = dir.write("empty.toml", "");
    CHECK(load_config(empty).sources.empty());
    // Validation messages carry the path as given.
    const auto bad = dir.write("bad.toml", "[daemon]\nlog_level = \"x\"\n");
    CHECK_THROWS_WITH(load_config(bad),
                      Catch::StartsWith(bad.string() + ":2: daemon: log_level: "));
}

TEST_CASE("the example production config loads", "[config]") {
    ScopedEnv faa_id("FAA_CLIENT_ID", "example-id");
    ScopedEnv faa_secret("FAA_CLIENT_SECRET", "example-secret");
    ScopedEnv nms_id("NMS_CLIENT_ID", "example-nms-id");
    ScopedEnv aeroapi("AEROAPI_KEY", "example-aeroapi-key");
    ScopedEnv aviationstack("AVIATIONSTACK_KEY", "example-aviationstack-key");
    ScopedEnv slack("SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T0/B0/example");
    TempDir credentials;
    credentials.write("nms.secret", "example-nms-secret\n");
    credentials.write("webhook-ops.secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n");
    ScopedEnv credentials_dir("CREDENTIALS_DIRECTORY", credentials.path().c_str());

    const Config config =
        load_config(AEROWATCH_FIXTURES_DIR "/../../config/aerowatch.example.toml");
    CHECK(config.daemon.state_directory == "/var/lib/aerowatch");
    CHECK(config.daemon.http_listen == "127.0.0.1:8787");
    REQUIRE(config.sources.size() >= 4);
    for (const auto& source : config.sources) {
        INFO(source.name);
        CHECK(source.url.rfind("https://", 0) == 0);
    }
    const auto* faa = config.find_source("faa-notam");
    REQUIRE(faa != nullptr);
    CHECK(faa->headers.size() == 3);
    const auto* nms = config.find_source("faa-nms");
    REQUIRE(nms != nullptr);
    CHECK(nms->credentials.client_secret.reveal() == "example-nms-secret");
    REQUIRE(config.webhooks.size() == 2);
    CHECK(config.webhooks[1].format == WebhookFormat::slack);
    REQUIRE(config.correlation.watches.size() == 1);
    CHECK(config.correlation.watches[0].keywords ==
          std::vector<std::string>{"VENEZUELA", "MAIQUETIA"});
    CHECK(config.alert_log_path() == "/var/log/aerowatch/alerts.jsonl");

    const std::string described = describe_config(config);
    for (const char* secret : {"example-id", "example-secret", "example-nms-secret",
                               "example-aeroapi-key", "example-aviationstack-key"}) {
        INFO(secret);
        CHECK(described.find(secret) == std::string::npos);
    }
    // What describe_config prints reads back as a config of the same shape.
    const Config again = parse_config(described, "described.toml");
    CHECK(again.sources.size() == config.sources.size());
    CHECK(again.find_source("faa-nms")->interval == nms->interval);
}

TEST_CASE("hazard rules extend the classifier from the config", "[config]") {
    const auto config = aerowatch::parse_config(R"([[hazard_rule]]
name = "drones near the field"
keywords = ["DRONE ACTIVITY"]
severity = "warning"
categories = ["security"]

[[hazard_rule]]
name = "danger areas"
qcode_prefix = "QRD"
kind = "notam"
categories = ["military_activity"]
)",
                                                "/etc/aerowatch/aerowatch.toml");
    REQUIRE(config.hazard_rules.size() == 2);
    CHECK(config.hazard_rules[0].keywords == std::vector<std::string>{"DRONE ACTIVITY"});
    CHECK(config.hazard_rules[0].severity == aerowatch::Severity::warning);
    CHECK(config.hazard_rules[0].categories.has(aerowatch::HazardCategory::security_conflict));
    CHECK(config.hazard_rules[1].qcode_prefix == "QRD");
    CHECK(config.hazard_rules[1].kind == aerowatch::HazardKind::notam);
    CHECK_THAT(aerowatch::describe_config(config), Catch::Contains("qcode_prefix = \"QRD\""));

    try {
        aerowatch::parse_config(R"([[hazard_rule]]
name = "bad"
keywords = "DRONE"
severity = "severe"
categories = ["drones"]
colour = "red"
)",
                                "r.toml");
        FAIL("expected ConfigError");
    } catch (const aerowatch::ConfigError& e) {
        const auto& errors = e.errors();
        CHECK(std::find(errors.begin(), errors.end(),
                        "r.toml:3: hazard_rule \"bad\": keywords: expected an array of strings") !=
              errors.end());
        CHECK(std::find(errors.begin(), errors.end(),
                        "r.toml:4: hazard_rule \"bad\": severity: expected one of info, caution, "
                        "warning, prohibition") != errors.end());
        CHECK_THAT(e.what(), Catch::Contains("r.toml:5: hazard_rule \"bad\": categories: unknown "
                                             "category \"drones\""));
        CHECK_THAT(e.what(), Catch::Contains("r.toml:6: hazard_rule \"bad\": colour: unknown key"));
    }
}
