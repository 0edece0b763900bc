// SPDX-License-Identifier: GPL-3.0-or-later
// Sustained webhook delivery with the outbox persisted: a producer records firing events of
// distinct alerts (so they all stay firing) into a real SqliteStore (WAL, synchronous=FULL) in
// small transactions at a fixed rate and wakes a real DeliveryThread (its own connection, real
// libcurl), which POSTs every event to a cpp-httplib receiver on 127.0.0.1. Reports the
// deliveries per second, the latency from the event's commit to the moment the receiver has
// the request (it answers 200 at once), the process's RSS over time and what is left in the
// outbox, beside Prometheus Alertmanager 0.25's figure on the same kind of machine.
//
//   bench_webhook_delivery [--seconds N] [--rate R] [--endpoints K] [--batch B] [--dir PATH]
//                          [--producer-sync FULL|NORMAL]
//
// Defaults: 60 s, 1,200 events/s in transactions of 12 every 10 ms, one endpoint, the database
// in a fresh directory under $TMPDIR (--dir puts it elsewhere, e.g. on the disk it will use).
// Exits 1 when an event was lost, repeated or delivered out of order.
//
// Everything runs in this one process (producer, worker, receiver), so the RSS is an upper
// bound for the worker's share. Bookkeeping arrays are allocated and touched before the run.
#include "notify/webhook_signature.hpp"
#include "service/delivery_thread.hpp"
#include "store/sqlite_store.hpp"
#include "support/http_server.hpp"
#include "support/temp_dir.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

using namespace aerowatch;
using aerowatch::test::LocalHttpServer;
using aerowatch::test::TempDir;
using Steady = std::chrono::steady_clock;
using std::chrono::duration;
using std::chrono::duration_cast;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;

namespace {

struct Options {
    int seconds = 60;
    double rate = 1200; // events per second
    int endpoints = 1;
    int batch = 12; // events per transaction
    std::optional<std::string> dir;
    std::string producer_sync = "FULL"; // the store's setting; NORMAL only to measure its cost
};

[[noreturn]] void usage(const char* program) {
    std::fprintf(stderr,
                 "usage: %s [--seconds N] [--rate EVENTS_PER_S] [--endpoints K] "
                 "[--batch EVENTS_PER_TRANSACTION] [--dir PATH] [--producer-sync FULL|NORMAL]\n",
                 program);
    std::exit(2);
}

Options parse_options(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (i + 1 >= argc) {
            usage(argv[0]);
        }
        const std::string value = argv[++i];
        if (arg == "--seconds") {
            o.seconds = std::stoi(value);
        } else if (arg == "--rate") {
            o.rate = std::stod(value);
        } else if (arg == "--endpoints") {
            o.endpoints = std::stoi(value);
        } else if (arg == "--batch") {
            o.batch = std::stoi(value);
        } else if (arg == "--producer-sync") {
            o.producer_sync = value;
        } else if (arg == "--dir") {
            o.dir = value;
        } else {
            usage(argv[0]);
        }
    }
    if (o.seconds < 1 || o.rate <= 0 || o.endpoints < 1 || o.endpoints > 64 || o.batch < 1) {
        usage(argv[0]);
    }
    return o;
}

double rss_mib() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.starts_with("VmRSS:")) {
            return std::stod(line.substr(6)) / 1024.0;
        }
    }
    return -1;
}

std::int64_t bytes_of(const std::filesystem::path& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    return ec ? 0 : static_cast<std::int64_t>(size);
}

std::int64_t since(Steady::time_point start, Steady::time_point t) {
    return duration_cast<nanoseconds>(t - start).count();
}

double ms(std::int64_t ns) {
    return static_cast<double>(ns) / 1e6;
}

/// Latency percentile of a sorted sample, in ms.
double percentile(const std::vector<std::int64_t>& sorted, double p) {
    if (sorted.empty()) {
        return 0;
    }
    const auto rank = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
    return ms(sorted[std::min(rank, sorted.size() - 1)]);
}

