// SPDX-License-Identifier: GPL-3.0-or-later
// The correlation pass: loading, hazard alerts, escalations, source health. Disruption rules are
// in correlator_disruption.cpp.
#include "correlate/correlator.hpp"

#include "core/text.hpp"
#include "core/time.hpp"
#include "refdata/refdata.hpp"
#include "store/sqlite_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace aerowatch {

namespace {

// Escalation looks this far back for the issuer's earlier, milder hazard on the same area.
constexpr std::chrono::days escalation_lookback{365};
// Flights beyond the widest rule window either side of now do not matter to a pass.
constexpr std::chrono::days snapshot_margin{1};

bool overlaps(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    // Both sorted (footprints are); config lists are sorted when the watch is built.
    auto i = a.begin();
    auto j = b.begin();
    while (i != a.end() && j != b.end()) {
        if (*i == *j) {
            return true;
        }
        *i < *j ? ++i : ++j;
    }
    return false;
}

std::vector<std::string> upper_sorted(std::vector<std::string> list) {
    for (auto& s : list) {
        s = to_upper_ascii(trim(s));
    }
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    return list;
}

/// Whether upper_sorted() would leave `list` as it is.
bool is_upper_sorted(const std::vector<std::string>& list) {
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& s = list[i];
        if (trim(s).size() != s.size() ||
            std::any_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; }) ||
            (i > 0 && !(list[i - 1] < s))) {
            return false;
        }
    }
    return true;
}

/// Text as watch-area keywords and hazard text are matched: upper case, typographic
/// punctuation as ASCII, runs of blanks and line breaks as one space.
std::string keyword_form(std::string_view text) {
    return collapse_whitespace(to_upper_ascii(normalise_punctuation(text)));
}

/// True when `phrase` stands in `text` as whole words: "VENEZUELA" is not in "VENEZUELAN".
bool holds_phrase(std::string_view text, std::string_view phrase) {
    const auto word_char = [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               static_cast<unsigned char>(c) >= 0x80;
    };
    for (auto at = text.find(phrase); at != std::string_view::npos;
         at = text.find(phrase, at + 1)) {
        const auto end = at + phrase.size();
        if ((at == 0 || !word_char(text[at - 1])) &&
            (end == text.size() || !word_char(text[end]))) {
            return true;
        }
    }
    return false;
}

std::string excerpt(const Hazard& h) {
    // One line: the summary goes into the journal and chat messages.
    std::string text = collapse_whitespace(h.text.empty() ? h.title : h.text);
    if (text.size() > 240) {
        auto cut = text.find_last_of(' ', 240);
        text = text.substr(0, cut == std::string::npos ? 240 : cut) + " ...";
    }
    return text;
}

std::string categories_text(const CategorySet& set) {
    std::string out;
    for (const auto c : set.list()) {
        out += (out.empty() ? "" : ", ") + std::string(to_string(c));
    }
    return out;
}

UtcTime start_of(const StoredHazard& s) {
    const auto& h = s.hazard;
    return h.valid_from ? *h.valid_from : h.issued ? *h.issued : s.first_seen;
}

} // namespace

AlertSeverity alert_severity_for(Severity hazard) {
    switch (hazard) {
    case Severity::prohibition:
        return AlertSeverity::critical;
    case Severity::warning:
    case Severity::caution:
        return AlertSeverity::warning;
    case Severity::info:
        break;
    }
    return AlertSeverity::info;
}

nlohmann::json hazard_evidence(const StoredHazard& s) {
    const auto& h = s.hazard;
    const auto time = [](const std::optional<UtcTime>& t) {
        return t ? nlohmann::json(format_iso8601(*t)) : nlohmann::json(nullptr);
    };
    return {{"key", h.key},
            {"id", h.id},
            {"issuer", h.issuer},
            {"kind", to_string(h.kind)},
            {"severity", to_string(h.severity)},
            {"categories", categories_text(h.categories)},
            {"firs", h.firs},
            {"airports", h.airports},
            {"valid_from", time(h.valid_from)},
            {"valid_to", h.permanent ? nlohmann::json("PERM") : time(h.valid_to)},
            {"valid_to_estimated", h.valid_to_estimated},
            {"status", to_string(h.status)},
            {"excerpt", excerpt(h)},
            {"source", s.source}};
}

Correlator::Correlator(SqliteStore& store, std::shared_ptr<const RefData> refdata,
                       const Config& config, UtcTime started)
    : store_(store), refdata_(std::move(refdata)), started_(started) {
    configure(config);
}

Correlator::~Correlator() = default;

