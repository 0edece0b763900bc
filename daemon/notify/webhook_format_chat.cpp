// SPDX-License-Identifier: GPL-3.0-or-later
// Slack, Discord and Teams bodies: one readable message per alert event. Each service rejects
// a message over its documented limits outright, so every text is cut to fit rather than the
// whole alert being lost: at a code point, counting UTF-16 units (a character outside the BMP
// counts twice), the strictest reading of the "characters" the limits are given in.
#include "notify/webhook_format.hpp"

#include "core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace aerowatch {

namespace webhook_text { // webhook_format.cpp
const nlohmann::json* member(const nlohmann::json& j, const char* key);
std::string text_of(const nlohmann::json& j, const char* key);
std::vector<std::string> strings_of(const nlohmann::json& j, const char* key);
std::string join(const std::vector<std::string>& parts, std::string_view separator);
std::string clean_text(std::string_view text, bool multiline);
std::size_t text_units(std::string_view text);
std::string truncate_text(std::string_view text, std::size_t max_units);
} // namespace webhook_text

namespace {

using webhook_text::clean_text;
using webhook_text::member;
using webhook_text::text_of;
using webhook_text::text_units;
using webhook_text::truncate_text;

using Escape = std::function<std::string(std::string_view)>;

constexpr std::size_t max_listed = 10;      // hazards, and flights, named in one message
constexpr std::size_t max_item_units = 300; // one hazard or flight line
constexpr std::size_t max_summary_units = 3000;

/// Everything a chat message shows, as clean single-line UTF-8 (no control characters) that
/// each format escapes and cuts to its own limits.
struct EventView {
    std::string event; // firing, updated, resolved
    std::string severity;
    std::string title;
    std::string summary;
    std::string at;
    std::vector<std::pair<std::string, std::string>> facts;
    std::vector<std::string> hazards;
    std::size_t hazards_unlisted = 0; // beyond those listed
    std::vector<std::string> flights;
    std::size_t flights_unlisted = 0; // the evidence's counts can tell of more than its list
    std::string footer;
};

std::string clean(const std::string& text) {
    return clean_text(text, false);
}

std::string kind_title(const std::string& kind) {
    if (kind == "hazard") {
        return "Hazard in a watched area";
    }
    if (kind == "hazard_escalated") {
        return "Hazard escalated";
    }
    if (kind == "disruption_correlated") {
        return "Cancellations a hazard explains";
    }
    if (kind == "disruption_unexplained") {
        return "Unexplained cancellations";
    }
    if (kind == "source_unhealthy") {
        return "Source unhealthy";
    }
    return kind.empty() ? "Alert" : kind;
}

std::string hazard_line(const nlohmann::json& hazard) {
    std::string key = text_of(hazard, "key");
    if (key.empty()) {
        key = text_of(hazard, "id");
    }
    std::vector<std::string> qualifiers;
    if (auto severity = text_of(hazard, "severity"); !severity.empty()) {
        qualifiers.push_back(severity);
    }
    const auto from = text_of(hazard, "valid_from");
    const auto to = text_of(hazard, "valid_to");
    if (!from.empty() || !to.empty()) {
        qualifiers.push_back((from.empty() ? "?" : from) + " to " + (to.empty() ? "?" : to));
    }
    std::string text = text_of(hazard, "excerpt");
    if (text.empty()) {
        text = text_of(hazard, "text");
    }
    std::string line = key;
    if (!qualifiers.empty()) {
        line += (line.empty() ? "(" : " (") + webhook_text::join(qualifiers, "; ") + ")";
    }
    if (!text.empty()) {
        line += (line.empty() ? "" : ": ") + text;
    }
    return truncate_text(clean(line), max_item_units);
}

std::string flight_line(const nlohmann::json& flight) {
    if (flight.is_string()) {
        return truncate_text(clean(flight.get<std::string>()), max_item_units);
    }
    std::string name = text_of(flight, "flight");
    if (name.empty()) {
        name = text_of(flight, "airline") + text_of(flight, "flight_number");
    }
    std::string line = name;
    const auto origin = text_of(flight, "origin");
    const auto destination = text_of(flight, "destination");
    if (!origin.empty() || !destination.empty()) {
        line += " " + (origin.empty() ? "?" : origin) + "\u2192" +
                (destination.empty() ? "?" : destination);
    }
    if (auto status = text_of(flight, "status"); !status.empty()) {
        line += " " + status;
    }
    if (auto departure = text_of(flight, "scheduled_departure"); !departure.empty()) {
        line += ", departure " + departure;
    }
    return truncate_text(clean(line), max_item_units);
}

std::size_t count_of(const nlohmann::json* counts, const char* key) {
    const auto* value = counts ? member(*counts, key) : nullptr;
    // A count built in memory is a signed integer, one read back from JSON an unsigned one.
    if (value == nullptr || !value->is_number_integer() ||
        (!value->is_number_unsigned() && value->get<std::int64_t>() < 0)) {
        return 0;
    }
    return value->get<std::size_t>();
}

void read_flights(const nlohmann::json& evidence, EventView& view) {
    std::size_t listed = 0;
    const auto take = [&](const nlohmann::json& list) {
        if (!list.is_array()) {
            return;
        }
        for (const auto& flight : list) {
            ++listed;
            if (view.flights.size() < max_listed) {
                if (auto line = flight_line(flight); !line.empty()) {
                    view.flights.push_back(std::move(line));
                }
            }
        }
    };
    if (const auto* flights = member(evidence, "flights")) {
        if (flights->is_object()) {
            for (const auto& [state, list] : flights->items()) {
                take(list);
            }
        } else {
            take(*flights);
        }
    }
    // The evidence keeps a bounded list; its counts tell how many there really are.
    const auto* counts = member(evidence, "counts");
    const std::size_t counted = count_of(counts, "cancelled") + count_of(counts, "diverted");
    view.flights_unlisted = std::max(listed, counted) - view.flights.size();
}

std::string confidence_text(const nlohmann::json& evidence) {
    const auto* confidence = member(evidence, "confidence");
    if (confidence != nullptr && confidence->is_object()) {
        confidence = member(*confidence, "value");
    }
    if (confidence == nullptr || !confidence->is_number()) {
        return {};
    }
    const double value = confidence->get<double>();
    if (!std::isfinite(value) || value < 0 || value > 1) {
        return {};
    }
    return fmt::format("{:.0f}%", value * 100);
}

EventView view_of(const nlohmann::json& event) {
    EventView view;
    view.event = clean(text_of(event, "event"));
    view.severity = clean(text_of(event, "severity"));
    view.summary = truncate_text(clean(text_of(event, "summary")), max_summary_units);
    view.at = clean(text_of(event, "at"));
    const auto kind = clean(text_of(event, "kind"));
    const std::string started = clean(text_of(event, "started"));
    const std::string fingerprint = clean(text_of(event, "fingerprint"));

    const nlohmann::json empty = nlohmann::json::object();
    const auto* labels_json = member(event, "labels");
    const auto& labels = labels_json != nullptr ? *labels_json : empty;
    const auto list = [&](const char* name) {
        return clean(webhook_text::join(webhook_text::strings_of(labels, name), ", "));
    };
    const auto airports = list("airports");
    const auto firs = list("firs");
    std::string where = !airports.empty() ? airports : firs;
    if (where.empty()) {
        const auto colon = fingerprint.find(':');
        where = colon == std::string::npos ? std::string() : fingerprint.substr(colon + 1);
    }
    view.title =
        fmt::format("[{}] {} \u00b7 {}", to_upper_ascii(view.event.empty() ? "alert" : view.event),
                    view.severity.empty() ? "info" : view.severity, kind_title(kind));
    if (!where.empty()) {
        view.title += " \u00b7 " + where;
    }

    const auto fact = [&](std::string name, std::string value) {
        if (!value.empty()) {
            view.facts.emplace_back(std::move(name), truncate_text(value, max_item_units));
        }
    };
    // The title already says which event and kind; Slack shows at most 10 facts, so the ones
    // a reader needs first come first.
    const auto* evidence_json = member(event, "evidence");
    const auto& evidence = evidence_json != nullptr ? *evidence_json : empty;
    fact("Severity", view.severity);
    fact("Resolution", clean(text_of(evidence, "resolution")));
    fact("Started", started);
    if (view.event == "resolved") {
        fact("Resolved", view.at);
    } else if (view.event == "updated") {
        fact("Updated", view.at);
    }
    fact("Airports", airports);
    fact("FIRs", firs);
    fact("Airlines", list("airlines"));
    fact("Countries", list("countries"));
    if (const auto* counts = member(evidence, "counts"); counts != nullptr && counts->is_object()) {
        const auto cancelled = count_of(counts, "cancelled");
        const auto exposed = count_of(counts, "exposed");
        const auto diverted = count_of(counts, "diverted");
        if (cancelled > 0 || exposed > 0) {
            fact("Cancelled", fmt::format("{} of {} flight(s){}", cancelled, exposed,
                                          diverted > 0 ? fmt::format(", {} diverted", diverted)
                                                       : std::string()));
        }
    }
    fact("Confidence", confidence_text(evidence));
    fact("Kind", kind);

    if (const auto* hazards = member(evidence, "hazards");
        hazards != nullptr && hazards->is_array()) {
        for (const auto& hazard : *hazards) {
            if (view.hazards.size() == max_listed) {
                break;
            }
            if (auto line = hazard_line(hazard); !line.empty()) {
                view.hazards.push_back(std::move(line));
            }
        }
        view.hazards_unlisted = hazards->size() - std::min(hazards->size(), view.hazards.size());
    }
    read_flights(evidence, view);

    std::vector<std::string> footer{"aerowatch"};
    if (auto id = clean(text_of(event, "alert_id")); !id.empty()) {
        footer.push_back("alert " + id);
    }
    if (auto id = clean(text_of(event, "event_id")); !id.empty()) {
        footer.push_back("event " + id);
    }
    if (!fingerprint.empty()) {
        footer.push_back(fingerprint);
    }
    view.footer = truncate_text(webhook_text::join(footer, " \u00b7 "), max_item_units);
    return view;
}

std::string no_escape(std::string_view text) {
    return std::string(text);
}

/// `text` escaped and then cut to `limit` units; cutting before escaping keeps an escape
/// sequence from being split, and the loop shrinks the cut until the escaped text fits.
std::string fit(std::string_view text, std::size_t limit, const Escape& escape) {
    std::size_t budget = limit;
    for (;;) {
        auto out = escape(truncate_text(text, budget));
        const auto units = text_units(out);
        if (units <= limit || budget == 0) {
            return units <= limit ? out : std::string();
        }
        budget -= std::min(budget, std::max<std::size_t>(1, units - limit));
    }
}

/// One line per item, then "and N more" for those not shown, all within `limit` units.
std::string item_list(const std::vector<std::string>& items, std::size_t unlisted,
                      std::size_t limit, std::string_view bullet, const Escape& escape,
                      const std::function<std::string(std::size_t)>& more) {
    const std::size_t reserve = text_units(more(items.size() + unlisted)) + 1;
    if (limit <= reserve) {
        return fit(more(items.size() + unlisted), limit, no_escape);
    }
    std::string out;
    std::size_t shown = 0;
    for (const auto& item : items) {
        const auto used = text_units(out) + (out.empty() ? 0 : 1) + text_units(bullet);
        if (used + reserve >= limit) {
            break;
        }
        const auto line = std::string(bullet) +
                          fit(item, std::min(max_item_units, limit - reserve - used), escape);
        if (!out.empty()) {
            out += '\n';
        }
        out += line;
        ++shown;
    }
    if (const auto rest = items.size() - shown + unlisted; rest > 0) {
        // Appended in two steps: "literal" + string trips a g++ 12 -Wrestrict false positive.
        if (!out.empty()) {
            out += '\n';
        }
        out += more(rest);
    }
    return out;
}

// Slack -----------------------------------------------------------------------------------
// Incoming webhooks: https://api.slack.com/messaging/webhooks; "text" is required as the
// notification fallback when "blocks" are given
// (https://api.slack.com/reference/messaging/payload). Block limits
// (https://api.slack.com/reference/block-kit/blocks): header plain_text 150 characters, section
// text 3000, at most 10 section fields of 2000 each.

/// https://api.slack.com/reference/surfaces/formatting#escaping: only &, < and > are control
/// characters in mrkdwn; escaping them keeps source text from forming links or mentions.
std::string slack_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

nlohmann::json slack_text(std::string text) {
    return {{"type", "mrkdwn"}, {"text", std::move(text)}};
}

// The notification line a phone shows; the blocks carry the rest.
constexpr std::size_t slack_fallback_limit = 500;

std::string render_slack(const EventView& view, const WebhookRenderContext& context) {
    auto blocks = nlohmann::json::array();
    blocks.push_back(
        {{"type", "header"},
         {"text", {{"type", "plain_text"}, {"text", fit(view.title, 150, no_escape)}}}});
    if (!view.summary.empty()) {
        blocks.push_back(
            {{"type", "section"}, {"text", slack_text(fit(view.summary, 3000, slack_escape))}});
    }
    auto fields = nlohmann::json::array();
    for (const auto& [name, value] : view.facts) {
        if (fields.size() == 10) {
            break;
        }
        std::string field = "*";
        field += slack_escape(name);
        field += "*\n";
        field += fit(value, 1000, slack_escape);
        fields.push_back(slack_text(field));
    }
    if (!fields.empty()) {
        blocks.push_back({{"type", "section"}, {"fields", fields}});
    }
    const auto more = [](std::size_t n) {
        return fmt::format("_and {} more_", n);
    };
    const auto list_block = [&](const char* heading, const std::vector<std::string>& items,
                                std::size_t unlisted) {
        if (items.empty() && unlisted == 0) {
            return;
        }
        const std::string head = std::string("*") + heading + "*\n";
        blocks.push_back(
            {{"type", "section"},
             {"text", slack_text(head + item_list(items, unlisted, 3000 - text_units(head),
                                                  "\u2022 ", slack_escape, more))}});
    };
    list_block("Hazards", view.hazards, view.hazards_unlisted);
    list_block("Flights", view.flights, view.flights_unlisted);
    std::string footer = slack_escape(view.footer);
    if (!context.external_url.empty()) {
        footer += " \u00b7 <" + slack_escape(context.external_url) + "|status page>";
    }
    blocks.push_back(
        {{"type", "context"},
         {"elements", nlohmann::json::array({slack_text(fit(footer, 2000, no_escape))})}});

    std::string fallback = view.title;
    if (!view.summary.empty()) {
        fallback += ": " + view.summary;
    }
    const nlohmann::json body = {{"text", fit(fallback, slack_fallback_limit, slack_escape)},
                                 {"blocks", blocks}};
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Discord ---------------------------------------------------------------------------------
// Execute webhook: https://discord.com/developers/docs/resources/webhook#execute-webhook
// (content up to 2000 characters). Embed limits
// (https://discord.com/developers/docs/resources/message#embed-object-embed-limits): title 256,
// description 4096, at most 25 fields with name 256 and value 1024, footer text 2048, and 6000
// for all of those together. "allowed_mentions": {"parse": []} keeps an "@everyone" in source
// text from pinging anybody.

constexpr std::size_t discord_content_limit = 2000;
constexpr std::size_t discord_title_limit = 256;
constexpr std::size_t discord_description_limit = 4096;
constexpr std::size_t discord_max_fields = 25;
constexpr std::size_t discord_field_name_limit = 256;
constexpr std::size_t discord_field_value_limit = 1024;
constexpr std::size_t discord_embed_total_limit = 6000;
constexpr std::size_t discord_min_description = 500; // fields go before the summary does

/// A backslash before Discord's markdown characters shows them as typed.
std::string discord_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        if (c == '\\' || c == '*' || c == '_' || c == '~' || c == '`' || c == '|' || c == '>' ||
            c == '#' || c == '[' || c == ']') {
            out += '\\';
        }
        out += c;
    }
    return out;
}

