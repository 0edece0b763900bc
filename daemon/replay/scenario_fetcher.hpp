// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "replay/replay_clock.hpp"
#include "replay/scenario.hpp"
#include "sources/fetcher.hpp"

#include <deque>
#include <map>
#include <optional>
#include <string>

namespace aerowatch {

/// The HTTP edge of a replay: a fetch of a source's URL returns the scenario's snapshot for the
/// simulated time, with an ETag so that conditional requests get 304 as from a live server.
/// Waiting is where simulated time passes: drive() moves the clock by the wait it is given, at
/// once (`speed` 0) or after wait/speed of real time.
class ScenarioFetcher final : public Fetcher {
  public:
    /// `urls` maps each source URL of the config to its source name.
    ScenarioFetcher(const Scenario& scenario, std::map<std::string, std::string> urls,
                    ReplayClock& clock, double speed);

    void start(FetchRequest request, FetchCallback done) override;
    void drive(std::chrono::milliseconds max_wait, int wake_fd) override;
    std::size_t active() const override { return pending_.size(); }
    void cancel_all() override;

    std::uint64_t fetches() const noexcept { return fetches_; }

  private:
    FetchResult respond(const FetchRequest& request) const;

    const Scenario& scenario_;
    std::map<std::string, std::string> urls_;
    ReplayClock& clock_;
    double speed_;
    std::deque<std::pair<FetchRequest, FetchCallback>> pending_;
    std::uint64_t fetches_ = 0;
};

} // namespace aerowatch
