// SPDX-License-Identifier: GPL-3.0-or-later
// scenario_gen: turns a scenario folder of the repository (a manifest with the hand-written
// hazard snapshots, an aerowatch config and a compact flight description) into the complete
// directory that replay reads: scenario.toml with every snapshot, the config, the hazard files,
// and one AeroAPI board payload per board and snapshot time (plus a few AviationStack pages).
//
//   scenario_gen tests/scenarios/venezuela-2025-11 OUTDIR
//
// The output depends only on the input files: random choices come from a hash of the seed and
// the flight, never from the clock or std::random_device.
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using json = nlohmann::ordered_json; // AeroAPI's own field order, not sorted keys
using seconds = std::chrono::seconds;
using utc_time = std::chrono::sys_seconds;
using date = std::chrono::sys_days;

namespace {

[[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error(what);
}

// "2025-11-21T18:08:00Z" (UTC only: every time in the inputs is written that way).
utc_time parse_time(const std::string& text) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    char z = 0;
    if (std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%d%c", &y, &mo, &d, &h, &mi, &s, &z) != 7 ||
        z != 'Z') {
        fail("not a UTC time (YYYY-MM-DDTHH:MM:SSZ): " + text);
    }
    const date day{std::chrono::year{y} / mo / d};
    return day + std::chrono::hours{h} + std::chrono::minutes{mi} + seconds{s};
}

date parse_date(const std::string& text) {
    int y = 0, mo = 0, d = 0;
    if (std::sscanf(text.c_str(), "%d-%d-%d", &y, &mo, &d) != 3) {
        fail("not a date (YYYY-MM-DD): " + text);
    }
    return date{std::chrono::year{y} / mo / d};
}

// "15:55" as minutes after midnight.
int parse_clock(const std::string& text) {
    int h = 0, m = 0;
    if (std::sscanf(text.c_str(), "%d:%d", &h, &m) != 2 || h > 23 || m > 59) {
        fail("not a local time (HH:MM): " + text);
    }
    return h * 60 + m;
}

seconds parse_duration(const std::string& text) {
    long n = 0;
    char unit = 0;
    if (std::sscanf(text.c_str(), "%ld%c", &n, &unit) != 2) {
        fail("not a duration: " + text);
    }
    switch (unit) {
    case 'm':
        return seconds{n * 60};
    case 'h':
        return seconds{n * 3600};
    case 'd':
        return seconds{n * 86400};
    default:
        fail("not a duration: " + text);
    }
}

std::string iso(utc_time t) {
    const auto day = std::chrono::floor<std::chrono::days>(t);
    const std::chrono::year_month_day ymd{day};
    const std::chrono::hh_mm_ss hms{t - day};
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", int(ymd.year()),
                       unsigned(ymd.month()), unsigned(ymd.day()), hms.hours().count(),
                       hms.minutes().count(), hms.seconds().count());
}

std::string iso_date(date d) {
    return iso(d).substr(0, 10);
}

// A file name for a snapshot time: 20251121T1808Z.
std::string stamp(utc_time t) {
    const auto s = iso(t);
    return s.substr(0, 4) + s.substr(5, 2) + s.substr(8, 2) + "T" + s.substr(11, 2) +
           s.substr(14, 2) + "Z";
}

