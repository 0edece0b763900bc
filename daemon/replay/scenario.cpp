// SPDX-License-Identifier: GPL-3.0-or-later
#include "replay/scenario.hpp"

#include "config/config.hpp"
#include "config/config_reader.hpp"
#include "core/time.hpp"

#include <algorithm>

namespace aerowatch {

namespace {

using config_detail::Diagnostics;
using config_detail::TableReader;

// Recorded payloads are feed documents: the same cap as a source's default max_body_bytes.
constexpr std::size_t max_snapshot_bytes = std::size_t{16} << 20;

std::optional<UtcTime> read_time(TableReader& reader, std::string_view key) {
    auto text = reader.string(key);
    if (!text) {
        return std::nullopt;
    }
    auto t = parse_iso8601(*text);
    if (!t) {
        reader.error(key, "expected a UTC time like \"2025-11-21T18:08:00Z\", not " +
                              config_detail::toml_quote(*text));
    }
    return t;
}

void read_snapshot(TableReader& reader, const Scenario& scenario, Snapshot& s) {
    const auto at = read_time(reader, "at");
    if (at) {
        s.at = *at;
        if (*at < scenario.start || *at > scenario.end) {
            reader.error("at", "outside the scenario's span");
        }
    } else if (!reader.has("at")) {
        reader.missing("at");
    }
    if (auto source = reader.string("source")) {
        s.source = *source;
    } else {
        reader.missing("source");
    }
    if (auto status = reader.number("status", 200, 599)) {
        s.status = static_cast<int>(*status);
    }
    auto file = reader.string("file");
    if (!file) {
        reader.missing("file");
        return;
    }
    s.file = (scenario.directory / *file).lexically_normal();
    auto body = config_detail::read_file(s.file, max_snapshot_bytes);
    if (!body) {
        reader.error("file", s.file.string() + ": " + body.error().message);
        return;
    }
    s.body = std::move(body.value());
}

} // namespace

std::size_t Scenario::snapshot_count() const {
    std::size_t n = 0;
    for (const auto& [source, list] : snapshots) {
        n += list.size();
    }
    return n;
}

Scenario load_scenario(const std::filesystem::path& directory) {
    Scenario scenario;
    scenario.directory = std::filesystem::absolute(directory).lexically_normal();
    const auto manifest = scenario.directory / "scenario.toml";
    const std::string file = manifest.string();
    auto text = config_detail::read_file(manifest, std::size_t{16} << 20);
    if (!text) {
        throw ConfigError({file + ": cannot read: " + text.error().message});
    }
    toml::table root;
    try {
        root = toml::parse(text.value(), std::string_view(file));
    } catch (const toml::parse_error& error) {
        throw ConfigError({file + ":" + std::to_string(error.source().begin.line) +
                           ": syntax: " + std::string(error.description())});
    }
    Diagnostics diagnostics(file);
    TableReader top(root, diagnostics, "");
    scenario.name = top.string("name").value_or(scenario.directory.filename().string());
    scenario.description = top.string("description").value_or("");
    const auto start = read_time(top, "start");
    const auto end = read_time(top, "end");
    if (!start && !top.has("start")) {
        top.missing("start");
    }
    if (!end && !top.has("end")) {
        top.missing("end");
    }
    if (start && end && *end <= *start) {
        top.error("end", "must be after start");
    }
    scenario.start = start.value_or(UtcTime{});
    scenario.end = end.value_or(UtcTime{});
    if (auto config = top.string("config")) {
        scenario.config = (scenario.directory / *config).lexically_normal();
    } else {
        top.missing("config");
    }
    if (const toml::node* list = top.take("snapshot")) {
        const auto* array = list->as_array();
        if (array == nullptr || !array->is_array_of_tables()) {
            top.error("snapshot", "expected [[snapshot]] tables");
        } else {
            int index = 0;
            for (const auto& element : *array) {
                TableReader reader(*element.as_table(), diagnostics,
                                   "snapshot #" + std::to_string(++index));
                Snapshot s;
                read_snapshot(reader, scenario, s);
                reader.report_unknown();
                scenario.snapshots[s.source].push_back(std::move(s));
            }
        }
    }
    top.report_unknown();
    if (!diagnostics.empty()) {
        diagnostics.raise();
    }
    for (auto& [source, list] : scenario.snapshots) {
        std::stable_sort(list.begin(), list.end(),
                         [](const Snapshot& a, const Snapshot& b) { return a.at < b.at; });
    }
    return scenario;
}

} // namespace aerowatch
