// What remove_stale_temporaries removes: entries marked .TAG-PID (-XXX or .XXX after it), and
// folders holding an in-use marker, of a process that has ended; never another live process's,
// nor a name that only looks alike.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "common/scratch_folder.hpp"
#include "ffp8/stale_temporaries.hpp"

namespace ffp8 {
namespace {

namespace fs = std::filesystem;

// The id of a process that has ended (reaped, so nothing holds it; reuse within the test is
// as unlikely as for any later run).
pid_t ended_process() {
    const pid_t pid = ::fork();
    if (pid == 0) ::_exit(0);
    ::waitpid(pid, nullptr, 0);
    return pid;
}

std::set<std::string> names(const fs::path& dir) {
    std::set<std::string> s;
    for (const auto& e : fs::directory_iterator(dir)) s.insert(e.path().filename().string());
    return s;
}

TEST(StaleTemporaries, RemovesOnlyWhatEndedProcessesLeft) {
    const test::ScratchFolder dir("ffp8_stale_test");
    const std::string dead = std::to_string(ended_process()), live = std::to_string(::getpid());
    const std::set<std::string> kept{"design", "key.tmp-" + live, "design.staging-" + live + "-00ab",
                                     "notes.tmp-12x", "a.tmp-", "b.tmp-0", "c.tmpx-" + dead, "tmp-" + dead,
                                     "d.tmp-" + dead + "x"};
    const std::set<std::string> removed{"key.tmp-" + dead, "design.staging-" + dead + "-00ab",
                                        ".out.json.tmp-" + dead + "-Xy12Zz", "trace.fst.tmp-" + dead + ".hier",
                                        "ffp8-synth-.tmp-" + dead + "-abcdef"};
    for (const auto& n : kept) std::ofstream(dir / n) << "x";
    for (const auto& n : removed) fs::create_directories(dir.path() / n / "inside");
    remove_stale_temporaries(dir.path());
    EXPECT_EQ(names(dir.path()), kept);
}

TEST(StaleTemporaries, APrefixLimitsWhatIsLookedAt) {
    const test::ScratchFolder dir("ffp8_stale_test");
    const std::string dead = std::to_string(ended_process());
    std::ofstream(dir / ("a.tmp-" + dead)) << "x";
    std::ofstream(dir / ("b.tmp-" + dead)) << "x";
    remove_stale_temporaries(dir.path(), "a.");
    EXPECT_EQ(names(dir.path()), std::set<std::string>{"b.tmp-" + dead});
}

// A folder moved aside to be replaced comes back when nothing took its name; else it goes.
TEST(StaleTemporaries, AnOldFolderComesBackUnlessReplaced) {
    const test::ScratchFolder dir("ffp8_stale_test");
    const std::string dead = std::to_string(ended_process());
    fs::create_directories(dir.path() / ("design.old-" + dead + "-0001") / "kept");
    fs::create_directories(dir / ("other.old-" + dead + "-0002"));
    fs::create_directories(dir / "other");
    remove_stale_temporaries(dir.path());
    EXPECT_EQ(names(dir.path()), (std::set<std::string>{"design", "other"}));
    EXPECT_TRUE(fs::is_directory(dir / "design/kept"));
}

// A folder that cannot carry the id in its name (a work folder) holds a marker file instead.
TEST(StaleTemporaries, AFolderMarkedInUseByAnEndedProcessGoes) {
    const test::ScratchFolder dir("ffp8_stale_test");
    const std::string dead = std::to_string(ended_process());
    for (const char* name : {"ffp8-synth-aaaaaa", "ffp8-synth-bbbbbb", "ffp8-synth-cccccc"})
        fs::create_directories(dir.path() / name);
    std::ofstream(dir / "ffp8-synth-aaaaaa/.ffp8-in-use-" + dead) << "";
    std::ofstream(dir / "ffp8-synth-bbbbbb/" + in_use_marker()) << "";  // this process's: in use
    std::ofstream(dir / "ffp8-synth-cccccc/netlist.v") << "";           // kept for the user: no marker
    remove_stale_temporaries(dir.path(), "ffp8-");
    EXPECT_EQ(names(dir.path()), (std::set<std::string>{"ffp8-synth-bbbbbb", "ffp8-synth-cccccc"}));
}

TEST(StaleTemporaries, SuffixNamesThisProcess) {
    EXPECT_EQ(temporary_suffix("staging"), ".staging-" + std::to_string(::getpid()));
}

}  // namespace
}  // namespace ffp8
