// SPDX-License-Identifier: GPL-3.0-or-later
// `aerowatch webhook listen`: a receiver for trying webhooks out (and for the demo). It checks
// each request as a Standard Webhooks consumer would and prints one line per event.
#include "cli/webhook_commands.hpp"

#include "config/config_reader.hpp"
#include "notify/webhook_signature.hpp"
#include "service/exit_codes.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <mutex>
#include <ostream>
#include <set>

namespace aerowatch {

int command_webhook_listen(const std::string& address, const std::string& secret_file,
                           std::ostream& out, std::ostream& err) {
    const auto colon = address.rfind(':');
    int port = 0;
    if (colon == std::string::npos || (port = std::atoi(address.c_str() + colon + 1)) <= 0 ||
        port > 65535) {
        err << "aerowatch: webhook listen: expected HOST:PORT, not \"" << address << "\"\n";
        return exit_code::usage;
    }
    std::optional<std::string> key;
    if (!secret_file.empty()) {
        auto text = config_detail::read_file(secret_file, 4096);
        std::string problem;
        if (text) {
            auto secret = text.value();
            while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) {
                secret.pop_back();
            }
            key = decode_webhook_secret(secret, problem);
        }
        if (!key) {
            err << "aerowatch: " << secret_file << ": " << (text ? problem : text.error().message)
                << "\n";
            return exit_code::usage;
        }
    }
    std::mutex mutex;
    std::set<std::string> seen;
    httplib::Server server;
    server.Post(".*", [&](const httplib::Request& req, httplib::Response& res) {
        const auto id = req.get_header_value("webhook-id");
        const auto timestamp = req.get_header_value("webhook-timestamp");
        std::string check = "unsigned";
        if (key) {
            // A replay signs with its simulated clock: check the signature at its own time.
            std::int64_t at = 0;
            try {
                at = std::stoll(timestamp);
            } catch (const std::exception&) {
            }
            check = to_string(verify_webhook(
                *key, id, timestamp, req.get_header_value("webhook-signature"), req.body, at));
        }
        const auto body = nlohmann::json::parse(req.body, nullptr, false);
        std::lock_guard lock(mutex);
        const bool repeat = !seen.insert(id).second;
        if (body.is_object()) {
            out << fmt::format("webhook <- {} [{}] {} {} {}{}\n", id, check,
                               body.value("event", "?"), body.value("severity", "?"),
                               body.value("fingerprint", "?"), repeat ? " (repeat)" : "");
        } else {
            out << fmt::format("webhook <- {} [{}] {} bytes{}\n", id, check, req.body.size(),
                               repeat ? " (repeat)" : "");
        }
        out.flush();
        res.status = (key && check != "ok") ? 401 : 200;
        res.set_content("{\"ok\":true}", "application/json");
    });
    if (!server.bind_to_port(address.substr(0, colon), port)) {
        err << "aerowatch: webhook listen: cannot listen on " << address << "\n";
        return exit_code::failure;
    }
    out << "listening on " << address << (key ? " (checking signatures)" : "") << "\n";
    out.flush();
    server.listen_after_bind();
    return exit_code::ok;
}

} // namespace aerowatch
