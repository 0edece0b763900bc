// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/curl_fetcher.hpp"

#include "lib/curl/curl_easy.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <climits>
#include <string_view>

namespace aerowatch {

const char* to_string(FetchOutcome outcome) {
    switch (outcome) {
    case FetchOutcome::ok:
        return "ok";
    case FetchOutcome::not_modified:
        return "not_modified";
    case FetchOutcome::http_error:
        return "http_error";
    case FetchOutcome::too_large:
        return "too_large";
    case FetchOutcome::timeout:
        return "timeout";
    case FetchOutcome::connect_failed:
        return "connect_failed";
    case FetchOutcome::tls_failed:
        return "tls_failed";
    case FetchOutcome::protocol_refused:
        return "protocol_refused";
    case FetchOutcome::transport_error:
        return "transport_error";
    case FetchOutcome::cancelled:
        return "cancelled";
    }
    return "unknown";
}

struct CurlFetcher::Transfer {
    curl::Easy easy;
    curl::Slist headers;
    FetchRequest request;
    FetchCallback done;
    FetchResult result;
    bool too_large = false;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    std::array<char, CURL_ERROR_SIZE> error_buffer{};
};

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
        s.remove_prefix(1);
    }
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
        s.remove_suffix(1);
    }
    return s;
}

bool iequals(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    });
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<CurlFetcher::Transfer*>(user);
    const std::size_t n = size * count;
    // Checked here, on decoded bytes: CURLOPT_MAXFILESIZE alone lets chunked and compressed
    // bodies through on libcurl 7.88.
    if (t->result.body.size() + n > t->request.max_body_bytes) {
        t->too_large = true;
        return 0; // aborts the transfer with CURLE_WRITE_ERROR
    }
    t->result.body.append(data, n);
    return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<CurlFetcher::Transfer*>(user);
    const std::size_t n = size * count;
    const std::string_view line(data, n);
    if (line.starts_with("HTTP/")) {
        // A new response in a redirect chain: only the final one's headers count.
        t->result.etag.reset();
        t->result.last_modified.reset();
        t->result.retry_after.reset();
        t->result.content_type.reset();
        return n;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) {
        return n;
    }
    const auto name = trim(line.substr(0, colon));
    const auto value = std::string(trim(line.substr(colon + 1)));
    if (iequals(name, "etag")) {
        t->result.etag = value;
    } else if (iequals(name, "last-modified")) {
        t->result.last_modified = value;
    } else if (iequals(name, "retry-after")) {
        t->result.retry_after = value;
    } else if (iequals(name, "content-type")) {
        t->result.content_type = value;
    }
    return n;
}

std::string scheme_of(std::string_view url) {
    const auto end = url.find("://");
    std::string scheme(url.substr(0, end == std::string_view::npos ? 0 : end));
    std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return scheme;
}

long clamp_seconds(std::chrono::seconds s) {
    return static_cast<long>(std::clamp<std::chrono::seconds::rep>(s.count(), 1, LONG_MAX / 1000));
}

void configure(CurlFetcher::Transfer& t) {
    auto& easy = t.easy;
    const auto& r = t.request;
    easy.set(CURLOPT_URL, r.url);
    easy.set(CURLOPT_PRIVATE, static_cast<void*>(&t));
    easy.set(CURLOPT_ERRORBUFFER, t.error_buffer.data());
    easy.set(CURLOPT_NOSIGNAL, 1L);
    easy.set(CURLOPT_NOPROGRESS, 1L);

    // Only https, or http as well when the source opts in; a redirect may never change scheme,
    // so an https source cannot be bounced to http, file: or anything else.
    easy.set(CURLOPT_PROTOCOLS_STR, r.allow_http ? "http,https" : "https");
    const std::string scheme = scheme_of(r.url);
    easy.set(CURLOPT_REDIR_PROTOCOLS_STR, (scheme == "http" && r.allow_http) ? "http" : "https");
    easy.set(CURLOPT_FOLLOWLOCATION, 1L);
    easy.set(CURLOPT_MAXREDIRS, 5L);
    easy.set(CURLOPT_SSL_VERIFYPEER, 1L);
    easy.set(CURLOPT_SSL_VERIFYHOST, 2L);

    easy.set(CURLOPT_CONNECTTIMEOUT, clamp_seconds(r.connect_timeout));
    easy.set(CURLOPT_TIMEOUT, clamp_seconds(r.timeout));
    easy.set(CURLOPT_LOW_SPEED_LIMIT, 1L);
    easy.set(CURLOPT_LOW_SPEED_TIME, clamp_seconds(r.low_speed_time));
    // Rejects an announced oversized body early; on_body enforces the cap for the rest.
    easy.set(CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(r.max_body_bytes));
    easy.set(CURLOPT_ACCEPT_ENCODING, ""); // every encoding libcurl can decode
    easy.set(CURLOPT_WRITEFUNCTION, &on_body);
    easy.set(CURLOPT_WRITEDATA, static_cast<void*>(&t));
    easy.set(CURLOPT_HEADERFUNCTION, &on_header);
    easy.set(CURLOPT_HEADERDATA, static_cast<void*>(&t));
    if (!r.user_agent.empty()) {
        easy.set(CURLOPT_USERAGENT, r.user_agent);
    }
    if (!r.username.empty()) {
        easy.set(CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
        easy.set(CURLOPT_USERNAME, r.username);
        easy.set(CURLOPT_PASSWORD, r.password);
    }
    if (r.method == "POST") {
        easy.set(CURLOPT_POST, 1L);
        easy.set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
        easy.set(CURLOPT_COPYPOSTFIELDS, r.body.c_str());
    }
    for (const auto& [name, value] : r.headers) {
        t.headers.append(name + ": " + value);
    }
    if (r.etag) {
        t.headers.append("If-None-Match: " + *r.etag);
    }
    if (r.last_modified) {
        t.headers.append("If-Modified-Since: " + *r.last_modified);
    }
    easy.set(CURLOPT_HTTPHEADER, t.headers.get());
}

FetchOutcome classify(CURLcode code, bool too_large) {
    if (too_large || code == CURLE_FILESIZE_EXCEEDED) {
        return FetchOutcome::too_large;
    }
    switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
        return FetchOutcome::timeout;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return FetchOutcome::connect_failed;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CIPHER:
        return FetchOutcome::tls_failed;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_TOO_MANY_REDIRECTS:
        return FetchOutcome::protocol_refused;
    default:
        break;
    }
    return FetchOutcome::transport_error;
}

} // namespace

