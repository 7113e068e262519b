// The interrupt unit, in forked children (a handler's effects are for the whole process): a
// signal with nothing to clean kills at once, one during a deferral waits for the next check,
// a second one kills at once, run_process stops its child's process group and throws, and a
// temporary path goes with the unwinding.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>

#include "ffp8/interrupt.hpp"
#include "ffp8/process.hpp"
#include "ffp8/temporary_path.hpp"

namespace ffp8 {
namespace {

using namespace std::chrono_literals;

// Runs `body` in a forked child with the handlers installed; returns its wait status. The
// child's exit code says what it saw: 0 is what the test wanted, others are named by the test.
int in_child(const std::function<int()>& body) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        install_interrupt_handlers();
        int code = 99;
        try {
            code = body();
        } catch (const Interrupted& e) {
            code = 100 + e.signal;
        } catch (...) {
            code = 98;
        }
        ::_exit(code);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return status;
}

bool killed_by(int status, int signal) { return WIFSIGNALED(status) && WTERMSIG(status) == signal; }
int exit_code(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status); }

TEST(Interrupt, WithNothingToCleanKillsAtOnce) {
    const int status = in_child([] {
        ::kill(::getpid(), SIGTERM);
        return 1;  // not reached
    });
    EXPECT_TRUE(killed_by(status, SIGTERM)) << exit_code(status);
}

TEST(Interrupt, DuringADeferralWaitsForTheCheck) {
    const int status = in_child([] {
        const InterruptDeferral deferral;
        ::kill(::getpid(), SIGINT);
        if (interrupt_signal() != SIGINT) return 1;
        throw_if_interrupted();
        return 2;  // not reached
    });
    EXPECT_EQ(exit_code(status), 100 + SIGINT);
}

TEST(Interrupt, ASecondSignalKillsAtOnce) {
    const int status = in_child([] {
        const InterruptDeferral deferral;
        ::kill(::getpid(), SIGTERM);
        ::kill(::getpid(), SIGHUP);
        return 1;  // not reached
    });
    EXPECT_TRUE(killed_by(status, SIGHUP)) << exit_code(status);
}

TEST(Interrupt, UncheckedDeferralEndsInTheSignal) {
    const int status = in_child([] {
        { const InterruptDeferral deferral; ::kill(::getpid(), SIGTERM); }
        return 1;  // not reached: the deferral's end acted on the signal
    });
    EXPECT_TRUE(killed_by(status, SIGTERM)) << exit_code(status);
}

TEST(Interrupt, TemporaryPathGoesWithTheUnwinding) {
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("ffp8-interrupt-unit-" + std::to_string(::getpid()));
    const int status = in_child([&] {
        const TemporaryPath folder(dir);
        std::filesystem::create_directories(dir / "inner");
        ::kill(::getpid(), SIGTERM);
        throw_if_interrupted();
        return 1;
    });
    EXPECT_EQ(exit_code(status), 100 + SIGTERM);
    EXPECT_FALSE(std::filesystem::exists(dir));
    std::filesystem::remove_all(dir);
}

// The child started by run_process and what it starts (its process group) are stopped, and
// run_process throws, well before the child's own end; the second case ignores SIGTERM and is
// killed after the grace period.
void expect_stopped(const std::string& script) {
    const std::filesystem::path pid_file =
        std::filesystem::temp_directory_path() / ("ffp8-interrupt-unit-pid-" + std::to_string(::getpid()));
    const auto start = std::chrono::steady_clock::now();
    const int status = in_child([&] {
        std::thread signaller([] {
            std::this_thread::sleep_for(300ms);
            ::kill(::getpid(), SIGTERM);
        });
        signaller.detach();
        ProcessOptions options;
        options.stdin_from_dev_null = true;
        run_process({"sh", "-c", script + " & echo $! > " + pid_file.string() + "; wait"}, options);
        return 1;
    });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(exit_code(status), 100 + SIGTERM);
    EXPECT_LT(seconds, 10);
    pid_t grandchild = 0;
    {
        std::ifstream in(pid_file);
        in >> grandchild;
    }
    std::filesystem::remove(pid_file);
    ASSERT_GT(grandchild, 0);
    std::this_thread::sleep_for(200ms);
    const bool alive = ::kill(grandchild, 0) == 0 && [&] {
        std::ifstream stat("/proc/" + std::to_string(grandchild) + "/stat");
        std::string pid, comm, state;
        stat >> pid >> comm >> state;
        return state != "Z";
    }();
    EXPECT_FALSE(alive) << "the child's child " << grandchild << " still runs";
    if (alive) ::kill(grandchild, SIGKILL);
}

TEST(Interrupt, RunProcessStopsTheChildsGroup) { expect_stopped("sleep 30"); }
TEST(Interrupt, RunProcessKillsAChildThatIgnoresSigterm) { expect_stopped("trap '' TERM; sleep 30"); }

}  // namespace
}  // namespace ffp8
