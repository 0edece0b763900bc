// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/feeds/aixm.hpp"

#include "core/text.hpp"
#include "core/time.hpp"
#include "sources/feeds/aixm_names.hpp"
#include "sources/feeds/faa_notam_fields.hpp"
#include "sources/feeds/feed_support.hpp"

#include <pugixml.hpp>

#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace aerowatch {

namespace {

namespace sn = structured_notam;
using aixm_names::Name;
using aixm_names::Ns;

/// Element nesting we search for Events and geometry: real documents put an Event 4-7 levels
/// down (SOAP, WFS, message, member); the cap keeps the walk's recursion bounded whatever the
/// document's depth.
constexpr int max_search_depth = 32;

/// The text of every field we use, as views into the DOM (valid while the document lives).
struct Fields {
    std::string_view series, number, year, type, issued, ref_series, ref_number, ref_year;
    std::string_view fir, qcode, traffic, purpose, scope, min_fl, max_fl, coordinates, radius;
    std::string_view location, start, end, schedule, text, lower, upper;
    std::string_view classification, account, icao_location, airport_name;
    std::string_view begin_position, end_position;
    bool end_unknown = false; // <gml:endPosition indeterminatePosition="unknown"/>
    bool has_notam = false;
    std::string_view icao_translation; // OTHER:ICAO formattedText, XHTML flattened (Walker's)
    std::string_view local_translation;
};

struct Slot {
    std::string_view name;
    std::string_view Fields::*member;
};

constexpr std::array<Slot, 24> notam_slots = {{
    {"series", &Fields::series},
    {"number", &Fields::number},
    {"year", &Fields::year},
    {"type", &Fields::type},
    {"issued", &Fields::issued},
    {"referredSeries", &Fields::ref_series},
    {"referredNumber", &Fields::ref_number},
    {"referredYear", &Fields::ref_year},
    {"affectedFIR", &Fields::fir},
    {"selectionCode", &Fields::qcode},
    {"traffic", &Fields::traffic},
    {"purpose", &Fields::purpose},
    {"scope", &Fields::scope},
    {"minimumFL", &Fields::min_fl},
    {"maximumFL", &Fields::max_fl},
    {"coordinates", &Fields::coordinates},
    {"radius", &Fields::radius},
    {"location", &Fields::location},
    {"effectiveStart", &Fields::start},
    {"effectiveEnd", &Fields::end},
    {"schedule", &Fields::schedule},
    {"text", &Fields::text},
    {"lowerLimit", &Fields::lower},
    {"upperLimit", &Fields::upper},
}};

constexpr auto slots_of_length = sn::slots_by_length<14>(notam_slots);

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// The numbers of a gml:pos or gml:radius ("43.0347 -75.6508"), at most `max`; nullopt when
/// anything else is there.
std::optional<std::vector<double>> numbers(std::string_view text, std::size_t max) {
    std::vector<double> out;
    const char* p = text.data();
    const char* end = p + text.size();
    while (true) {
        while (p < end && is_blank(*p)) {
            ++p;
        }
        if (p == end) {
            return out;
        }
        double v = 0;
        const auto [next, ec] = std::from_chars(p, end, v);
        if (ec != std::errc{} || out.size() == max || !std::isfinite(v)) {
            return std::nullopt;
        }
        out.push_back(v);
        p = next;
    }
}

/// Nautical miles per unit of a gml:radius uom: UCUM codes ("[nmi_i]") as FAA AIXM writes
/// them and the AIXM UomDistanceType codes ("NM", "KM", ...); nullopt for any other unit.
std::optional<double> nm_per_unit(std::string_view uom) {
    constexpr double metre = 1 / 1852.0;
    static constexpr std::array<std::pair<std::string_view, double>, 13> units = {{
        {"[nmi_i]", 1.0},
        {"NM", 1.0},
        {"nmi", 1.0},
        {"KM", 1000 * metre},
        {"km", 1000 * metre},
        {"M", metre},
        {"m", metre},
        {"FT", 0.3048 * metre},
        {"ft", 0.3048 * metre},
        {"[ft_i]", 0.3048 * metre},
        {"MI", 1609.344 * metre},
        {"[mi_i]", 1609.344 * metre},
        {"[mi_us]", 1609.3472 * metre},
    }};
    for (const auto& [code, factor] : units) {
        if (code == trim(uom)) {
            return factor;
        }
    }
    return std::nullopt;
}

/// "A" + 221 + 2025 -> "A0221/25": series, zero-padded number, two-digit year.
std::string make_id(std::string_view series, int number, int year) {
    std::string id = sn::field(series);
    const std::string digits = std::to_string(number);
    if (digits.size() < 4) {
        id.append(4 - digits.size(), '0');
    }
    id += digits;
    id += '/';
    id += static_cast<char>('0' + year % 100 / 10);
    id += static_cast<char>('0' + year % 10);
    return id;
}

int full_year(int year) {
    return year < 100 ? 2000 + year : year;
}

std::string zero_padded(int number, std::size_t width) {
    std::string digits = std::to_string(number);
    if (digits.size() < width) {
        digits.insert(0, width - digits.size(), '0');
    }
    return digits;
}

/// A domestic NOTAM's number as the FAA writes it in its text and GeoJSON, so that one NOTAM
/// from two feeds is one hazard: NOTAM D "MM/NNN" (month of issue, sequence), FDC "Y/NNNN"
/// (last digit of the year). AIXM carries only the sequence and the year; the LOCAL_FORMAT
/// text ("!BDR 04/221 ZBW ...") says it outright, else the issue date gives the month.
/// Empty when neither says.
std::string domestic_number(std::string_view local, const Notam& n, bool fdc) {
    local = trim(local);
    if (local.starts_with('!')) {
        const auto space = local.find(' ');
        const auto rest =
            space == std::string_view::npos ? std::string_view{} : trim(local.substr(space + 1));
        const auto token = rest.substr(0, rest.find_first_of(" \n"));
        const auto slash = token.find('/');
        if (slash != std::string_view::npos && slash > 0 && slash + 1 < token.size() &&
            token.find_first_not_of("0123456789/") == std::string_view::npos &&
            sn::small_int(token.substr(slash + 1)) == n.number) {
            return std::string(token);
        }
    }
    if (fdc) {
        return std::to_string(n.year % 10) + "/" + zero_padded(n.number, 4);
    }
    if (n.created) {
        const auto month = static_cast<unsigned>(
            std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(*n.created)).month());
        return zero_padded(static_cast<int>(month), 2) + "/" + zero_padded(n.number, 3);
    }
    return {};
}