/// When each event was committed and when each endpoint received it. Every array is sized
/// and touched before the run, so the run allocates nothing here and the RSS measures the
/// delivery path; latencies are computed after the run, so the receiver never waits.
class Ledger {
  public:
    Ledger(std::size_t max_events, int endpoints, Steady::time_point start)
        : start_(start), endpoints_(static_cast<std::size_t>(endpoints)), slots_(max_events + 1),
          issued_(slots_), committed_(slots_), arrived_(endpoints_ * slots_),
          copies_(endpoints_ * slots_), last_seq_(endpoints_) {
        for (auto& a : arrived_) {
            a.store(0, std::memory_order_relaxed);
        }
        for (auto& c : copies_) {
            c.store(0, std::memory_order_relaxed);
        }
        for (auto& l : last_seq_) {
            l.store(0, std::memory_order_relaxed);
        }
    }

    std::size_t capacity() const { return slots_ - 1; }

    /// The producer: COMMIT was issued at `issued` and returned at `returned`.
    void committed(std::int64_t seq, Steady::time_point issued, Steady::time_point returned) {
        if (seq > 0 && static_cast<std::size_t>(seq) <= capacity()) {
            issued_[static_cast<std::size_t>(seq)] = since(start_, issued);
            committed_[static_cast<std::size_t>(seq)] = since(start_, returned);
        }
    }

    /// The receiver's threads (one keep-alive connection per endpoint).
    void arrived(int endpoint, std::int64_t seq, Steady::time_point at) {
        if (seq <= 0 || static_cast<std::size_t>(seq) > capacity() || endpoint < 0 ||
            static_cast<std::size_t>(endpoint) >= endpoints_) {
            malformed_.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        const auto slot =
            static_cast<std::size_t>(endpoint) * slots_ + static_cast<std::size_t>(seq);
        if (copies_[slot].fetch_add(1, std::memory_order_relaxed) > 0) {
            duplicates_.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        if (last_seq_[static_cast<std::size_t>(endpoint)].exchange(seq) > seq) {
            out_of_order_.fetch_add(1, std::memory_order_relaxed);
        }
        arrived_[slot].store(since(start_, at), std::memory_order_relaxed);
        delivered_.fetch_add(1, std::memory_order_relaxed);
    }

    std::size_t delivered() const { return delivered_.load(); }
    std::size_t duplicates() const { return duplicates_.load(); }
    std::size_t out_of_order() const { return out_of_order_.load(); }
    std::size_t malformed() const { return malformed_.load(); }

    /// Events committed before `t` (ns since the start): the alerts firing by then.
    std::size_t committed_before(std::int64_t t) const {
        return static_cast<std::size_t>(
            std::count_if(committed_.begin() + 1, committed_.end(),
                          [&](std::int64_t c) { return c > 0 && c < t; }));
    }

    struct Sample {
        std::vector<std::int64_t> from_commit; // ns, from COMMIT returning, sorted
        std::vector<std::int64_t> from_issue;  // ns, from COMMIT being issued, sorted
    };
    /// The deliveries that arrived in [from, to) after the start, once the run is over.
    Sample sample(std::int64_t from, std::int64_t to) const {
        Sample out;
        for (std::size_t e = 0; e < endpoints_; ++e) {
            for (std::size_t seq = 1; seq < slots_; ++seq) {
                const auto at = arrived_[e * slots_ + seq].load(std::memory_order_relaxed);
                if (at == 0 || at < from || at >= to) {
                    continue;
                }
                // A delivery can beat COMMIT's return when the commit also checkpoints.
                out.from_commit.push_back(std::max<std::int64_t>(at - committed_[seq], 0));
                out.from_issue.push_back(at - issued_[seq]);
            }
        }
        std::sort(out.from_commit.begin(), out.from_commit.end());
        std::sort(out.from_issue.begin(), out.from_issue.end());
        return out;
    }

  private:
    Steady::time_point start_;
    std::size_t endpoints_;
    std::size_t slots_;                               // max events + 1: indexed by seq
    std::vector<std::int64_t> issued_;                // by seq: ns since start
    std::vector<std::int64_t> committed_;             // by seq: ns since start
    std::vector<std::atomic<std::int64_t>> arrived_;  // by endpoint and seq; 0: not yet
    std::vector<std::atomic<std::uint8_t>> copies_;   // by endpoint and seq
    std::vector<std::atomic<std::int64_t>> last_seq_; // by endpoint
    std::atomic<std::size_t> delivered_{0};
    std::atomic<std::size_t> duplicates_{0};
    std::atomic<std::size_t> out_of_order_{0};
    std::atomic<std::size_t> malformed_{0};
};

std::int64_t event_id_of(std::string_view body) {
    constexpr std::string_view key = "\"event_id\":";
    const auto at = body.find(key);
    if (at == std::string_view::npos) {
        return -1;
    }
    std::int64_t seq = -1;
    const char* first = body.data() + at + key.size();
    std::from_chars(first, body.data() + body.size(), seq);
    return seq;
}

Alert bench_alert(std::int64_t n, UtcTime now) {
    Alert alert;
    alert.fingerprint = fmt::format("hazard:BENCH A{:06}/25", n);
    alert.kind = AlertKind::hazard;
    alert.severity = AlertSeverity::warning;
    alert.subject = fmt::format("BENCH A{:06}/25", n);
    alert.summary = fmt::format("BENCH A{:06}/25: airspace hazard over SVZM (Maiquetia FIR)", n);
    alert.labels.firs = {"SVZM"};
    alert.labels.airports = {"SVMI"};
    alert.evidence = {{"hazard", alert.subject}, {"fir", "SVZM"}, {"source", "bench"}};
    alert.magnitude = 1;
    alert.first_fired = now;
    return alert;
}

struct Figures {
    double offered = 0;
    double achieved = 0;
    double p50 = 0;
    double p99 = 0;
    double max = 0;
};

} // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    spdlog::set_level(spdlog::level::warn);

