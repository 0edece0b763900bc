// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace aerowatch::test {

/// A child process (a real aerowatchd or aerowatch binary) with stdout and stderr sent to
/// files; killed on destruction if still running.
class ChildProcess {
  public:
    ChildProcess(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env,
                 const std::filesystem::path& stdout_file,
                 const std::filesystem::path& stderr_file) {
        std::vector<std::string> env_storage;
        for (char** e = environ; *e != nullptr; ++e) {
            env_storage.emplace_back(*e);
        }
        for (const auto& e : extra_env) {
            env_storage.push_back(e);
        }
        std::vector<char*> args;
        for (const auto& a : argv) {
            args.push_back(const_cast<char*>(a.c_str()));
        }
        args.push_back(nullptr);
        std::vector<char*> env;
        for (auto& e : env_storage) {
            env.push_back(e.data());
        }
        env.push_back(nullptr);

        pid_ = fork();
        if (pid_ < 0) {
            throw std::runtime_error("fork failed");
        }
        if (pid_ == 0) {
            // The test runner may block signals; the child starts with a clean mask.
            sigset_t none;
            sigemptyset(&none);
            sigprocmask(SIG_SETMASK, &none, nullptr);
            const int out = open(stdout_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            const int err = open(stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            dup2(out, STDOUT_FILENO);
            dup2(err, STDERR_FILENO);
            execve(args[0], args.data(), env.data());
            _exit(127);
        }
    }
    ~ChildProcess() {
        if (!exit_status_) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
    }
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const { return pid_; }
    void signal(int sig) const { kill(pid_, sig); }
    bool running() {
        poll_exit();
        return !exit_status_;
    }

    /// The exit code once the child exited (polling up to `limit`); nullopt if still running.
    std::optional<int> wait_exit(std::chrono::milliseconds limit) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (!poll_exit() && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds{20});
        }
        return exit_status_;
    }

  private:
    bool poll_exit() {
        if (exit_status_) {
            return true;
        }
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            return true;
        }
        return false;
    }

    pid_t pid_ = -1;
    std::optional<int> exit_status_;
};

/// A fake $NOTIFY_SOCKET: an AF_UNIX datagram socket that collects what sd_notify sends.
class NotifySocket {
  public:
    explicit NotifySocket(const std::filesystem::path& path) : path_(path) {
        fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
        if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
            throw std::runtime_error("cannot bind notify socket " + path.string());
        }
    }
    ~NotifySocket() { close(fd_); }
    NotifySocket(const NotifySocket&) = delete;
    NotifySocket& operator=(const NotifySocket&) = delete;

    std::string env() const { return "NOTIFY_SOCKET=" + path_.string(); }

    /// The next datagram, or nullopt after `limit`.
    std::optional<std::string> receive(std::chrono::milliseconds limit) {
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(limit.count())) <= 0) {
            return std::nullopt;
        }
        char buffer[4096];
        const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
        if (n < 0) {
            return std::nullopt;
        }
        return std::string(buffer, static_cast<std::size_t>(n));
    }

    /// Receives until a datagram starting with `prefix` arrives; returns all skipped ones too.
    std::optional<std::string> receive_until(const std::string& prefix,
                                             std::chrono::milliseconds limit,
                                             std::vector<std::string>* seen = nullptr) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < deadline) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            auto message = receive(left);
            if (!message) {
                return std::nullopt;
            }
            if (seen != nullptr) {
                seen->push_back(*message);
            }
            if (message->starts_with(prefix)) {
                return message;
            }
        }
        return std::nullopt;
    }

  private:
    std::filesystem::path path_;
    int fd_ = -1;
};

/// Polls `condition` every 20 ms until it holds or `limit` passes; for events that happen in
/// another process (a poll reaching a test server), not for timers of our own.
template <typename Condition>
bool eventually(Condition condition, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds{20});
    }
    return condition();
}

} // namespace aerowatch::test
