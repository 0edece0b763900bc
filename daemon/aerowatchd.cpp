// SPDX-License-Identifier: GPL-3.0-or-later
// aerowatchd: the daemon. Parses the command line, validates the config, runs the service.
#include "cli/daemon_main.hpp"

int main(int argc, char** argv) {
    return aerowatch::daemon_main(argc, argv);
}
