// SIGINT, SIGTERM and SIGHUP at points of `gen`, `sim` and `synth`: ffp8 exits with 128 +
// signal and one line, leaves no process running (its children's process groups are empty)
// and no temporary file or folder, and its outputs are absent or whole. SIGKILL: no process
// left either, and the next run removes what it left. A damaged simulator cache entry heals.
#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "run_process.hpp"
#include "started_process.hpp"

namespace ffp8::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const char* signal_text(int signal) {
    switch (signal) {
        case SIGINT: return "SIGINT";
        case SIGTERM: return "SIGTERM";
        default: return "SIGHUP";
    }
}

// Names (relative to `dir`, recursively) that only a run's temporary files and folders have.
std::vector<std::string> temporaries(const fs::path& dir) {
    static const char* const marks[] = {".tmp", ".staging-", ".old-", "ffp8-sim-error-", "ffp8-synth-",
                                        "ffp8-liberty-", "ffp8-ice40-"};
    std::vector<std::string> found;
    // The run may add or remove entries while this looks (polled by eventually()): a folder that
    // vanishes mid-walk ends the walk instead of throwing.
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        for (const char* mark : marks)
            if (name.find(mark) != std::string::npos) found.push_back(fs::relative(it->path(), dir, ec).string());
    }
    return found;
}

// Every file of a folder with its content, to compare two designs.
std::map<std::string, std::string> contents(const fs::path& dir) {
    std::map<std::string, std::string> files;
    if (!fs::is_directory(dir)) return files;
    for (const auto& entry : fs::directory_iterator(dir))
        files[entry.path().filename().string()] = read_whole_file(entry.path());
    return files;
}

std::string names(const std::vector<ProcessEntry>& processes) {
    std::string s;
    for (const ProcessEntry& p : processes) s += " " + p.comm + "(" + std::to_string(p.pid) + ")";
    return s;
}

bool has_descendant(pid_t pid, const std::vector<std::string>& comms) {
    for (const ProcessEntry& p : descendants(pid))
        for (const std::string& c : comms)
            if (p.comm.rfind(c, 0) == 0) return true;
    return false;
}

// A fresh folder per test (removed afterwards, pass or fail) and the runs started in it.
class Interrupt : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::temp_directory_path() / ("ffp8-interrupt-test-" + std::to_string(::getpid()) + "-" + info->name());
        fs::remove_all(dir_);
        for (const char* sub : {"io", "tmp", "cache", "out"}) fs::create_directories(dir_ / sub);
    }
    void TearDown() override {
        runs_.clear();  // kills what is left before the folder goes
        fs::remove_all(dir_);
    }

    // ffp8 with ARGS, its temporary files in dir_/tmp, its simulator cache in dir_/cache.
    StartedProcess& start(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
        args.insert(args.begin(), FFP8_EXECUTABLE);
        env.emplace("TMPDIR", (dir_ / "tmp").string());
        env.emplace("XDG_CACHE_HOME", (dir_ / "cache").string());
        const fs::path io = dir_ / "io" / std::to_string(runs_.size());
        fs::create_directories(io);
        return *runs_.emplace_back(std::make_unique<StartedProcess>(args, env, io));
    }
    // ffp8 gen with a signal raised by the signal_at library right after `point` ("mkdir:TEXT").
    StartedProcess& start_signalled_at(std::vector<std::string> args, const std::string& point, int signal) {
        return start(std::move(args), {{"LD_PRELOAD", FFP8_SIGNAL_AT_LIBRARY},
                                       {"FFP8_SIGNAL_AT", point},
                                       {"FFP8_SIGNAL", std::to_string(signal)}});
    }
    // A run to its end (a reference design, a design to replace).
    void run(std::vector<std::string> args) {
        const Ending e = start(std::move(args)).wait(60s);
        ASSERT_TRUE(e.exited && e.exit_code == 0) << e.err;
    }

    static void expect_interrupted(const Ending& e, int signal) {
        ASSERT_TRUE(e.exited) << (e.signal ? "killed by signal " + std::to_string(e.signal) : "still running")
                              << "; stderr:\n" << e.err;
        EXPECT_EQ(e.exit_code, 128 + signal) << e.err;
        EXPECT_NE(e.err.find(std::string("ffp8: interrupted (") + signal_text(signal) + ")"), std::string::npos)
            << e.err;
    }
    // No process of the run's process groups (its own and its children's) is left running.
    static void expect_no_process_left(StartedProcess& p) {
        const std::set<pid_t> groups = p.note_groups();
        EXPECT_TRUE(eventually([&] { return members_of(groups).empty(); }, 3s))
            << "still running:" << names(members_of(groups));
    }
    // Signals a running p and expects the whole ending: 128 + signal, no process, no temporary.
    void stop_and_expect_clean(StartedProcess& p, int signal) const {
        p.note_groups();
        p.signal(signal);
        expect_interrupted(p.wait(20s), signal);
        expect_no_process_left(p);
        expect_no_temporaries();
    }
    void expect_no_temporaries() const {
        const std::vector<std::string> left = temporaries(dir_);
        std::string list;
        for (const std::string& l : left) list += " " + l;
        EXPECT_TRUE(left.empty()) << "left behind:" << list;
    }

    fs::path dir_;
    std::vector<std::unique_ptr<StartedProcess>> runs_;
};

