// SPDX-License-Identifier: GPL-3.0-or-later
#include "service/scheduler.hpp"

#include <algorithm>
#include <stdexcept>

namespace aerowatch {

using std::chrono::seconds;

Scheduler::Scheduler(std::uint64_t seed) : random_(seed) {}

void Scheduler::add(const std::string& name, seconds interval, seconds max_backoff, SteadyTime now,
                    seconds first_delay) {
    entries_[name] = Entry{interval, max_backoff, now + first_delay};
}

void Scheduler::update(const std::string& name, seconds interval, seconds max_backoff) {
    auto& e = entry(name);
    e.interval = interval;
    e.max_backoff = max_backoff;
}

void Scheduler::remove(const std::string& name) {
    entries_.erase(name);
}

std::vector<std::string> Scheduler::take_due(SteadyTime now) {
    std::vector<std::string> due;
    for (auto& [name, e] : entries_) {
        if (!e.in_flight && e.next <= now) {
            e.in_flight = true;
            due.push_back(name);
        }
    }
    return due;
}

SteadyTime Scheduler::succeeded(const std::string& name, SteadyTime now) {
    auto& e = entry(name);
    e.in_flight = false;
    e.failures = 0;
    const auto spread = std::chrono::duration_cast<seconds>(e.interval * interval_jitter);
    e.next = now + uniform(e.interval - spread, e.interval + spread);
    return e.next;
}

seconds Scheduler::backoff_ceiling(int failures, seconds max_backoff) {
    seconds delay = base_backoff;
    for (int i = 1; i < failures && delay < max_backoff; ++i) {
        delay *= 2;
    }
    return std::min(delay, max_backoff);
}

SteadyTime Scheduler::failed(const std::string& name, SteadyTime now,
                             std::optional<seconds> retry_after) {
    auto& e = entry(name);
    e.in_flight = false;
    ++e.failures;
    const seconds ceiling = backoff_ceiling(e.failures, e.max_backoff);
    seconds delay = uniform(ceiling / 2, ceiling);
    if (retry_after) {
        // A past date or 0 still waits base_backoff; an absurd value stops at the cap.
        const auto floor =
            std::clamp(*retry_after, std::min(base_backoff, e.max_backoff), e.max_backoff);
        delay = std::max(delay, floor);
    }
    e.next = now + delay;
    return e.next;
}

std::optional<SteadyTime> Scheduler::next_deadline() const {
    std::optional<SteadyTime> earliest;
    for (const auto& [name, e] : entries_) {
        if (!e.in_flight && (!earliest || e.next < *earliest)) {
            earliest = e.next;
        }
    }
    return earliest;
}

int Scheduler::consecutive_failures(const std::string& name) const {
    return entry(name).failures;
}

SteadyTime Scheduler::next_due(const std::string& name) const {
    return entry(name).next;
}

bool Scheduler::in_flight(const std::string& name) const {
    return entry(name).in_flight;
}

Scheduler::Entry& Scheduler::entry(const std::string& name) {
    auto found = entries_.find(name);
    if (found == entries_.end()) {
        throw std::logic_error("scheduler: unknown source " + name);
    }
    return found->second;
}

const Scheduler::Entry& Scheduler::entry(const std::string& name) const {
    return const_cast<Scheduler*>(this)->entry(name);
}

seconds Scheduler::uniform(seconds low, seconds high) {
    if (high <= low) {
        return low;
    }
    std::uniform_int_distribution<seconds::rep> pick(low.count(), high.count());
    return seconds{pick(random_)};
}

} // namespace aerowatch
