// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/status_page.hpp"

#include "core/text.hpp"
#include "core/time.hpp"
#include "core/version.hpp"
#include "http/html.hpp"

#include <fmt/format.h>

namespace aerowatch {

namespace {

using nlohmann::json;

constexpr const char* page_style = R"css(
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1c2630;background:#fafbfc}
header{background:#1c2630;color:#fff;padding:10px 20px;display:flex;gap:24px;align-items:baseline}
header h1{font-size:18px;margin:0}
main{padding:12px 20px;display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:20px}
section{background:#fff;border:1px solid #dde3e8;border-radius:6px;padding:10px 14px}
h2{font-size:15px;margin:4px 0 8px}
table{border-collapse:collapse;width:100%;font-size:13px}
td,th{text-align:left;padding:3px 6px;border-bottom:1px solid #eef1f4;vertical-align:top}
.map svg{width:100%;height:auto;display:block}
.alert{border-left:4px solid #9aa7b2;padding:4px 10px;margin:0 0 10px}
.alert.critical{border-color:#ab000d}.alert.warning{border-color:#c25e00}.alert.info{border-color:#1e88e5}
.alert h3{font-size:14px;margin:0 0 4px}
.alert ul{margin:4px 0;padding-left:18px}
.muted{color:#5f6f7d}
.health-ok{color:#2e7d32}.health-failing,.health-pending{color:#c25e00}.health-stale{color:#ab000d;font-weight:600}
)css";

// A page with thousands of alerts helps nobody and takes long to send; the API has them all.
constexpr std::size_t max_alerts_shown = 100;

std::string excerpt(const std::string& text) {
    return html_escape(clip_utf8(collapse_whitespace(text), 220));
}

std::string evidence_list(const Alert& a) {
    const json& e = a.evidence;
    std::string out;
    if (e.contains("thresholds")) {
        for (const auto& reason : e["thresholds"]) {
            if (reason.is_string()) {
                out += fmt::format("<li>{}</li>", html_escape(reason.get<std::string>()));
            }
        }
    }
    if (e.contains("hazards")) {
        for (const auto& h : e["hazards"]) {
            out +=
                fmt::format("<li>hazard <b>{}</b> ({}): {}</li>", html_escape(h.value("key", "")),
                            html_escape(h.value("severity", "")), excerpt(h.value("excerpt", "")));
        }
    }
    if (e.contains("flights") && e["flights"].contains("cancelled")) {
        const auto& cancelled = e["flights"]["cancelled"];
        std::string flights;
        std::size_t shown = 0;
        for (const auto& f : cancelled) {
            if (++shown > 12) {
                flights += " &hellip;";
                break;
            }
            flights += fmt::format(
                "{}{} {}&ndash;{}", flights.empty() ? "" : ", ", html_escape(f.value("flight", "")),
                html_escape(f.value("origin", "")), html_escape(f.value("destination", "")));
        }
        out += fmt::format("<li>{} cancelled: {}</li>", cancelled.size(), flights);
    }
    if (e.contains("confidence")) {
        out += fmt::format("<li>confidence {:.2f}</li>", e["confidence"].value("value", 0.0));
    }
    return out.empty() ? std::string() : fmt::format("<ul>{}</ul>", out);
}

std::string alerts_section(const std::vector<Alert>& firing) {
    std::string out =
        fmt::format("<section id=\"alerts\"><h2>Firing alerts ({})</h2>\n", firing.size());
    if (firing.empty()) {
        out += "<p class=\"muted\">Nothing is firing.</p>\n";
    }
    std::size_t shown = 0;
    for (const auto& a : firing) {
        if (++shown > max_alerts_shown) {
            out += fmt::format("<p class=\"muted\">{} more: <code>aerowatch alerts --state "
                               "firing</code> or /api/v1/alerts?state=firing</p>\n",
                               firing.size() - max_alerts_shown);
            break;
        }
        out += fmt::format(
            "<div class=\"alert {}\" data-alert-id=\"{}\" data-kind=\"{}\"><h3>#{} {} &middot; "
            "{}</h3><div>{}</div><div class=\"muted\">first fired {} &middot; last event {} "
            "&middot; {}</div>{}</div>\n",
            to_string(a.severity), a.id, to_string(a.kind), a.id, to_string(a.kind),
            to_string(a.severity), html_escape(a.summary), format_iso8601(a.first_fired),
            format_iso8601(a.last_event), html_escape(a.fingerprint), evidence_list(a));
    }
    return out + "</section>\n";
}

std::string sources_section(const json& sources) {
    std::string out = "<section id=\"sources\"><h2>Sources</h2><table><tr><th>source</th>"
                      "<th>kind</th><th>health</th><th>last success</th><th>failures</th></tr>\n";
    for (const auto& s : sources) {
        const auto health = s.value("health", "");
        const auto last = s["last_success"].is_string() ? s["last_success"].get<std::string>()
                                                        : std::string("never");
        out += fmt::format("<tr><td>{}</td><td>{}</td><td class=\"health-{}\">{}</td><td>{}</td>"
                           "<td>{}</td></tr>\n",
                           html_escape(s.value("name", "")), html_escape(s.value("kind", "")),
                           html_escape(health), html_escape(health), html_escape(last),
                           s.value("consecutive_failures", 0));
    }
    return out + "</table></section>\n";
}

std::string airports_section(const std::vector<MapAirport>& airports) {
    std::string out = "<section id=\"airports\"><h2>Cancellations, last 24 h</h2>";
    if (airports.empty()) {
        return out + "<p class=\"muted\">No cancellations stored for the last 24 hours.</p>"
                     "</section>\n";
    }
    out += "<table><tr><th>airport</th><th>cancelled</th><th>baseline</th></tr>\n";
    for (const auto& a : airports) {
        out += fmt::format("<tr><td>{} <span class=\"muted\">{}</span></td><td>{}</td>"
                           "<td>{:.1f}</td></tr>\n",
                           html_escape(a.code), html_escape(a.name), a.cancelled, a.expected);
    }
    return out + "</table></section>\n";
}

} // namespace

std::string render_status_page(const StatusPageData& data) {
    std::string hazards;
    for (const auto& [severity, count] : data.hazards_by_severity) {
        hazards += fmt::format("{}{} {}", hazards.empty() ? "" : ", ", count, severity);
    }
    std::string page = fmt::format(
        R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="60">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>aerowatch status</title>
<style>{}</style></head>
<body><header><h1>aerowatch</h1><span>{} firing</span><span>active hazards: {}</span>
<span class="muted">as of {} &middot; {} &middot; v{}</span></header>
<main><div>
<section class="map" id="map"><h2>Map</h2>
)",
        page_style, data.firing.size(), hazards.empty() ? "none" : hazards,
        format_iso8601(data.now), html_escape(data.config_path), version);
    page += data.map_svg;
    page += "</section>\n";
    page += alerts_section(data.firing);
    page += "</div><div>\n";
    page += sources_section(data.sources);
    page += airports_section(data.airports);
    page += "</div></main></body></html>\n";
    return page;
}

} // namespace aerowatch
