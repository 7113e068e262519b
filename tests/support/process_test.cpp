// The process runner: exit status, log capture, working directory, stdin, timeout and the
// one-line errors of a missing tool and a killed one. The children are /bin/sh one-liners.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "ffp8/debian_package.hpp"
#include "ffp8/process.hpp"

namespace ffp8 {
namespace {

using namespace std::chrono_literals;

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

ProcessOptions logged_to(const std::filesystem::path& log) {
    ProcessOptions options;
    options.log = log;
    return options;
}

ProcessOptions limited_to(std::chrono::seconds timeout) {
    ProcessOptions options;
    options.timeout = timeout;
    return options;
}

// A fresh folder per test, removed afterwards.
class ProcessTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = std::filesystem::temp_directory_path() /
               ("ffp8-process-test-" + std::to_string(::getpid()) + "-" + info->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::filesystem::path dir_;
};

// PATH replaced for one scope, so that a tool from the package table is surely not found.
class ScopedPath {
public:
    explicit ScopedPath(const std::filesystem::path& path) {
        if (const char* p = std::getenv("PATH")) saved_ = p;
        ::setenv("PATH", path.c_str(), 1);
    }
    ~ScopedPath() { ::setenv("PATH", saved_.c_str(), 1); }
    ScopedPath(const ScopedPath&) = delete;
    ScopedPath& operator=(const ScopedPath&) = delete;

private:
    std::string saved_;
};

// Standard input replaced by the read end of a pipe for one scope: a child that inherits stdin
// then sees a pipe, whatever stdin the test runner gave this process.
class ScopedPipeStdin {
public:
    ScopedPipeStdin() {
        saved_ = ::dup(STDIN_FILENO);
        int fds[2];
        if (saved_ < 0 || ::pipe(fds) != 0) throw std::runtime_error("cannot set up a pipe");
        ::dup2(fds[0], STDIN_FILENO);
        ::close(fds[0]);
        write_end_ = fds[1];
    }
    ~ScopedPipeStdin() {
        ::close(write_end_);
        ::dup2(saved_, STDIN_FILENO);
        ::close(saved_);
    }
    ScopedPipeStdin(const ScopedPipeStdin&) = delete;
    ScopedPipeStdin& operator=(const ScopedPipeStdin&) = delete;

private:
    int saved_ = -1;
    int write_end_ = -1;
};

TEST_F(ProcessTest, PassesTheExitStatusThrough) {
    EXPECT_EQ(run_process({"sh", "-c", "exit 0"}), 0);
    EXPECT_EQ(run_process({"sh", "-c", "exit 7"}), 7);
    EXPECT_EQ(run_process({"false"}), 1);
}

TEST_F(ProcessTest, AppendsStdoutAndStderrToTheLog) {
    const auto log = dir_ / "tool.log";
    std::ofstream(log) << "earlier run\n";
    ASSERT_EQ(run_process({"sh", "-c", "echo out; echo err >&2; echo out2"}, logged_to(log)), 0);
    EXPECT_EQ(read_text(log), "earlier run\nout\nerr\nout2\n");
}

TEST_F(ProcessTest, UnopenableLogIsAnError) {
    try {
        run_process({"true"}, logged_to(dir_ / "missing-folder" / "tool.log"));
        ADD_FAILURE() << "no exception";
    } catch (const ProcessError& e) {
        EXPECT_EQ(e.cause, ProcessError::Cause::not_started);
        EXPECT_NE(std::string(e.what()).find("cannot open log"), std::string::npos) << e.what();
    }
}

TEST_F(ProcessTest, RunsInTheWorkingDirectory) {
    const auto work = dir_ / "work";
    std::filesystem::create_directories(work);
    ProcessOptions in_work;
    in_work.cwd = work;
    ASSERT_EQ(run_process({"sh", "-c", "pwd -P > where.txt"}, in_work), 0);
    EXPECT_EQ(read_text(work / "where.txt"), std::filesystem::canonical(work).string() + "\n");
}

TEST_F(ProcessTest, StdinIsDevNullWhenAsked) {
    const ScopedPipeStdin pipe_stdin;
    const auto log = dir_ / "stdin.log";
    ProcessOptions quiet_stdin = logged_to(log);
    quiet_stdin.stdin_from_dev_null = true;
    ASSERT_EQ(run_process({"readlink", "/proc/self/fd/0"}, quiet_stdin), 0);
    EXPECT_EQ(read_text(log), "/dev/null\n");
    // Without the option the child shares this process's stdin (here the pipe).
    std::filesystem::remove(log);
    ASSERT_EQ(run_process({"readlink", "/proc/self/fd/0"}, logged_to(log)), 0);
    EXPECT_EQ(read_text(log).rfind("pipe:", 0), 0u) << read_text(log);
}

TEST_F(ProcessTest, TimeoutKillsTheChildAndNamesTheLimit) {
    const auto start = std::chrono::steady_clock::now();
    try {
        run_process({"sleep", "30"}, limited_to(1s));
        ADD_FAILURE() << "no exception";
    } catch (const ProcessError& e) {
        EXPECT_EQ(e.cause, ProcessError::Cause::timed_out);
        EXPECT_EQ(std::string(e.what()), "sleep did not finish within 1 s and was killed");
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
}

TEST_F(ProcessTest, TimeoutLeavesAQuickChildAlone) {
    EXPECT_EQ(run_process({"sh", "-c", "exit 3"}, limited_to(20s)), 3);
}

TEST_F(ProcessTest, MissingToolNamesItsDebianPackage) {
    const ScopedPath empty_path(dir_);
    for (const auto& [tool, package] : {std::pair{"yosys", "yosys"}, std::pair{"sta", "opensta"},
                                        std::pair{"verilator", "verilator"}, std::pair{"icepack", "fpga-icestorm"}}) {
        try {
            run_process({tool, "--version"});
            ADD_FAILURE() << tool << ": no exception";
        } catch (const ProcessError& e) {
            EXPECT_EQ(e.cause, ProcessError::Cause::not_started);
            EXPECT_EQ(std::string(e.what()), std::string("cannot run ") + tool +
                                                 ": No such file or directory (install the Debian package " +
                                                 package + "; scripts/install-deps.sh installs it)");
        }
    }
}

// The package is found from the program's name when the command is a full path.
TEST_F(ProcessTest, MissingToolByPathNamesItsDebianPackage) {
    const std::string tool = (dir_ / "verilator").string();
    try {
        run_process({tool});
        ADD_FAILURE() << "no exception";
    } catch (const ProcessError& e) {
        EXPECT_NE(std::string(e.what()).find("install the Debian package verilator"), std::string::npos) << e.what();
    }
}

TEST_F(ProcessTest, MissingUnknownToolIsNamedAlone) {
    const ScopedPath empty_path(dir_);
    try {
        run_process({"ffp8-no-such-tool"});
        ADD_FAILURE() << "no exception";
    } catch (const ProcessError& e) {
        EXPECT_EQ(std::string(e.what()), "cannot run ffp8-no-such-tool: No such file or directory");
    }
}

TEST_F(ProcessTest, DeathBySignalNamesToolAndSignal) {
    try {
        run_process({"sh", "-c", "kill -KILL $$"});
        ADD_FAILURE() << "no exception";
    } catch (const ProcessError& e) {
        EXPECT_EQ(e.cause, ProcessError::Cause::killed_by_signal);
        EXPECT_EQ(std::string(e.what()), "sh was killed by signal 9 (SIGKILL, killed)");
    }
}

TEST(DebianPackage, KnowsTheFlowTools) {
    for (const auto& [tool, package] :
         {std::pair{"verilator", "verilator"}, std::pair{"yosys", "yosys"}, std::pair{"yosys-abc", "yosys"},
          std::pair{"sta", "opensta"}, std::pair{"iverilog", "iverilog"}, std::pair{"vvp", "iverilog"},
          std::pair{"nextpnr-ice40", "nextpnr-ice40"}, std::pair{"icepack", "fpga-icestorm"},
          std::pair{"icetime", "fpga-icestorm"}, std::pair{"c++", "g++"}, std::pair{"g++", "g++"}})
        EXPECT_EQ(debian_package_of(tool), package) << tool;
    EXPECT_EQ(debian_package_of("ffp8-sim-cpp"), "");
}

}  // namespace
}  // namespace ffp8
