// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/text.hpp"
#include "notify/webhook_format.hpp"

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <array>
#include <string>

using namespace aerowatch;
using nlohmann::json;

namespace {

constexpr std::array<WebhookFormat, 5> all_formats{WebhookFormat::native, WebhookFormat::slack,
                                                   WebhookFormat::discord, WebhookFormat::teams,
                                                   WebhookFormat::alertmanager};
constexpr std::array<const char*, 3> event_types{"firing", "updated", "resolved"};

const WebhookRenderContext context{"ops-caracas", "https://aerowatch.example.org"};

json hazard_evidence() {
    return {{"key", "FAA KICZ A0012/25"},
            {"id", "A0012/25"},
            {"issuer", "FAA"},
            {"kind", "security"},
            {"severity", "caution"},
            {"categories", "security, military activity"},
            {"firs", {"SVZM"}},
            {"airports", json::array()},
            {"valid_from", "2025-11-21T21:47:00Z"},
            {"valid_to", "2026-02-19T23:59:00Z"},
            {"valid_to_estimated", false},
            {"status", "active"},
            {"excerpt", "SECURITY..UNITED STATES OF AMERICA ADVISORY FOR THE MAIQUETIA FIR (SVZM). "
                        "POTENTIALLY HAZARDOUS SITUATION ... OPERATORS ARE ADVISED TO EXERCISE "
                        "EXTREME CAUTION WHEN OPERATING IN THE MAIQUETIA FIR (SVZM) AT ALL "
                        "ALTITUDES DUE TO THE WORSENING SECURITY SITUATION AND HEIGHTENED MILITARY "
                        "ACTIVITY IN OR AROUND VENEZUELA."},
            {"source", "faa-notam-api"}};
}

json flight(const char* airline, const char* number, const char* destination,
            const char* departure) {
    return {{"airline", airline},
            {"flight", std::string(airline) + number},
            {"origin", "SVMI"},
            {"destination", destination},
            {"scheduled_departure", departure},
            {"status", "cancelled"}};
}

/// The Caracas case: TAP, Avianca, GOL and Iberia cancelling at SVMI after the FAA's notice.
json venezuela_event(const std::string& type) {
    json event = {
        {"event_id", type == "firing"    ? 42
                     : type == "updated" ? 57
                                         : 91},
        {"event", type},
        {"alert_id", 7},
        {"fingerprint", "disruption_correlated:SVMI:FAA KICZ A0012/25"},
        {"kind", "disruption_correlated"},
        {"severity", "critical"},
        {"at", type == "firing"    ? "2025-11-22T06:00:00Z"
               : type == "updated" ? "2025-11-22T18:00:00Z"
                                   : "2025-11-24T12:00:00Z"},
        {"started", "2025-11-22T06:00:00Z"},
        {"summary", "FAA KICZ A0012/25 (caution, security) explains 6 of 14 departures cancelled "
                    "at SVMI (Caracas) by AV, G3, IB, TP since 2025-11-22T06:00Z, 8.4x the "
                    "baseline of 5%"},
        {"labels",
         {{"firs", {"SVZM"}},
          {"airports", {"SVMI"}},
          {"airlines", {"AV", "G3", "IB", "TP"}},
          {"countries", {"Venezuela"}}}},
        {"evidence",
         {{"airport", "SVMI"},
          {"rule", "airline-exodus"},
          {"window", {{"from", "2025-11-22T00:00:00Z"}, {"to", "2025-11-23T00:00:00Z"}}},
          {"counts",
           {{"exposed", 14}, {"cancelled", 6}, {"diverted", 0}, {"airlines_cancelling", 4}}},
          {"baseline",
           {{"cancel_rate", 0.05}, {"expected_cancelled", 0.7}, {"basis", "hour_of_week"}}},
          {"cancel_rate", 0.4286},
          {"ratio", 8.4},
          {"thresholds", {"6 cancellations >= 3", "4 airlines >= 2"}},
          {"flights",
           {{"cancelled",
             {flight("TP", "174", "LPPT", "2025-11-22T18:35:00Z"),
              flight("IB", "6674", "LEMD", "2025-11-22T17:50:00Z"),
              flight("AV", "9", "SKBO", "2025-11-22T12:10:00Z"),
              flight("AV", "11", "SKBO", "2025-11-22T16:40:00Z"),
              flight("G3", "7740", "SBGR", "2025-11-22T14:25:00Z"),
              flight("TP", "176", "LPPT", "2025-11-23T18:35:00Z")}},
            {"diverted", json::array()}}},
          {"hazards", {hazard_evidence()}},
          {"confidence",
           {{"value", 0.82},
            {"reasons",
             {"4 airlines cancelled at once", "6 of 6 cancellation(s) recorded after the hazard "
                                              "began"}}}}}}};
    if (type == "updated") {
        event["severity"] = "critical";
        event["evidence"]["counts"]["cancelled"] = 9;
    }
    if (type == "resolved") {
        event["evidence"]["resolution"] = "cancellations back within the baseline for 6h";
    }
    return event;
}

json parse(const std::string& body) {
    INFO(body);
    REQUIRE(is_valid_utf8(body));
    return json::parse(body); // throws, and fails the test, on anything but JSON
}

/// Discord counts characters; UTF-16 units are what its limits can at most mean.
std::size_t units(const std::string& text) {
    std::size_t n = 0;
    for (const char c : text) {
        const auto b = static_cast<unsigned char>(c);
        if ((b & 0xC0) != 0x80) {
            n += b >= 0xF0 ? 2 : 1;
        }
    }
    return n;
}

std::string text_of_all(const json& j) {
    if (j.is_string()) {
        return j.get<std::string>() + "\n";
    }
    std::string out;
    if (j.is_structured()) {
        for (const auto& v : j) {
            out += text_of_all(v);
        }
    }
    return out;
}

} // namespace