/// Builds the Notam the fields describe (notam.raw only with `keep_raw`: use_translations).
Result<Notam> build(const Fields& f, bool keep_raw) {
    const auto number = sn::small_int(f.number);
    const auto year = sn::small_int(f.year);
    if (!number || !year) {
        return Result<Notam>::failure("AIXM NOTAM without a number and year");
    }
    Notam n;
    sn::set_field(n.series, f.series);
    n.number = *number;
    n.year = full_year(*year);
    n.id = make_id(n.series, n.number, n.year);
    const auto type = trim(f.type);
    n.type = type == "R" || type == "C" ? type[0] : 'N';
    if (const auto ref = sn::small_int(f.ref_number)) {
        n.ref = make_id(f.ref_series, *ref, full_year(sn::small_int(f.ref_year).value_or(n.year)));
    }
    const auto classification = trim(f.classification);
    n.form = n.series.empty() && classification != "INTL" && !classification.empty()
                 ? Notam::Form::faa_domestic
                 : Notam::Form::icao;
    sn::set_field(n.issuer, f.account);
    n.created = parse_iso8601(trim(f.issued));
    sn::set_field(n.fir, f.fir);
    sn::set_field(n.qcode, f.qcode);
    sn::set_field(n.traffic, f.traffic);
    sn::set_field(n.purpose, f.purpose);
    sn::set_field(n.scope, f.scope);
    n.lower_fl = sn::small_int(f.min_fl);
    n.upper_fl = sn::small_int(f.max_fl);
    if (const auto at = sn::coordinates(f.coordinates)) {
        n.lat = at->lat;
        n.lon = at->lon;
    }
    n.radius_nm = sn::small_int(f.radius);
    const auto location = trim(f.icao_location).empty() ? trim(f.location) : trim(f.icao_location);
    if (!location.empty()) {
        n.locations.push_back(sn::field(location));
    }
    sn::set_field(n.location_name, f.airport_name);

    // gml:validTime is authoritative; effectiveStart/End (12 digits) stand in when it is absent.
    n.valid_from = parse_iso8601(trim(f.begin_position));
    if (!n.valid_from) {
        n.valid_from = sn::aixm_time(f.start);
    }
    bool end_est = false;
    const auto effective_end = sn::aixm_time(f.end, &end_est);
    if (const auto end = parse_iso8601(trim(f.end_position))) {
        n.valid_to = end;
        n.valid_to_estimated = end_est;
    } else if (f.end_unknown) {
        n.valid_to = effective_end;
        n.valid_to_estimated = true;
    } else if (effective_end) {
        n.valid_to = effective_end;
        n.valid_to_estimated = end_est;
    } else {
        n.permanent = true; // no end at all: PERM
    }
    n.schedule = sn::schedule(f.schedule);
    n.text = sn::body_text(f.text);
    n.lower = sn::limit(f.lower);
    n.upper = sn::limit(f.upper);
    sn::use_translations(n, f.icao_translation, f.local_translation, keep_raw);
    if (n.form == Notam::Form::faa_domestic) {
        const bool fdc = trim(f.classification) == "FDC" || n.issuer == "FDC";
        if (auto id = domestic_number(f.local_translation, n, fdc); !id.empty()) {
            n.id = std::move(id);
        }
        // An FDC target's number follows from its sequence and year alone; a NOTAM D one
        // would need the month it was issued in, which the reference does not carry.
        const auto ref = sn::small_int(f.ref_number);
        if (fdc && ref && trim(f.ref_series).empty()) {
            const int ref_year = full_year(sn::small_int(f.ref_year).value_or(n.year));
            n.ref = std::to_string(ref_year % 10) + "/" + zero_padded(*ref, 4);
        }
    }
    return n;
}

