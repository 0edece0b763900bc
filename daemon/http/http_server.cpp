// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/http_server.hpp"

#include "http/api_routes.hpp"
#include "http/health.hpp"
#include "http/metrics_page.hpp"
#include "http/prometheus_text.hpp"
#include "http/read_model.hpp"
#include "http/status_page.hpp"
#include "http/svg_map.hpp"
#include "store/flight_codes.hpp"
#include "store/sqlite_store.hpp"
#include "store/stats_queries.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <spdlog/spdlog.h>

#include <sys/socket.h>

#include <array>
#include <stdexcept>

namespace aerowatch {

namespace {

// Few threads: the answers come from SQLite on a 2-core box, and scrapes and a page view or
// two at a time are the load. Requests carry no body worth more than this.
constexpr std::size_t worker_threads = 4;
constexpr std::size_t max_request_body = 64 * 1024;
constexpr std::chrono::seconds io_timeout{10};

constexpr const char* json_type = "application/json; charset=utf-8";

std::pair<std::string, int> split_listen(const std::string& listen) {
    const auto colon = listen.rfind(':');
    std::string host = listen.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    return {host, std::stoi(listen.substr(colon + 1))};
}

std::array<unsigned char, 32> sha256(std::string_view text) {
    std::array<unsigned char, 32> digest{};
    unsigned int size = 0;
    if (EVP_Digest(text.data(), text.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1) {
        throw std::runtime_error("SHA-256 failed");
    }
    return digest;
}

void send_json(httplib::Response& response, int status, const std::string& body) {
    response.status = status;
    response.set_content(body, json_type);
}

void send_json(httplib::Response& response, const nlohmann::json& body, int status = 200) {
    send_json(response, status, body.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
}

QueryParams query_params(const httplib::Request& request) {
    QueryParams params;
    for (const auto& [name, value] : request.params) {
        params.emplace(name, value); // the first of repeated names
    }
    return params;
}

} // namespace

/// Read-only connections for the worker threads, opened on demand and kept for the next
/// request. A connection whose request failed is closed rather than reused, and one older than
/// `max_age` is replaced: a store caches what it learns at open (the airline code pairs).
class HttpServer::Readers {
  public:
    Readers(std::filesystem::path database, std::shared_ptr<const RefData> refdata,
            const Clock& clock)
        : database_(std::move(database)), refdata_(std::move(refdata)), clock_(clock) {}

    template <typename F> auto with(F&& use) {
        Reader reader;
        {
            std::lock_guard lock(mutex_);
            if (!idle_.empty()) {
                reader = std::move(idle_.back());
                idle_.pop_back();
            }
        }
        if (!reader.store || clock_.steady_now() - reader.opened > max_age) {
            reader.store = SqliteStore::open(database_, SqliteStore::Access::reader);
            reader.store->flights().set_code_resolver(refdata_code_resolver(refdata_));
            reader.opened = clock_.steady_now();
        }
        auto result = use(*reader.store); // throws: the connection is dropped with it
        std::lock_guard lock(mutex_);
        idle_.push_back(std::move(reader));
        return result;
    }

  private:
    static constexpr std::chrono::minutes max_age{5};
    struct Reader {
        std::unique_ptr<SqliteStore> store;
        SteadyTime opened{};
    };

    std::filesystem::path database_;
    std::shared_ptr<const RefData> refdata_;
    const Clock& clock_;
    std::mutex mutex_;
    std::vector<Reader> idle_;
};

HttpServer::HttpServer(ServiceStatus& status, const Clock& clock, std::filesystem::path database,
                       std::shared_ptr<const RefData> refdata)
    : status_(status), clock_(clock), refdata_(refdata),
      readers_(std::make_unique<Readers>(std::move(database), refdata, clock)),
      map_(std::make_unique<SvgMap>(refdata)), server_(std::make_unique<httplib::Server>()) {}

HttpServer::~HttpServer() {
    stop();
}

std::string HttpServer::start(const std::string& listen) {
    add_routes();
    const auto [host, port] = split_listen(listen);
    int bound = port;
    if (port == 0) {
        bound = server_->bind_to_any_port(host);
    } else if (!server_->bind_to_port(host, port)) {
        bound = -1;
    }
    if (bound <= 0) {
        throw std::runtime_error(fmt::format(
            "cannot listen on {} (address in use, or not an address of this host)", listen));
    }
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    // stop() before the accept loop runs would leave it blocked for good: wait for it.
    while (!server_->is_running()) {
        std::this_thread::sleep_for(std::chrono::milliseconds{1});
    }
    return host.find(':') != std::string::npos ? fmt::format("[{}]:{}", host, bound)
                                               : fmt::format("{}:{}", host, bound);
}

void HttpServer::stop() {
    if (thread_.joinable()) {
        server_->stop();
        thread_.join();
    }
}

bool HttpServer::authorised(const httplib::Request& request) const {
    const auto config = status_.config();
    if (!config || !config->daemon.http_token) {
        return true;
    }
    const std::string header = request.get_header_value("Authorization");
    constexpr std::string_view scheme = "Bearer ";
    if (header.size() <= scheme.size() || header.compare(0, scheme.size(), scheme) != 0) {
        return false;
    }
    // Compared as digests, in constant time, so neither the length nor a prefix leaks.
    const auto given = sha256(std::string_view(header).substr(scheme.size()));
    const auto expected = sha256(config->daemon.http_token->reveal());
    return CRYPTO_memcmp(given.data(), expected.data(), given.size()) == 0;
}

void HttpServer::add_routes() {
    auto& s = *server_;
    s.new_task_queue = [] {
        return new httplib::ThreadPool(worker_threads);
    };
    // cpp-httplib's default adds SO_REUSEPORT, which would let a second aerowatchd bind the
    // same port and silently take half its requests. SO_REUSEADDR alone still allows a restart
    // while old connections linger in TIME_WAIT.
    s.set_socket_options([](int sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    s.set_payload_max_length(max_request_body);
    s.set_read_timeout(io_timeout);
    s.set_write_timeout(io_timeout);
    s.set_pre_routing_handler([this](const httplib::Request& request, httplib::Response& response) {
        response.set_header("X-Content-Type-Options", "nosniff");
        response.set_header("Cache-Control", "no-store");
        if (request.path != "/healthz" && !authorised(request)) {
            response.set_header("WWW-Authenticate", "Bearer realm=\"aerowatch\"");
            send_json(response, 401, error_answer(401, "missing or wrong bearer token").body);
            return httplib::Server::HandlerResponse::Handled;
        }
        if (request.method != "GET" && request.method != "HEAD") {
            response.set_header("Allow", "GET, HEAD");
            send_json(response, 405, error_answer(405, "only GET and HEAD").body);
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    s.set_exception_handler(
        [](const httplib::Request& request, httplib::Response& response, std::exception_ptr error) {
            std::string what = "unknown error";
            try {
                std::rethrow_exception(error);
            } catch (const std::exception& e) {
                what = e.what();
            } catch (...) {
            }
            spdlog::error("http: {} {}: {}", request.method, request.path, what);
            send_json(response, 503, error_answer(503, fmt::format("database: {}", what)).body);
        });
    s.set_error_handler([](const httplib::Request&, httplib::Response& response) {
        if (response.body.empty()) {
            send_json(response, response.status,
                      error_answer(response.status,
                                   response.status == 404 ? "no such path" : "request refused")
                          .body);
        }
    });
    s.set_logger([](const httplib::Request& request, const httplib::Response& response) {
        spdlog::debug("http: {} {} {}", request.method, request.path, response.status);
    });

    s.Get("/healthz", [this](const httplib::Request&, httplib::Response& response) {
        const auto answer = liveness(status_, clock_.steady_now());
        send_json(response, answer.body, answer.status);
    });
    s.Get("/readyz",
          [this](const httplib::Request&, httplib::Response& response) { readyz(response); });
    s.Get("/metrics",
          [this](const httplib::Request&, httplib::Response& response) { metrics(response); });
    s.Get("/", [this](const httplib::Request&, httplib::Response& response) { page(response); });
    s.Get("/map.svg",
          [this](const httplib::Request&, httplib::Response& response) { map(response); });

    auto api = [this](auto&& handler) {
        return [this, handler](const httplib::Request& request, httplib::Response& response) {
            const auto answer =
                readers_->with([&](SqliteStore& store) { return handler(store, request); });
            send_json(response, answer.status, answer.body);
        };
    };
    s.Get("/api/v1/alerts", api([this](SqliteStore& store, const httplib::Request& request) {
              return api_alerts(store, query_params(request), clock_.utc_now());
          }));
    s.Get(R"(/api/v1/alerts/([^/]+))", api([](SqliteStore& store, const httplib::Request& request) {
              return api_alert(store, request.matches[1].str());
          }));
    s.Get("/api/v1/hazards", api([](SqliteStore& store, const httplib::Request& request) {
              return api_hazards(store, query_params(request));
          }));
    s.Get("/api/v1/flights", api([](SqliteStore& store, const httplib::Request& request) {
              return api_flights(store, query_params(request));
          }));
    s.Get("/api/v1/sources", api([this](SqliteStore& store, const httplib::Request&) {
              const auto config = status_.config();
              return api_sources(store, *config, clock_.utc_now(), status_.started());
          }));
}

void HttpServer::readyz(httplib::Response& response) const {
    std::vector<SourceState> states;
    std::string database_error;
    try {
        states = readers_->with([](SqliteStore& store) { return store.all_source_states(); });
    } catch (const std::exception& e) {
        database_error = e.what();
    }
    const auto answer = readiness(status_, states, database_error, clock_.utc_now());
    send_json(response, answer.body, answer.status);
}

void HttpServer::metrics(httplib::Response& response) const {
    const auto config = status_.config();
    const auto now = clock_.utc_now();
    auto text = readers_->with([&](SqliteStore& store) {
        const auto airports =
            config ? airport_activity(store, *refdata_, *config, now) : std::vector<MapAirport>{};
        return render_metrics(status_, store, airports, now);
    });
    response.set_content(text, PrometheusText::content_type);
}

void HttpServer::map(httplib::Response& response) const {
    const auto config = status_.config();
    const auto now = clock_.utc_now();
    auto svg = readers_->with([&](SqliteStore& store) {
        return map_->render(hazards_in_effect(store, now),
                            airport_activity(store, *refdata_, *config, now));
    });
    response.set_content(svg, "image/svg+xml; charset=utf-8");
}

void HttpServer::page(httplib::Response& response) const {
    const auto config = status_.config();
    const auto now = clock_.utc_now();
    StatusPageData data;
    data.now = now;
    data.config_path = config->path.string();
    const auto states = readers_->with([&](SqliteStore& store) {
        data.firing = store.alerts().firing();
        data.hazards_by_severity = active_hazards_by_severity(store.database());
        data.airports = airport_activity(store, *refdata_, *config, now);
        data.map_svg = map_->render(hazards_in_effect(store, now), data.airports);
        return store.all_source_states();
    });
    data.sources = readiness(status_, states, "", now).body["sources"]; // the reads above succeeded
    response.set_header("Content-Security-Policy",
                        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:");
    response.set_content(render_status_page(data), "text/html; charset=utf-8");
}

} // namespace aerowatch
