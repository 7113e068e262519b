// The unit options (--act, --wgt, --out, --mode, --stages, --input-stage, --lanes, --slots) as the
// commands that take them see them: declared once, so the same help and defaults everywhere;
// validated with one line naming the option before any long run; with --rtl, checked against the
// manifest.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "run_process.hpp"

namespace ffp8::test {
namespace {

ProcessResult ffp8(std::vector<std::string> args) {
    args.insert(args.begin(), FFP8_EXECUTABLE);
    return run_process(args, "");
}

// `ffp8 <command> --help`.
std::string help_of(const std::string& command) {
    const ProcessResult r = ffp8({command, "--help"});
    EXPECT_EQ(r.exit_code, 0) << command;
    return r.out;
}

// What gen's help says of `option`: its type and default ("TEXT=ue4m4b7", "" for a flag) and
// its description.
std::pair<std::string, std::string> gen_help_of(const std::string& option) {
    std::smatch m;
    const std::string help = help_of("gen");
    const std::regex line("\\n\\s*" + option + " ?(\\S*)\\s+([^\\n]*)\\n");
    EXPECT_TRUE(std::regex_search(help, m, line)) << option;
    return {m[1], m[2]};
}

// One error line on stderr that contains `what`, and a failing exit status.
void expect_error(const ProcessResult& r, const std::string& what) {
    EXPECT_NE(r.exit_code, 0);
    EXPECT_FALSE(r.signalled);
    EXPECT_NE(r.err.find(what), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(UnitOptions, SameHelpAndDefaultsInEveryCommand) {
    for (const char* option : {"--act", "--wgt", "--out", "--input-stage", "--slots"}) {
        const auto [type, description] = gen_help_of(option);
        for (const char* command : {"sim", "synth", "sweep"}) {
            const std::string help = help_of(command);
            EXPECT_NE(help.find(std::string(option) + (type.empty() ? "" : " " + type)), std::string::npos) << command << " " << option;
            EXPECT_NE(help.find(description), std::string::npos) << command << " " << option << ": " << description;
        }
    }
    EXPECT_EQ(gen_help_of("--act").first, "TEXT=ue4m4b7");
    EXPECT_EQ(gen_help_of("--wgt").first, "TEXT=se4m3b7");
}

TEST(UnitOptions, BadValuesFailBeforeAnyRunNamingTheOption) {
    expect_error(ffp8({"synth", "--stages", "9"}), "--stages 9 is out of range 0..8");
    expect_error(ffp8({"synth", "--lanes", "3"}), "--lanes 3 is not supported");
    expect_error(ffp8({"synth", "--input-stage"}), "--input-stage needs --stages 1 or more");
    expect_error(ffp8({"sweep", "--act", "fp32", "--mode", "runtime"}), "--mode runtime needs FFP8 formats");
    expect_error(ffp8({"sweep", "--config", "ue4m4,se4m3", "--act", "se4m3"}), "excludes");
    expect_error(ffp8({"sim", "--stages", "-1", "--ops", "10"}), "--stages: '-1' is not a whole number of 0 or more (or auto)");
    expect_error(ffp8({"gen", "--stages", "many", "-o", "x"}), "--stages: 'many' is not a whole number of 0 or more (or auto)");
    expect_error(ffp8({"gen", "--stages", "auto", "-o", "x"}), "--stages auto needs --clock NS");
    expect_error(ffp8({"gen", "--cuts", "mul_tree,nowhere", "-o", "x"}), "--cuts: 'nowhere' is no cut point of this unit");
    expect_error(ffp8({"gen", "--cuts", "mul_tree", "--stages", "1", "-o", "x"}), "--stages excludes --cuts");
    expect_error(ffp8({"gen", "--top", "module", "-o", "unused"}), "--top 'module'");
    const auto out = std::filesystem::temp_directory_path() / ("ffp8_bad_slots_" + std::to_string(getpid()));
    for (const char* bad : {"0", "3", "16"}) {
        const std::string what = std::string("--slots ") + bad + " is not supported (1, 2, 4 or 8)";
        expect_error(ffp8({"gen", "--slots", bad, "-o", out.string()}), what);
        EXPECT_FALSE(std::filesystem::exists(out)) << "gen --slots " << bad << " wrote " << out;
        for (const char* command : {"sim", "synth", "sweep"}) expect_error(ffp8({command, "--slots", bad}), what);
    }
}

TEST(UnitOptions, SimDefaultsTheFormatsLikeTheOtherCommands) {
    const ProcessResult r = ffp8({"sim", "--mode", "runtime", "--ops", "2000"});  // the unit the build verilated
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("ue4m4b7 x se4m3b7"), std::string::npos) << r.out;
}

TEST(UnitOptions, RtlManifestContradictionsNameTheOption) {
    const auto dir = std::filesystem::temp_directory_path() / ("ffp8_unit_options_" + std::to_string(getpid()));
    ASSERT_EQ(ffp8({"gen", "--out", "se4m3", "-o", dir.string(), "--force"}).exit_code, 0);
    const std::string manifest = "contradicts the manifest of " + dir.string() +
                                 " (ffp8 gen --act ue4m4b7 --wgt se4m3b7 --out se4m3b7 --mode static --stages 0 --top ffp8_mac)";
    expect_error(ffp8({"sim", "--rtl", dir.string(), "--stages", "2"}), "--stages 2 " + manifest);
    expect_error(ffp8({"sim", "--rtl", dir.string(), "--act", "ocp-e4m3"}), "--act se4m3b7-fn " + manifest);
    expect_error(ffp8({"sim", "--rtl", dir.string(), "--lanes", "4"}), "--lanes 4 " + manifest);
    expect_error(ffp8({"sim", "--rtl", dir.string(), "--slots", "2"}), "--slots 2 " + manifest);
    expect_error(ffp8({"sim", "--rtl", dir.string(), "--mode", "runtime"}), "--mode runtime " + manifest);
    expect_error(ffp8({"sim", "--rtl", dir.string(), "--input-stage"}), "--input-stage " + manifest);
    expect_error(ffp8({"sim", "--rtl", dir.string(), "--out", "ue4m4"}), "--out ue4m4b7 " + manifest);
    // Explicit cuts are kept in pipeline order, so any order given names the same unit.
    ASSERT_EQ(ffp8({"gen", "--cuts", "mul_cpa,product_info", "-o", dir.string(), "--force"}).exit_code, 0);
    const ProcessResult same = ffp8({"sim", "--rtl", dir.string(), "--cuts", "product_info,mul_cpa", "--ops", "200"});
    EXPECT_EQ(same.exit_code, 0) << same.err;
    expect_error(ffp8({"sim", "--rtl", dir.string(), "--cuts", "mul_tree"}),
                 "--cuts mul_tree contradicts the manifest of " + dir.string() +
                     " (ffp8 gen --act ue4m4b7 --wgt se4m3b7 --mode static --cuts product_info,mul_cpa --top ffp8_mac)");
    std::filesystem::remove_all(dir);
}

// Cuts inside the trees (the multiplier's, the lanes'), with the loop in 5 cycles: every output
// on every cycle against the golden model.
TEST(UnitOptions, CutsInsideTheTreesCoSimulate) {
    for (const std::vector<std::string>& unit :
         {std::vector<std::string>{"--cuts", "mul_rows,mul_cpa"}, {"--lanes", "8", "--cuts", "lanes,dot_rows,dot_cpa"}}) {
        std::vector<std::string> args{"sim", "--slots", "8", "--ops", "3000"};
        args.insert(args.end(), unit.begin(), unit.end());
        const ProcessResult r = ffp8(args);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        EXPECT_NE(r.out.find("PASS"), std::string::npos) << r.out;
    }
}

}  // namespace
}  // namespace ffp8::test