int discord_color(const EventView& view) {
    if (view.event == "resolved") {
        return 0x2E7D32; // green
    }
    if (view.severity == "critical") {
        return 0xD32F2F; // red
    }
    if (view.severity == "warning") {
        return 0xF9A825; // amber
    }
    return 0x1E88E5; // blue
}

std::string render_discord(const EventView& view, const WebhookRenderContext& context) {
    nlohmann::json embed = {{"title", fit(view.title, discord_title_limit, no_escape)},
                            {"color", discord_color(view)}};
    std::size_t used = text_units(embed["title"].get<std::string>());
    const std::string footer = fit(view.footer, 256, no_escape);
    used += text_units(footer);

    std::vector<nlohmann::json> fields;
    for (const auto& [name, value] : view.facts) {
        fields.push_back({{"name", fit(name, discord_field_name_limit, no_escape)},
                          {"value", fit(value, discord_field_value_limit, discord_escape)},
                          {"inline", true}});
    }
    const auto more = [](std::size_t n) {
        return fmt::format("*and {} more*", n);
    };
    const auto list_field = [&](const char* name, const std::vector<std::string>& items,
                                std::size_t unlisted) {
        if (!items.empty() || unlisted > 0) {
            fields.push_back({{"name", name},
                              {"value", item_list(items, unlisted, discord_field_value_limit,
                                                  "\u2022 ", discord_escape, more)},
                              {"inline", false}});
        }
    };
    list_field("Hazards", view.hazards, view.hazards_unlisted);
    list_field("Flights", view.flights, view.flights_unlisted);
    const auto field_units = [](const nlohmann::json& field) {
        return text_units(field["name"].get<std::string>()) +
               text_units(field["value"].get<std::string>());
    };
    std::size_t fields_total = 0;
    for (const auto& field : fields) {
        fields_total += field_units(field);
    }
    // Discord rejects a message over the embed total, so the last fields give way first.
    while (!fields.empty() &&
           (fields.size() > discord_max_fields ||
            used + fields_total + discord_min_description > discord_embed_total_limit)) {
        fields_total -= field_units(fields.back());
        fields.pop_back();
    }
    used += fields_total;
    const auto description =
        fit(view.summary,
            std::min(discord_description_limit,
                     discord_embed_total_limit - std::min(used, discord_embed_total_limit)),
            discord_escape);
    if (!description.empty()) {
        embed["description"] = description;
    }
    if (!fields.empty()) {
        embed["fields"] = fields;
    }
    if (!footer.empty()) {
        embed["footer"] = {{"text", footer}};
    }
    if (!view.at.empty()) {
        embed["timestamp"] = view.at;
    }
    if (context.external_url.starts_with("https://") ||
        context.external_url.starts_with("http://")) {
        embed["url"] = context.external_url;
    }
    const nlohmann::json body = {
        {"content", fit(view.title, discord_content_limit, discord_escape)},
        {"embeds", nlohmann::json::array({embed})},
        {"allowed_mentions", {{"parse", nlohmann::json::array()}}},
    };
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Teams -----------------------------------------------------------------------------------
// A message with one Adaptive Card attachment, the body both Teams incoming webhooks and the
// Workflows "when a Teams webhook request is received" trigger accept:
// https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using#send-adaptive-cards-using-an-incoming-webhook
// Card schema 1.4: https://adaptivecards.io/explorer/ (TextBlock, FactSet, Action.OpenUrl).
// Teams refuses messages over 28 KB; the view's own bounds keep this one far below.

std::string teams_color(const EventView& view) {
    if (view.event == "resolved") {
        return "good";
    }
    if (view.severity == "critical") {
        return "attention";
    }
    if (view.severity == "warning") {
        return "warning";
    }
    return "accent";
}

nlohmann::json text_block(std::string text) {
    return {{"type", "TextBlock"}, {"text", std::move(text)}, {"wrap", true}};
}

std::string render_teams(const EventView& view, const WebhookRenderContext& context) {
    auto card_body = nlohmann::json::array();
    auto title = text_block(view.title);
    title["size"] = "Medium";
    title["weight"] = "Bolder";
    title["color"] = teams_color(view);
    card_body.push_back(title);
    if (!view.summary.empty()) {
        card_body.push_back(text_block(view.summary));
    }
    if (!view.facts.empty()) {
        auto facts = nlohmann::json::array();
        for (const auto& [name, value] : view.facts) {
            facts.push_back({{"title", name}, {"value", value}});
        }
        card_body.push_back({{"type", "FactSet"}, {"facts", facts}});
    }
    const auto more = [](std::size_t n) {
        return fmt::format("and {} more", n);
    };
    const auto list = [&](const char* heading, const std::vector<std::string>& items,
                          std::size_t unlisted) {
        if (items.empty() && unlisted == 0) {
            return;
        }
        auto head = text_block(heading);
        head["weight"] = "Bolder";
        head["spacing"] = "Medium";
        card_body.push_back(head);
        card_body.push_back(text_block(item_list(items, unlisted, 4000, "- ", no_escape, more)));
    };
    list("Hazards", view.hazards, view.hazards_unlisted);
    list("Flights", view.flights, view.flights_unlisted);
    auto footer = text_block(view.footer);
    footer["isSubtle"] = true;
    footer["size"] = "Small";
    card_body.push_back(footer);

    nlohmann::json card = {{"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
                           {"type", "AdaptiveCard"},
                           {"version", "1.4"},
                           {"body", card_body},
                           {"msteams", {{"width", "Full"}}}};
    if (!context.external_url.empty()) {
        card["actions"] = nlohmann::json::array({{{"type", "Action.OpenUrl"},
                                                  {"title", "Open aerowatch"},
                                                  {"url", context.external_url}}});
    }
    const nlohmann::json body = {
        {"type", "message"},
        {"attachments",
         nlohmann::json::array({{{"contentType", "application/vnd.microsoft.card.adaptive"},
                                 {"contentUrl", nullptr},
                                 {"content", card}}})},
    };
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace

std::string render_chat_body(WebhookFormat format, const nlohmann::json& event,
                             const WebhookRenderContext& context) {
    const auto view = view_of(event);
    switch (format) {
    case WebhookFormat::slack:
        return render_slack(view, context);
    case WebhookFormat::discord:
        return render_discord(view, context);
    case WebhookFormat::teams:
        return render_teams(view, context);
    case WebhookFormat::native:
    case WebhookFormat::alertmanager:
        break;
    }
    return event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace aerowatch
