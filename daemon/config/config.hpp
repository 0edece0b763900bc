// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/secret.hpp"
#include "core/alert.hpp"
#include "core/flight.hpp"
#include "normalise/classifier.hpp"
#include "notify/webhook_format.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace aerowatch {

enum class LogLevel { trace, debug, info, warn, error };

/// How a source authenticates. Secrets are resolved at load time.
struct Credentials {
    enum class Type {
        none,
        api_key_header,            // `header` = key           (AeroAPI x-apikey)
        api_key_query,             // ?`param`=key             (AviationStack access_key)
        bearer,                    // Authorization: Bearer key
        oauth2_client_credentials, // token from token_url      (FAA NMS, OpenSky)
    };
    Type type = Type::none;
    std::string header; // api_key_header
    std::string param;  // api_key_query
    SecretValue key;    // api_key_*, bearer
    std::string token_url;
    SecretValue client_id;
    SecretValue client_secret;
    std::string scope; // optional
};

struct Header {
    std::string name;
    SecretValue value;
};

/// How to read an airport's own departure/arrival board (source kind json_board) without code:
/// RFC 6901 JSON pointers into the payload and into each flight record.
struct JsonBoardConfig {
    std::string list;                    // pointer to the array of flights in the payload: "/data"
    std::string airline;                 // pointer to the operating airline code (IATA or ICAO)
    std::string flight_number;           // pointer; "IB6673" and "6673" both accepted
    std::string origin;                  // pointer to the origin code; empty: use origin_code
    std::string destination;             // pointer to the destination code; empty: destination_code
    std::string origin_code;             // fixed origin (the board's own airport for departures)
    std::string destination_code;        // fixed destination (for an arrivals board)
    std::string scheduled;               // pointer to the scheduled departure time
    std::string time_format = "iso8601"; // or a strptime-style pattern: "%Y-%m-%d %H:%M"
    std::string time_zone;               // IANA zone for times without an offset: "America/Caracas"
    std::string status;                  // pointer to the status field
    std::vector<std::pair<std::string, FlightState>> status_map; // source value -> state
};

struct SourceConfig {
    std::string name;
    std::string kind; // one of known_source_kinds()
    std::string url;
    std::chrono::seconds interval{300};
    std::chrono::seconds timeout{60};
    std::chrono::seconds connect_timeout{10};
    std::chrono::seconds max_backoff{3600};
    std::chrono::seconds stale_after{0}; // 0 = 3 x interval, decided by the health check
    std::uint64_t max_body_bytes = 16u << 20;
    int max_pages = 10; // pages of a paged listing fetched per poll (AeroAPI bills each page)
    std::vector<Header> headers;
    Credentials credentials;
    bool enabled = true;
    bool allow_http = false;              // plain http for loopback test servers only
    std::optional<JsonBoardConfig> board; // kind json_board only: the [source.board] table
    int line = 0;                         // where the [[source]] table starts, for later messages

    /// How long without a successful poll before the source counts as unhealthy.
    std::chrono::seconds stale_threshold() const {
        return stale_after.count() > 0 ? stale_after : 3 * interval;
    }
};

struct DaemonConfig {
    std::filesystem::path state_directory = "/var/lib/aerowatch";
    std::optional<std::filesystem::path> data_directory; // reference data; default: installed
    std::optional<std::filesystem::path> log_file;       // extra log file, reopened on SIGUSR1
    std::optional<std::filesystem::path> alert_log;      // JSON Lines; default: state_directory
    LogLevel log_level = LogLevel::info;
    std::string http_listen = "127.0.0.1:8787"; // "off": no HTTP server; port 0: any free port
    // When set, every HTTP request but /healthz must carry "Authorization: Bearer TOKEN".
    std::optional<SecretValue> http_token;
    std::string contact;      // appended to the User-Agent: "aerowatch/0.1 (+ops@example.org)"
    std::string external_url; // where people reach the status page; links in webhooks
};

/// The [flights] table: how long flight history is kept and how baselines are computed.
struct FlightsConfig {
    std::chrono::days retention{90}; // flights scheduled earlier are pruned with their history
    BaselineConfig baseline;
};

/// A [[watch]] table: an area whose new hazards raise alerts and whose airports are watched
/// for unexplained cancellation spikes. The area is the union of what is given.
struct WatchArea {
    std::string name;
    std::vector<std::string> firs;      // "SVZM"
    std::vector<std::string> countries; // as in the reference data: "Venezuela"
    std::vector<std::string> airports;  // ICAO or IATA
    Geometry geometry;                  // circle = {...} or polygon = [[lat, lon], ...]
    // Words or phrases of a hazard's title or text that put it here wherever it is
    // ("VENEZUELA", "MAIQUETIA"): a security NOTAM about a country may name no FIR at all.
    std::vector<std::string> keywords;
    Severity min_severity = Severity::caution;
    int line = 0;
};

