// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/alert_commands.hpp"

#include "config/config.hpp"
#include "core/time.hpp"
#include "service/exit_codes.hpp"
#include "store/sqlite_store.hpp"
#include "views/json_views.hpp"

#include <fmt/format.h>

#include <charconv>
#include <ostream>

namespace aerowatch {

namespace {

using nlohmann::json;

std::optional<std::int64_t> parse_id(const std::string& text) {
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || end != text.data() + text.size() || id <= 0) {
        return std::nullopt;
    }
    return id;
}

UtcTime now_utc() {
    return SystemClock().utc_now();
}

std::string matchers_text(const std::vector<SilenceMatcher>& matchers) {
    std::string out;
    for (const auto& m : matchers) {
        out += (out.empty() ? "" : " ") + m.key + "=" + m.value;
    }
    return out;
}

} // namespace

int command_alerts(const CliContext& context, const AlertsOptions& options, std::ostream& out,
                   std::ostream& err) {
    const auto query = to_alert_query(options, now_utc());
    if (!query) {
        err << "aerowatch: --" << query.error().message << "\n";
        return exit_code::usage;
    }
    int code = exit_code::ok;
    auto store = open_cli_store(context, false, err, code);
    if (!store) {
        return code;
    }
    const auto alerts = store->alerts().query(*query);
    if (context.json) {
        json list = json::array();
        for (const auto& a : alerts) {
            list.push_back(alert_to_json(a));
        }
        out << list.dump(2) << "\n";
        return exit_code::ok;
    }
    for (const auto& a : alerts) {
        out << fmt::format("{:>5}  {:<8} {:<8} {:<22} {}  {}\n", a.id, to_string(a.state),
                           to_string(a.severity), to_string(a.kind), format_iso8601(a.last_event),
                           a.summary);
    }
    out << alerts.size() << " alert(s)\n";
    return exit_code::ok;
}

int command_alert_show(const CliContext& context, const std::string& id_text, std::ostream& out,
                       std::ostream& err) {
    const auto id = parse_id(id_text);
    if (!id) {
        err << "aerowatch: alerts show: expected an alert id, not \"" << id_text << "\"\n";
        return exit_code::usage;
    }
    int code = exit_code::ok;
    auto store = open_cli_store(context, false, err, code);
    if (!store) {
        return code;
    }
    const auto alert = store->alerts().get(*id);
    if (!alert) {
        err << "aerowatch: no alert " << *id << "\n";
        return exit_code::failure;
    }
    const auto events = store->alerts().events(*id);
    if (context.json) {
        const auto j = alert_detail_to_json(*alert, events);
        out << j.dump(2) << "\n";
        return exit_code::ok;
    }
    const auto& a = *alert;
    out << fmt::format("alert {}: {} {} [{}]\n", a.id, to_string(a.kind), to_string(a.state),
                       to_string(a.severity));
    out << fmt::format("  fingerprint  {}\n  summary      {}\n", a.fingerprint, a.summary);
    out << fmt::format("  first fired  {}\n  last event   {}\n", format_iso8601(a.first_fired),
                       format_iso8601(a.last_event));
    const auto& labels = a.labels;
    out << fmt::format("  labels       firs={} airports={} airlines={} countries={}\n",
                       fmt::join(labels.firs, ","), fmt::join(labels.airports, ","),
                       fmt::join(labels.airlines, ","), fmt::join(labels.countries, ","));
    const auto& e = a.evidence;
    if (e.contains("thresholds")) {
        out << "  why:\n";
        for (const auto& reason : e["thresholds"]) {
            out << "    - " << reason.get<std::string>() << "\n";
        }
    }
    if (e.contains("confidence")) {
        out << fmt::format("  confidence   {}\n", e["confidence"].value("value", 0.0));
        for (const auto& reason : e["confidence"].value("reasons", json::array())) {
            out << "    - " << reason.get<std::string>() << "\n";
        }
    }
    if (e.contains("hazards")) {
        for (const auto& h : e["hazards"]) {
            out << fmt::format("  hazard       {} ({}, {}): {}\n", h.value("key", ""),
                               h.value("severity", ""), h.value("status", ""),
                               h.value("excerpt", ""));
        }
    }
    if (e.contains("flights")) {
        for (const auto& f : e["flights"].value("cancelled", json::array())) {
            out << fmt::format("  cancelled    {} {}-{} {}\n", f.value("flight", ""),
                               f.value("origin", ""), f.value("destination", ""),
                               f.value("scheduled_departure", ""));
        }
    }
    out << "  events:\n";
    for (const auto& ev : events) {
        out << fmt::format("    {} {} {}{}\n", ev.seq, format_iso8601(ev.at), to_string(ev.type),
                           ev.silenced ? " (silenced)" : "");
    }
    return exit_code::ok;
}

