// Write failures, run as a user would: standard output on a full device (/dev/full), closed, or a
// pipe whose reader has gone, and output files on a full device, are each one error line naming
// the destination and the cause, with a non-zero exit; never a crash or a reported success.
#include <gtest/gtest.h>

#include <sys/mount.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "common/scratch_folder.hpp"
#include "run_process.hpp"

namespace ffp8::test {
namespace {

struct ShellResult {
    int status;       // exit status, or 128 + signal
    std::string err;  // what ffp8 wrote to stderr
};

// Runs a bash script whose `$FFP8` is the executable and `$ERR` the file that collects stderr.
ShellResult run_script(const std::string& script) {
    const ScratchFolder dir("ffp8_output_errors_test");
    const std::string err = dir / "stderr.txt", file = dir / "script.sh";
    std::ofstream(file) << "FFP8='" << FFP8_EXECUTABLE << "'\nERR='" << err << "'\n" << script << "\n";
    const int raw = std::system(("bash '" + file + "'").c_str());
    const int status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
    return {status, read_whole_file(err)};
}

// `ffp8 ARGS REDIRECTIONS` (the redirections are the test).
ShellResult ffp8_shell(const std::string& args, const std::string& redirections) {
    return run_script("\"$FFP8\" " + args + " " + redirections + " 2>\"$ERR\"");
}

void expect_output_error(const std::string& args, const std::string& redirections, const std::string& cause,
                         int status = 1) {
    const ShellResult r = ffp8_shell(args, redirections);
    EXPECT_EQ(r.status, status) << args << " " << redirections << ": " << r.err;
    EXPECT_EQ(r.err, "ffp8: error: writing standard output: " + cause + "\n") << args << " " << redirections;
}

TEST(OutputErrors, StandardOutputOnAFullDevice) {
    for (const char* args : {"format ocp-e4m3", "format ocp-e4m3 --json", "format ocp-e4m3 --table", "--help",
                             "--version", "sim --mode runtime --ops 100"})
        expect_output_error(args, ">/dev/full", "No space left on device");
    expect_output_error("golden decode --format ocp-e4m3", "< <(yes 3c | head -n 100000) >/dev/full",
                        "No space left on device");
    expect_output_error("golden mac --act ue4m4 --wgt se4m3", "<<< '3f800000 38 38' >/dev/full",
                        "No space left on device");
    EXPECT_EQ(ffp8_shell("format ocp-e4m3", ">/dev/null").status, 0);  // the same runs, written, succeed
}

TEST(OutputErrors, AClosedStandardOutput) {
    expect_output_error("format ocp-e4m3", ">&-", "Bad file descriptor");
    expect_output_error("golden decode --format ocp-e4m3", "<<< 3c >&-", "Bad file descriptor");
}

// A reader that stops early: the run cleans up and ends with the shell's status of a tool that
// SIGPIPE stopped, after one line that says why.
TEST(OutputErrors, APipeWhoseReaderHasGone) {
    const ShellResult r = run_script(
        "yes 3c | head -n 300000 | \"$FFP8\" golden decode --format ocp-e4m3 2>\"$ERR\" | head -c 1 >/dev/null\n"
        "exit ${PIPESTATUS[2]}");
    EXPECT_EQ(r.status, 141);
    EXPECT_EQ(r.err, "ffp8: error: writing standard output: Broken pipe\n");
}

// A small tmpfs, full: where the machine does not allow mounting one, the test is skipped.
class FullDevice : public ::testing::Test {
protected:
    void SetUp() override {
        if (::mount("tmpfs", dir_.path().c_str(), "tmpfs", 0, "size=16k") != 0)
            GTEST_SKIP() << "cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN)";
        mounted_ = true;
        std::ofstream fill(dir_ / "filler", std::ios::binary);
        const std::string block(4096, 'x');
        for (int i = 0; i < 8 && fill.write(block.data(), block.size()); ++i) fill.flush();
    }
    void TearDown() override {
        if (mounted_) ::umount(dir_.path().c_str());
    }
    const ScratchFolder dir_{"ffp8_full_device_test"};
    bool mounted_ = false;
};

TEST_F(FullDevice, OutputFilesNameTheFileAndLeaveNothing) {
    const ShellResult gen = ffp8_shell("gen -o '" + (dir_ / "rtl") + "'", ">/dev/null");
    EXPECT_EQ(gen.status, 1);
    EXPECT_NE(gen.err.find("ffp8: error: cannot write " + (dir_ / "rtl/")), std::string::npos) << gen.err;
    EXPECT_NE(gen.err.find(": No space left on device\n"), std::string::npos) << gen.err;
    const ShellResult json = ffp8_shell("format ocp-e4m3 --json", ">'" + (dir_ / "out.json") + "'");
    EXPECT_EQ(json.status, 1);
    EXPECT_EQ(json.err, "ffp8: error: writing standard output: No space left on device\n");
    std::vector<std::string> left;
    for (const auto& e : std::filesystem::directory_iterator(dir_.path())) left.push_back(e.path().filename());
    std::sort(left.begin(), left.end());
    EXPECT_EQ(left, (std::vector<std::string>{"filler", "out.json"}));  // the shell made out.json
}

}  // namespace
}  // namespace ffp8::test
