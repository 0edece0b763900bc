// SPDX-License-Identifier: GPL-3.0-or-later
// [[webhook]] tables, alert_log and external_url: values, defaults, errors naming file, line and
// key, and secrets (the signing secret and a chat URL's token) never shown.
#include "config/config.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace aerowatch;
using aerowatch::test::TempDir;

namespace {

std::vector<std::string> errors_of(std::string_view text) {
    try {
        parse_config(text, "aerowatch.toml");
    } catch (const ConfigError& error) {
        return error.errors();
    }
    return {};
}

} // namespace

TEST_CASE("[[webhook]] takes a URL, a secret, a format and filters", "[config][webhook]") {
    TempDir dir;
    dir.write("ops.secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n");
    ::setenv("AEROWATCH_TEST_SLACK_URL",
             "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX", 1);
    const auto config = parse_config(R"([daemon]
state_directory = "state"
alert_log = "/var/log/aerowatch/alerts.jsonl"
external_url = "https://aerowatch.example.org/"

[[webhook]]
name = "ops"
url = "https://ops.example.org/aerowatch"
secret = { file = "ops.secret" }
previous_secret = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
kinds = ["disruption_correlated", "hazard_escalated"]
min_severity = "warning"
match = ["country=Venezuela"]
timeout = "20s"
max_attempts = 30
max_age = "48h"

[[webhook]]
name = "slack"
url = { env = "AEROWATCH_TEST_SLACK_URL" }
format = "slack"
enabled = false
)",
                                     dir / "aerowatch.toml");
    REQUIRE(config.webhooks.size() == 2);
    const auto& ops = config.webhooks[0];
    CHECK(ops.url.reveal() == "https://ops.example.org/aerowatch");
    REQUIRE(ops.secret);
    CHECK(ops.secret->reveal() == "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    REQUIRE(ops.previous_secret);
    CHECK(ops.format == WebhookFormat::native);
    CHECK(ops.kinds ==
          std::vector<AlertKind>{AlertKind::disruption_correlated, AlertKind::hazard_escalated});
    CHECK(ops.min_severity == AlertSeverity::warning);
    REQUIRE(ops.match.size() == 1);
    CHECK(ops.match[0].key == "country");
    CHECK(ops.timeout == std::chrono::seconds{20});
    CHECK(ops.max_attempts == 30);
    CHECK(ops.max_age == std::chrono::hours{48});
    CHECK(config.webhooks[1].format == WebhookFormat::slack);
    CHECK_FALSE(config.webhooks[1].enabled);
    CHECK(config.alert_log_path() == "/var/log/aerowatch/alerts.jsonl");
    CHECK(config.daemon.external_url == "https://aerowatch.example.org/");
    CHECK(config.find_webhook("slack") == &config.webhooks[1]);

    const auto text = describe_config(config);
    CHECK_THAT(text, !Catch::Contains("MfKQ9r8G"));
    CHECK_THAT(text, !Catch::Contains("XXXXXXXX"));
    CHECK_THAT(text, !Catch::Contains("/aerowatch\""));
    CHECK_THAT(text, Catch::Contains("url = \"https://ops.example.org/...\" # path not shown\n"));
    CHECK_THAT(text, Catch::Contains("url = \"https://hooks.slack.com/...\" # path not shown; "));
    CHECK_THAT(text, Catch::Contains("<secret from env AEROWATCH_TEST_SLACK_URL>"));
    CHECK_THAT(text, Catch::Contains("min_severity = \"warning\""));
    ::unsetenv("AEROWATCH_TEST_SLACK_URL");
}

TEST_CASE("the alert log defaults to the state directory", "[config][webhook]") {
    const auto config = parse_config("[daemon]\nstate_directory = \"/var/lib/aerowatch\"\n",
                                     "/etc/aerowatch/aerowatch.toml");
    CHECK(config.alert_log_path() == "/var/lib/aerowatch/alerts.jsonl");
    CHECK(config.webhooks.empty());
}

TEST_CASE("[[webhook]] errors name the line and key", "[config][webhook]") {
    CHECK(errors_of("[[webhook]]\nname = \"ops\"\n") ==
          std::vector<std::string>{"aerowatch.toml:1: webhook \"ops\": url: required key is "
                                   "missing"});
    CHECK(errors_of("[[webhook]]\nname = \"ops\"\nurl = \"http://example.org/\"\n") ==
          std::vector<std::string>{"aerowatch.toml:3: webhook \"ops\": url: plain http:// is not "
                                   "allowed; use https:// or set allow_http = true"});
    CHECK(errors_of("[[webhook]]\nname = \"ops\"\nurl = \"https://x.org/\"\nformat = "
                    "\"pagerduty\"\n") ==
          std::vector<std::string>{"aerowatch.toml:4: webhook \"ops\": format: expected native, "
                                   "slack, discord, teams or alertmanager, not \"pagerduty\""});
    CHECK(errors_of("[[webhook]]\nname = \"ops\"\nurl = \"https://x.org/\"\nkinds = "
                    "[\"disruption\"]\n")
              .at(0)
              .starts_with("aerowatch.toml:4: webhook \"ops\": kinds: unknown alert kind "
                           "\"disruption\""));
    CHECK(errors_of("[[webhook]]\nname = \"ops\"\nurl = \"https://x.org/\"\nmin_severity = "
                    "\"caution\"\n") ==
          std::vector<std::string>{"aerowatch.toml:4: webhook \"ops\": min_severity: expected "
                                   "info, warning or critical, not \"caution\""});
    CHECK(errors_of("[[webhook]]\nname = \"ops\"\nurl = \"https://x.org/\"\nmatch = "
                    "[\"gate=B12\"]\n")
              .at(0)
              .starts_with("aerowatch.toml:4: webhook \"ops\": match: unknown key \"gate\""));
    CHECK(errors_of("[[webhook]]\nname = \"ops\"\nurl = \"https://x.org/\"\nsecret = "
                    "\"not base64!\"\n")
              .at(0)
              .starts_with("aerowatch.toml:4: webhook \"ops\": secret: "));
    CHECK(errors_of("[[webhook]]\nname = \"ops\"\nurl = \"https://x.org/\"\ntimeout = "
                    "\"5m\"\n") ==
          std::vector<std::string>{"aerowatch.toml:4: webhook \"ops\": timeout: must be from "
                                   "\"1s\" to \"2m\""});
    CHECK(errors_of("[[webhook]]\nname = \"ops\"\nurl = \"https://x.org/\"\n[[webhook]]\nname = "
                    "\"ops\"\nurl = \"https://y.org/\"\n") ==
          std::vector<std::string>{"aerowatch.toml:5: webhook \"ops\": name: another [[webhook]] "
                                   "has this name"});
    CHECK(errors_of("[[webhook]]\nname = \"ops\"\nurl = \"https://x.org/\"\nprevious_secret = "
                    "\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"\n") ==
          std::vector<std::string>{"aerowatch.toml:4: webhook \"ops\": previous_secret: needs a "
                                   "secret: it signs beside the new one"});
    CHECK(errors_of("[[webhook]]\nname = \"ops\"\nurl = \"https://x.org/\"\nretries = 3\n") ==
          std::vector<std::string>{"aerowatch.toml:4: webhook \"ops\": retries: unknown key"});
}