// splitmix64: a well-mixed hash, so that "random" choices are a pure function of their inputs.
std::uint64_t mix(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

std::uint64_t hash_of(std::uint64_t seed, const std::string& text) {
    std::uint64_t h = mix(seed);
    for (const unsigned char c : text) {
        h = mix(h ^ c);
    }
    return h;
}

struct Airport {
    std::string icao;
    std::string iata;
    int utc_offset_h = 0;
    std::string tz;
    std::string name;
    std::string city;
};

struct DateRange {
    date from;
    date to;                         // inclusive
    std::vector<std::string> routes; // airports a flight must touch; empty: every flight
    bool covers(date d, const std::string& origin, const std::string& destination) const {
        if (d < from || d > to) {
            return false;
        }
        return routes.empty() || std::any_of(routes.begin(), routes.end(), [&](const auto& a) {
                   return a == origin || a == destination;
               });
    }
};

struct Suspension {
    DateRange range;
    utc_time announced;
};

struct ScheduledFlight {
    std::string number;
    std::string from;
    std::string to;
    std::vector<unsigned> days; // ISO weekdays
    int dep = 0;                // local minutes
    int arr = 0;
    std::string aircraft;
};

struct Airline {
    std::string name;
    std::string icao;
    std::string iata;
    std::vector<ScheduledFlight> flights;
    std::vector<Suspension> suspensions;
    std::vector<DateRange> delisted;
};

// One leg on one day, and what is known about it when.
struct Leg {
    const Airline* airline = nullptr;
    const ScheduledFlight* flight = nullptr;
    utc_time out;                      // scheduled gate departure
    utc_time in;                       // scheduled gate arrival
    std::optional<utc_time> cancelled; // from this time on, boards show it cancelled
    seconds delay{0};                  // how late it actually leaves and arrives
    std::string id;
};

struct Board {
    std::string source;
    std::string airport;
    bool departures = true;
    std::string list;
    std::optional<seconds> every; // a fixed cadence instead of [cadence]
};

struct Period {
    utc_time from;
    utc_time to;
    seconds every;
};

struct Snapshot {
    utc_time at;
    std::string source;
    std::string file;
    std::optional<int> status;
};

template <typename View> std::string str(const View& node, const std::string& what) {
    if (auto v = node.template value<std::string>()) {
        return *v;
    }
    fail("missing or not a string: " + what);
}

template <typename View> std::vector<std::string> strings(const View& node) {
    std::vector<std::string> out;
    if (const auto* a = node.as_array()) {
        for (const auto& e : *a) {
            if (auto v = e.template value<std::string>()) {
                out.push_back(*v);
            }
        }
    }
    return out;
}

DateRange read_range(const toml::table& t) {
    DateRange r;
    r.from = parse_date(str(t["from"], "from"));
    r.to = parse_date(str(t["to"], "to"));
    r.routes = strings(t["routes"]);
    return r;
}

class Generator {
  public:
    Generator(fs::path in, fs::path out) : in_(std::move(in)), out_(std::move(out)) {}

    void run() {
        read_base();
        read_flights();
        expand_legs();
        fs::create_directories(out_);
        copy_inputs();
        write_boards();
        write_aviationstack();
        write_manifest();
    }

  private:
    const Airport& airport(const std::string& icao) const {
        auto found = airports_.find(icao);
        if (found == airports_.end()) {
            fail("flights.toml: airport " + icao + " is not in [airports]");
        }
        return found->second;
    }

    void read_base() {
        base_ = toml::parse_file((in_ / "scenario.base.toml").string());
        start_ = parse_time(str(base_["start"], "start"));
        end_ = parse_time(str(base_["end"], "end"));
        if (const auto* list = base_["snapshot"].as_array()) {
            for (const auto& node : *list) {
                const auto& t = *node.as_table();
                Snapshot s;
                s.at = parse_time(str(t["at"], "snapshot.at"));
                s.source = str(t["source"], "snapshot.source");
                s.file = str(t["file"], "snapshot.file");
                if (auto status = t["status"].value<int64_t>()) {
                    s.status = static_cast<int>(*status);
                }
                snapshots_.push_back(s);
            }
        }
    }

    void read_flights() {
        const auto f = toml::parse_file((in_ / "flights.toml").string());
        seed_ = static_cast<std::uint64_t>(f["seed"].value_or<int64_t>(1));
        default_every_ = parse_duration(str(f["cadence"]["default_every"], "default_every"));
        before_ = parse_duration(str(f["cadence"]["before"], "cadence.before"));
        after_ = parse_duration(str(f["cadence"]["after"], "cadence.after"));
        if (const auto* list = f["cadence"]["periods"].as_array()) {
            for (const auto& node : *list) {
                const auto& t = *node.as_table();
                periods_.push_back({parse_time(str(t["from"], "from")),
                                    parse_time(str(t["to"], "to")),
                                    parse_duration(str(t["every"], "every"))});
            }
        }
        control_per_flight_ = f["control"]["per_flight"].value_or<int64_t>(0);
        if (const auto* list = f["control"]["blackout"].as_array()) {
            for (const auto& node : *list) {
                blackouts_.push_back(read_range(*node.as_table()));
            }
        }
        if (const auto* list = f["board"].as_array()) {
            for (const auto& node : *list) {
                const auto& t = *node.as_table();
                Board b;
                b.source = str(t["source"], "board.source");
                b.airport = str(t["airport"], "board.airport");
                b.departures = str(t["direction"], "board.direction") == "departures";
                b.list = str(t["list"], "board.list");
                if (auto every = t["every"].value<std::string>()) {
                    b.every = parse_duration(*every);
                }
                boards_.push_back(b);
            }
        }
        stack_source_ = f["aviationstack"]["source"].value_or<std::string>("");
        stack_airport_ = f["aviationstack"]["airport"].value_or<std::string>("");
        for (const auto& at : strings(f["aviationstack"]["at"])) {
            stack_at_.push_back(parse_time(at));
        }
        if (const auto* table = f["airports"].as_table()) {
            for (const auto& [key, node] : *table) {
                const auto& t = *node.as_table();
                Airport a;
                a.icao = std::string(key.str());
                a.iata = str(t["iata"], a.icao + ".iata");
                a.utc_offset_h = static_cast<int>(t["utc_offset"].value_or<int64_t>(0));
                a.tz = str(t["tz"], a.icao + ".tz");
                a.name = str(t["name"], a.icao + ".name");
                a.city = str(t["city"], a.icao + ".city");
                airports_[a.icao] = a;
            }
        }
        if (const auto* list = f["airline"].as_array()) {
            for (const auto& node : *list) {
                const auto& t = *node.as_table();
                Airline a;
                a.icao = str(t["icao"], "airline.icao");
                a.iata = str(t["iata"], "airline.iata");
                a.name = t["name"].value_or(a.icao);
                if (const auto* flights = t["flights"].as_array()) {
                    for (const auto& fnode : *flights) {
                        const auto& ft = *fnode.as_table();
                        auto field = [&](const char* k) {
                            return str(ft[k], a.icao + " flight " + k);
                        };
                        ScheduledFlight s;
                        s.number = field("number");
                        s.from = field("from");
                        s.to = field("to");
                        s.dep = parse_clock(field("dep"));
                        s.arr = parse_clock(field("arr"));
                        s.aircraft = field("aircraft");
                        if (const auto* days = ft["days"].as_array()) {
                            for (const auto& d : *days) {
                                s.days.push_back(static_cast<unsigned>(d.value_or<int64_t>(0)));
                            }
                        }
                        airport(s.from);
                        airport(s.to);
                        a.flights.push_back(s);
                    }
                }
                if (const auto* list2 = t["suspensions"].as_array()) {
                    for (const auto& snode : *list2) {
                        const auto& st = *snode.as_table();
                        a.suspensions.push_back(
                            {read_range(st),
                             parse_time(str(st["announced"], a.icao + " suspension announced"))});
                    }
                }
                if (const auto* list2 = t["delisted"].as_array()) {
                    for (const auto& dnode : *list2) {
                        a.delisted.push_back(read_range(*dnode.as_table()));
                    }
                }
                airlines_.push_back(std::move(a));
            }
        }
    }

    void expand_legs() {
        // Legs from two days before the start to two days after the end, so that the first
        // and last board windows are full.
        const auto first = std::chrono::floor<std::chrono::days>(start_) - std::chrono::days{2};
        const auto last = std::chrono::floor<std::chrono::days>(end_) + std::chrono::days{2};
        for (const auto& airline : airlines_) {
            for (const auto& flight : airline.flights) {
                const auto& from = airport(flight.from);
                const auto& to = airport(flight.to);
                for (auto day = first; day <= last; day += std::chrono::days{1}) {
                    const auto weekday = std::chrono::weekday{day}.iso_encoding();
                    if (std::find(flight.days.begin(), flight.days.end(), weekday) ==
                        flight.days.end()) {
                        continue;
                    }
                    if (std::any_of(
                            airline.delisted.begin(), airline.delisted.end(),
                            [&](const auto& r) { return r.covers(day, flight.from, flight.to); })) {
                        continue; // the schedule no longer has it: boards do not list it
                    }
                    Leg leg;
                    leg.airline = &airline;
                    leg.flight = &flight;
                    leg.out = day + std::chrono::minutes{flight.dep} -
                              std::chrono::hours{from.utc_offset_h};
                    leg.in = day + std::chrono::minutes{flight.arr} -
                             std::chrono::hours{to.utc_offset_h};
                    while (leg.in <= leg.out) {
                        leg.in += std::chrono::days{1};
                    }
                    const std::string key = airline.icao + flight.number + iso_date(day);
                    leg.id = airline.icao + flight.number + "-" +
                             std::to_string(
                                 (leg.out - std::chrono::days{2}).time_since_epoch().count()) +
                             "-schedule-" + std::to_string(1000 + hash_of(seed_, key) % 9000);
                    for (const auto& s : airline.suspensions) {
                        // A leg that had left before the announcement flew.
                        if (s.range.covers(day, flight.from, flight.to) &&
                            leg.out > s.announced - std::chrono::hours{2}) {
                            if (!leg.cancelled || s.announced < *leg.cancelled) {
                                leg.cancelled = s.announced;
                            }
                        }
                    }
                    const bool touches_svmi = flight.from == "SVMI" || flight.to == "SVMI";
                    const bool blacked_out =
                        std::any_of(blackouts_.begin(), blackouts_.end(), [&](const auto& r) {
                            return r.covers(day, flight.from, flight.to);
                        });
                    if (!touches_svmi && !blacked_out && control_per_flight_ > 0 &&
                        hash_of(seed_ ^ 0x5eedULL, key) % control_per_flight_ == 0) {
                        leg.cancelled = leg.out - std::chrono::hours{6}; // an operational one
                    }
                    // Mostly on time, now and then late: 0-9 minutes, one in five 15-75.
                    const auto h = hash_of(seed_ ^ 0xde1aULL, key);
                    leg.delay = h % 5 == 0 ? seconds{(15 + (h >> 8) % 61) * 60}
                                           : seconds{((h >> 8) % 10) * 60};
                    legs_.push_back(leg);
                }
            }
        }
        std::sort(legs_.begin(), legs_.end(), [](const Leg& a, const Leg& b) {
            return a.out != b.out ? a.out < b.out : a.id < b.id;
        });
    }

    json airport_json(const Airport& a) const {
        return {{"code", a.icao},      {"code_icao", a.icao},
                {"code_iata", a.iata}, {"code_lid", nullptr},
                {"timezone", a.tz},    {"name", a.name},
                {"city", a.city},      {"airport_info_url", "/airports/" + a.icao}};
    }

    static json time_or_null(std::optional<utc_time> t) {
        return t ? json(iso(*t)) : json(nullptr);
    }

    // The AeroAPI flight object as the board shows it at `now` (feeds.md 6.1).
    json aeroapi_flight(const Leg& leg, utc_time now) const {
        const auto& f = *leg.flight;
        const bool cancelled = leg.cancelled && now >= *leg.cancelled;
        const auto out = leg.out + leg.delay;
        const auto in = leg.in + leg.delay;
        const bool left = !cancelled && now >= out;
        const bool landed = !cancelled && now >= in;
        const bool late = leg.delay >= std::chrono::minutes{15};
        // Estimates appear a few hours ahead, as they do when the inbound aircraft is tracked.
        const bool estimated = !cancelled && now >= leg.out - std::chrono::hours{4};
        std::string status = "Scheduled";
        if (cancelled) {
            status = "Cancelled";
        } else if (landed) {
            status = late ? "Arrived / Delayed" : "Arrived / Gate Arrival";
        } else if (left) {
            status = late ? "En Route / Delayed" : "En Route / On Time";
        } else if (estimated && late) {
            status = "Scheduled / Delayed";
        }
        int progress = 0;
        if (landed) {
            progress = 100;
        } else if (left) {
            progress = static_cast<int>(100 * (now - out).count() / (in - out).count());
        }
        const std::string ident = leg.airline->icao + f.number;
        const auto taxi = std::chrono::minutes{15};
        json j;
        j["ident"] = ident;
        j["ident_icao"] = ident;
        j["ident_iata"] = leg.airline->iata + f.number;
        j["fa_flight_id"] = leg.id;
        j["operator"] = leg.airline->icao;
        j["operator_icao"] = leg.airline->icao;
        j["operator_iata"] = leg.airline->iata;
        j["flight_number"] = f.number;
        j["registration"] = nullptr;
        j["atc_ident"] = nullptr;
        j["inbound_fa_flight_id"] = nullptr;
        j["codeshares"] = json::array();
        j["codeshares_iata"] = json::array();
        j["blocked"] = false;
        j["diverted"] = false;
        j["cancelled"] = cancelled;
        j["position_only"] = false;
        j["origin"] = airport_json(airport(f.from));
        j["destination"] = airport_json(airport(f.to));
        j["departure_delay"] = left || estimated ? json(leg.delay.count()) : json(nullptr);
        j["arrival_delay"] = landed || estimated ? json(leg.delay.count()) : json(nullptr);
        j["filed_ete"] = std::chrono::duration_cast<seconds>(leg.in - leg.out - 2 * taxi).count();
        j["progress_percent"] = progress;
        j["status"] = status;
        j["aircraft_type"] = f.aircraft;
        j["route_distance"] = nullptr;
        j["filed_airspeed"] = nullptr;
        j["filed_altitude"] = nullptr;
        j["route"] = nullptr;
        j["scheduled_out"] = iso(leg.out);
        j["estimated_out"] = estimated ? json(iso(out)) : json(nullptr);
        j["actual_out"] = time_or_null(left ? std::optional(out) : std::nullopt);
        j["scheduled_off"] = iso(leg.out + taxi);
        j["estimated_off"] = estimated ? json(iso(out + taxi)) : json(nullptr);
        j["actual_off"] = time_or_null(left ? std::optional(out + taxi) : std::nullopt);
        j["scheduled_on"] = iso(leg.in - taxi);
        j["estimated_on"] = estimated ? json(iso(in - taxi)) : json(nullptr);
        j["actual_on"] = time_or_null(landed ? std::optional(in - taxi) : std::nullopt);
        j["scheduled_in"] = iso(leg.in);
        j["estimated_in"] = estimated ? json(iso(in)) : json(nullptr);
        j["actual_in"] = time_or_null(landed ? std::optional(in) : std::nullopt);
        j["foresight_predictions_available"] = false;
        j["gate_origin"] = nullptr;
        j["gate_destination"] = nullptr;
        j["terminal_origin"] = nullptr;
        j["terminal_destination"] = nullptr;
        j["baggage_claim"] = nullptr;
        j["seats_cabin_first"] = nullptr;
        j["seats_cabin_business"] = nullptr;
        j["seats_cabin_coach"] = nullptr;
        return j;
    }

    std::vector<utc_time> board_times(std::optional<seconds> every) const {
        std::vector<utc_time> times;
        for (auto t = start_; t <= end_;) {
            times.push_back(t);
            if (every) {
                t += *every;
                continue;
            }
            seconds step = default_every_;
            for (const auto& p : periods_) {
                if (t >= p.from && t < p.to) {
                    step = p.every;
                }
            }
            auto next = t + step;
            // Never step over the start of a denser period.
            for (const auto& p : periods_) {
                if (t < p.from && next > p.from) {
                    next = p.from;
                }
            }
            t = next;
        }
        return times;
    }

    void write_file(const fs::path& relative, const std::string& content) {
        const auto path = out_ / relative;
        fs::create_directories(path.parent_path());
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << content;
        if (!out) {
            fail("cannot write " + path.string());
        }
    }

    void write_boards() {
        for (const auto& board : boards_) {
            for (const auto t : board_times(board.every)) {
                json list = json::array();
                for (const auto& leg : legs_) {
                    const auto& f = *leg.flight;
                    if ((board.departures ? f.from : f.to) != board.airport) {
                        continue;
                    }
                    const auto at = board.departures ? leg.out : leg.in;
                    if (at < t - before_ || at > t + after_) {
                        continue;
                    }
                    list.push_back(aeroapi_flight(leg, t));
                }
                // One page: AeroAPI ends a listing with links null.
                json page = {{board.list, std::move(list)}, {"links", nullptr}, {"num_pages", 1}};
                const auto file = "boards/" + board.source + "/" + stamp(t) + ".json";
                write_file(file, page.dump() + "\n");
                snapshots_.push_back({t, board.source, file, std::nullopt});
            }
        }
    }

    // AviationStack writes the airport's local time and labels it +00:00 (feeds.md 6.2).
    std::string stack_local(utc_time t, const Airport& a) const {
        return iso(t + std::chrono::hours{a.utc_offset_h}).substr(0, 19) + "+00:00";
    }

    json stack_side(const Airport& a, utc_time scheduled, utc_time estimated, bool happened,
                    seconds delay, bool arrival) const {
        json j = {{"airport", a.name}, {"timezone", a.tz},    {"iata", a.iata},
                  {"icao", a.icao},    {"terminal", nullptr}, {"gate", nullptr}};
        if (arrival) {
            j["baggage"] = nullptr;
        }
        j["delay"] = delay.count() > 0 ? json(delay.count() / 60) : json(nullptr);
        j["scheduled"] = stack_local(scheduled, a);
        j["estimated"] = stack_local(estimated, a);
        j["actual"] = happened ? json(stack_local(estimated, a)) : json(nullptr);
        j["estimated_runway"] = nullptr;
        j["actual_runway"] = nullptr;
        return j;
    }

    void write_aviationstack() {
        if (stack_source_.empty()) {
            return;
        }
        const auto& home = airport(stack_airport_);
        for (const auto t : stack_at_) {
            const auto local_day =
                std::chrono::floor<std::chrono::days>(t + std::chrono::hours{home.utc_offset_h});
            json data = json::array();
            for (const auto& leg : legs_) {
                const auto& f = *leg.flight;
                if (f.from != stack_airport_) {
                    continue;
                }
                const auto day = std::chrono::floor<std::chrono::days>(
                    leg.out + std::chrono::hours{home.utc_offset_h});
                if (day != local_day) {
                    continue;
                }
                const bool cancelled = leg.cancelled && t >= *leg.cancelled;
                const bool left = !cancelled && t >= leg.out + leg.delay;
                const bool landed = !cancelled && t >= leg.in + leg.delay;
                const auto status = cancelled ? "cancelled"
                                    : landed  ? "landed"
                                    : left    ? "active"
                                              : "scheduled";
                const auto& to = airport(f.to);
                const seconds late = cancelled ? seconds{0} : leg.delay;
                json record = {
                    {"flight_date", iso_date(local_day)},
                    {"flight_status", status},
                    // A cancelled flight keeps its schedule as the estimate, as the API shows.
                    {"departure", stack_side(home, leg.out, leg.out + late, left, late, false)},
                    {"arrival", stack_side(to, leg.in, leg.in + late, landed, late, true)},
                    {"airline",
                     {{"name", leg.airline->name},
                      {"iata", leg.airline->iata},
                      {"icao", leg.airline->icao}}},
                    {"flight",
                     {{"number", f.number},
                      {"iata", leg.airline->iata + f.number},
                      {"icao", leg.airline->icao + f.number},
                      {"codeshared", nullptr}}},
                    {"aircraft", nullptr},
                    {"live", nullptr}};
                data.push_back(std::move(record));
            }
            const auto count = data.size();
            json page = {
                {"pagination", {{"limit", 100}, {"offset", 0}, {"count", count}, {"total", count}}},
                {"data", std::move(data)}};
            const auto file = "aviationstack/" + stack_source_ + "/" + stamp(t) + ".json";
            write_file(file, page.dump(1) + "\n");
            snapshots_.push_back({t, stack_source_, file, std::nullopt});
        }
    }

    void copy_inputs() {
        const auto config = str(base_["config"], "config");
        fs::copy_file(in_ / config, out_ / config, fs::copy_options::overwrite_existing);
        for (const auto& s : snapshots_) {
            fs::create_directories((out_ / s.file).parent_path());
            fs::copy_file(in_ / s.file, out_ / s.file, fs::copy_options::overwrite_existing);
        }
    }

    static std::string quoted(const std::string& s) {
        return json(s).dump(); // a TOML basic string is escaped like a JSON one here
    }

    void write_manifest() {
        std::stable_sort(snapshots_.begin(), snapshots_.end(),
                         [](const Snapshot& a, const Snapshot& b) { return a.at < b.at; });
        std::ostringstream out;
        out << "# Generated by scenario_gen from " << in_.filename().string()
            << "/ (scenario.base.toml, flights.toml and the hazard files): do not edit.\n";
        for (const auto* key : {"name", "description", "start", "end", "config"}) {
            out << key << " = " << quoted(str(base_[key], key)) << "\n";
        }
        for (const auto& s : snapshots_) {
            out << "\n[[snapshot]]\nat = " << quoted(iso(s.at)) << "\nsource = " << quoted(s.source)
                << "\nfile = " << quoted(s.file) << "\n";
            if (s.status) {
                out << "status = " << *s.status << "\n";
            }
        }
        write_file("scenario.toml", out.str());
        std::cerr << "scenario_gen: " << snapshots_.size() << " snapshots, " << legs_.size()
                  << " legs, written to " << out_.string() << "\n";
    }

    fs::path in_;
    fs::path out_;
    toml::table base_;
    utc_time start_;
    utc_time end_;
    std::uint64_t seed_ = 1;
    seconds default_every_{86400};
    seconds before_{12 * 3600};
    seconds after_{30 * 3600};
    std::vector<Period> periods_;
    std::int64_t control_per_flight_ = 0;
    std::vector<DateRange> blackouts_;
    std::vector<Board> boards_;
    std::string stack_source_;
    std::string stack_airport_;
    std::vector<utc_time> stack_at_;
    std::map<std::string, Airport> airports_;
    std::vector<Airline> airlines_;
    std::vector<Leg> legs_;
    std::vector<Snapshot> snapshots_;
};

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: scenario_gen SCENARIO_FOLDER OUTDIR\n";
        return 64;
    }
    try {
        Generator(argv[1], argv[2]).run();
    } catch (const toml::parse_error& e) {
        std::cerr << "scenario_gen: " << *e.source().path << ":" << e.source().begin.line << ": "
                  << e.description() << "\n";
        return 65;
    } catch (const std::exception& e) {
        std::cerr << "scenario_gen: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