TEST_CASE("Webhook format names round trip", "[webhook]") {
    for (const auto format : all_formats) {
        CHECK(webhook_format_from_string(to_string(format)) == format);
    }
    CHECK(std::string(to_string(WebhookFormat::alertmanager)) == "alertmanager");
    CHECK_FALSE(webhook_format_from_string("msteams"));
    CHECK_FALSE(webhook_format_from_string(""));
}

TEST_CASE("The native format is the event itself", "[webhook]") {
    const auto event = venezuela_event("firing");
    const auto body = render_webhook_body(WebhookFormat::native, event, context);
    CHECK(body == event.dump());
    CHECK(body.find('\n') == std::string::npos);
    CHECK(parse(body) == event);
}

TEST_CASE("Slack bodies follow the incoming-webhook payload", "[webhook]") {
    for (const char* type : event_types) {
        INFO(type);
        const auto body =
            parse(render_webhook_body(WebhookFormat::slack, venezuela_event(type), context));
        REQUIRE(body["text"].is_string());
        CHECK(body["text"].get<std::string>().find(fmt::format("[{}]", to_upper_ascii(type))) == 0);
        REQUIRE(body["blocks"].is_array());
        REQUIRE(body["blocks"].size() <= 50);
        const auto& header = body["blocks"][0];
        CHECK(header["type"] == "header");
        CHECK(header["text"]["type"] == "plain_text");
        CHECK(units(header["text"]["text"].get<std::string>()) <= 150);
        bool has_fields = false;
        for (const auto& block : body["blocks"]) {
            REQUIRE(block["type"].is_string());
            if (block["type"] == "section") {
                if (block.contains("text")) {
                    CHECK(block["text"]["type"] == "mrkdwn");
                    CHECK(units(block["text"]["text"].get<std::string>()) <= 3000);
                }
                if (block.contains("fields")) {
                    has_fields = true;
                    CHECK(block["fields"].size() <= 10);
                    for (const auto& field : block["fields"]) {
                        CHECK(field["type"] == "mrkdwn");
                        CHECK(units(field["text"].get<std::string>()) <= 2000);
                    }
                }
            } else {
                CHECK((block["type"] == "header" || block["type"] == "context"));
            }
        }
        CHECK(has_fields);
        const auto all = text_of_all(body);
        CHECK(all.find("TP174 SVMI\u2192LPPT cancelled") != std::string::npos);
        CHECK(all.find("FAA KICZ A0012/25 (caution; 2025-11-21T21:47:00Z to") != std::string::npos);
        CHECK(all.find("<https://aerowatch.example.org|status page>") != std::string::npos);
        CHECK((all.find("cancellations back within the baseline") != std::string::npos) ==
              (std::string(type) == "resolved"));
    }
}

