// SPDX-License-Identifier: GPL-3.0-or-later
#include "replay/scenario_fetcher.hpp"

#include <fmt/format.h>

#include <poll.h>

#include <algorithm>
#include <functional>

namespace aerowatch {

namespace {

std::string etag_of(const Snapshot& s) {
    return fmt::format("\"{:016x}-{}\"", std::hash<std::string>{}(s.body),
                       s.at.time_since_epoch().count());
}

} // namespace

ScenarioFetcher::ScenarioFetcher(const Scenario& scenario, std::map<std::string, std::string> urls,
                                 ReplayClock& clock, double speed)
    : scenario_(scenario), urls_(std::move(urls)), clock_(clock), speed_(speed) {}

void ScenarioFetcher::start(FetchRequest request, FetchCallback done) {
    pending_.emplace_back(std::move(request), std::move(done));
}

FetchResult ScenarioFetcher::respond(const FetchRequest& request) const {
    FetchResult r;
    const auto source = urls_.find(request.url);
    if (source == urls_.end()) {
        r.outcome = FetchOutcome::http_error;
        r.status = 404;
        r.error = "HTTP 404: the scenario has no recording for this URL";
        return r;
    }
    const auto list = scenario_.snapshots.find(source->second);
    const auto now = clock_.utc_now();
    const Snapshot* current = nullptr;
    if (list != scenario_.snapshots.end()) {
        for (const auto& s : list->second) {
            if (s.at > now) {
                break;
            }
            current = &s;
        }
    }
    if (current == nullptr) {
        // Nothing recorded yet: the feed had nothing new to say.
        r.outcome = FetchOutcome::not_modified;
        r.status = 304;
        return r;
    }
    const auto etag = etag_of(*current);
    if (request.etag == etag) {
        r.outcome = FetchOutcome::not_modified;
        r.status = 304;
        r.etag = etag;
        return r;
    }
    r.status = current->status;
    if (current->status >= 200 && current->status < 300) {
        r.outcome = FetchOutcome::ok;
        r.body = current->body;
        r.etag = etag;
        r.content_type = "application/octet-stream";
    } else {
        r.outcome = FetchOutcome::http_error;
        r.error = fmt::format("HTTP {}", current->status);
    }
    return r;
}

void ScenarioFetcher::drive(std::chrono::milliseconds max_wait, int wake_fd) {
    if (!pending_.empty()) {
        // Answers arrive at once: recorded feeds have no latency worth simulating.
        auto batch = std::move(pending_);
        pending_.clear();
        for (auto& [request, done] : batch) {
            ++fetches_;
            done(respond(request));
        }
        return;
    }
    int real_wait = 0;
    if (speed_ > 0) {
        real_wait = static_cast<int>(static_cast<double>(max_wait.count()) / speed_);
    }
    if (wake_fd >= 0) {
        pollfd fd{wake_fd, POLLIN, 0};
        if (::poll(&fd, 1, real_wait) > 0) {
            return; // a signal: the loop handles it before time moves on
        }
    }
    clock_.advance(max_wait);
}

void ScenarioFetcher::cancel_all() {
    auto batch = std::move(pending_);
    pending_.clear();
    for (auto& [request, done] : batch) {
        FetchResult r;
        r.outcome = FetchOutcome::cancelled;
        done(std::move(r));
    }
}

} // namespace aerowatch