// gen, a signal right after its staging folder is made: no design, no staging folder.
TEST_F(Interrupt, GenAtItsStagingFolder) {
    const fs::path out = dir_ / "out" / "design";
    const Ending e = start_signalled_at({"gen", "-o", out.string()}, "mkdir:.staging-", SIGTERM).wait(20s);
    expect_interrupted(e, SIGTERM);
    EXPECT_FALSE(fs::exists(out));
    expect_no_temporaries();
}

// gen --force, a signal while the old design is moved aside: a whole design in place (the old or
// the new one), neither the old one's nor the staging folder left.
TEST_F(Interrupt, GenForceWhileReplacing) {
    const fs::path out = dir_ / "out" / "design", old_ref = dir_ / "out" / "old", new_ref = dir_ / "out" / "new";
    run({"gen", "--mode", "runtime", "-o", old_ref.string()});
    run({"gen", "-o", new_ref.string()});
    run({"gen", "--mode", "runtime", "-o", out.string()});
    const Ending e =
        start_signalled_at({"gen", "--force", "-o", out.string()}, "rename:.old-", SIGINT).wait(20s);
    expect_interrupted(e, SIGINT);
    const auto now = contents(out);
    EXPECT_TRUE(now == contents(new_ref) || now == contents(old_ref)) << "not a whole design: " << now.size() << " files";
    expect_no_temporaries();
}

// gen, a signal as the staged design is renamed into place: the design whole, the run stopped.
TEST_F(Interrupt, GenAtItsCommit) {
    const fs::path out = dir_ / "out" / "design", reference = dir_ / "out" / "reference";
    run({"gen", "-o", reference.string()});
    const Ending e = start_signalled_at({"gen", "-o", out.string()}, "rename:.staging-", SIGHUP).wait(20s);
    expect_interrupted(e, SIGHUP);
    EXPECT_EQ(contents(out), contents(reference));
    expect_no_temporaries();
}

// sim of a static unit that is not in the (empty) cache, while make and the compiler run: they
// are stopped, the cache holds no partial build.
TEST_F(Interrupt, SimWhileVerilating) {
    StartedProcess& p = start({"sim", "--act", "ue4m4", "--wgt", "se4m3", "--ops", "1000"});
    ASSERT_TRUE(eventually([&] { return has_descendant(p.pid(), {"make", "cc1plus", "g++", "c++"}); }, 60s))
        << p.err();
    stop_and_expect_clean(p, SIGTERM);
    EXPECT_TRUE(fs::is_empty(dir_ / "cache" / "ffp8" / "sim"));
}

// sim, a signal as soon as its build folder appears in the cache (writing the RTL, starting
// Verilator).
TEST_F(Interrupt, SimAsItsBuildStarts) {
    const fs::path cache = dir_ / "cache" / "ffp8" / "sim";
    StartedProcess& p = start({"sim", "--act", "ue4m4", "--wgt", "se4m3", "--ops", "1000"});
    ASSERT_TRUE(eventually([&] { return !temporaries(cache).empty(); }, 60s)) << p.err();
    stop_and_expect_clean(p, SIGINT);
}

