// Running the tools the co-simulation needs (Verilator, a simulator executable) as child
// processes, without a shell.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace ffp8::sim {

// Runs argv[0] (searched in PATH) and waits. stdout and stderr go to `log` when it is not empty,
// else they are inherited. Returns the exit status; throws when the program cannot be started or
// is killed by a signal.
int run_process(const std::vector<std::string>& argv, const std::filesystem::path& log = {});

}  // namespace ffp8::sim
