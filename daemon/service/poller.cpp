// SPDX-License-Identifier: GPL-3.0-or-later
#include "service/poller.hpp"

#include "core/time.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

namespace aerowatch {

using std::chrono::seconds;

namespace {

// New sources start within this window, so a daemon with many sources does not open every
// connection in the same instant.
constexpr seconds start_spread{3};

std::string describe_next(SteadyTime next, SteadyTime now) {
    return format_duration(std::chrono::duration_cast<seconds>(next - now));
}

} // namespace

Poller::Poller(Fetcher& fetcher, StateStore& store, const Clock& clock, std::uint64_t seed)
    : fetcher_(fetcher), store_(store), clock_(clock), scheduler_(seed), spread_(seed ^ 0x5eed) {}

seconds Poller::first_delay(const SourceConfig& config) {
    seconds delay{0};
    // A restart does not re-poll a source early: the remembered next poll still holds.
    if (auto state = load_state(config.name); state.next_due) {
        delay = std::clamp(*state.next_due - clock_.utc_now(), seconds{0}, config.interval);
    }
    std::uniform_int_distribution<seconds::rep> spread(0, start_spread.count());
    return delay + seconds{spread(spread_)};
}

void Poller::configure(const std::vector<SourceConfig>& sources, std::string user_agent) {
    user_agent_ = std::move(user_agent);
    std::set<std::string> wanted;
    const auto now = clock_.steady_now();
    for (const auto& config : sources) {
        if (!config.enabled) {
            continue;
        }
        wanted.insert(config.name);
        auto shared = std::make_shared<const SourceConfig>(config);
        auto found = sources_.find(config.name);
        if (found == sources_.end()) {
            scheduler_.add(config.name, config.interval, config.max_backoff, now,
                           first_delay(config));
            sources_.emplace(config.name, Source{std::move(shared), {}});
            continue;
        }
        const auto& old = found->second.config->credentials;
        if (old.token_url != config.credentials.token_url ||
            old.client_id.reveal() != config.credentials.client_id.reveal() ||
            old.client_secret.reveal() != config.credentials.client_secret.reveal()) {
            found->second.token.clear();
        }
        found->second.config = std::move(shared);
        scheduler_.update(config.name, config.interval, config.max_backoff);
    }
    for (auto it = sources_.begin(); it != sources_.end();) {
        if (wanted.count(it->first) == 0) {
            scheduler_.remove(it->first);
            it = sources_.erase(it);
        } else {
            ++it;
        }
    }
}

void Poller::poll_due() {
    for (const auto& name : scheduler_.take_due(clock_.steady_now())) {
        auto& source = sources_.at(name);
        if (source.config->credentials.type == Credentials::Type::oauth2_client_credentials) {
            if (auto token = source.token.valid(clock_.steady_now())) {
                start_fetch(name, source, token);
            } else {
                start_token_fetch(name, source);
            }
        } else {
            start_fetch(name, source, std::nullopt);
        }
    }
}

void Poller::start_fetch(const std::string& name, Source& source,
                         const std::optional<std::string>& token) {
    const auto state = load_state(name);
    auto config = source.config;
    spdlog::debug("source {}: polling", name);
    auto request = build_request(*config, &state, user_agent_, token);
    Page page{request.url, 1, token};
    fetcher_.start(std::move(request),
                   [this, name, config, page = std::move(page)](FetchResult result) {
                       on_fetched(name, config, page, std::move(result));
                   });
}

void Poller::start_token_fetch(const std::string& name, Source& source) {
    auto config = source.config;
    spdlog::debug("source {}: requesting an OAuth2 token", name);
    fetcher_.start(build_token_request(*config, user_agent_),
                   [this, name, config](FetchResult result) {
                       auto found = sources_.find(name);
                       if (found == sources_.end()) {
                           return; // removed by a reload meanwhile
                       }
                       if (!result.succeeded()) {
                           record_failure(name, result, "token request: " + result.error);
                           return;
                       }
                       auto token = parse_token_response(result.body);
                       if (!token) {
                           record_failure(name, result, token.error().message);
                           return;
                       }
                       found->second.token.store(*token, clock_.steady_now());
                       start_fetch(name, found->second, token->access_token);
                   });
}

void Poller::on_fetched(const std::string& name, const std::shared_ptr<const SourceConfig>& config,
                        const Page& page, FetchResult result) {
    auto found = sources_.find(name);
    if (found == sources_.end() || result.outcome == FetchOutcome::cancelled) {
        return; // removed by a reload while in flight, or shutting down
    }
    if (on_fetch_) {
        on_fetch_(name, result);
    }
    if (!result.succeeded()) {
        if (result.status == 401) {
            found->second.token.clear(); // revoked or expired early: get a new one next time
        }
        record_failure(name, result, result.error);
        return;
    }
    const auto now = clock_.steady_now();
    const auto next = scheduler_.succeeded(name, now);
    auto state = load_state(name);
    state.last_attempt = clock_.utc_now();
    state.last_success = state.last_attempt;
    state.last_status = result.status;
    state.consecutive_failures = 0;
    state.last_error.reset();
    state.fetches += 1;
    state.next_due = clock_.utc_now() + std::chrono::duration_cast<seconds>(next - now);
    if (result.outcome == FetchOutcome::ok) {
        // A server that stops sending validators must not get our old ones back.
        state.etag = result.etag;
        state.last_modified = result.last_modified;
        state.bytes_received += static_cast<std::int64_t>(result.body.size());
    } else if (result.etag) {
        state.etag = result.etag;
    }
    save_state(state);
    spdlog::debug("source {}: HTTP {}, {} bytes in {} ms; next poll in {}", name, result.status,
                  result.body.size(), result.elapsed.count(), describe_next(next, now));
    if (result.outcome == FetchOutcome::ok) {
        deliver(name, config, page, result);
    }
}

void Poller::deliver(const std::string& name, const std::shared_ptr<const SourceConfig>& config,
                     const Page& page, const FetchResult& result) {
    if (!on_payload_) {
        return;
    }
    PageLink link;
    try {
        link = on_payload_(*config, result);
    } catch (const std::exception& e) {
        spdlog::error("source {}: payload handling failed: {}", name, e.what());
        return;
    }
    if (link.empty()) {
        return;
    }
    if (page.number >= config->max_pages) {
        spdlog::warn("source {}: the listing continues past max_pages = {}; the rest is not read "
                     "this poll",
                     name, config->max_pages);
        return;
    }
    auto next = next_page_url(page.url, link);
    if (!next) {
        spdlog::warn("source {}: page {}: {}", name, page.number, next.error().message);
        return;
    }
    if (*next == page.url) {
        spdlog::warn("source {}: page {} links to itself; stopping there", name, page.number);
        return;
    }
    auto request = build_request(*config, nullptr, user_agent_, page.token);
    if (!same_origin(config->url, *next)) {
        // A content URL on a storage host: it is signed on its own, and the source's keys and
        // token are for the API host only.
        request.headers.clear();
    }
    request.url = *next;
    Page following{*next, page.number + 1, page.token};
    spdlog::debug("source {}: fetching page {}", name, following.number);
    fetcher_.start(std::move(request),
                   [this, name, config, following = std::move(following)](FetchResult r) {
                       on_page_fetched(name, config, following, std::move(r));
                   });
}

void Poller::on_page_fetched(const std::string& name,
                             const std::shared_ptr<const SourceConfig>& config, const Page& page,
                             FetchResult result) {
    if (sources_.count(name) == 0 || result.outcome == FetchOutcome::cancelled) {
        return;
    }
    if (on_fetch_) {
        on_fetch_(name, result);
    }
    if (result.outcome != FetchOutcome::ok) {
        // The first page's success stands; the rest of the listing is read at the next poll.
        spdlog::warn("source {}: page {}: {}", name, page.number,
                     result.error.empty() ? to_string(result.outcome) : result.error);
        return;
    }
    auto state = load_state(name);
    state.bytes_received += static_cast<std::int64_t>(result.body.size());
    save_state(state);
    spdlog::debug("source {}: page {}: HTTP {}, {} bytes in {} ms", name, page.number,
                  result.status, result.body.size(), result.elapsed.count());
    deliver(name, config, page, result);
}

void Poller::record_failure(const std::string& name, const FetchResult& result,
                            const std::string& error) {
    const auto now = clock_.steady_now();
    std::optional<seconds> retry_after;
    if (result.retry_after && (result.status == 429 || result.status == 503)) {
        retry_after = parse_retry_after(*result.retry_after, clock_.utc_now());
    }
    const auto next = scheduler_.failed(name, now, retry_after);
    auto state = load_state(name);
    state.last_attempt = clock_.utc_now();
    state.fetches += 1;
    state.last_status = result.status != 0 ? std::optional<int>(result.status) : std::nullopt;
    state.consecutive_failures = scheduler_.consecutive_failures(name);
    state.last_error = error;
    state.next_due = clock_.utc_now() + std::chrono::duration_cast<seconds>(next - now);
    save_state(state);
    spdlog::warn("source {}: {}; failure {} in a row, next attempt in {}", name, error,
                 state.consecutive_failures, describe_next(next, now));
}

SourceState Poller::load_state(const std::string& name) {
    try {
        if (auto state = store_.source_state(name)) {
            return *state;
        }
    } catch (const std::exception& e) {
        spdlog::error("source {}: cannot read its state: {}", name, e.what());
    }
    SourceState state;
    state.name = name;
    return state;
}

void Poller::save_state(const SourceState& state) {
    try {
        store_.save_source_state(state);
    } catch (const std::exception& e) {
        // A locked or full disk must not stop polling; the next completion tries again.
        spdlog::error("source {}: cannot record its state: {}", state.name, e.what());
    }
}

} // namespace aerowatch