void Correlator::configure(const Config& config) {
    config_ = config;
    ExposureSettings settings;
    settings.lead = config.correlation.lead;
    settings.lag = config.correlation.lag;
    settings.terminal_ceiling_ft = config.correlation.terminal_ceiling_ft;
    settings.cruise_floor_ft = config.correlation.cruise_floor_ft;
    engine_ = std::make_unique<ExposureEngine>(refdata_, settings);
    for (auto& watch : config_.correlation.watches) {
        watch.firs = upper_sorted(watch.firs);
        watch.airports = upper_sorted(watch.airports);
        watch.countries = upper_sorted(watch.countries);
        for (auto& keyword : watch.keywords) {
            keyword = keyword_form(keyword);
        }
    }
    watches_.clear();
    for (const auto& watch : config_.correlation.watches) {
        // A watch area is matched like a hazard's area: the same footprint rules.
        Hazard area;
        area.firs = watch.firs;
        area.airports = watch.airports;
        area.geometry = watch.geometry;
        Watch w{&watch, engine_->footprint(area, true)};
        // Countries name airports too: every airport of the country is watched.
        w.footprint.countries = upper_sorted(w.footprint.countries);
        watches_.push_back(std::move(w));
    }
}

void Correlator::load(UtcTime now) {
    footprints_.clear();
    profiles_.clear();
    HazardQuery all;
    all.limit = std::numeric_limits<std::size_t>::max() / 2;
    hazards_ = store_.hazards().query(all);
    active_.clear();
    for (const auto& s : hazards_) {
        if (s.hazard.status == HazardStatus::active) {
            active_.push_back(&s);
        }
    }
    std::chrono::seconds widest{0};
    for (const auto& rule : config_.correlation.rules) {
        widest = std::max(widest, rule.window);
    }
    const auto margin = widest + std::max(config_.correlation.lead, config_.correlation.lag) +
                        std::chrono::duration_cast<std::chrono::seconds>(snapshot_margin);
    std::vector<FlightRecord> flights;
    store_.flights().for_each_scheduled(now - margin, now + margin, [&](const StoredFlight& s) {
        FlightRecord r;
        r.id = s.id;
        r.airline = s.airline;
        r.flight_number = s.flight.flight_number;
        r.origin = s.flight.origin;
        r.destination = s.flight.destination;
        r.scheduled_departure = s.flight.scheduled_departure.value_or(UtcTime{});
        r.scheduled_arrival = s.flight.scheduled_arrival;
        r.state = s.flight.state;
        r.last_changed = s.last_changed;
        flights.push_back(std::move(r));
    });
    engine_->set_flights(std::move(flights));
}

const HazardFootprint& Correlator::footprint(const Hazard& hazard) {
    auto found = footprints_.find(hazard.key);
    if (found == footprints_.end()) {
        auto fp = engine_->shared_footprint(hazard);
        // The reference data's countries come upper-cased, and the footprint sorts them: then
        // the engine's shared footprint serves as it is, and only an odd one is copied.
        if (!is_upper_sorted(fp->countries)) {
            auto own = std::make_shared<HazardFootprint>(*fp);
            own->countries = upper_sorted(std::move(own->countries));
            fp = std::move(own);
        }
        found = footprints_.emplace(hazard.key, std::move(fp)).first;
    }
    return *found->second;
}

std::vector<const Correlator::Watch*> Correlator::watches_holding(const Hazard& hazard) {
    std::vector<const Watch*> out;
    const auto& fp = footprint(hazard);
    const auto countries = upper_sorted(hazard.countries);
    std::optional<std::string> text; // made once, and only for a watch with keywords
    for (const auto& w : watches_) {
        if (hazard.severity < w.area->min_severity) {
            continue;
        }
        if (overlaps(fp.airports, w.footprint.airports) || overlaps(fp.firs, w.footprint.firs) ||
            overlaps(fp.firs, w.area->firs) || overlaps(countries, w.area->countries) ||
            overlaps(fp.countries, w.area->countries)) {
            out.push_back(&w);
            continue;
        }
        if (w.area->keywords.empty()) {
            continue;
        }
        if (!text) {
            text = keyword_form(hazard.title + "\n" + hazard.text);
        }
        if (std::any_of(w.area->keywords.begin(), w.area->keywords.end(),
                        [&](const std::string& k) { return holds_phrase(*text, k); })) {
            out.push_back(&w);
        }
    }
    return out;
}

