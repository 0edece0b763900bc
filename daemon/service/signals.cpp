// SPDX-License-Identifier: GPL-3.0-or-later
#include "service/signals.hpp"

#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <system_error>

namespace aerowatch {

namespace {

sigset_t handled_signals() {
    sigset_t set;
    sigemptyset(&set);
    for (int s : {SIGTERM, SIGINT, SIGHUP, SIGUSR1}) {
        sigaddset(&set, s);
    }
    return set;
}

} // namespace

void SignalFd::block_signals() {
    const sigset_t set = handled_signals();
    if (const int rc = pthread_sigmask(SIG_BLOCK, &set, nullptr); rc != 0) {
        throw std::system_error(rc, std::generic_category(), "pthread_sigmask");
    }
    std::signal(SIGPIPE, SIG_IGN);
}

SignalFd::SignalFd() {
    const sigset_t set = handled_signals();
    fd_ = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    if (fd_ < 0) {
        throw std::system_error(errno, std::generic_category(), "signalfd");
    }
}

SignalFd::~SignalFd() {
    if (fd_ >= 0) {
        close(fd_);
    }
}

std::vector<int> SignalFd::read_pending() {
    std::vector<int> signals;
    signalfd_siginfo info{};
    while (::read(fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
        signals.push_back(static_cast<int>(info.ssi_signo));
    }
    return signals;
}

} // namespace aerowatch
