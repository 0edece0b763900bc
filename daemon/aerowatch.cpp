// SPDX-License-Identifier: GPL-3.0-or-later
// aerowatch: the command-line companion. Reads the daemon's database and reference data.
#include "cli/cli.hpp"

#include <iostream>

int main(int argc, char** argv) {
    return aerowatch::run_cli(argc, argv, std::cout, std::cerr);
}
