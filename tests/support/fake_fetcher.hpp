// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sources/fetcher.hpp"
#include "store/state_store.hpp"

#include <deque>
#include <map>
#include <stdexcept>
#include <utility>

namespace aerowatch::test {

/// A Fetcher whose transfers finish only when the test says so, with the result it gives.
class FakeFetcher final : public Fetcher {
  public:
    struct Pending {
        FetchRequest request;
        FetchCallback done;
    };

    void start(FetchRequest request, FetchCallback done) override {
        pending.push_back({std::move(request), std::move(done)});
        ++started;
    }
    void drive(std::chrono::milliseconds, int) override {}
    std::size_t active() const override { return pending.size(); }
    void cancel_all() override {
        while (!pending.empty()) {
            FetchResult r;
            r.outcome = FetchOutcome::cancelled;
            complete(r);
        }
    }

    /// Finishes the oldest transfer with `result`; returns its request.
    FetchRequest complete(FetchResult result) {
        if (pending.empty()) {
            throw std::logic_error("no transfer in flight");
        }
        Pending p = std::move(pending.front());
        pending.pop_front();
        p.done(std::move(result));
        return p.request;
    }

    std::deque<Pending> pending;
    int started = 0;
};

inline FetchResult http_result(int status, std::string body = {}) {
    FetchResult r;
    r.status = status;
    r.body = std::move(body);
    r.outcome = status == 304                     ? FetchOutcome::not_modified
                : (status >= 200 && status < 300) ? FetchOutcome::ok
                                                  : FetchOutcome::http_error;
    if (r.outcome == FetchOutcome::http_error) {
        r.error = "HTTP " + std::to_string(status);
    }
    return r;
}

/// A StateStore in memory, for tests that are not about SQLite.
class MemoryStateStore final : public StateStore {
  public:
    std::optional<SourceState> source_state(const std::string& name) override {
        auto found = states.find(name);
        return found == states.end() ? std::nullopt : std::optional<SourceState>(found->second);
    }
    void save_source_state(const SourceState& state) override { states[state.name] = state; }
    std::vector<SourceState> all_source_states() override {
        std::vector<SourceState> all;
        for (const auto& [name, state] : states) {
            all.push_back(state);
        }
        return all;
    }
    std::map<std::string, SourceState> states;
};

} // namespace aerowatch::test
