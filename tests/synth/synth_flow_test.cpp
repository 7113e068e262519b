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

// Facts of one view that follow from the design, whatever the tool versions do with it.
void expect_plausible_view(const MappedFigures& f, double clock_ns) {
    EXPECT_GT(f.cells, 25);
    EXPECT_TRUE(f.met());
    EXPECT_GT(f.slack_ns(), 0);
    EXPECT_NEAR(f.delay_ns() + f.slack_ns(), clock_ns, 1e-9);
    EXPECT_GT(f.delay_ns(), f.timing.arrival_ns);
    EXPECT_LT(f.delay_ns(), clock_ns);
    EXPECT_DOUBLE_EQ(f.fmax_mhz(), 1000 / f.delay_ns());
}

void expect_plausible(const DesignMetrics& m) {
    EXPECT_EQ(m.generic_flip_flops, 8 + 8 + 9);
    EXPECT_GT(m.generic_cells, m.generic_flip_flops + 16);  // at least a gate per sum bit
    EXPECT_GE(m.depth, 4);   // a 9-bit sum needs a carry tree
    EXPECT_LE(m.depth, 40);
    ASSERT_TRUE(m.built);
    ASSERT_TRUE(m.blocks_kept);
    EXPECT_EQ(m.built->view, SynthView::built);
    EXPECT_EQ(m.blocks_kept->view, SynthView::blocks_kept);
    EXPECT_EQ(&m.headline(), &*m.built);
    expect_plausible_view(*m.built, m.clock_ns);
    expect_plausible_view(*m.blocks_kept, m.clock_ns);
    // As built: no breakdown, every cell is the top's.
    EXPECT_TRUE(m.built->blocks.empty());
    EXPECT_DOUBLE_EQ(m.built->other_area_um2, m.built->area_um2);
    // Blocks kept: the block's area and the top's add up to the whole.
    const MappedFigures& k = *m.blocks_kept;
    ASSERT_EQ(k.blocks.size(), 1u);
    EXPECT_EQ(k.blocks[0].module, "adder_block");
    EXPECT_EQ(k.blocks[0].instances, 1);
    EXPECT_GT(k.blocks[0].area_um2, 0);
    EXPECT_GT(k.other_area_um2, k.blocks[0].area_um2);  // 25 flip-flops outweigh an 8-bit adder
    EXPECT_NEAR(k.other_area_um2 + k.blocks[0].area_um2, k.area_um2, 1e-6);
    double sum = 0;
    for (const auto& [role, area] : k.area_by_role()) sum += area;
    EXPECT_NEAR(sum, k.area_um2, 1e-6);
    // The critical path of the blocks-kept netlist runs through the block instance.
    bool through_block = false;
    for (const auto& [where, ns] : k.timing.delay_by_instance()) through_block |= where != "top";
    EXPECT_TRUE(through_block);
}

TEST(SynthFlow, RegisteredAdderOsu018) {
    const Library lib(default_liberty_path());
    FlowOptions opt;
    opt.clock_ns = 5;
    std::vector<std::string> steps;
    opt.on_step = [&](std::string_view s) { steps.emplace_back(s); };
    const DesignMetrics m = synthesize(reg_adder(), lib, opt);
    expect_plausible(m);
    EXPECT_GT(m.area_um2(), 1000);  // OSU 0.18 um: a flip-flop alone is ~100 um^2
    EXPECT_EQ(steps, (std::vector<std::string>{"generic", "map reg_adder (as built)", "assemble (as built)",
                                               "sta (as built)", "map adder_block (blocks kept)",
                                               "map reg_adder (blocks kept)", "assemble (blocks kept)",
                                               "sta (blocks kept)"}));
    EXPECT_TRUE(m.work_dir.empty());
}

// One view alone: only its mapping runs, and the reports lead with it.
TEST(SynthFlow, OneViewOnRequest) {
    const Library lib(default_liberty_path());
    FlowOptions opt;
    opt.clock_ns = 5;
    std::vector<std::string> steps;
    opt.on_step = [&](std::string_view s) { steps.emplace_back(s); };
    opt.views = ViewSelection::blocks;
    const DesignMetrics kept = synthesize(reg_adder(), lib, opt);
    EXPECT_FALSE(kept.built);
    ASSERT_TRUE(kept.blocks_kept);
    EXPECT_EQ(&kept.headline(), &*kept.blocks_kept);
    EXPECT_EQ(steps.size(), 5u);
    opt.views = ViewSelection::built;
    steps.clear();
    const DesignMetrics built = synthesize(reg_adder(), lib, opt);
    ASSERT_TRUE(built.built);
    EXPECT_FALSE(built.blocks_kept);
    EXPECT_EQ(steps, (std::vector<std::string>{"generic", "map reg_adder (as built)", "assemble (as built)",
                                               "sta (as built)"}));
    EXPECT_EQ(built.generic_cells, kept.generic_cells);
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
    // The top as built and the top with the block as a black box are two mappings, not one.
    EXPECT_EQ(cache.size(), 3u);
    steps.clear();
    RtlDesign other = reg_adder();
    other.name = "reg_adder with a different header";
    other.files.begin()->second = "// another generator run\n" + other.files.begin()->second;
    const DesignMetrics second = synthesize(other, lib, opt);
    EXPECT_EQ(steps, (std::vector<std::string>{"generic", "assemble (as built)", "sta (as built)",
                                               "assemble (blocks kept)", "sta (blocks kept)"}));
    EXPECT_DOUBLE_EQ(second.built->area_um2, first.built->area_um2);
    EXPECT_DOUBLE_EQ(second.blocks_kept->area_um2, first.blocks_kept->area_um2);
    EXPECT_DOUBLE_EQ(second.delay_ns(), first.delay_ns());
    // Another clock is another mapping.
    opt.clock_ns = 3;
    steps.clear();
    synthesize(reg_adder(), lib, opt);
    EXPECT_EQ(steps.size(), 8u);
}

TEST(SynthFlow, FlatDesignHasNoBreakdown) {
    const Library lib(default_liberty_path());
    RtlDesign d = reg_adder();
    d.blocks.clear();
    std::vector<std::string> steps;
    FlowOptions opt;
    opt.on_step = [&](std::string_view s) { steps.emplace_back(s); };
    const DesignMetrics m = synthesize(d, lib, opt);
    ASSERT_TRUE(m.blocks_kept);
    EXPECT_TRUE(m.blocks_kept->blocks.empty());
    EXPECT_DOUBLE_EQ(m.blocks_kept->other_area_um2, m.blocks_kept->area_um2);
    // Nothing to keep apart: the blocks-kept view is the as-built mapping, not a second run.
    EXPECT_DOUBLE_EQ(m.blocks_kept->area_um2, m.built->area_um2);
    EXPECT_EQ(steps.size(), 4u);
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
    EXPECT_LT(m.area_um2(), 2000);  // sky130 cells are far smaller than OSU 0.18 um ones
}

TEST(SynthFlow, KeepWorkFolderOnRequest) {
    const Library lib(default_liberty_path());
    FlowOptions opt;
    opt.keep_work = true;
    const DesignMetrics m = synthesize(reg_adder(), lib, opt);
    ASSERT_FALSE(m.work_dir.empty());
    EXPECT_TRUE(std::filesystem::exists(m.work_dir / "generic.ys.log"));
    EXPECT_TRUE(std::filesystem::exists(m.work_dir / "built" / "sta.log"));
    EXPECT_TRUE(std::filesystem::exists(m.work_dir / "blocks" / "sta.log"));
    EXPECT_TRUE(std::filesystem::exists(m.work_dir / "blocks" / "mapped_adder_block.il"));
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