/// Walks one parsed document: finds messages and events, reads them, reports to the sink.
class Walker {
  public:
    /// A NOTAM as read, what else the message says about it, and a circle drawn for it
    /// (gml:CircleByCenterPoint) when the message has one and no polygon.
    using Sink = std::function<void(Result<Notam>&&, const sn::Extras&, const Geometry* circle)>;

    /// `keep_raw`: the Notams keep their translation as notam.raw (see use_translations).
    Walker(std::string_view xml, Sink sink, bool keep_raw)
        : xml_(xml), lines_(xml), sink_(std::move(sink)), keep_raw_(keep_raw) {}

    /// Where the document was parsed in place: a copy of `xml` with Scope::name_padding bytes
    /// after it.
    void set_parsed(const char* parsed) { scope_.set_source(parsed, xml_.size(), xml_.data()); }

    void walk(pugi::xml_node node, int depth) {
        scope_.children(node, [&](pugi::xml_node child, Name name) {
            if (name.is(Ns::message, "AIXMBasicMessage")) {
                message(child);
            } else if (name.is(Ns::event, "Event")) {
                event(child, child, nullptr, nullptr, std::nullopt);
            } else if (name.is(Ns::soap, "Fault")) {
                std::string text;
                aixm_names::flatten(child, text, 0);
                fail("SOAP fault: " + collapse_whitespace(text).substr(0, 200), child);
            } else if (depth < max_search_depth) {
                walk(child, depth + 1);
            }
        });
    }

