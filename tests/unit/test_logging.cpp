// SPDX-License-Identifier: GPL-3.0-or-later
#include "service/logging.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

using namespace aerowatch;

TEST_CASE("the journal is recognised by stderr's device and inode", "[logging]") {
    struct stat st {};
    REQUIRE(fstat(STDERR_FILENO, &st) == 0);
    const std::string mine = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);

    unsetenv("JOURNAL_STREAM");
    CHECK_FALSE(stderr_is_journal());
    setenv("JOURNAL_STREAM", mine.c_str(), 1);
    CHECK(stderr_is_journal());
    // A stream inherited from a parent whose stderr went elsewhere must not count.
    setenv("JOURNAL_STREAM", (std::to_string(st.st_dev) + ":1").c_str(), 1);
    CHECK_FALSE(stderr_is_journal());
    setenv("JOURNAL_STREAM", "garbage", 1);
    CHECK_FALSE(stderr_is_journal());
    unsetenv("JOURNAL_STREAM");
}
