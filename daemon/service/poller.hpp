// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/config.hpp"
#include "core/clock.hpp"
#include "service/scheduler.hpp"
#include "sources/fetcher.hpp"
#include "sources/paging.hpp"
#include "sources/request_builder.hpp"
#include "store/state_store.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace aerowatch {

/// Polls the configured sources: asks the scheduler who is due, fetches through the Fetcher
/// (OAuth2 token first when needed), records each outcome in the StateStore and hands
/// successful bodies to the payload handler. Runs on the loop thread; nothing here blocks.
class Poller {
  public:
    /// Called with each complete 2xx body (never for 304 or failures), first page and later
    /// ones alike. Returns where the listing continues, or an empty PageLink.
    using PayloadHandler = std::function<PageLink(const SourceConfig&, const FetchResult&)>;

    Poller(Fetcher& fetcher, StateStore& store, const Clock& clock,
           std::uint64_t seed = std::random_device{}());

    /// Sets the source list, at start and on reload: new sources are scheduled (honouring a
    /// next_due remembered from an earlier run), removed ones dropped, changed ones updated.
    void configure(const std::vector<SourceConfig>& sources, std::string user_agent);
    void set_payload_handler(PayloadHandler handler) { on_payload_ = std::move(handler); }
    /// Called with every finished transfer of a source (every page; not token requests, not
    /// transfers cancelled at shutdown), before its outcome is handled: the metrics' view.
    using FetchObserver = std::function<void(const std::string& source, const FetchResult&)>;
    void set_fetch_observer(FetchObserver observer) { on_fetch_ = std::move(observer); }

    /// Starts a fetch for every enabled source that is due.
    void poll_due();
    std::optional<SteadyTime> next_deadline() const { return scheduler_.next_deadline(); }
    std::size_t source_count() const { return sources_.size(); }

    const Scheduler& scheduler() const { return scheduler_; }

  private:
    struct Source {
        std::shared_ptr<const SourceConfig> config;
        TokenCache token;
    };

    void start_fetch(const std::string& name, Source& source,
                     const std::optional<std::string>& token);
    void start_token_fetch(const std::string& name, Source& source);
    /// A fetched page of a listing; `page` is 1 for the scheduled poll itself.
    struct Page {
        std::string url; // as requested
        int number = 1;
        std::optional<std::string> token;
    };
    void on_fetched(const std::string& name, const std::shared_ptr<const SourceConfig>& config,
                    const Page& page, FetchResult result);
    void on_page_fetched(const std::string& name, const std::shared_ptr<const SourceConfig>& config,
                         const Page& page, FetchResult result);
    /// Hands a body to the payload handler and fetches the next page it names, if any.
    void deliver(const std::string& name, const std::shared_ptr<const SourceConfig>& config,
                 const Page& page, const FetchResult& result);
    void record_failure(const std::string& name, const FetchResult& result,
                        const std::string& error);
    SourceState load_state(const std::string& name);
    void save_state(const SourceState& state);
    std::chrono::seconds first_delay(const SourceConfig& config);

    Fetcher& fetcher_;
    StateStore& store_;
    const Clock& clock_;
    Scheduler scheduler_;
    std::mt19937_64 spread_;
    std::map<std::string, Source> sources_;
    std::string user_agent_;
    PayloadHandler on_payload_;
    FetchObserver on_fetch_;
};

} // namespace aerowatch
