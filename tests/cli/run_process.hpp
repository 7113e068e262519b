// Runs a program with the given standard input and collects its exit status and output.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace ffp8::test {

struct ProcessResult {
    int exit_code = -1;      // valid when !signalled
    bool signalled = false;  // killed by a signal (a crash)
    std::string out, err;
};

// argv[0] is the program path; no shell is involved.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& stdin_text);

// The whole content of a file ("" when it cannot be read).
std::string read_whole_file(const std::filesystem::path& path);

}  // namespace ffp8::test