int command_silence_add(const CliContext& context, const SilenceAddOptions& options,
                        std::ostream& out, std::ostream& err) {
    Silence silence;
    for (const auto& text : options.matchers) {
        std::string error;
        auto matcher = parse_silence_matcher(text, error);
        if (!matcher) {
            err << "aerowatch: --match: " << error << "\n";
            return exit_code::usage;
        }
        silence.matchers.push_back(*matcher);
    }
    if (silence.matchers.empty()) {
        err << "aerowatch: silence add needs at least one --match KEY=VALUE\n";
        return exit_code::usage;
    }
    const auto duration = parse_duration(options.duration);
    if (!duration || duration->count() <= 0) {
        err << "aerowatch: --duration: expected a duration like \"6h\"\n";
        return exit_code::usage;
    }
    int code = exit_code::ok;
    auto store = open_cli_store(context, true, err, code);
    if (!store) {
        return code;
    }
    silence.created = now_utc();
    silence.starts = silence.created;
    silence.ends = silence.starts + *duration;
    silence.comment = options.comment;
    const auto id = store->alerts().add_silence(silence);
    out << fmt::format("silence {} until {}: {}\n", id, format_iso8601(silence.ends),
                       matchers_text(silence.matchers));
    return exit_code::ok;
}

int command_silence_list(const CliContext& context, bool all, std::ostream& out,
                         std::ostream& err) {
    int code = exit_code::ok;
    auto store = open_cli_store(context, false, err, code);
    if (!store) {
        return code;
    }
    const auto now = now_utc();
    const auto silences = store->alerts().silences(!all, now);
    if (context.json) {
        json list = json::array();
        for (const auto& s : silences) {
            json matchers = json::object();
            for (const auto& m : s.matchers) {
                matchers[m.key] = m.value;
            }
            list.push_back({{"id", s.id},
                            {"matchers", matchers},
                            {"starts", format_iso8601(s.starts)},
                            {"ends", format_iso8601(s.ends)},
                            {"comment", s.comment},
                            {"active", s.active(now)}});
        }
        out << list.dump(2) << "\n";
        return exit_code::ok;
    }
    for (const auto& s : silences) {
        out << fmt::format("{:>4}  {:<7} until {}  {}  {}\n", s.id,
                           s.active(now) ? "active" : "ended", format_iso8601(s.ends),
                           matchers_text(s.matchers), s.comment);
    }
    out << silences.size() << " silence(s)\n";
    return exit_code::ok;
}

int command_silence_expire(const CliContext& context, const std::string& id_text, std::ostream& out,
                           std::ostream& err) {
    const auto id = parse_id(id_text);
    if (!id) {
        err << "aerowatch: silence expire: expected a silence id, not \"" << id_text << "\"\n";
        return exit_code::usage;
    }
    int code = exit_code::ok;
    auto store = open_cli_store(context, true, err, code);
    if (!store) {
        return code;
    }
    if (!store->alerts().expire_silence(*id, now_utc())) {
        err << "aerowatch: no silence " << *id << " in force\n";
        return exit_code::failure;
    }
    out << "silence " << *id << " expired\n";
    return exit_code::ok;
}

} // namespace aerowatch