  private:
    void fail(std::string message, pugi::xml_node at) {
        sink_(Result<Notam>::failure(std::move(message), line_of(at)), sn::Extras{}, nullptr);
    }

    int line_of(pugi::xml_node node) {
        const auto offset = node.offset_debug();
        return offset < 0 ? 0 : lines_.line_at(static_cast<std::size_t>(offset));
    }

    /// The members of a message: the children of each hasMember, or direct children.
    template <typename F> void members(pugi::xml_node msg, F&& fn) {
        scope_.children(msg, [&](pugi::xml_node child, Name name) {
            if (name.is(Ns::message, "hasMember")) {
                scope_.children(child, fn);
            } else {
                fn(child, name);
            }
        });
    }

    void message(pugi::xml_node msg) {
        Geometry area;
        std::optional<GeoPoint> point;
        std::optional<Geometry> circle;
        members(msg, [&](pugi::xml_node feature, Name name) {
            if (!name.is(Ns::event, "Event")) {
                scope_.scan_geometry(feature, area, point, 0);
                if (!circle) {
                    find_circle(feature, circle, 0);
                }
            }
        });
        // A polygon drawn by the feed wins over a circle, which wins over the Q-line's.
        const Geometry* polygon = area.rings.empty() ? nullptr : &area;
        const Geometry* drawn_circle = polygon == nullptr && circle ? &*circle : nullptr;
        members(msg, [&](pugi::xml_node feature, Name name) {
            if (name.is(Ns::event, "Event")) {
                event(feature, msg, polygon, drawn_circle, point);
            }
        });
    }

    /// The first gml:CircleByCenterPoint below `node`: in AIXM 5.1 an Airspace's
    /// aixm:Surface / gml:PolygonPatch / gml:Ring / gml:curveMember / gml:Curve / gml:segments.
    void find_circle(pugi::xml_node node, std::optional<Geometry>& circle, int depth) {
        scope_.children(node, [&](pugi::xml_node c, Name name) {
            if (circle) {
                return;
            }
            if (name.is(Ns::gml, "CircleByCenterPoint")) {
                circle = read_circle(c);
            } else if (depth < max_search_depth) {
                find_circle(c, circle, depth + 1);
            }
        });
    }

    /// Centre (gml:pos, "lat lon" as everywhere in these documents, directly or in
    /// gml:pointProperty/gml:Point) and gml:radius converted to NM; nullopt when either is
    /// missing, out of range or in a unit we do not know.
    std::optional<Geometry> read_circle(pugi::xml_node circle) {
        std::optional<GeoPoint> centre;
        std::optional<double> radius;
        scope_.descendants(
            circle,
            [&](pugi::xml_node c, Name name) {
                if (name.is(Ns::gml, "pos") && !centre) {
                    const auto v = numbers(scope_.text_of(c), 3);
                    if (v && v->size() >= 2 && (*v)[0] >= -90 && (*v)[0] <= 90 && (*v)[1] >= -180 &&
                        (*v)[1] <= 180) {
                        centre = GeoPoint{(*v)[0], (*v)[1]};
                    }
                } else if (name.is(Ns::gml, "radius") && !radius) {
                    const auto v = numbers(scope_.text_of(c), 1);
                    const auto unit = nm_per_unit(c.attribute("uom").value());
                    if (v && v->size() == 1 && unit) {
                        radius = v->front() * *unit;
                    }
                }
            },
            3);
        // Half the Earth's circumference is the largest radius that still means something.
        if (!centre || !radius || !(*radius > 0 && *radius <= 10800)) {
            return std::nullopt;
        }
        Geometry g;
        g.type = Geometry::Type::circle;
        g.center = *centre;
        g.radius_nm = *radius;
        return g;
    }

