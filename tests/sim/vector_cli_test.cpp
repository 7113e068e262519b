// `ffp8 sim --vectors` run as a user runs it: the committed TestFloat-format files (written by the
// oracle) from a file and from standard input, the batch format, a wrong expected result that must
// fail naming its line (JUnit and FST too), and malformed inputs that must fail with one line
// naming the line and write no report. Both paths: the runtime unit in process, and the FP32
// baseline's simulator built on demand (a child process).
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "run_process.hpp"

namespace ffp8::test {
namespace {

namespace fs = std::filesystem;

const std::string data_dir = FFP8_VECTOR_DATA_DIR;
const std::string ocp_file = data_dir + "/ocp-e4m3_ocp-e5m2_mulAdd.tf";
const std::string f32_file = data_dir + "/f32_mulAdd.tf";
const std::vector<std::string> runtime_unit = {"sim", "--mode", "runtime", "--act", "ocp-e4m3", "--wgt", "ocp-e5m2"};
const std::vector<std::string> baseline_unit = {"sim", "--act", "fp32", "--wgt", "fp32", "--stages", "1"};
// Eight interleaved accumulators (the unit sim.cli.slots8_mac_cpp verilates).
const std::vector<std::string> slots8_unit = {"sim",    "--slots", "8",        "--act",   "ue4m4", "--wgt",
                                              "se4m3",  "--out",   "se4m3",    "--stages", "2"};
const std::string default_file = data_dir + "/ue4m4b7_se4m3b7_mulAdd.tf";

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string s;
    for (const auto& l : lines) s += l + "\n";
    return s;
}

// A fresh folder per test for inputs and reports.
class VectorCli : public testing::Test {
protected:
    void SetUp() override {
        std::string name = testing::UnitTest::GetInstance()->current_test_info()->name();
        std::replace(name.begin(), name.end(), '/', '_');  // "Test/runtime": one folder
        dir_ = fs::temp_directory_path() / ("ffp8_vector_cli_" + std::to_string(getpid()) + "_" + name);
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override {
        if (!HasFailure()) fs::remove_all(dir_);
    }

    std::string write(const std::string& name, const std::string& text) {
        const std::string path = (dir_ / name).string();
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }
    std::string junit() const { return (dir_ / "report.xml").string(); }
    std::string trace() const { return (dir_ / "window.fst").string(); }

    // ffp8 <unit> --vectors <vectors> <extra> --junit --trace
    ProcessResult sim(std::vector<std::string> args, const std::string& vectors, std::vector<std::string> extra = {},
                      const std::string& stdin_text = "") {
        args.insert(args.begin(), FFP8_EXECUTABLE);
        args.insert(args.end(), {"--vectors", vectors, "--junit", junit(), "--trace", trace()});
        args.insert(args.end(), extra.begin(), extra.end());
        return run_process(args, stdin_text);
    }

    // A copy of `lines` with vector line `index` (0-based, comments skipped) replaced by edit(line).
    // Returns the 1-based line number in the file.
    static int edit_vector(std::vector<std::string>& lines, int index, const std::function<std::string(std::string)>& edit) {
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (lines[i].starts_with("#")) continue;
            if (index-- == 0) {
                lines[i] = edit(lines[i]);
                return static_cast<int>(i) + 1;
            }
        }
        ADD_FAILURE() << "no such vector";
        return 0;
    }

    // Bad input: non-zero exit, one line on stderr naming `where`, no JUnit or trace written.
    void expect_rejected(const ProcessResult& r, const std::string& where) {
        EXPECT_FALSE(r.signalled);
        EXPECT_NE(r.exit_code, 0);
        std::vector<std::string> err;
        for (const std::string& l : lines_of(r.err))  // a first run builds the baseline's simulator
            if (!l.starts_with("ffp8 sim: verilating")) err.push_back(l);
        ASSERT_EQ(err.size(), 1u) << r.err;
        EXPECT_TRUE(err[0].starts_with("ffp8: error: ")) << err[0];
        EXPECT_NE(err[0].find(where), std::string::npos) << err[0] << " does not name " << where;
        EXPECT_EQ(r.out, "");
        EXPECT_FALSE(fs::exists(junit())) << "a JUnit report was written";
        EXPECT_FALSE(fs::exists(trace())) << "a trace was written";
    }

