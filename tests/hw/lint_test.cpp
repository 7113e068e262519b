// Every configuration of a matrix is lint-clean under `verilator --lint-only -Wall` and compiles
// under `iverilog -g2005`.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "hw_test_support.hpp"

namespace ffp8::hw::test {
namespace {

using LintCase = ConfigCase;

class Lint : public ::testing::TestWithParam<LintCase> {};

void expect_lint_clean(UnitConfig o) {
    o.top = "lint_top";
    const GeneratedDesign d = generate(o);
    TempDir dir("lint");
    std::string files;
    for (const auto& f : write_files(d, dir.path())) files += " " + f;
    const CommandResult lint = run_command(fmt::format("verilator --lint-only -Wall --top-module {}{}", d.top, files));
    EXPECT_EQ(lint.status, 0) << lint.output;
    EXPECT_EQ(lint.output.find("%Warning"), std::string::npos) << lint.output;
    const CommandResult icarus =
        run_command(fmt::format("iverilog -g2005 -Wall -o {} -s {}{}", (dir.path() / "a.vvp").string(), d.top, files));
    EXPECT_EQ(icarus.status, 0) << icarus.output;
    EXPECT_EQ(icarus.output, "") << icarus.output;
}

TEST_P(Lint, VerilatorWallAndIcarusClean) { expect_lint_clean(GetParam().options()); }

// Explicit cut points (the multiplier tree cut in two) and the loop in 2, 4 and 5 cycles.
TEST(LintCuts, TreeCutAndSlottedLoops) {
    for (const int slots : {2, 4, 8})
    for (const char* operands : {"ue4m4", "fp32"}) {
        UnitConfig o;
        o.act = Format::parse(operands);
        o.wgt = Format::parse(std::string(operands) == "fp32" ? "fp32" : "se4m3");
        o.cuts = {"inputs", "mul_rows", "mul_cpa"};
        o.stages = 3;
        o.slots = slots;
        SCOPED_TRACE(o.text());
        expect_lint_clean(o);
    }
    for (const int lanes : {2, 4, 8, 16}) {  // the lanes' tree cut too: 3, 5, 9 and 17 rows
        UnitConfig dot;
        dot.lanes = lanes;
        dot.slots = 8;
        dot.cuts = {"lanes", "dot_rows", "dot_cpa"};
        dot.stages = 3;
        SCOPED_TRACE(dot.text());
        expect_lint_clean(dot);
    }
}

const Mode st = Mode::static_formats, rt = Mode::runtime_formats;

INSTANTIATE_TEST_SUITE_P(
    Matrix, Lint,
    ::testing::Values(LintCase{"ue4m4", "se4m3", "", st, 0}, LintCase{"ue4m4", "se4m3", "se4m3", st, 1},
                      LintCase{"ocp-e4m3", "ocp-e5m2", "", st, 2}, LintCase{"e4m3fnuz", "e5m2fnuz", "ocp-e5m2", st, 3},
                      LintCase{"ue8m0b150", "se1m6b-126", "ue1m7b143", st, 0}, LintCase{"se7m0b0", "ue5m3b20-fn", "se7m0b150", st, 2},
                      LintCase{"ue1m7", "se6m1b-32-ieee", "", st, 4}, LintCase{"fp32", "fp32", "", st, 0},
                      LintCase{"fp32", "fp32", "ocp-e4m3", st, 1}, LintCase{"fp32", "fp32", "", st, 3},
                      LintCase{"fp32", "se4m3", "", st, 2}, LintCase{"se4m3", "se4m3", "", rt, 0},
                      LintCase{"se4m3", "ue4m4", "ue4m4", rt, 1}, LintCase{"se4m3", "se4m3", "", rt, 2},
                      LintCase{"ocp-e4m3", "ocp-e5m2", "se2m5b-3", rt, 3}, LintCase{"ue4m4", "se4m3", "", rt, 6},
                      LintCase{"ue4m4", "se4m3", "", rt, 1, true}, LintCase{"fp32", "fp32", "", st, 3, true},
                      // dot-product units: every lane count, formats with M = 0, E = 1, wide spans, sums
                      // below 2^-151, every stage count
                      LintCase{"ue4m4", "se4m3", "", st, 0, false, 2}, LintCase{"ue4m4", "se4m3", "se4m3", st, 1, false, 4},
                      LintCase{"ocp-e4m3", "ocp-e5m2", "", st, 2, false, 8}, LintCase{"e4m3fnuz", "e5m2fnuz", "ocp-e5m2", st, 3, false, 16},
                      LintCase{"ue8m0b150", "se1m6b-126", "ue1m7b143", st, 4, false, 2}, LintCase{"se7m0b0", "ue5m3b20-fn", "", st, 0, false, 4},
                      LintCase{"ue1m7", "se6m1b-32-ieee", "", st, 6, false, 8}, LintCase{"ue4m4b146", "se4m3b147", "", st, 1, true, 16},
                      LintCase{"ue4m4", "se4m3", "", rt, 0, false, 2}, LintCase{"ocp-e4m3", "ocp-e5m2", "se4m3", rt, 2, false, 8},
                      // narrow lanes (4..7 bits): MACs with narrow q, K-lane units with odd widths
                      LintCase{"mx-e2m1", "mx-e2m1", "mx-e2m1", st, 0}, LintCase{"ue3m2", "fp32", "se3m0", st, 2},
                      LintCase{"mx-e2m1", "mx-e3m2", "mx-e2m3", st, 1, false, 8},
                      LintCase{"ue1m3b-126", "se5m1b15-ieee", "", st, 3, true, 16},
                      LintCase{"se3m3b8-fnuz", "ue4m0b-9", "ue2m2b3-fn", st, 0, false, 2}),
    [](const auto& info) { return fmt::format("case{}", info.index); });

}  // namespace
}  // namespace ffp8::hw::test
