// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/flights/nas_status.hpp"

#include "core/text.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <sstream>
#include <utility>

namespace aerowatch {

namespace {

std::string upper(std::string_view s) {
    return to_upper_ascii(trim(s));
}

std::string_view local_name(pugi::xml_node node) {
    std::string_view name = node.name();
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

/// All text below `node` in document order. Iterative: deep nesting cannot exhaust the stack.
std::string text_of(pugi::xml_node node) {
    std::string out;
    if (!node) {
        return out;
    }
    for (pugi::xml_node n = node.first_child(); n && n != node;) {
        if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
            out += n.value();
        }
        if (n.first_child()) {
            n = n.first_child();
            continue;
        }
        while (n && n != node && !n.next_sibling()) {
            n = n.parent();
        }
        if (n && n != node) {
            n = n.next_sibling();
        }
    }
    return out;
}

std::string serialise(pugi::xml_node node) {
    std::ostringstream out;
    node.print(out, "", pugi::format_raw);
    return to_valid_utf8(out.str());
}

/// Element names compared ignoring ASCII case: the feed has changed capitalisation before.
bool named(pugi::xml_node node, std::string_view name) {
    return node.type() == pugi::node_element && upper(local_name(node)) == upper(name);
}

pugi::xml_node child_named(pugi::xml_node parent, std::string_view name) {
    for (auto c : parent.children()) {
        if (named(c, name)) {
            return c;
        }
    }
    return {};
}

std::string text_in(pugi::xml_node parent, std::string_view name) {
    return collapse_whitespace(to_valid_utf8(text_of(child_named(parent, name))));
}

class SignalReader {
  public:
    SignalReader(std::string_view xml, FlightBatch& batch) : xml_(xml), batch_(batch) {}

    void set_update_time(std::optional<UtcTime> t) { update_ = t; }

    void read_list(pugi::xml_node list) {
        const std::string name = upper(local_name(list));
        if (name == "AIRSPACE_FLOW_LIST") {
            return; // flow programmes name airspace elements, not airports
        }
        const std::string item_name = name == "GROUND_DELAY_LIST"      ? "GROUND_DELAY"
                                      : name == "GROUND_STOP_LIST"     ? "PROGRAM"
                                      : name == "AIRPORT_CLOSURE_LIST" ? "AIRPORT"
                                                                       : "DELAY";
        for (auto item : list.children()) {
            // Anything but the list's own items (a count, a note) is skipped unless it names
            // an airport; an item without ARPT is an error.
            if (item.type() != pugi::node_element ||
                (upper(local_name(item)) != item_name && !child_named(item, "ARPT"))) {
                continue;
            }
            if (name == "GROUND_DELAY_LIST") {
                auto s = start(item, "ground_delay");
                s.average_delay_minutes = parse_nas_duration(text_in(item, "Avg"));
                s.max_delay_minutes = parse_nas_duration(text_in(item, "Max"));
                finish(item, std::move(s));
            } else if (name == "GROUND_STOP_LIST") {
                auto s = start(item, "ground_stop");
                s.end = resolve_nas_time(text_in(item, "End_Time"), update_);
                finish(item, std::move(s));
            } else if (name == "ARRIVAL_DEPARTURE_DELAY_LIST") {
                read_arrival_departure(item);
            } else if (name == "AIRPORT_CLOSURE_LIST") {
                auto s = start(item, "closure");
                s.start = resolve_nas_time(text_in(item, "Start"), update_);
                s.end = resolve_nas_time(text_in(item, "Reopen"), update_, s.start);
                finish(item, std::move(s));
            } else if (child_named(item, "ARPT")) {
                auto type = to_lower(name.substr(0, name.size() - 5)); // minus "_LIST"
                finish(item, start(item, type.empty() ? "other" : type));
            }
        }
    }

  private:
    static std::string to_lower(std::string s) {
        for (char& c : s) {
            c = c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
        }
        return s;
    }

    AirportSignal start(pugi::xml_node item, std::string type) {
        AirportSignal s;
        s.airport = upper(text_in(item, "ARPT"));
        s.type = std::move(type);
        s.reason = text_in(item, "Reason");
        return s;
    }

    void finish(pugi::xml_node item, AirportSignal s) {
        if (s.airport.empty()) {
            batch_.errors.push_back({"NAS status: " + s.type + " without ARPT", line_of(item)});
            return;
        }
        s.raw = serialise(item);
        batch_.signals.push_back(std::move(s));
    }

    void read_arrival_departure(pugi::xml_node item) {
        bool any = false;
        for (auto ad : item.children()) {
            if (!named(ad, "Arrival_Departure")) {
                continue;
            }
            any = true;
            const std::string kind = upper(ad.attribute("Type").as_string());
            auto s = start(item, kind.starts_with("ARR") ? "arrival_delay" : "departure_delay");
            s.max_delay_minutes = parse_nas_duration(text_in(ad, "Max"));
            if (const auto trend = text_in(ad, "Trend"); !trend.empty()) {
                s.reason += (s.reason.empty() ? "" : "; ") + std::string("trend: ") + trend;
            }
            s.raw = serialise(ad);
            if (s.airport.empty()) {
                batch_.errors.push_back({"NAS status: delay without ARPT", line_of(item)});
                return;
            }
            batch_.signals.push_back(std::move(s));
        }
        if (!any) {
            finish(item, start(item, "delay")); // a delay that does not say which way
        }
    }

    /// Errors are rare, so counting from the start each time is cheap enough.
    int line_of(pugi::xml_node node) const {
        const auto offset = node.offset_debug();
        if (offset < 0) {
            return 0;
        }
        const auto end = xml_.begin() + std::min<std::ptrdiff_t>(offset, std::ssize(xml_));
        return 1 + static_cast<int>(std::count(xml_.begin(), end, '\n'));
    }

    std::string_view xml_;
    FlightBatch& batch_;
    std::optional<UtcTime> update_;
};

} // namespace

FlightBatch parse_nas_status(std::string_view xml) {
    FlightBatch batch;
    pugi::xml_document doc;
    // parse_default never processes a DTD: the internal subset is skipped and only the five
    // predefined entities expand, so entity bombs and external entities do nothing.
    const auto loaded = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default);
    if (!loaded) {
        const auto offset = std::clamp<std::ptrdiff_t>(loaded.offset, 0, std::ssize(xml));
        batch.errors.push_back(
            {std::string("NAS status: XML: ") + loaded.description(),
             1 + static_cast<int>(std::count(xml.begin(), xml.begin() + offset, '\n'))});
        return batch;
    }
    const auto root = doc.document_element();
    if (!named(root, "AIRPORT_STATUS_INFORMATION")) {
        batch.errors.push_back({"NAS status: root element is not AIRPORT_STATUS_INFORMATION", 1});
        return batch;
    }
    SignalReader reader(xml, batch);
    if (auto update = text_in(root, "Update_Time"); !update.empty()) {
        auto t = resolve_nas_time(update, std::nullopt);
        if (!t) {
            batch.errors.push_back({"NAS status: unreadable Update_Time \"" + update +
                                        "\"; times without a date are dropped",
                                    1});
        }
        reader.set_update_time(t);
    }
    for (auto delay_type : root.children()) {
        if (!named(delay_type, "Delay_type")) {
            continue;
        }
        for (auto list : delay_type.children()) {
            const std::string name = upper(local_name(list));
            if (list.type() == pugi::node_element && name.size() > 5 && name.ends_with("_LIST")) {
                reader.read_list(list);
            }
        }
    }
    return batch;
}

} // namespace aerowatch