    std::optional<TempDir> temp;
    std::filesystem::path dir;
    if (options.dir) {
        dir = std::filesystem::path(*options.dir) / fmt::format("bench-webhook-{}", ::getpid());
        std::filesystem::create_directories(dir);
    } else {
        temp.emplace();
        dir = temp->path();
    }
    const auto db_path = dir / "aerowatch.db";

    const auto interval =
        duration_cast<nanoseconds>(duration<double>(options.batch / options.rate));
    const auto batches =
        static_cast<std::size_t>(std::ceil(options.seconds * options.rate / options.batch));
    const std::size_t max_events = batches * static_cast<std::size_t>(options.batch) + 16;

    auto store = SqliteStore::open(db_path);
    if (options.producer_sync != "FULL") {
        store->database().execute(
            fmt::format("PRAGMA synchronous = {}", options.producer_sync).c_str());
    }
    const auto start = Steady::now();
    Ledger ledger(max_events, options.endpoints, start);

    LocalHttpServer http;
    http.server().set_keep_alive_max_count(std::numeric_limits<int>::max());
    http.server().set_keep_alive_timeout(30);
    http.server().set_tcp_nodelay(true);
    http.server().Post(R"(/hook/(\d+))", [&](const httplib::Request& req, httplib::Response& res) {
        const auto at = Steady::now();
        ledger.arrived(std::stoi(req.matches[1].str()), event_id_of(req.body), at);
        res.status = 200;
        res.set_content("{\"ok\":true}", "application/json");
    });
    http.start();

    std::string problem;
    const auto key = decode_webhook_secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", problem);
    std::vector<OutboxRoute> routes;
    std::vector<WebhookTarget> targets;
    for (int k = 0; k < options.endpoints; ++k) {
        OutboxRoute route;
        route.endpoint = fmt::format("bench-{}", k);
        routes.push_back(route);
        WebhookTarget target;
        target.name = route.endpoint;
        target.url = http.url(fmt::format("/hook/{}", k));
        target.key = key; // signed, as a production endpoint should be
        target.allow_http = true;
        targets.push_back(target);
    }
    store->outbox().set_routes(routes);

    SystemClock clock;
    DeliveryThread worker(db_path, clock, targets);

    fmt::print("bench_webhook_delivery: {} s at {:.0f} events/s ({} per transaction every {:.2f} "
               "ms), {} endpoint(s), one delivery per event per endpoint, signed; database {}\n",
               options.seconds, options.rate, options.batch,
               duration<double, std::milli>(interval).count(), options.endpoints, db_path.string());
    const double rss_before = rss_mib();
    std::fflush(stdout);

