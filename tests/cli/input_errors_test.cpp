// Read errors are errors: a folder given as a file, a folder or a closed descriptor as standard
// input, a manifest or model definition that is a folder. Each is one line naming the input and
// the cause, with a non-zero exit; the old code read them as empty inputs and exited 0.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "common/scratch_folder.hpp"
#include "run_process.hpp"

namespace ffp8::test {
namespace {

namespace fs = std::filesystem;

// `ffp8 ARGS REDIRECTIONS` under bash ($0 is the executable).
ProcessResult ffp8_shell(const std::string& args, const std::string& redirections) {
    return run_process({"/bin/bash", "-c", "\"$0\" " + args + " " + redirections, FFP8_EXECUTABLE}, "");
}

void expect_read_error(const std::string& args, const std::string& redirections, const std::string& message) {
    SCOPED_TRACE("ffp8 " + args + " " + redirections);
    const ProcessResult r = ffp8_shell(args, redirections);
    EXPECT_FALSE(r.signalled);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(r.err, "ffp8: error: " + message + "\n");
    EXPECT_EQ(r.out, "");
}

const std::vector<std::string> line_commands{"golden decode -f ocp-e4m3", "golden encode -f ocp-e4m3",
                                             "golden mac --act ue4m4 --wgt se4m3",
                                             "golden dot --act ue4m4 --wgt se4m3 --lanes 2"};

TEST(InputErrors, StandardInputThatCannotBeRead) {
    const ScratchFolder dir("ffp8_input_errors_test");
    for (const std::string& command : line_commands) {
        expect_read_error(command, "<'" + dir.path().string() + "'", "cannot read standard input: Is a directory");
        expect_read_error(command, "<&-", "cannot read standard input: Bad file descriptor");
        expect_read_error(command + " -i -", "<&-", "cannot read standard input: Bad file descriptor");
    }
}

TEST(InputErrors, InputFileThatIsAFolderOrMissing) {
    const ScratchFolder dir("ffp8_input_errors_test");
    for (const std::string& command : line_commands) {
        expect_read_error(command + " -i '" + dir.path().string() + "'", "</dev/null",
                          "cannot read " + dir.path().string() + ": Is a directory");
        expect_read_error(command + " -i '" + (dir / "none") + "'", "</dev/null",
                          "cannot read " + (dir / "none") + ": No such file or directory");
    }
}

// A read that fails with EIO (the unmapped first page of a process's memory).
TEST(InputErrors, ADeviceReadError) {
    const ProcessResult r = ffp8_shell("golden decode -f ocp-e4m3 -i /proc/self/mem", "</dev/null");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, "ffp8: error: cannot read /proc/self/mem: Input/output error\n");
}

TEST(InputErrors, ManifestOrModelThatIsAFolder) {
    const ScratchFolder dir("ffp8_input_errors_test");
    fs::create_directories(dir.path() / "rtl" / "manifest.json");
    fs::create_directories(dir.path() / "models" / "m" / "model.json");
    expect_read_error("sim --rtl '" + (dir / "rtl") + "'", "</dev/null",
                      "cannot read " + (dir / "rtl/manifest.json") + ": Is a directory (is " + (dir / "rtl") +
                          " a folder written by ffp8 gen?)");
    expect_read_error("eval --models-dir '" + (dir / "models") + "' --model m --limit 1", "</dev/null",
                      "cannot read " + (dir / "models/m/model.json") + ": Is a directory (is " + (dir / "models/m") +
                          " a model folder?)");
}

}  // namespace
}  // namespace ffp8::test