    fs::path dir_;
};

// The unit and the committed file that fits it.
struct Unit {
    const char* name;
    const std::vector<std::string>* args;
    const std::string* file;
    int vectors;
};
void PrintTo(const Unit& u, std::ostream* os) { *os << u.name; }  // short CTest names
const Unit units[] = {{"runtime", &runtime_unit, &ocp_file, 3000}, {"baseline", &baseline_unit, &f32_file, 4000}};

class VectorCliOnUnit : public VectorCli, public testing::WithParamInterface<Unit> {};

TEST_P(VectorCliOnUnit, TheCommittedFilePassesEveryCheck) {
    const Unit& u = GetParam();
    const ProcessResult r = sim(*u.args, *u.file);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(std::to_string(u.vectors) + " operations"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(std::to_string(u.vectors) + " results equal to the file's RESULT and FLAGS"), std::string::npos)
        << r.out;
    EXPECT_NE(read_text(junit()).find("failures=\"0\""), std::string::npos);
}

TEST_P(VectorCliOnUnit, StreamsFromStandardInput) {
    const Unit& u = GetParam();
    const ProcessResult r = sim(*u.args, "-", {}, read_text(*u.file));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("vectors from stdin"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(std::to_string(u.vectors) + " results equal"), std::string::npos) << r.out;
}

// The point of the expected fields: a line whose RESULT (or FLAGS) is wrong fails the run even
// though the RTL and the golden model agree, and the report, the JUnit file and the trace name it.
TEST_P(VectorCliOnUnit, AWrongExpectedResultFailsNamingItsLine) {
    const Unit& u = GetParam();
    for (const int field : {3, 4}) {  // RESULT, FLAGS
        SCOPED_TRACE(field == 3 ? "RESULT" : "FLAGS");
        std::vector<std::string> lines = lines_of(read_text(*u.file));
        const int line = edit_vector(lines, 1234, [&](std::string l) {
            const std::size_t at = field == 3 ? 27 : 37;  // RESULT's first digit (never NaN after), FLAGS' last
            l[at] = l[at] == '0' ? '1' : '0';
            return l;
        });
        const std::string path = write("broken.tf", joined(lines));
        const ProcessResult r = sim(*u.args, path);
        EXPECT_EQ(r.exit_code, 1) << r.err;
        const std::string where = path + ":" + std::to_string(line);
        EXPECT_NE(r.err.find("the result of " + where), std::string::npos) << r.err;
        EXPECT_NE(r.err.find(where + ": the RTL gave"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("(as the RTL: is the line right?)"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("trace of cycles"), std::string::npos) << r.err;
        EXPECT_NE(read_text(junit()).find("<failure message=\"" + where + ": the result differs from the line"),
                  std::string::npos)
            << read_text(junit());
        EXPECT_TRUE(fs::exists(trace()));
        fs::remove(junit());
        fs::remove(trace());
    }
}

TEST_P(VectorCliOnUnit, MalformedInputIsRejectedNamingTheLine) {
    const Unit& u = GetParam();
    const std::vector<std::string> good = lines_of(read_text(*u.file));
    struct Case {
        const char* what;
        std::function<std::string(std::string)> edit;
    };
    const Case cases[] = {
        {"4 fields", [](std::string l) { return l.substr(0, 35); }},
        {"6 fields", [](std::string l) { return l + " 00"; }},
        {"not hex", [](std::string l) { l.at(20) = 'G'; return l; }},
        {"9 digits", [](std::string l) { return "0" + l; }},
        {"flags beyond the five", [](std::string l) { return l.substr(0, 36) + "20"; }},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.what);
        std::vector<std::string> lines = good;
        const int line = edit_vector(lines, 2500, c.edit);
        expect_rejected(sim(*u.args, write("bad.tf", joined(lines))), (dir_ / "bad.tf").string() + ":" + std::to_string(line) + ": ");
        // The same from standard input.
        expect_rejected(sim(*u.args, "-", {}, joined(lines)), "stdin:" + std::to_string(line) + ": ");
    }
    expect_rejected(sim(*u.args, write("empty.tf", "")), "empty.tf: no vectors: the input is empty");
    expect_rejected(sim(*u.args, write("comments.tf", "# nothing\n\n")), "comments.tf: no vectors in its 2 lines");
    expect_rejected(sim(*u.args, "-", {}, ""), "stdin: no vectors");
}

// A malformed line after a failing one still rejects the whole input: nothing is half-reported.
TEST_P(VectorCliOnUnit, AMalformedLineAfterAFailureStillRejectsTheInput) {
    const Unit& u = GetParam();
    std::vector<std::string> lines = lines_of(read_text(*u.file));
    edit_vector(lines, 10, [](std::string l) {
        l.at(27) = l.at(27) == '0' ? '1' : '0';
        return l;
    });
    const int bad = edit_vector(lines, u.vectors - 1, [](std::string l) { return l.substr(0, 26); });
    expect_rejected(sim(*u.args, write("late.tf", joined(lines))), "late.tf:" + std::to_string(bad) + ": expected 5 fields");
}

INSTANTIATE_TEST_SUITE_P(Units, VectorCliOnUnit, testing::ValuesIn(units),
                         [](const testing::TestParamInfo<Unit>& info) { return std::string(info.param.name); });

TEST_F(VectorCli, ACodeWiderThanTheFormatIsRejected) {
    std::vector<std::string> lines = lines_of(read_text(ocp_file));
    const int line = edit_vector(lines, 7, [](std::string l) { return "000001" + l.substr(6); });
    expect_rejected(sim(runtime_unit, write("wide.tf", joined(lines))),
                    "wide.tf:" + std::to_string(line) + ": A '000001");
    const ProcessResult r = sim(runtime_unit, write("wide.txt", "3f800000 3c 13c\n"), {"--vector-format", "batch"});
    expect_rejected(r, "wide.txt:1: W '13c' is wider than the 8-bit code of se5m2b15-ieee");
}

// The batch format: `ffp8 golden mac` lines, with or without the expected result.
TEST_F(VectorCli, BatchLinesWithAndWithoutExpectedResults) {
    std::vector<std::string> batch;
    int expected = 0;
    for (const std::string& l : lines_of(read_text(ocp_file))) {
        if (l.starts_with("#")) continue;
        // A B C RESULT FLAGS -> ACC A W [RESULT FLAGS], codes as two digits in any case.
        std::string line = "0x" + l.substr(18, 8) + " " + l.substr(6, 2) + " " + l.substr(15, 2);
        if (batch.size() % 3 != 0) {
            line += "\t" + l.substr(27);
            ++expected;
        }
        batch.push_back(batch.size() % 2 ? line : line + "\r");
    }
    const ProcessResult r = sim(runtime_unit, write("batch.txt", joined(batch)), {"--vector-format", "batch"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(std::to_string(expected) + " results equal"), std::string::npos) << r.out;
}

// TestFloat's checker takes any NaN for an expected NaN (SoftFloat's default NaN is 0xFFC00000 on
// x86, not SPEC's 0x7FC00000); the batch format is the project's own and compares exactly.
TEST_F(VectorCli, AnExpectedNanMatchesAnyNanOnlyInTheTestFloatFormat) {
    // ocp-e4m3 code 7F is NaN: the result is NaN, no flags.
    EXPECT_EQ(sim(runtime_unit, write("nan.tf", "0000007F 0000003C 00000000 FFC00000 00\n")).exit_code, 0);
    const ProcessResult batch = sim(runtime_unit, write("nan.txt", "00000000 7F 3C FFC00000 00\n"), {"--vector-format", "batch"});
    EXPECT_EQ(batch.exit_code, 1);
    EXPECT_NE(batch.err.find("nan.txt:1: the RTL gave 7fc00000 00, the line expects RESULT ffc00000"), std::string::npos)
        << batch.err;
    // A NaN for a number is still wrong, and so are the flags of a NaN.
    EXPECT_EQ(sim(runtime_unit, write("nan2.tf", "0000007F 0000003C 00000000 3F800000 00\n")).exit_code, 1);
    EXPECT_EQ(sim(runtime_unit, write("nan3.tf", "0000007F 0000003C 00000000 FFC00000 10\n")).exit_code, 1);
}

// A unit with slots: batch lines name theirs (`ACC A W SLOT [RESULT FLAGS]`, the lines of `ffp8
// golden mac --slots 8`, whose results are the expected ones), one line a cycle, so a slot comes
// back 8 lines later at the earliest; TestFloat lines take slots round-robin.
TEST_F(VectorCli, SlotsOfBatchLinesFollowTheScheduleRule) {
    std::string inputs;
    uint32_t x = 12345;
    const auto next = [&] { return x = x * 1103515245u + 12345u; };
    // One line a cycle leaves one legal slot a line after the first eight: a permutation, repeated.
    const int slot_of[] = {3, 1, 4, 0, 5, 2, 7, 6};
    for (int i = 0; i < 600; ++i) {
        const uint32_t acc = next(), a = next() >> 24, w = next() >> 24;
        char line[48];
        std::snprintf(line, sizeof line, "%08x %02x %02x %d\n", acc, a, w, slot_of[i % 8]);
        inputs += line;
    }
    const ProcessResult golden =
        run_process({FFP8_EXECUTABLE, "golden", "mac", "--act", "ue4m4", "--wgt", "se4m3", "--slots", "8"}, inputs);
    ASSERT_EQ(golden.exit_code, 0) << golden.err;
    std::vector<std::string> lines = lines_of(inputs);
    const std::vector<std::string> results = lines_of(golden.out);
    ASSERT_EQ(results.size(), lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i) lines[i] += " " + results[i];
    ProcessResult r = sim(slots8_unit, write("slots.txt", joined(lines)), {"--vector-format", "batch"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("600 results equal"), std::string::npos) << r.out;
    r = sim(slots8_unit, default_file);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("results equal"), std::string::npos) << r.out;

    fs::remove(junit());  // the rejections below must write none
    fs::remove(trace());
    // Line 10 (slot 1) moved to slot 6, used 2 lines before: the rule is broken at that line.
    std::vector<std::string> early = lines;
    early[9].replace(15, 1, "6");
    expect_rejected(sim(slots8_unit, write("early.txt", joined(early)), {"--vector-format", "batch"}),
                    "early.txt:10: slot 6 was used 2 lines before; with 8 slots a slot is used again 8 lines later");
    std::vector<std::string> outside = lines;
    outside[3].replace(15, 1, "8");
    expect_rejected(sim(slots8_unit, write("outside.txt", joined(outside)), {"--vector-format", "batch"}),
                    "outside.txt:4: SLOT '8' is not a slot of this unit (0 to 7)");
    expect_rejected(sim(slots8_unit, write("short.txt", "3f800000 3c 3c\n"), {"--vector-format", "batch"}),
                    "short.txt:1: expected 4 fields (ACC A W SLOT) or 6 (ACC A W SLOT RESULT FLAGS), found 3");
}

TEST_F(VectorCli, OptionsThatContradictVectors) {
    std::vector<std::string> args = runtime_unit;
    args.insert(args.begin(), FFP8_EXECUTABLE);
    args.insert(args.end(), {"--vectors", ocp_file, "--exhaustive"});
    ProcessResult r = run_process(args, "");
    EXPECT_NE(r.exit_code, 0);
    EXPECT_EQ(lines_of(r.err).size(), 1u) << r.err;
    expect_rejected(sim(runtime_unit, (dir_ / "missing.tf").string()), "cannot read " + (dir_ / "missing.tf").string());
    expect_rejected(sim(runtime_unit, dir_.string()), "it is a directory");
}

}  // namespace
}  // namespace ffp8::test