TEST_CASE("Slack text escapes &, < and >", "[webhook]") {
    auto event = venezuela_event("firing");
    event["summary"] = "<!channel> & <https://evil.example|click> AT&T";
    event["evidence"]["hazards"][0]["excerpt"] = "A < B > C";
    const auto body = parse(render_webhook_body(WebhookFormat::slack, event, context));
    const auto all = body.dump();
    CHECK(all.find("<!channel>") == std::string::npos);
    CHECK(all.find("<https://evil") == std::string::npos);
    CHECK(body["text"].get<std::string>().find(
              "&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt; AT&amp;T") !=
          std::string::npos);
    CHECK(all.find("A &lt; B &gt; C") != std::string::npos);
    // plain_text is shown as written: no entities in the header
    CHECK(body["blocks"][0]["text"]["text"].get<std::string>().find("&amp;") == std::string::npos);
}

TEST_CASE("Discord bodies follow execute-webhook and its embed limits", "[webhook]") {
    for (const char* type : event_types) {
        INFO(type);
        const auto body =
            parse(render_webhook_body(WebhookFormat::discord, venezuela_event(type), context));
        REQUIRE(body["content"].is_string());
        CHECK(body["allowed_mentions"] == json{{"parse", json::array()}});
        REQUIRE(body["embeds"].is_array());
        REQUIRE(body["embeds"].size() == 1);
        const auto& embed = body["embeds"][0];
        CHECK(embed["title"].is_string());
        CHECK(embed["description"].is_string());
        CHECK(embed["color"].is_number_integer());
        CHECK(embed["timestamp"] == venezuela_event(type)["at"]);
        CHECK(embed["url"] == "https://aerowatch.example.org");
        REQUIRE(embed["fields"].is_array());
        for (const auto& field : embed["fields"]) {
            CHECK(field["name"].is_string());
            CHECK_FALSE(field["value"].get<std::string>().empty());
            CHECK(field["inline"].is_boolean());
        }
        CHECK(embed["footer"]["text"].get<std::string>().find("alert 7") != std::string::npos);
        const auto colour = embed["color"].get<int>();
        CHECK(colour == (std::string(type) == "resolved" ? 0x2E7D32 : 0xD32F2F));
    }
}

TEST_CASE("Discord limits hold for a huge summary and 100 flights", "[webhook]") {
    auto event = venezuela_event("updated");
    std::string summary;
    while (units(summary) < 10000) {
        summary += "Maiquetía ✈ 𝔸 cancelled; "; // 2- and 3-byte characters and a surrogate pair
    }
    event["summary"] = summary;
    event["labels"]["airlines"] = json::array();
    auto& flights = event["evidence"]["flights"]["cancelled"];
    flights = json::array();
    for (int i = 0; i < 100; ++i) {
        flights.push_back(
            flight("AV", std::to_string(100 + i).c_str(), "SKBO", "2025-11-22T12:10:00Z"));
    }
    event["evidence"]["counts"]["cancelled"] = 140; // the evidence keeps only part of the list
    for (int i = 0; i < 30; ++i) {
        auto hazard = hazard_evidence();
        hazard["key"] = fmt::format("FAA KICZ A{:04}/25", i);
        hazard["excerpt"] = std::string(2000, 'X');
        event["evidence"]["hazards"].push_back(hazard);
    }

    const auto raw = render_webhook_body(WebhookFormat::discord, event, context);
    CHECK(raw.size() < 20000);
    const auto body = parse(raw);
    CHECK(units(body["content"].get<std::string>()) <= 2000);
    const auto& embed = body["embeds"][0];
    const auto title = embed["title"].get<std::string>();
    const auto description = embed["description"].get<std::string>();
    CHECK(units(title) <= 256);
    CHECK(units(description) <= 4096);
    CHECK(description.ends_with("\u2026"));
    std::size_t total =
        units(title) + units(description) + units(embed["footer"]["text"].get<std::string>());
    REQUIRE(embed["fields"].size() <= 25);
    bool flights_field = false;
    for (const auto& field : embed["fields"]) {
        const auto name = field["name"].get<std::string>();
        const auto value = field["value"].get<std::string>();
        CHECK(units(name) <= 256);
        CHECK(units(value) <= 1024);
        total += units(name) + units(value);
        if (name == "Flights") {
            flights_field = true;
            CHECK(value.find("AV100 SVMI") != std::string::npos);
            CHECK(value.find("AV110 SVMI") == std::string::npos); // ten at most
            CHECK(value.find("and 130 more") != std::string::npos);
        }
        if (name == "Hazards") {
            std::size_t shown = 0;
            for (auto at = value.find("\u2022 "); at != std::string::npos;
                 at = value.find("\u2022 ", at + 1)) {
                ++shown;
            }
            CHECK(shown >= 1);
            CHECK(value.find(fmt::format("and {} more", 31 - shown)) != std::string::npos);
        }
    }
    CHECK(flights_field);
    CHECK(total <= 6000);

    for (const auto format :
         {WebhookFormat::slack, WebhookFormat::teams, WebhookFormat::alertmanager}) {
        INFO(to_string(format));
        CHECK(render_webhook_body(format, event, context).size() < 20000);
    }
}

