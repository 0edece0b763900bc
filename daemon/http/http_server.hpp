// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.hpp"
#include "refdata/refdata.hpp"
#include "service/service_status.hpp"

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
class Request;
class Response;
} // namespace httplib

namespace aerowatch {

class SqliteStore;
class SvgMap;

/// The daemon's HTTP side (cpp-httplib, a few worker threads): /healthz, /readyz, /metrics,
/// /api/v1/{alerts,hazards,flights,sources}, the status page at / and its map at /map.svg.
///
/// It never touches the loop's objects: it reads ServiceStatus and the database through its own
/// read-only connections (WAL lets them read beside the writer), and it reads time from the
/// daemon's clock, so a replay's page shows the replay's "now". With `[daemon] http_token` set,
/// every path but /healthz wants "Authorization: Bearer TOKEN" (401 otherwise).
class HttpServer {
  public:
    HttpServer(ServiceStatus& status, const Clock& clock, std::filesystem::path database,
               std::shared_ptr<const RefData> refdata);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Binds `listen` ("127.0.0.1:8787", "[::1]:8787"; port 0 = any free port) and starts
    /// serving. Throws std::runtime_error when the address cannot be bound. Returns the bound
    /// address ("127.0.0.1:41234").
    std::string start(const std::string& listen);
    /// Stops accepting, finishes requests in progress, joins the threads.
    void stop();

  private:
    class Readers;

    void add_routes();
    bool authorised(const httplib::Request& request) const;
    void page(httplib::Response& response) const;
    void map(httplib::Response& response) const;
    void metrics(httplib::Response& response) const;
    void readyz(httplib::Response& response) const;

    ServiceStatus& status_;
    const Clock& clock_;
    std::shared_ptr<const RefData> refdata_;
    std::unique_ptr<Readers> readers_;
    std::unique_ptr<SvgMap> map_;
    std::unique_ptr<httplib::Server> server_;
    std::thread thread_;
};

} // namespace aerowatch