    // The producer: one transaction of `batch` firing events of new alerts every `interval`,
    // on an absolute schedule (a late batch is followed by the next at once).
    std::vector<double> rss_by_second(static_cast<std::size_t>(options.seconds) + 2, 0.0);
    std::int64_t produced = 0;
    std::int64_t failed = 0;
    std::int64_t slowest_commit_ns = 0;
    std::vector<std::int64_t> seqs(static_cast<std::size_t>(options.batch));
    const auto begin = Steady::now();
    for (std::size_t b = 0; b < batches; ++b) {
        std::this_thread::sleep_until(begin + interval * static_cast<std::int64_t>(b));
        const auto now = clock.utc_now();
        const auto t_begin = Steady::now();
        Steady::time_point t_issue;
        try {
            sqlite::Transaction tx(store->database());
            for (int i = 0; i < options.batch; ++i) {
                auto alert = bench_alert(produced + i + 1, now);
                seqs[static_cast<std::size_t>(i)] =
                    store->alerts().record(alert, AlertEventType::firing, now, false).seq;
            }
            t_issue = Steady::now();
            tx.commit();
        } catch (const sqlite::Error& e) {
            ++failed;
            spdlog::error("producer: {}", e.what());
            continue;
        }
        const auto t_commit = Steady::now();
        slowest_commit_ns = std::max(slowest_commit_ns, since(t_begin, t_commit));
        for (const auto seq : seqs) {
            ledger.committed(seq, t_issue, t_commit);
        }
        produced += options.batch;
        worker.notify();
        const auto second = static_cast<std::size_t>(duration<double>(t_commit - begin).count());
        if (second < rss_by_second.size() && rss_by_second[second] == 0.0) {
            rss_by_second[second] = rss_mib();
        }
    }
    const auto end = Steady::now();
    const double run_s = duration<double>(end - begin).count();
    const double rss_end = rss_mib();
    const std::size_t expected = static_cast<std::size_t>(produced) * options.endpoints;
    const std::size_t delivered_in_run = ledger.delivered();
    const auto backlog_at_end = store->outbox().counts().at(OutboxState::pending);
    const auto wal_at_end = bytes_of(dir / "aerowatch.db-wal");

    // Drain what is left, then stop.
    const auto drain_deadline = Steady::now() + std::chrono::seconds{60};
    while (ledger.delivered() < expected && Steady::now() < drain_deadline) {
        std::this_thread::sleep_for(milliseconds{1});
    }
    const double drain_s = duration<double>(Steady::now() - end).count();
    const auto stats = worker.stats();
    worker.stop();
    const auto counts = store->outbox().counts();
    const double rss_drained = rss_mib();
    const auto db_bytes = bytes_of(db_path);

    const auto t0 = since(start, begin);
    const auto t_end = since(start, end);
    const auto rss_at = [&](int second) {
        const auto s = static_cast<std::size_t>(second);
        return s < rss_by_second.size() && rss_by_second[s] > 0 ? rss_by_second[s] : rss_end;
    };
    Figures f;
    f.offered = static_cast<double>(expected) / run_s; // deliveries: events x endpoints
    const auto in_run = ledger.sample(t0, t_end);
    f.achieved = static_cast<double>(in_run.from_commit.size()) / run_s;
    const auto all = ledger.sample(t0, std::numeric_limits<std::int64_t>::max());
    f.p50 = percentile(all.from_commit, 0.50);
    f.p99 = percentile(all.from_commit, 0.99);
    f.max = all.from_commit.empty() ? 0 : ms(all.from_commit.back());