// sim with the SystemC harness: the simulator runs as a child; it is stopped and the message
// file ffp8 made for it is removed.
TEST_F(Interrupt, SimWhileItsSimulatorRuns) {
    StartedProcess& p = start({"sim", "--mode", "runtime", "--harness", "systemc", "--ops", "1000000000", "--junit",
                               (dir_ / "out" / "report.xml").string()});
    ASSERT_TRUE(eventually(
        [&] {
            for (const ProcessEntry& d : descendants(p.pid()))
                if (d.cpu_ticks >= 20) return true;  // simulating
            return false;
        },
        60s))
        << p.err();
    stop_and_expect_clean(p, SIGTERM);
    EXPECT_FALSE(fs::exists(dir_ / "out" / "report.xml"));
}

// sim of the unit the build verilated, run in process: the loop stops at its next check.
TEST_F(Interrupt, SimInProcessRun) {
    StartedProcess& p = start({"sim", "--mode", "runtime", "--ops", "1000000000", "--junit",
                               (dir_ / "out" / "report.xml").string()});
    ASSERT_TRUE(eventually(
        [&] {
            for (const ProcessEntry& q : live_processes())
                if (q.pid == p.pid()) return q.cpu_ticks >= 30;
            return false;
        },
        60s))
        << p.err();
    p.signal(SIGTERM);
    expect_interrupted(p.wait(20s), SIGTERM);
    expect_no_temporaries();
    EXPECT_FALSE(fs::exists(dir_ / "out" / "report.xml"));
}

// synth while Yosys runs: Yosys stopped, the work folders removed, no report written.
TEST_F(Interrupt, SynthWhileYosysRuns) {
    const fs::path json = dir_ / "out" / "report.json";
    StartedProcess& p = start({"synth", "--act", "ue4m4", "--wgt", "se4m3", "--json", json.string()});
    ASSERT_TRUE(eventually([&] { return has_descendant(p.pid(), {"yosys"}); }, 60s)) << p.err();
    stop_and_expect_clean(p, SIGTERM);
    EXPECT_FALSE(fs::exists(json));
}

// synth as soon as its first temporary folder appears (reading the Liberty library).
TEST_F(Interrupt, SynthAsItStarts) {
    const fs::path json = dir_ / "out" / "report.json";
    StartedProcess& p = start({"synth", "--act", "ue4m4", "--wgt", "se4m3", "--json", json.string()});
    ASSERT_TRUE(eventually([&] { return !temporaries(dir_ / "tmp").empty(); }, 60s)) << p.err();
    stop_and_expect_clean(p, SIGINT);
    EXPECT_FALSE(fs::exists(json));
}

// SIGKILL runs no clean-up in ffp8: the tools die with it all the same (PR_SET_PDEATHSIG on each,
// and the helper that stops their process groups), and the next run removes what it left.
TEST_F(Interrupt, SimKilledWhileVerilating) {
    const std::vector<std::string> args{"sim", "--act", "ue4m4", "--wgt", "se4m3", "--ops", "1000"};
    StartedProcess& p = start(args);
    ASSERT_TRUE(eventually([&] { return has_descendant(p.pid(), {"make", "cc1plus", "g++", "c++"}); }, 60s))
        << p.err();
    p.note_groups();
    p.signal(SIGKILL);
    EXPECT_EQ(p.wait(20s).signal, SIGKILL);
    expect_no_process_left(p);
    EXPECT_FALSE(temporaries(dir_ / "cache").empty());  // the build folder SIGKILL left ...
    run(args);
    expect_no_temporaries();  // ... the next run removed; it built and ran the unit
}

