// Runs an external tool of the synthesis flow with its output captured in a log file: the
// support process runner (ffp8/process.hpp) with the flow's error type.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace ffp8::synth {

// Runs argv[0] (looked up in PATH) in `cwd` with stdin from /dev/null and stdout+stderr
// appended to `log`. Returns the exit status; throws ToolRunError when the program cannot be
// started (not installed) or dies from a signal.
int run_logged(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
               const std::filesystem::path& log);

}  // namespace ffp8::synth