    void event(pugi::xml_node ev, pugi::xml_node raw_node, const Geometry* area,
               const Geometry* circle, std::optional<GeoPoint> point) {
        scope_.children(ev, [&](pugi::xml_node slice_holder, Name holder) {
            if (!holder.is(Ns::event, "timeSlice")) {
                return;
            }
            scope_.children(slice_holder, [&](pugi::xml_node slice, Name name) {
                if (!name.is(Ns::event, "EventTimeSlice")) {
                    return;
                }
                Fields fields;
                read_slice(slice, fields);
                if (!fields.has_notam) {
                    return; // a digital-only event carries no NOTAM text
                }
                auto notam = build(fields, keep_raw_);
                if (notam && point && notam->radius_nm && !notam->lat) {
                    notam->lat = point->lat;
                    notam->lon = point->lon;
                }
                // Lines are counted only for what can become an error: counting costs a pass.
                int line = 0;
                if (!notam || (notam->type == 'C' && notam->ref.empty())) {
                    line = line_of(slice);
                }
                if (!notam) {
                    notam = Result<Notam>::failure(notam.error().message, line);
                }
                const auto raw = aixm_names::fragment(xml_, raw_node);
                sink_(std::move(notam), sn::Extras{raw, area, line}, circle);
            });
        });
    }

    void read_slice(pugi::xml_node slice, Fields& f) {
        scope_.children(slice, [&](pugi::xml_node part, Name name) {
            if (name.is(Ns::gml, "validTime")) {
                scope_.descendants(part, [&](pugi::xml_node pos, Name n) {
                    if (n.is(Ns::gml, "beginPosition")) {
                        f.begin_position = scope_.text_of(pos);
                    } else if (n.is(Ns::gml, "endPosition")) {
                        f.end_position = scope_.text_of(pos);
                        f.end_unknown =
                            std::string_view(pos.attribute("indeterminatePosition").value()) ==
                            "unknown";
                    }
                });
            } else if (name.is(Ns::event, "textNOTAM")) {
                scope_.children(part, [&](pugi::xml_node notam, Name n) {
                    if (n.is(Ns::event, "NOTAM")) {
                        f.has_notam = true;
                        read_notam(notam, f);
                    }
                });
            } else if (name.is(Ns::event, "extension")) {
                scope_.descendants(part, [&](pugi::xml_node e, Name n) {
                    if (n.ns != Ns::fnse) {
                        return;
                    }
                    if (same_bytes(n.local, "classification")) {
                        f.classification = scope_.text_of(e);
                    } else if (same_bytes(n.local, "accountId")) {
                        f.account = scope_.text_of(e);
                    } else if (same_bytes(n.local, "icaoLocation")) {
                        f.icao_location = scope_.text_of(e);
                    } else if (same_bytes(n.local, "airportname")) {
                        f.airport_name = scope_.text_of(e);
                    }
                });
            }
        });
    }

    void read_notam(pugi::xml_node notam, Fields& f) {
        scope_.children(notam, [&](pugi::xml_node child, Name name) {
            if (name.ns != Ns::event) {
                return;
            }
            if (same_bytes(name.local, "translation")) {
                scope_.descendants(child, [&](pugi::xml_node t, Name n) {
                    if (n.is(Ns::event, "NOTAMTranslation")) {
                        read_translation(t, f);
                    }
                });
                return;
            }
            if (const int i = sn::find_slot(notam_slots, slots_of_length, name.local); i >= 0) {
                f.*notam_slots[static_cast<std::size_t>(i)].member = scope_.text_of(child);
            }
        });
    }