const BaselineProfile& Correlator::profile(const std::string& airport, UtcTime at) {
    const auto key = std::make_pair(airport, utc_day(at));
    auto found = profiles_.find(key);
    if (found == profiles_.end()) {
        std::string alternate;
        if (refdata_) {
            if (auto a = refdata_->airport(airport); a && (*a)->icao == airport) {
                alternate = (*a)->iata;
            }
        }
        found =
            profiles_
                .emplace(key, store_.flights().baselines().profile(
                                  airport, std::nullopt, at, config_.flights.baseline, alternate))
                .first;
    }
    return found->second;
}

AlertLabels Correlator::airport_labels(const std::string& airport) const {
    AlertLabels labels;
    labels.airports = {airport};
    if (refdata_) {
        if (auto a = refdata_->airport(airport)) {
            if (!(*a)->fir.empty()) {
                labels.firs = {(*a)->fir};
            }
            if (!(*a)->country.empty()) {
                labels.countries = {(*a)->country};
            }
        }
    }
    return labels;
}

CorrelationPass Correlator::evaluate(UtcTime now) {
    CorrelationPass pass;
    load(now);
    pass.hazards = active_.size();
    pass.flights = engine_->flight_count();
    hazard_alerts(pass);
    escalations(pass);
    disruptions(pass, now);
    unexplained(pass, now);
    source_health(pass, now);
    webhook_health(pass);
    end_reasons(pass);
    pass.evaluated = {AlertKind::hazard, AlertKind::hazard_escalated,
                      AlertKind::disruption_correlated, AlertKind::disruption_unexplained,
                      AlertKind::source_unhealthy};
    return pass;
}

void Correlator::hazard_alerts(CorrelationPass& pass) {
    for (const auto* s : active_) {
        const auto& h = s->hazard;
        const auto watches = watches_holding(h);
        if (watches.empty()) {
            continue;
        }
        const auto& fp = footprint(h);
        AlertCandidate c;
        c.kind = AlertKind::hazard;
        c.subject = h.key;
        c.fingerprint = "hazard:" + h.key;
        c.severity = alert_severity_for(h.severity);
        std::string areas;
        for (const auto* w : watches) {
            areas += (areas.empty() ? "" : ", ") + w->area->name;
        }
        // A bulletin known only from the EASA export has no number yet: its title names it.
        c.summary = fmt::format("{} {} ({}{}{}) in watch area {}: {}", h.issuer,
                                h.id.empty() ? h.title : h.id, to_string(h.severity),
                                h.categories.empty() ? "" : ", ", categories_text(h.categories),
                                areas, excerpt(h));
        c.labels.firs = fp.firs;
        c.labels.airports = h.airports;
        c.labels.countries = upper_sorted(h.countries);
        c.evidence = {{"hazards", nlohmann::json::array({hazard_evidence(*s)})},
                      {"watch_areas", nlohmann::json::array()},
                      {"confidence",
                       {{"value", 1.0},
                        {"reasons", {"issued by " + (h.issuer.empty() ? s->source : h.issuer)}}}}};
        for (const auto* w : watches) {
            c.evidence["watch_areas"].push_back(w->area->name);
        }
        c.magnitude = static_cast<double>(h.severity);
        pass.candidates.push_back(std::move(c));
    }
}

void Correlator::escalations(CorrelationPass& pass) {
    // Same issuer, same FIRs: the same area as the issuer sees it.
    std::map<std::string, std::vector<const StoredHazard*>> groups;
    for (const auto& s : hazards_) {
        if (!s.hazard.firs.empty()) {
            groups[s.hazard.issuer + "|" +
                   fmt::format("{}", fmt::join(upper_sorted(s.hazard.firs), ","))]
                .push_back(&s);
        }
    }
    for (const auto* s : active_) {
        const auto& h = s->hazard;
        if (h.firs.empty() || watches_holding(h).empty()) {
            continue;
        }
        const auto& group =
            groups[h.issuer + "|" + fmt::format("{}", fmt::join(upper_sorted(h.firs), ","))];
        const StoredHazard* milder = nullptr;
        bool as_severe_before = false;
        const auto start = start_of(*s);
        for (const auto* other : group) {
            const auto other_start = start_of(*other);
            if (other == s || other_start >= start || start - other_start > escalation_lookback) {
                continue;
            }
            if (other->hazard.severity >= h.severity) {
                as_severe_before = true;
            } else if (milder == nullptr || other->hazard.severity > milder->hazard.severity) {
                milder = other;
            }
        }
        if (milder == nullptr || as_severe_before) {
            continue;
        }
        AlertCandidate c;
        c.kind = AlertKind::hazard_escalated;
        c.subject = h.key;
        c.fingerprint = "hazard_escalated:" + h.key;
        c.severity =
            h.severity == Severity::prohibition ? AlertSeverity::critical : AlertSeverity::warning;
        c.summary = fmt::format("{} escalated {} from {} ({}) to {} ({})", h.issuer,
                                fmt::join(h.firs, " "), to_string(milder->hazard.severity),
                                milder->hazard.id, to_string(h.severity), h.id);
        c.labels.firs = upper_sorted(h.firs);
        c.labels.airports = h.airports;
        c.labels.countries = upper_sorted(h.countries);
        c.evidence = {
            {"hazards", {hazard_evidence(*s), hazard_evidence(*milder)}},
            {"from", to_string(milder->hazard.severity)},
            {"to", to_string(h.severity)},
            {"confidence",
             {{"value", 1.0}, {"reasons", {"same issuer and FIRs, later and more severe"}}}}};
        c.magnitude = static_cast<double>(h.severity);
        pass.candidates.push_back(std::move(c));
    }
}