/// A [[disruption_rule]] table: when cancellations at an airport become an alert.
struct DisruptionRule {
    std::string name;
    std::chrono::seconds window{std::chrono::hours{72}}; // after the hazard's issue (unexplained:
                                                         // trailing, up to now)
    int min_cancellations = 5;
    int min_airlines = 3;                      // distinct airlines cancelling
    double min_ratio = 3.0;                    // cancellation rate over the baseline rate
    Severity min_severity = Severity::caution; // of the hazard
    CategorySet categories;                    // of the hazard; empty = any
    bool route = false;                        // also flights whose route crosses the hazard's area
    bool unexplained = false;                  // a rule for spikes no active hazard explains
};

/// The [correlation] table.
struct CorrelationConfig {
    std::chrono::seconds lead{std::chrono::hours{6}}; // flights this long before a hazard
    std::chrono::seconds lag{std::chrono::hours{6}};  // and after it are exposed
    int terminal_ceiling_ft = 10000;
    int cruise_floor_ft = 25000;
    // Passes run within min(interval, 10s) of new data, and every max(interval, 5m) without.
    std::chrono::seconds interval{60};
    std::chrono::seconds repeat_interval{std::chrono::hours{6}}; // between "updated" events
    std::chrono::seconds hold{std::chrono::hours{6}}; // a disruption stays this long under its
                                                      // thresholds before it resolves
    double update_growth = 0.5; // evidence growth (50 %) that makes an "updated" event
    std::vector<WatchArea> watches;
    std::vector<DisruptionRule> rules; // the built-in defaults when the file has none
};

/// The rules used when a config has no [[disruption_rule]]: they raise the Venezuela case
/// (several airlines cancelling at Caracas after the FAA notice) and stay quiet on normal days.
std::vector<DisruptionRule> default_disruption_rules();

/// A [[webhook]] table: where alert events are posted, in which body format, and which ones.
struct WebhookConfig {
    std::string name;
    SecretValue url;                   // chat webhook URLs carry their token in the path
    std::optional<SecretValue> secret; // "whsec_..."; with it requests carry Standard Webhooks
                                       // signature headers
    std::optional<SecretValue> previous_secret; // while rotating: requests carry both signatures
    WebhookFormat format = WebhookFormat::native;
    std::vector<AlertKind> kinds; // empty: every kind
    AlertSeverity min_severity = AlertSeverity::info;
    std::vector<SilenceMatcher> match; // KEY=VALUE, all must hold (the silence syntax)
    std::chrono::seconds timeout{15};
    int max_attempts = 50;                                // then the event is dead-lettered
    std::chrono::seconds max_age{std::chrono::hours{72}}; // and so is one older than this
    bool allow_http = false;
    bool enabled = true;
    int line = 0;
};

struct Config {
    std::filesystem::path path; // the file it came from
    DaemonConfig daemon;
    FlightsConfig flights;
    CorrelationConfig correlation;
    std::vector<SourceConfig> sources;
    std::vector<ClassificationRule> hazard_rules; // added to the classifier's built-in table
    std::vector<WebhookConfig> webhooks;
    std::optional<std::filesystem::path> database_file; // set by replay --db; not in the file

    /// The database file inside the state directory.
    std::filesystem::path database_path() const {
        return database_file.value_or(daemon.state_directory / "aerowatch.db");
    }
    std::filesystem::path alert_log_path() const {
        return daemon.alert_log.value_or(daemon.state_directory / "alerts.jsonl");
    }
    const WebhookConfig* find_webhook(std::string_view name) const;
    const SourceConfig* find_source(std::string_view name) const;
};

/// All problems found in one config file, each already formatted as
/// `FILE:LINE: CONTEXT: KEY: MESSAGE`; what() joins them with newlines.
class ConfigError : public std::runtime_error {
  public:
    explicit ConfigError(std::vector<std::string> errors);
    const std::vector<std::string>& errors() const noexcept { return errors_; }

  private:
    std::vector<std::string> errors_;
};

/// Why `text` is not a usable http_listen value ("host:port", "[v6]:port"), or nullopt.
std::optional<std::string> check_listen(std::string_view text);

/// Reads, parses and validates a config file. Throws ConfigError listing every problem.
/// Relative credential files resolve under $CREDENTIALS_DIRECTORY when it is set, otherwise
/// relative to the config file's directory.
Config load_config(const std::filesystem::path& path);

/// Same, from text already in memory (`path` is used for messages and relative paths).
Config parse_config(std::string_view text, const std::filesystem::path& path);

/// The source kinds the daemon knows (the formats of ../shared/reference/feeds.md).
const std::vector<std::string>& known_source_kinds();

/// The config as TOML-like text for `--check-config` and `check-config`, secrets described,
/// never revealed.
std::string describe_config(const Config& config);

const char* to_string(LogLevel level);

} // namespace aerowatch
