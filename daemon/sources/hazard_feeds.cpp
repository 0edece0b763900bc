// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/hazard_feeds.hpp"

#include "sources/feeds/aixm.hpp"
#include "sources/feeds/awc_sigmet.hpp"
#include "sources/feeds/cap.hpp"
#include "sources/feeds/easa_czib.hpp"
#include "sources/feeds/faa_notam_api.hpp"
#include "sources/feeds/faa_us_restrictions.hpp"
#include "sources/feeds/rss.hpp"
#include "sources/feeds/state_dept.hpp"
#include "sources/notam/notam_parsers.hpp"

#include <array>
#include <utility>

namespace aerowatch {

namespace {

using Parser = HazardBatch (*)(std::string_view);

// One parser per source kind; the kind names are those of known_source_kinds().
constexpr std::array<std::pair<std::string_view, Parser>, 13> parsers = {{
    {"icao_notam_text", &parse_notam_text_feed},
    {"faa_domestic_notam", &parse_notam_text_feed},
    {"faa_security_notice", &parse_notam_text_feed},
    {"faa_notam_api", &parse_faa_notam_api},
    {"faa_nms_api", &parse_faa_notam_api},
    {"aixm", &parse_aixm},
    {"awc_isigmet", &parse_awc_isigmet},
    {"easa_czib_json", &parse_easa_czib_json},
    {"easa_czib_rss", &parse_easa_czib_rss},
    {"rss", &parse_rss},
    {"cap", &parse_cap},
    {"state_dept_rss", &parse_state_dept_rss},
    {"faa_us_restrictions", &parse_faa_us_restrictions},
}};

Parser parser_for(std::string_view kind) {
    for (const auto& [name, parser] : parsers) {
        if (name == kind) {
            return parser;
        }
    }
    return nullptr;
}

} // namespace

bool is_hazard_kind(std::string_view kind) {
    return parser_for(kind) != nullptr;
}

std::optional<HazardBatch> parse_hazard_payload(std::string_view kind, std::string_view payload) {
    const Parser parser = parser_for(kind);
    if (parser == nullptr) {
        return std::nullopt;
    }
    // Content downloads (the NMS initial load, saved files) come gzip-compressed without a
    // Content-Encoding, whatever their format: sniffed from the magic for every kind.
    if (payload.size() >= 2 && static_cast<unsigned char>(payload[0]) == 0x1f &&
        static_cast<unsigned char>(payload[1]) == 0x8b) {
        auto inflated = gunzip(payload);
        if (!inflated) {
            HazardBatch batch;
            batch.errors.push_back({inflated.error().message, 0});
            return batch;
        }
        return parser(inflated.value());
    }
    return parser(payload);
}

} // namespace aerowatch