CurlFetcher::CurlFetcher() {
    curl::global_init();
    // Be polite to any one host and bound the sockets we hold.
    multi_.set(CURLMOPT_MAX_HOST_CONNECTIONS, 4L);
    multi_.set(CURLMOPT_MAX_TOTAL_CONNECTIONS, 32L);
}

CurlFetcher::~CurlFetcher() {
    for (auto& [handle, transfer] : transfers_) {
        multi_.remove(handle);
    }
}

void CurlFetcher::start(FetchRequest request, FetchCallback done) {
    auto transfer = std::make_unique<Transfer>();
    transfer->request = std::move(request);
    transfer->done = std::move(done);
    configure(*transfer);
    CURL* handle = transfer->easy.get();
    multi_.add(handle);
    transfers_.emplace(handle, std::move(transfer));
}

void CurlFetcher::drive(std::chrono::milliseconds max_wait, int wake_fd) {
    int running = 0;
    curl::Multi::check(curl_multi_perform(multi_.get(), &running), "curl_multi_perform");
    collect_finished();

    curl_waitfd extra{};
    extra.fd = wake_fd;
    extra.events = CURL_WAIT_POLLIN;
    const int timeout_ms =
        static_cast<int>(std::clamp<std::chrono::milliseconds::rep>(max_wait.count(), 0, INT_MAX));
    curl::Multi::check(curl_multi_poll(multi_.get(), wake_fd >= 0 ? &extra : nullptr,
                                       wake_fd >= 0 ? 1 : 0, timeout_ms, nullptr),
                       "curl_multi_poll");

    curl::Multi::check(curl_multi_perform(multi_.get(), &running), "curl_multi_perform");
    collect_finished();
}

void CurlFetcher::collect_finished() {
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_.get(), &queued)) {
        if (message->msg != CURLMSG_DONE) {
            continue;
        }
        CURL* handle = message->easy_handle;
        const CURLcode code = message->data.result;
        auto found = transfers_.find(handle);
        if (found == transfers_.end()) {
            continue;
        }
        std::unique_ptr<Transfer> t = std::move(found->second);
        transfers_.erase(found);
        multi_.remove(handle);

        FetchResult& result = t->result;
        result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - t->started);
        result.status = static_cast<int>(t->easy.info<long>(CURLINFO_RESPONSE_CODE));
        if (code == CURLE_OK) {
            if (result.status == 304) {
                result.outcome = FetchOutcome::not_modified;
            } else if (result.status >= 200 && result.status < 300) {
                result.outcome = FetchOutcome::ok;
            } else {
                result.outcome = FetchOutcome::http_error;
                result.error = fmt::format("HTTP {}", result.status);
            }
        } else {
            result.outcome = classify(code, t->too_large);
            if (result.outcome == FetchOutcome::too_large) {
                result.error = fmt::format("body larger than {} bytes", t->request.max_body_bytes);
            } else {
                // The error buffer names hosts and protocols, never the full URL with its query.
                const char* detail =
                    t->error_buffer[0] != '\0' ? t->error_buffer.data() : curl_easy_strerror(code);
                result.error = fmt::format("{} ({})", detail, curl_easy_strerror(code));
            }
            result.body.clear(); // a partial body is never parsed
        }
        if (!result.succeeded()) {
            // Validators of an error page must never replace the stored ones.
            result.etag.reset();
            result.last_modified.reset();
        }
        if (t->done) {
            t->done(std::move(result));
        }
    }
}

void CurlFetcher::cancel_all() {
    auto transfers = std::move(transfers_);
    transfers_.clear();
    for (auto& [handle, t] : transfers) {
        multi_.remove(handle);
        t->result.outcome = FetchOutcome::cancelled;
        t->result.error = "cancelled at shutdown";
        t->result.body.clear();
        if (t->done) {
            t->done(std::move(t->result));
        }
    }
}

} // namespace aerowatch
