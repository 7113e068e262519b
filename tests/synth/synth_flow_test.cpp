// The whole flow (Yosys + OpenSTA) on a small registered adder: fast, real tools.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "ffp8/synth/liberty_file.hpp"
#include "ffp8/synth/synthesize.hpp"
#include "ffp8/synth/tool_error.hpp"
#include "test_designs.hpp"

namespace ffp8::synth {
namespace {

using test::reg_adder;

// Facts that follow from the design, whatever the tool versions do with it.
void expect_plausible(const DesignMetrics& m) {
    EXPECT_EQ(m.generic_flip_flops, 8 + 8 + 9);
    EXPECT_GT(m.generic_cells, m.generic_flip_flops + 16);  // at least a gate per sum bit
    EXPECT_GE(m.depth, 4);   // a 9-bit sum needs a carry tree
    EXPECT_LE(m.depth, 40);
    EXPECT_GT(m.cells, 25);
    ASSERT_EQ(m.blocks.size(), 1u);
    EXPECT_EQ(m.blocks[0].module, "adder_block");
    EXPECT_EQ(m.blocks[0].instances, 1);
    EXPECT_GT(m.blocks[0].area_um2, 0);
    EXPECT_GT(m.other_area_um2, m.blocks[0].area_um2);  // 25 flip-flops outweigh an 8-bit adder
    EXPECT_NEAR(m.other_area_um2 + m.blocks[0].area_um2, m.area_um2, 1e-6);
    EXPECT_TRUE(m.timing.met);
    EXPECT_GT(m.delay_ns(), m.timing.arrival_ns);
    EXPECT_LT(m.delay_ns(), m.clock_ns);
    EXPECT_DOUBLE_EQ(m.fmax_mhz(), 1000 / m.delay_ns());
}

TEST(SynthFlow, RegisteredAdderOsu018) {
    const Library lib(default_liberty_path());
    FlowOptions opt;
    opt.clock_ns = 5;
    std::vector<std::string> steps;
    opt.on_step = [&](std::string_view s) { steps.emplace_back(s); };
    const DesignMetrics m = synthesize(reg_adder(), lib, opt);
    expect_plausible(m);
    EXPECT_GT(m.area_um2, 1000);  // OSU 0.18 um: a flip-flop alone is ~100 um^2
    EXPECT_EQ(steps, (std::vector<std::string>{"generic", "map adder_block", "map reg_adder", "assemble", "sta"}));
    EXPECT_TRUE(m.work_dir.empty());
}

// A second design with the same block reuses its mapping: the same cells, not a second ABC run.
TEST(SynthFlow, MappedBlocksAreCached) {
    const Library lib(default_liberty_path());
    MappedModuleCache cache;
    FlowOptions opt;
    opt.cache = &cache;
    std::vector<std::string> steps;
    opt.on_step = [&](std::string_view s) { steps.emplace_back(s); };
    const DesignMetrics first = synthesize(reg_adder(), lib, opt);
    EXPECT_EQ(cache.size(), 2u);
    steps.clear();
    RtlDesign other = reg_adder();
    other.name = "reg_adder with a different header";
    other.files.begin()->second = "// another generator run\n" + other.files.begin()->second;
    const DesignMetrics second = synthesize(other, lib, opt);
    EXPECT_EQ(steps, (std::vector<std::string>{"generic", "assemble", "sta"}));
    EXPECT_DOUBLE_EQ(second.area_um2, first.area_um2);
    EXPECT_DOUBLE_EQ(second.delay_ns(), first.delay_ns());
    // Another clock is another mapping.
    opt.clock_ns = 3;
    steps.clear();
    synthesize(reg_adder(), lib, opt);
    EXPECT_EQ(steps.size(), 5u);
}

TEST(SynthFlow, FlatDesignHasNoBreakdown) {
    const Library lib(default_liberty_path());
    RtlDesign d = reg_adder();
    d.blocks.clear();
    const DesignMetrics m = synthesize(d, lib, FlowOptions{});
    EXPECT_TRUE(m.blocks.empty());
    EXPECT_DOUBLE_EQ(m.other_area_um2, m.area_um2);
    EXPECT_EQ(m.generic_flip_flops, 25);
}

TEST(SynthFlow, RegisteredAdderSky130) {
    const std::filesystem::path gz = FFP8_SKY130_LIB;
    if (!std::filesystem::exists(gz)) GTEST_SKIP() << "SKY130 library not present: " << gz;
    const Library lib(gz);
    FlowOptions opt;
    opt.clock_ns = 5;
    const DesignMetrics m = synthesize(reg_adder(), lib, opt);
    expect_plausible(m);
    EXPECT_LT(m.area_um2, 2000);  // sky130 cells are far smaller than OSU 0.18 um ones
}

TEST(SynthFlow, KeepWorkFolderOnRequest) {
    const Library lib(default_liberty_path());
    FlowOptions opt;
    opt.keep_work = true;
    const DesignMetrics m = synthesize(reg_adder(), lib, opt);
    ASSERT_FALSE(m.work_dir.empty());
    EXPECT_TRUE(std::filesystem::exists(m.work_dir / "generic.ys.log"));
    EXPECT_TRUE(std::filesystem::exists(m.work_dir / "sta.log"));
    std::filesystem::remove_all(m.work_dir);
}

// A failing run names the tool's error and keeps its logs.
TEST(SynthFlow, BrokenVerilogKeepsLogs) {
    const Library lib(default_liberty_path());
    RtlDesign d{"broken", "broken", {{"broken.v", "module broken(input clk, output q);\n  assign q = ;\nendmodule\n"}}, {}};
    try {
        synthesize(d, lib, FlowOptions{});
        FAIL() << "no exception";
    } catch (const ToolRunError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("yosys failed on broken"), std::string::npos) << msg;
        EXPECT_NE(msg.find("ERROR"), std::string::npos) << msg;
        const auto at = msg.find("work folder kept: ");
        ASSERT_NE(at, std::string::npos) << msg;
        const std::filesystem::path dir = msg.substr(at + 18, msg.size() - at - 19);
        EXPECT_TRUE(std::filesystem::exists(dir / "generic.ys.log")) << dir;
        std::filesystem::remove_all(dir);
    }
}

TEST(SynthFlow, DesignWithoutRegistersFails) {
    const Library lib(default_liberty_path());
    RtlDesign d{"comb", "comb", {{"comb.v", "module comb(input clk, input [3:0] a, output [3:0] y);\n"
                                             "  assign y = ~a;\nendmodule\n"}}, {}};
    try {
        synthesize(d, lib, FlowOptions{});
        FAIL() << "no exception";
    } catch (const ToolRunError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("OpenSTA"), std::string::npos) << msg;  // no register: no path to report
        const auto at = msg.find("work folder kept: ");
        ASSERT_NE(at, std::string::npos);
        std::filesystem::remove_all(msg.substr(at + 18, msg.size() - at - 19));
    }
}

}  // namespace
}  // namespace ffp8::synth
