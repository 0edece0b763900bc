// SPDX-License-Identifier: GPL-3.0-or-later
// Starts the real aerowatchd with four sources on a local server, and reports the time from
// exec to READY=1 and the resident memory once every source has been polled and it is idle.
#include "support/http_server.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <fmt/format.h>

#include <csignal>
#include <cstdio>
#include <fstream>

using namespace aerowatch::test;
using namespace std::chrono_literals;

namespace {

long rss_kib(pid_t pid) {
    std::ifstream status(fmt::format("/proc/{}/status", pid));
    std::string line;
    while (std::getline(status, line)) {
        if (line.starts_with("VmRSS:")) {
            return std::stol(line.substr(6));
        }
    }
    return -1;
}

} // namespace

int main() {
    TempDir dir;
    LocalHttpServer http;
    std::atomic<int> hits{0};
    const std::string feed = read_file(AEROWATCH_FIXTURES_DIR "/easa/czib_feed.xml");
    http.server().Get(R"(/feed/(\d+))", [&](const httplib::Request&, httplib::Response& res) {
        ++hits;
        res.set_content(feed, "application/rss+xml");
    });
    http.start();

    std::string config =
        fmt::format("[daemon]\nhttp_listen = \"127.0.0.1:0\"\nstate_directory = \"{}\"\n",
                    (dir / "state").string());
    const int sources = 4;
    for (int i = 0; i < sources; ++i) {
        config += fmt::format("[[source]]\nname = \"feed-{}\"\nkind = \"rss\"\nurl = \"{}\"\n"
                              "interval = \"1h\"\nallow_http = true\n",
                              i, http.url(fmt::format("/feed/{}", i)));
    }
    dir.write("aerowatch.toml", config);
    NotifySocket notify(dir / "notify.sock");

    const auto started = std::chrono::steady_clock::now();
    ChildProcess daemon({AEROWATCHD_BINARY, "--config", (dir / "aerowatch.toml").string()},
                        {notify.env()}, dir / "out", dir / "err");
    if (!notify.receive_until("READY=1", 30s)) {
        std::fprintf(stderr, "no READY=1\n%s", read_file(dir / "err").c_str());
        return 1;
    }
    const auto ready_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    if (!eventually([&] { return hits >= sources; }, 30s)) {
        std::fprintf(stderr, "sources were not polled\n");
        return 1;
    }
    std::this_thread::sleep_for(2s); // let the polls settle: idle means nothing in flight
    const long rss = rss_kib(daemon.pid());
    daemon.signal(SIGTERM);
    const auto code = daemon.wait_exit(10s);

    std::printf("aerowatchd start-up to READY=1: %lld ms\n",
                static_cast<long long>(ready_ms.count()));
    std::printf("aerowatchd idle RSS with reference data and %d sources: %.1f MiB\n", sources,
                static_cast<double>(rss) / 1024.0);
    std::printf("exit code after SIGTERM: %d\n", code.value_or(-1));
    return code == 0 ? 0 : 1;
}
