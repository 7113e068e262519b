// The Yosys `stat` parser on saved Yosys 0.23 logs, and its refusal of anything else.
#include <gtest/gtest.h>

#include "ffp8/synth/tool_error.hpp"
#include "ffp8/synth/yosys_stat.hpp"
#include "log_text.hpp"

namespace ffp8::synth {
namespace {

using test::cut_before;
using test::replace_once;
using test::saved_log;

TEST(YosysStat, GenericFlatDesign) {
    const YosysStat s = parse_yosys_stat(saved_log("reg_adder_generic_stat.log"));
    ASSERT_EQ(s.modules.size(), 1u);
    EXPECT_FALSE(s.hierarchy);
    const ModuleStat& t = s.total();
    EXPECT_EQ(t.name, "reg_adder");
    EXPECT_EQ(t.cells, 64);
    EXPECT_EQ(t.cell_types.at("$_SDFF_PP0_"), 25);
    EXPECT_EQ(t.cell_types.at("$_NAND_"), 20);
    EXPECT_EQ(t.cell_types.at("$_XOR_"), 11);
    EXPECT_FALSE(t.area);
}

TEST(YosysStat, LibertyHierarchyOsu018) {
    const YosysStat s = parse_yosys_stat(saved_log("reg_adder_osu018_stat.log"));
    ASSERT_EQ(s.modules.size(), 2u);
    const ModuleStat& block = s.module("adder_block");
    EXPECT_EQ(block.cells, 38);
    EXPECT_DOUBLE_EQ(*block.area, 1334.0);
    EXPECT_TRUE(block.unknown_area_types.empty());
    const ModuleStat& top = s.module("reg_adder");
    EXPECT_EQ(top.cells, 79);
    EXPECT_DOUBLE_EQ(*top.area, 3472.0);
    EXPECT_EQ(top.cell_types.at("adder_block"), 1);
    EXPECT_EQ(top.unknown_area_types, std::vector<std::string>{"adder_block"});
    ASSERT_TRUE(s.hierarchy);
    EXPECT_EQ(s.total().name, "reg_adder");
    EXPECT_EQ(s.total().cells, 116);
    EXPECT_DOUBLE_EQ(*s.total().area, 4806.0);
    EXPECT_EQ(s.total().cell_types.at("DFFPOSX1"), 25);
    EXPECT_EQ(s.instances("reg_adder", "adder_block"), 1);
    EXPECT_EQ(s.instances("reg_adder", "reg_adder"), 1);
}

TEST(YosysStat, LibertyHierarchySky130) {
    const YosysStat s = parse_yosys_stat(saved_log("reg_adder_sky130_stat.log"));
    const ModuleStat& t = s.total();
    EXPECT_EQ(t.name, "reg_adder");
    // The hierarchy total is the sum of its modules' areas.
    EXPECT_NEAR(*t.area, *s.module("reg_adder").area + *s.module("adder_block").area, 1e-3);
    EXPECT_EQ(t.cell_types.at("sky130_fd_sc_hd__dfxtp_1"), 25);
    for (const auto& [type, count] : t.cell_types) EXPECT_EQ(type.find("lpflow"), std::string::npos) << type;
}

// The real FFP8 MAC (sky130): the top, two decoders and the FMA core modules, unpack used twice.
TEST(YosysStat, GeneratedMacHierarchySky130) {
    const YosysStat s = parse_yosys_stat(saved_log("mac_static_sky130_stat.log"));
    const ModuleStat& t = s.total();
    EXPECT_EQ(t.name, "ffp8_mac");
    EXPECT_EQ(t.cells, 5892);
    EXPECT_DOUBLE_EQ(*t.area, 41923.9584);
    EXPECT_EQ(s.instances("ffp8_mac", "ffp8_mac_fma_unpack"), 2);
    EXPECT_EQ(s.instances("ffp8_mac", "ffp8_mac_dec_act"), 1);
    double sum = 0;
    long cells = 0;
    for (const auto& m : s.modules) {
        sum += *m.area * static_cast<double>(s.instances("ffp8_mac", m.name));
        cells += (m.cells - (m.name == "ffp8_mac" ? 8 : 0)) * s.instances("ffp8_mac", m.name);  // 8 block instances
    }
    EXPECT_NEAR(sum, *t.area, 1e-3);
    EXPECT_EQ(cells, t.cells);
}

TEST(YosysStat, GeneratedBaselineGeneric) {
    const ModuleStat t = parse_yosys_stat(saved_log("mac_baseline_generic_stat.log")).total();
    EXPECT_EQ(t.cells, 6759);
    EXPECT_EQ(t.cell_types.at("$_SDFFE_PP0P_") + t.cell_types.at("$_SDFF_PP0_"), 37);
}

TEST(YosysStat, EmptyOrForeignTextFails) {
    EXPECT_THROW(parse_yosys_stat(""), ToolOutputError);
    EXPECT_THROW(parse_yosys_stat("Number of cells: 12\n"), ToolOutputError);
}

TEST(YosysStat, TruncatedLogFails) {
    const std::string log = saved_log("reg_adder_osu018_stat.log");
    EXPECT_THROW(parse_yosys_stat(cut_before(log, "   Number of cells:")), ToolOutputError);
    // Cut inside the hierarchy section: its totals are missing.
    EXPECT_THROW(parse_yosys_stat(cut_before(log, "   Number of cells:                116")), ToolOutputError);
}

TEST(YosysStat, CountsThatDoNotAddUpFail) {
    const std::string log = saved_log("reg_adder_generic_stat.log");
    EXPECT_THROW(parse_yosys_stat(replace_once(log, "     $_NAND_                        20",
                                               "     $_NAND_                        21")),
                 ToolOutputError);
    // A cell-type line in another layout is not silently skipped either.
    EXPECT_THROW(parse_yosys_stat(replace_once(log, "     $_NAND_                        20", "     $_NAND_ = 20")),
                 ToolOutputError);
}

TEST(YosysStat, NewerYosysLayoutFails) {
    // Later Yosys versions print counts first ("      64 cells"); that must not parse as 0 cells.
    const std::string newer =
        "=== reg_adder ===\n\n        41 wires\n       107 wire bits\n        64 cells\n         4   $_AND_\n";
    EXPECT_THROW(parse_yosys_stat(newer), ToolOutputError);
}

TEST(YosysStat, TwoStatRunsInOneLogFail) {
    const std::string log = saved_log("reg_adder_generic_stat.log");
    EXPECT_THROW(parse_yosys_stat(log + log), ToolOutputError);
}

TEST(YosysStat, MissingModuleIsNamed) {
    const YosysStat s = parse_yosys_stat(saved_log("reg_adder_osu018_stat.log"));
    try {
        s.module("ffp8_decoder_act");
        FAIL() << "no exception";
    } catch (const ToolOutputError& e) {
        EXPECT_NE(std::string(e.what()).find("ffp8_decoder_act"), std::string::npos);
    }
}

}  // namespace
}  // namespace ffp8::synth