TEST_CASE("Discord markdown in source text is shown as typed", "[webhook]") {
    auto event = venezuela_event("firing");
    event["summary"] = "**@everyone** _see_ [link](https://evil.example)";
    const auto body = parse(render_webhook_body(WebhookFormat::discord, event, context));
    CHECK(body["embeds"][0]["description"] ==
          "\\*\\*@everyone\\*\\* \\_see\\_ \\[link\\](https://evil.example)");
    CHECK(body["allowed_mentions"]["parse"].empty());
}

TEST_CASE("Teams bodies carry one Adaptive Card", "[webhook]") {
    for (const char* type : event_types) {
        INFO(type);
        const auto body =
            parse(render_webhook_body(WebhookFormat::teams, venezuela_event(type), context));
        CHECK(body["type"] == "message");
        REQUIRE(body["attachments"].is_array());
        REQUIRE(body["attachments"].size() == 1);
        const auto& attachment = body["attachments"][0];
        CHECK(attachment["contentType"] == "application/vnd.microsoft.card.adaptive");
        CHECK(attachment["contentUrl"].is_null());
        const auto& card = attachment["content"];
        CHECK(card["$schema"] == "http://adaptivecards.io/schemas/adaptive-card.json");
        CHECK(card["type"] == "AdaptiveCard");
        CHECK(card["version"] == "1.4");
        REQUIRE(card["body"].is_array());
        CHECK(card["body"][0]["type"] == "TextBlock");
        CHECK(card["body"][0]["text"].get<std::string>().find(to_upper_ascii(type)) !=
              std::string::npos);
        bool facts = false;
        for (const auto& element : card["body"]) {
            REQUIRE(element["type"].is_string());
            if (element["type"] == "FactSet") {
                facts = true;
                for (const auto& fact : element["facts"]) {
                    CHECK(fact["title"].is_string());
                    CHECK(fact["value"].is_string());
                }
            } else {
                CHECK(element["type"] == "TextBlock");
                CHECK(element["text"].is_string());
            }
        }
        CHECK(facts);
        CHECK(card["actions"][0]["type"] == "Action.OpenUrl");
        CHECK(card["actions"][0]["url"] == "https://aerowatch.example.org");
    }
    const auto no_url =
        parse(render_webhook_body(WebhookFormat::teams, venezuela_event("firing"), {"teams", ""}));
    CHECK_FALSE(no_url["attachments"][0]["content"].contains("actions"));
}

