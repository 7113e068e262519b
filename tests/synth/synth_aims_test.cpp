// The measured aims of the implementation flows on the generated MACs (nightly: minutes each).
// iCE40: the static FFP8 MAC uses fewer LUTs than the FP32 baseline and closes at an Fmax no
// lower. SKY130 with `--abc delay --flat --clock 17`: the baseline's critical path <= 0.85 x
// HardFloat's FP32 FMA in this flow (23.2 ns) at no more than its area (40,600 um^2), the
// runtime-format unit within 5% of the baseline in area and delay. Energy: the static FFP8 unit
// below the baseline per operation under the same operand distribution. Narrow lanes: the 8-lane
// MXFP4 unit at most 0.6x the 8-lane 8-bit unit's area.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "ffp8/synth/fpga_comparison.hpp"
#include "ffp8/synth/liberty_file.hpp"
#include "ffp8/synth/mac_comparison.hpp"

namespace ffp8::synth {
namespace {

TEST(SynthAims, Ice40StaticFfp8AgainstBaseline) {
    FpgaFlowOptions flow;
    flow.device = ice40_device("hx8k");
    const FpgaComparison c = FpgaMacImplementer(flow).compare(hw::UnitConfig{});
    ASSERT_TRUE(c.baseline.fpga.fits()) << c.baseline.fpga.pnr.problem;
    ASSERT_TRUE(c.ffp8.fpga.fits()) << c.ffp8.fpga.pnr.problem;
    EXPECT_LT(c.ffp8.fpga.luts, c.baseline.fpga.luts);
    EXPECT_GE(c.ffp8.fpga.fmax_mhz(), c.baseline.fpga.fmax_mhz());
    EXPECT_EQ(c.ffp8.fpga.flip_flops, 37);  // acc, flags, valid: the datapath is combinational at 0 stages
}

TEST(SynthAims, DelayScriptSky130) {
    const std::filesystem::path gz = FFP8_SKY130_LIB;
    if (!std::filesystem::exists(gz)) GTEST_SKIP() << "SKY130 library not present: " << gz;
    const Library lib(gz);
    FlowOptions flow;
    flow.clock_ns = 17;
    flow.abc = AbcScript::delay;
    flow.views = ViewSelection::built;
    MacSynthesizer synthesizer(lib, flow);
    hw::UnitConfig runtime;
    runtime.mode = hw::Mode::runtime_formats;
    const MacComparison c = synthesizer.compare(runtime);
    EXPECT_LE(c.baseline.metrics.delay_ns(), 0.85 * 23.2);
    EXPECT_LE(c.baseline.metrics.area_um2(), 40600);
    EXPECT_LE(c.area_overhead_pct(), 5);
    EXPECT_LE(c.delay_overhead_pct(), 5);
}

// Narrow lanes (issue 28): on SKY130, one synthesizer, one script and clock for both, the 8-lane
// mx-e2m1 x mx-e2m1 unit as built at most 0.6x the area of the 8-lane ue4m4b7 x se4m3b7 unit.
TEST(SynthAims, NarrowEightLaneUnitSky130) {
    const std::filesystem::path gz = FFP8_SKY130_LIB;
    if (!std::filesystem::exists(gz)) GTEST_SKIP() << "SKY130 library not present: " << gz;
    const Library lib(gz);
    FlowOptions flow;
    flow.clock_ns = 5;
    flow.views = ViewSelection::built;
    MacSynthesizer synthesizer(lib, flow);
    hw::UnitConfig narrow, wide;
    narrow.act = narrow.wgt = Format::parse("mx-e2m1");
    narrow.lanes = wide.lanes = 8;
    const double narrow_um2 = synthesizer.compare(narrow).ffp8.metrics.area_um2();
    const double wide_um2 = synthesizer.compare(wide).ffp8.metrics.area_um2();
    EXPECT_LE(narrow_um2, 0.6 * wide_um2) << narrow_um2 << " um^2 against " << wide_um2;
}

std::filesystem::path activity_file() {
    return std::filesystem::path(FFP8_SYNTH_TEST_DIR) / "designs" / "activity_ue4m4_se4m3_static.vcd";
}

TEST(SynthAims, EnergyPerOperationOsu018) {
    const Library lib(default_liberty_path());
    MacSynthesizer synthesizer(lib, FlowOptions{});
    std::ifstream in(activity_file());
    std::ostringstream text;
    text << in.rdbuf();
    synthesizer.enable_power(read_activity_vcd(text.str()), activity_file().filename().string());
    const MacComparison c = synthesizer.compare(hw::UnitConfig{});
    ASSERT_TRUE(c.energy_overhead_pct());
    EXPECT_TRUE(c.ffp8.metrics.power->simulated);
    EXPECT_LT(*c.energy_overhead_pct(), -10);  // unquantised fp32 operands toggle far more significand bits
    // The same values in the baseline: the datapath's own saving, as built (the pruned core).
    ASSERT_EQ(c.baseline.metrics.other_power.size(), 1u);
    EXPECT_EQ(c.baseline.metrics.other_power[0].operands, "exact");
    EXPECT_LT(*c.energy_overhead_pct(c.baseline.metrics.other_power[0]), 0);
}

}  // namespace
}  // namespace ffp8::synth