    fmt::print("\nevents produced: {} in {:.1f} s ({:.0f}/s, {} transactions, the slowest "
               "{:.1f} ms, {} failed); deliveries offered {:.0f}/s\n",
               produced, run_s, static_cast<double>(produced) / run_s, batches,
               ms(slowest_commit_ns), failed, f.offered);
    fmt::print("deliveries: {} of {} during the run ({:.0f}/s achieved, {:.0f}/s per endpoint); "
               "all {} after draining for {:.2f} s\n",
               delivered_in_run, expected, f.achieved, f.achieved / options.endpoints,
               ledger.delivered(), drain_s);
    fmt::print("duplicates {}, out of order {}, malformed {}; worker: delivered {}, retried {}, "
               "dead {}\n",
               ledger.duplicates(), ledger.out_of_order(), ledger.malformed(), stats.delivered,
               stats.retried, stats.dead);
    fmt::print("latency COMMIT returned -> receiver, {} deliveries: p50 {:.2f} ms, p90 {:.2f} ms, "
               "p99 {:.2f} ms, p99.9 {:.2f} ms, max {:.1f} ms\n",
               all.from_commit.size(), f.p50, percentile(all.from_commit, 0.90), f.p99,
               percentile(all.from_commit, 0.999), f.max);
    fmt::print("latency COMMIT issued (fsync included) -> receiver: p50 {:.2f} ms, p99 {:.2f} ms, "
               "max {:.1f} ms\n",
               percentile(all.from_issue, 0.50), percentile(all.from_issue, 0.99),
               all.from_issue.empty() ? 0.0 : ms(all.from_issue.back()));
    fmt::print("by 10 s window:\n");
    for (int w = 0; w * 10 < options.seconds; ++w) {
        const auto from = t0 + std::int64_t{w} * 10'000'000'000;
        const auto to = std::min(from + 10'000'000'000, t_end);
        const auto window = ledger.sample(from, to).from_commit;
        const double span = static_cast<double>(to - from) / 1e9;
        const int last = std::min(w * 10 + 10, options.seconds);
        fmt::print("  {:3}-{:3} s: {:6.0f}/s  p50 {:6.2f} ms  p99 {:7.2f} ms  max {:7.1f} ms  RSS "
                   "{:5.1f} MiB  {:6} alerts firing\n",
                   w * 10, last, static_cast<double>(window.size()) / span, percentile(window, 0.5),
                   percentile(window, 0.99), window.empty() ? 0.0 : ms(window.back()), rss_at(last),
                   ledger.committed_before(to));
    }
    const double rss_10 = rss_at(10);
    const double rss_30 = rss_at(30);
    fmt::print("RSS (whole process: producer, worker, receiver): before {:.1f} MiB, 1 s {:.1f}, "
               "10 s {:.1f}, 30 s {:.1f}, end {:.1f}, drained {:.1f} MiB\n",
               rss_before, rss_at(0), rss_10, rss_30, rss_end, rss_drained);
    fmt::print("outbox backlog at the end of the run: {} pending; after draining: {} pending, {} "
               "delivered, {} dead\n",
               backlog_at_end, counts.at(OutboxState::pending), counts.at(OutboxState::delivered),
               counts.at(OutboxState::dead));
    fmt::print("database: {:.1f} MiB, WAL {:.1f} MiB at the end of the run ({} alerts, {:.0f} "
               "bytes per event with its deliveries)\n",
               static_cast<double>(db_bytes) / 1048576.0,
               static_cast<double>(wal_at_end) / 1048576.0, produced,
               static_cast<double>(db_bytes) /
                   static_cast<double>(std::max<std::int64_t>(produced, 1)));
    fmt::print("\nSUMMARY webhook delivery, {} endpoint(s), {} s, outbox persisted "
               "(synchronous={}): {:.0f}/s delivered of {:.0f}/s offered, commit->200 p50 {:.1f} "
               "ms, p99 {:.1f} ms, max {:.0f} ms, RSS {:.1f}/{:.1f}/{:.1f} MiB at 10 s/30 s/end, "
               "{} alerts firing | Alertmanager 0.25: ~994/s for 20 s, p50 11.5 ms, p99 384 ms, "
               "424 MiB\n",
               options.endpoints, options.seconds, options.producer_sync, f.achieved, f.offered,
               f.p50, f.p99, f.max, rss_10, rss_30, rss_end, produced);
    const bool exact = ledger.delivered() == expected && ledger.duplicates() == 0 &&
                       ledger.out_of_order() == 0 && ledger.malformed() == 0;
    const bool met =
        exact && f.achieved >= 1000 && f.p99 < 100 && rss_end - rss_10 < 0.1 * rss_10 + 4;
    fmt::print("target (>= 1000/s, p99 < 100 ms, every event delivered once and in order, RSS "
               "flat): {}\n",
               met ? "met" : "MISSED");
    store.reset();
    if (options.dir) {
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
    }
    return exact ? 0 : 1;
}
