// Running an external program (Verilator, Yosys, OpenSTA, a simulator) as a child process,
// without a shell: the one place the project spawns its tools.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace ffp8 {

// Where the child runs and what its standard streams are.
struct ProcessOptions {
    std::filesystem::path cwd;                   // empty: this process's working directory
    bool stdin_from_dev_null = false;            // else stdin is inherited
    std::filesystem::path log;                   // stdout+stderr appended here; empty: inherited
    std::optional<std::chrono::seconds> timeout; // killed (with its process group) after this
    // A file the child touches while it makes progress: killed (with its process group) when its
    // modification time has not changed for `stall_limit`.
    std::filesystem::path heartbeat;
    std::chrono::seconds stall_limit{0};
};

// The program gave no exit status: it could not be started, was killed or ran too long.
struct ProcessError : std::runtime_error {
    enum class Cause { not_started, killed_by_signal, timed_out, stalled, wait_failed };
    ProcessError(Cause cause, const std::string& message) : std::runtime_error(message), cause(cause) {}
    Cause cause;
};

// Runs argv[0] (looked up in PATH) with arguments argv[1..] and waits. Returns the exit status;
// throws ProcessError with a one-line message naming the tool (and, when it cannot be started,
// the Debian package that installs it). When this process gets SIGINT, SIGTERM or SIGHUP
// (interrupt.hpp), the child and its process group are stopped and Interrupted is thrown.
int run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

}  // namespace ffp8