    void read_translation(pugi::xml_node translation, Fields& f) {
        std::string_view type, simple;
        pugi::xml_node formatted;
        scope_.children(translation, [&](pugi::xml_node c, Name n) {
            if (n.is(Ns::event, "type")) {
                type = trim(scope_.text_of(c));
            } else if (n.is(Ns::event, "simpleText")) {
                simple = scope_.text_of(c);
            } else if (n.is(Ns::event, "formattedText")) {
                formatted = c;
            }
        });
        if (formatted && (type == "OTHER:ICAO" || type == "ICAO" || f.icao_translation.empty())) {
            translation_.clear();
            aixm_names::flatten(formatted, translation_, 0);
            if (translation_.find('<') != std::string::npos) {
                translation_ = strip_html_tags(translation_); // escaped markup
            }
            f.icao_translation = translation_;
        }
        if (!simple.empty() && (type == "LOCAL_FORMAT" || f.local_translation.empty())) {
            f.local_translation = simple;
        }
    }

    std::string_view xml_;
    // The flattened translation of the NOTAM being read: one buffer for all of them, where a
    // string per NOTAM grew through several allocations.
    std::string translation_;
    sn::LineCounter lines_;
    Sink sink_;
    bool keep_raw_;
    aixm_names::Scope scope_;
};

/// Parses `xml` and walks it; a malformed document is reported as one failure.
void read_document(std::string_view xml, const Walker::Sink& sink, bool keep_raw) {
    // pugixml parses in place, so it needs a copy: one kept on this thread rather than the
    // fresh one load_buffer would make (see ScratchBuffer). The document dies first.
    thread_local feed::ScratchBuffer scratch;
    scratch.reserve(xml.size() + aixm_names::Scope::name_padding);
    if (!xml.empty()) { // an empty view may have no data pointer at all
        std::memcpy(scratch.data(), xml.data(), xml.size());
    }
    std::memset(scratch.data() + xml.size(), 0, aixm_names::Scope::name_padding);
    pugi::xml_document doc;
    // UTF-8 is forced so that node offsets are offsets into `xml` (raw fragments, lines).
    const auto result = doc.load_buffer_inplace(scratch.data(), xml.size(), pugi::parse_default,
                                                pugi::encoding_utf8);
    if (!result) {
        sn::LineCounter lines(xml);
        const int line =
            result.offset < 0 ? 0 : lines.line_at(static_cast<std::size_t>(result.offset));
        sink(Result<Notam>::failure(std::string("malformed XML: ") + result.description(), line),
             sn::Extras{}, nullptr);
        return;
    }
    Walker walker(xml, sink, keep_raw);
    walker.set_parsed(scratch.data());
    walker.walk(doc, 0);
}

} // namespace

HazardBatch parse_aixm(std::string_view xml) {
    HazardBatch batch;
    try {
        // Room for a NOTAM per 1.5 KB (the smallest messages carry about that): growing the
        // vector instead moved every hazard once more and faulted in each larger copy. Room
        // never used is address space only, never touched.
        batch.hazards.reserve(xml.size() / 1536);
        read_document(
            xml,
            [&](Result<Notam>&& notam, const sn::Extras& extras, const Geometry* circle) {
                if (!notam) {
                    batch.errors.push_back({notam.error().message, notam.error().line});
                    return;
                }
                const auto before = batch.hazards.size();
                sn::add_hazard(batch, std::move(notam.value()), extras);
                if (circle != nullptr && batch.hazards.size() > before) {
                    batch.hazards.back().geometry = *circle; // drawn: better than the Q-line's
                }
            },
            false);
    } catch (const std::exception& e) {
        // Only allocation failure can get here.
        batch.errors.push_back({std::string("AIXM payload: ") + e.what(), 0});
    }
    return batch;
}

std::vector<Result<Notam>> aixm_notams(std::string_view xml) {
    std::vector<Result<Notam>> out;
    read_document(
        xml,
        [&](Result<Notam>&& notam, const sn::Extras&, const Geometry*) {
            out.push_back(std::move(notam));
        },
        true);
    return out;
}

} // namespace aerowatch