// synth killed while Yosys runs: Yosys dies with it; the next synth removes its work folders.
TEST_F(Interrupt, SynthKilledWhileYosysRuns) {
    StartedProcess& p = start({"synth", "--act", "ue4m4", "--wgt", "se4m3"});
    ASSERT_TRUE(eventually([&] { return has_descendant(p.pid(), {"yosys"}); }, 60s)) << p.err();
    p.note_groups();
    p.signal(SIGKILL);
    EXPECT_EQ(p.wait(20s).signal, SIGKILL);
    expect_no_process_left(p);
    EXPECT_FALSE(temporaries(dir_ / "tmp").empty());
    const fs::path broken = dir_ / "out" / "broken.lib";
    std::ofstream(broken) << "/* no library group */\n";
    const Ending next = start({"synth", "--liberty", broken.string()}).wait(20s);  // fails, after its clean-up
    EXPECT_EQ(next.exit_code, 1) << next.err;
    expect_no_temporaries();
}

// gen killed with its staging folder made, or with the old design moved aside: the next gen
// to that folder removes the staging folder and puts the old design back before replacing it.
TEST_F(Interrupt, GenKilledMidway) {
    const fs::path out = dir_ / "out" / "design", new_ref = dir_ / "out" / "new";
    run({"gen", "-o", new_ref.string()});
    EXPECT_EQ(start_signalled_at({"gen", "-o", out.string()}, "mkdir:.staging-", SIGKILL).wait(20s).signal, SIGKILL);
    EXPECT_FALSE(temporaries(dir_ / "out").empty());
    run({"gen", "--mode", "runtime", "-o", out.string()});
    expect_no_temporaries();
    const auto old_design = contents(out);
    EXPECT_EQ(start_signalled_at({"gen", "--force", "-o", out.string()}, "rename:.old-", SIGKILL).wait(20s).signal,
              SIGKILL);
    EXPECT_FALSE(fs::exists(out));  // moved aside, the new one not yet in place
    run({"gen", "--force", "--mode", "runtime", "-o", (dir_ / "out" / "other").string()});
    EXPECT_FALSE(fs::exists(out));  // a run for another folder leaves this one's alone
    const Ending refused = start({"gen", "-o", out.string()}).wait(20s);  // without --force: put back, not replaced
    EXPECT_EQ(refused.exit_code, 1) << refused.err;
    EXPECT_NE(refused.err.find("already exists (use --force to replace it)"), std::string::npos) << refused.err;
    EXPECT_EQ(contents(out), old_design);
    run({"gen", "--force", "-o", out.string()});
    EXPECT_EQ(contents(out), contents(new_ref));
    expect_no_temporaries();
}

// A damaged simulator cache entry heals: a simulator truncated, missing or changed by one byte
// is built again and replaces the entry (the old code ran it, or could not publish the new one).
TEST_F(Interrupt, DamagedCacheEntriesAreBuiltAgain) {
    const std::vector<std::string> args{"sim", "--act", "ue4m4", "--wgt", "se4m3", "--ops", "1000"};
    run(args);
    const fs::path cache = dir_ / "cache" / "ffp8" / "sim";
    fs::path simulator;
    for (const auto& entry : fs::directory_iterator(cache)) simulator = entry.path() / "ffp8-sim-cpp";
    ASSERT_TRUE(fs::is_regular_file(simulator));
    const auto size = fs::file_size(simulator);
    const std::vector<std::function<void()>> damages{
        [&] { fs::resize_file(simulator, size / 2); },
        [&] { fs::remove(simulator); },
        [&] {
            std::fstream f(simulator, std::ios::in | std::ios::out | std::ios::binary);
            f.seekp(static_cast<std::streamoff>(size / 3));
            f.put('\x5a');
        },
    };
    for (const auto& damage : damages) {
        damage();
        const Ending e = start(args).wait(120s);
        ASSERT_TRUE(e.exited && e.exit_code == 0) << e.err;
        EXPECT_NE(e.err.find("verilating"), std::string::npos) << e.err;
        EXPECT_EQ(fs::file_size(simulator), size);
    }
    const Ending cached = start(args).wait(60s);
    ASSERT_TRUE(cached.exited && cached.exit_code == 0) << cached.err;
    EXPECT_EQ(cached.err.find("verilating"), std::string::npos) << cached.err;  // whole again: used as it is
    expect_no_temporaries();
}

}  // namespace
}  // namespace ffp8::test
