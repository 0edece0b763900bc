// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/request_builder.hpp"

#include "core/text.hpp"
#include "core/version.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <charconv>

namespace aerowatch {

std::string user_agent(std::string_view contact) {
    if (contact.empty()) {
        return fmt::format("aerowatch/{}", version);
    }
    return fmt::format("aerowatch/{} (+{})", version, contact);
}

std::string url_encode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') ||
            u == '-' || u == '.' || u == '_' || u == '~') {
            out.push_back(c);
        } else {
            out += fmt::format("%{:02X}", u);
        }
    }
    return out;
}

namespace {

std::chrono::seconds low_speed_window(std::chrono::seconds timeout) {
    return std::min(timeout, std::chrono::seconds{30});
}

void apply_limits(const SourceConfig& source, std::string_view agent, FetchRequest& request) {
    request.timeout = source.timeout;
    request.connect_timeout = std::min(source.connect_timeout, source.timeout);
    request.low_speed_time = low_speed_window(source.timeout);
    request.max_body_bytes = source.max_body_bytes;
    request.allow_http = source.allow_http;
    request.user_agent = std::string(agent);
}

} // namespace

FetchRequest build_request(const SourceConfig& source, const SourceState* state,
                           std::string_view agent, const std::optional<std::string>& bearer_token) {
    FetchRequest request;
    request.url = source.url;
    apply_limits(source, agent, request);
    for (const auto& header : source.headers) {
        request.headers.emplace_back(header.name, header.value.reveal());
    }
    if (source.kind == "faa_nms_api" &&
        std::none_of(source.headers.begin(), source.headers.end(), [](const auto& header) {
            return to_upper_ascii(header.name) == "NMSRESPONSEFORMAT"; // names are case-blind
        })) {
        // The NMS API requires it on every NOTAM call; GeoJSON unless the config asks for AIXM.
        request.headers.emplace_back("nmsResponseFormat", "GEOJSON");
    }
    const auto& c = source.credentials;
    switch (c.type) {
    case Credentials::Type::none:
        break;
    case Credentials::Type::api_key_header:
        request.headers.emplace_back(c.header, c.key.reveal());
        break;
    case Credentials::Type::api_key_query:
        request.url += request.url.find('?') == std::string::npos ? '?' : '&';
        request.url += url_encode(c.param) + "=" + url_encode(c.key.reveal());
        break;
    case Credentials::Type::bearer:
        request.headers.emplace_back("Authorization", "Bearer " + c.key.reveal());
        break;
    case Credentials::Type::oauth2_client_credentials:
        if (bearer_token) {
            request.headers.emplace_back("Authorization", "Bearer " + *bearer_token);
        }
        break;
    }
    if (state != nullptr) {
        request.etag = state->etag;
        request.last_modified = state->last_modified;
    }
    return request;
}

FetchRequest build_token_request(const SourceConfig& source, std::string_view agent) {
    const auto& c = source.credentials;
    FetchRequest request;
    request.url = c.token_url;
    request.method = "POST";
    request.body = "grant_type=client_credentials";
    if (!c.scope.empty()) {
        request.body += "&scope=" + url_encode(c.scope);
    }
    request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    request.headers.emplace_back("Accept", "application/json");
    request.username = c.client_id.reveal();
    request.password = c.client_secret.reveal();
    apply_limits(source, agent, request);
    request.max_body_bytes = 64 * 1024; // a token response is tiny
    return request;
}

Result<OAuthToken> parse_token_response(std::string_view body) {
    simdjson::ondemand::parser parser;
    simdjson::padded_string padded(body);
    OAuthToken token;
    try {
        auto doc = parser.iterate(padded);
        auto object = doc.get_object();
        bool have_expiry = false;
        for (auto field : object) {
            const std::string_view key = field.unescaped_key();
            if (key == "access_token") {
                token.access_token = std::string(std::string_view(field.value().get_string()));
            } else if (key == "expires_in") {
                auto value = field.value();
                std::int64_t seconds = 0;
                if (value.type() == simdjson::ondemand::json_type::string) {
                    const std::string_view text = value.get_string();
                    const auto [end, ec] =
                        std::from_chars(text.data(), text.data() + text.size(), seconds);
                    if (ec != std::errc{} || end != text.data() + text.size()) {
                        return Result<OAuthToken>::failure("token response: bad expires_in");
                    }
                } else {
                    seconds = value.get_int64();
                }
                token.expires_in = std::chrono::seconds{std::max<std::int64_t>(seconds, 0)};
                have_expiry = true;
            }
        }
        if (!have_expiry) {
            // RFC 6749 makes expires_in optional; without it, refresh every few minutes.
            token.expires_in = std::chrono::seconds{300};
        }
    } catch (const simdjson::simdjson_error& e) {
        return Result<OAuthToken>::failure(fmt::format("token response: {}", e.what()));
    }
    if (token.access_token.empty()) {
        return Result<OAuthToken>::failure("token response has no access_token");
    }
    return token;
}

} // namespace aerowatch
