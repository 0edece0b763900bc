// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "support/http_server.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <fmt/format.h>

#include <atomic>
#include <memory>
#include <string>

namespace aerowatch::test {

/// A feed server serving the EASA CZIB RSS and the State Department RSS fixtures (with ETags),
/// a temporary state directory and config, and the real aerowatchd started on them.
class DaemonRig {
  public:
    DaemonRig() {
        const std::string czib = read_file(AEROWATCH_FIXTURES_DIR "/easa/czib_feed.xml");
        const std::string advisories = read_file(AEROWATCH_FIXTURES_DIR "/statedept/TAsTWs.xml");
        serve("/czibs/feed.xml", czib, czib_hits);
        serve("/TAsTWs.xml", advisories, advisory_hits);
        http.start();
    }

    std::string config(bool with_advisories, const std::string& interval = "30s",
                       const std::string& daemon_extra = "") const {
        std::string text = fmt::format(R"(# integration test config
[daemon]
http_listen = "127.0.0.1:0"
state_directory = "{}"
log_level = "debug"
contact = "ops@example.org"
{}
[[source]]
name = "easa-czib"
kind = "easa_czib_rss"
url = "{}"
interval = "{}"
allow_http = true
)",
                                       (dir / "state").string(), daemon_extra,
                                       http.url("/czibs/feed.xml"), interval);
        if (with_advisories) {
            text += fmt::format(R"(
[[source]]
name = "state-dept"
kind = "state_dept_rss"
url = "{}"
interval = "1h"
allow_http = true
)",
                                http.url("/TAsTWs.xml"));
        }
        return text;
    }

    std::filesystem::path write_config(const std::string& text) const {
        return dir.write("aerowatch.toml", text);
    }

    std::unique_ptr<ChildProcess> start(const std::vector<std::string>& extra_env = {}) {
        std::vector<std::string> env = extra_env;
        env.push_back(notify.env());
        return std::make_unique<ChildProcess>(
            std::vector<std::string>{AEROWATCHD_BINARY, "--config", (dir / "aerowatch.toml")}, env,
            dir / "stdout.log", dir / "stderr.log");
    }

    std::string log() const { return read_file(dir / "stderr.log"); }

    TempDir dir;
    LocalHttpServer http;
    NotifySocket notify{dir / "notify.sock"};
    std::atomic<int> czib_hits{0};
    std::atomic<int> advisory_hits{0};
    std::atomic<int> not_modified{0};

  private:
    void serve(const std::string& path, std::string body, std::atomic<int>& hits) {
        http.server().Get(path,
                          [this, body, &hits](const httplib::Request& req, httplib::Response& res) {
                              ++hits;
                              if (req.get_header_value("If-None-Match") == "\"fixture-1\"") {
                                  ++not_modified;
                                  res.status = 304;
                                  return;
                              }
                              res.set_header("ETag", "\"fixture-1\"");
                              res.set_content(body, "application/rss+xml; charset=utf-8");
                          });
    }
};

} // namespace aerowatch::test
