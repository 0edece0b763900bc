// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <vector>

namespace aerowatch {

/// Turns SIGTERM, SIGINT, SIGHUP and SIGUSR1 into readable events on a signalfd, so the loop
/// handles them in its own context instead of inside an async handler.
class SignalFd {
  public:
    /// Blocks the signals in the calling thread (and so in threads it starts later): call it in
    /// main() before any thread exists (libcurl's resolver starts threads). Ignores SIGPIPE.
    static void block_signals();

    SignalFd(); // throws std::system_error
    ~SignalFd();
    SignalFd(const SignalFd&) = delete;
    SignalFd& operator=(const SignalFd&) = delete;

    int fd() const noexcept { return fd_; }
    /// The signals that arrived since the last call, in order; never blocks.
    std::vector<int> read_pending();

  private:
    int fd_ = -1;
};

} // namespace aerowatch