TEST_CASE("Alertmanager bodies follow webhook payload version 4", "[webhook]") {
    for (const char* type : event_types) {
        INFO(type);
        const auto event = venezuela_event(type);
        const auto body = parse(render_webhook_body(WebhookFormat::alertmanager, event, context));
        const std::string status = std::string(type) == "resolved" ? "resolved" : "firing";
        CHECK(body["version"] == "4");
        CHECK(body["groupKey"] ==
              "{}:{fingerprint=\"disruption_correlated:SVMI:FAA KICZ A0012/25\"}");
        CHECK(body["truncatedAlerts"] == 0);
        CHECK(body["status"] == status);
        CHECK(body["receiver"] == "ops-caracas");
        CHECK(body["groupLabels"] ==
              json{{"fingerprint", "disruption_correlated:SVMI:FAA KICZ A0012/25"}});
        CHECK(body["externalURL"] == "https://aerowatch.example.org");
        REQUIRE(body["alerts"].size() == 1);
        const auto& alert = body["alerts"][0];
        CHECK(alert["status"] == status);
        const json labels = {{"alertname", "disruption_correlated"},
                             {"severity", "critical"},
                             {"fingerprint", "disruption_correlated:SVMI:FAA KICZ A0012/25"},
                             {"firs", "SVZM"},
                             {"airports", "SVMI"},
                             {"airlines", "AV,G3,IB,TP"},
                             {"countries", "Venezuela"}};
        CHECK(alert["labels"] == labels);
        CHECK(body["commonLabels"] == labels);
        for (const auto& [name, value] : alert["annotations"].items()) {
            INFO(name);
            CHECK(value.is_string());
        }
        CHECK(alert["annotations"]["summary"] == event["summary"]);
        CHECK(alert["annotations"]["description"].get<std::string>().find("FAA KICZ A0012/25: ") ==
              0);
        CHECK(body["commonAnnotations"] == alert["annotations"]);
        CHECK(alert["startsAt"] == "2025-11-22T06:00:00Z");
        CHECK(alert["endsAt"] ==
              (status == "resolved" ? "2025-11-24T12:00:00Z" : "0001-01-01T00:00:00Z"));
        CHECK(alert["generatorURL"] == "https://aerowatch.example.org");
        const auto fingerprint = alert["fingerprint"].get<std::string>();
        CHECK(fingerprint.size() == 16);
        CHECK(fingerprint.find_first_not_of("0123456789abcdef") == std::string::npos);
    }
    // One alert keeps one Alertmanager fingerprint through its life; another gets another.
    const auto fingerprint_of = [](const json& event) {
        return parse(render_webhook_body(WebhookFormat::alertmanager, event,
                                         context))["alerts"][0]["fingerprint"];
    };
    CHECK(fingerprint_of(venezuela_event("firing")) == fingerprint_of(venezuela_event("resolved")));
    auto other = venezuela_event("firing");
    other["fingerprint"] = "disruption_correlated:SVVA:FAA KICZ A0012/25";
    CHECK(fingerprint_of(other) != fingerprint_of(venezuela_event("firing")));
    other["fingerprint"] = "quote\" and \\ backslash";
    CHECK(parse(render_webhook_body(WebhookFormat::alertmanager, other, context))["groupKey"] ==
          "{}:{fingerprint=\"quote\\\" and \\\\ backslash\"}");
}

TEST_CASE("Invalid UTF-8 and control characters still give valid JSON", "[webhook]") {
    auto event = venezuela_event("firing");
    event["summary"] = "bad \xff\xfe bytes, \x01 control, new\nline, tab\t, truncated \xE2\x82";
    event["labels"]["airports"] = {"SV\xC0\xAFMI"};
    event["evidence"]["hazards"][0]["excerpt"] = "\x1b[31mRED\x1b[0m \xED\xA0\x80";
    event["evidence"]["flights"]["cancelled"][0]["flight"] = "TP\x7f\xc2\x85"
                                                             "174";
    for (const auto format : all_formats) {
        INFO(to_string(format));
        const auto raw = render_webhook_body(format, event, context);
        CHECK(is_valid_utf8(raw));
        const auto body = parse(raw);
        const auto all = text_of_all(body);
        CHECK(all.find("\xEF\xBF\xBD") != std::string::npos); // U+FFFD
        if (format != WebhookFormat::native) {
            CHECK(all.find('\x01') == std::string::npos);
            CHECK(all.find('\x1b') == std::string::npos);
            CHECK(all.find('\x7f') == std::string::npos);
        }
    }
    CHECK(parse(render_webhook_body(WebhookFormat::native, event, context))["summary"] ==
          "bad \xEF\xBF\xBD\xEF\xBF\xBD bytes, \x01 control, new\nline, tab\t, truncated "
          "\xEF\xBF\xBD");
}

TEST_CASE("Odd events render without throwing", "[webhook]") {
    const std::array<json, 5> events{json(nullptr), json::object(), json::array({1, 2}),
                                     json{{"event", 3}, {"labels", "SVMI"}, {"evidence", {1, 2}}},
                                     json{{"summary", ""},
                                          {"evidence",
                                           {{"flights", "none"},
                                            {"hazards", {1, "x"}},
                                            {"counts", {{"cancelled", -4}}},
                                            {"confidence", "high"}}}}};
    for (const auto& event : events) {
        for (const auto format : all_formats) {
            INFO(to_string(format) << " " << event.dump());
            std::string raw;
            REQUIRE_NOTHROW(raw = render_webhook_body(format, event, {}));
            CHECK_NOTHROW(json::parse(raw));
        }
    }
}