void Correlator::source_health(CorrelationPass& pass, UtcTime now) {
    for (const auto& source : config_.sources) {
        if (!source.enabled) {
            continue;
        }
        const auto stale_after = source.stale_threshold();
        const auto state = store_.source_state(source.name);
        const UtcTime last = state && state->last_success ? *state->last_success : started_;
        if (now - last <= stale_after) {
            continue;
        }
        AlertCandidate c;
        c.kind = AlertKind::source_unhealthy;
        c.subject = source.name;
        c.fingerprint = "source_unhealthy:" + source.name;
        c.severity = AlertSeverity::warning;
        const auto since = std::chrono::duration_cast<std::chrono::seconds>(now - last);
        const std::string error = state && state->last_error ? *state->last_error : "none";
        c.summary =
            fmt::format("source {} has had no successful poll for {} (stale after {}); "
                        "last error: {}",
                        source.name, format_duration(since), format_duration(stale_after), error);
        c.evidence = {
            {"source", source.name},
            {"kind", source.kind},
            {"last_success", state && state->last_success
                                 ? nlohmann::json(format_iso8601(*state->last_success))
                                 : nlohmann::json(nullptr)},
            {"consecutive_failures", state ? state->consecutive_failures : 0},
            {"last_error", state && state->last_error ? nlohmann::json(*state->last_error)
                                                      : nlohmann::json(nullptr)},
            {"stale_after", format_duration(stale_after)},
            {"confidence", {{"value", 1.0}, {"reasons", {"no success within stale_after"}}}}};
        c.magnitude = 1;
        pass.candidates.push_back(std::move(c));
    }
}

void Correlator::webhook_health(CorrelationPass& pass) {
    const auto disabled = store_.outbox().disabled_endpoints();
    for (const auto& webhook : config_.webhooks) {
        auto found = disabled.find(webhook.name);
        if (!webhook.enabled || found == disabled.end()) {
            continue;
        }
        AlertCandidate c;
        c.kind = AlertKind::source_unhealthy;
        c.subject = "webhook " + webhook.name;
        c.fingerprint = "source_unhealthy:webhook:" + webhook.name;
        c.severity = AlertSeverity::critical; // alerts no longer reach that receiver
        c.summary = fmt::format("webhook {} is disabled since {}: {}; its pending events are dead "
                                "letters until `aerowatch outbox retry --all-dead`",
                                webhook.name, format_iso8601(found->second.disabled_at),
                                found->second.reason);
        c.evidence = {
            {"webhook", webhook.name},
            {"disabled_at", format_iso8601(found->second.disabled_at)},
            {"reason", found->second.reason},
            {"confidence", {{"value", 1.0}, {"reasons", {"the receiver answered 410 Gone"}}}}};
        c.magnitude = 1;
        pass.candidates.push_back(std::move(c));
    }
}

void Correlator::end_reasons(CorrelationPass& pass) {
    for (const auto& alert : store_.alerts().firing()) {
        if (alert.kind == AlertKind::hazard || alert.kind == AlertKind::hazard_escalated) {
            if (auto h = store_.hazards().find(alert.subject);
                h && h->hazard.status != HazardStatus::active) {
                pass.end_reasons[alert.fingerprint] =
                    fmt::format("hazard {} {}", h->hazard.id, to_string(h->hazard.status));
            }
        } else if (alert.kind == AlertKind::source_unhealthy) {
            pass.end_reasons[alert.fingerprint] = alert.subject.starts_with("webhook ")
                                                      ? alert.subject + " enabled again"
                                                      : "source " + alert.subject + " polled again";
        }
    }
}

} // namespace aerowatch
