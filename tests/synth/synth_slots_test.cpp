// Interleaved accumulators in the synthesis flow: the accumulate loop's longest stage, read by
// OpenSTA from a register into the loop's registers (the fused add's register cuts, renamed so a
// flattened netlist keeps them findable, and the accumulators). A 2-slot MAC against the 1-slot MAC
// on OSU 0.18 um; nightly, the 8-lane unit with 4 slots against 1 slot on SKY130 HD.
#include <gtest/gtest.h>

#include <filesystem>

#include "ffp8/synth/liberty_file.hpp"
#include "ffp8/synth/mac_comparison.hpp"
#include "ffp8/synth/report.hpp"
#include "ffp8/synth/tool_scripts.hpp"

namespace ffp8::synth {
namespace {

struct LoopFigures {
    double loop_ns = 0, area_um2 = 0;
};

// The FFP8 unit's loop stage and area as built; checks that both designs report a loop whose
// endpoint is a loop register.
LoopFigures loop_of(MacSynthesizer& synthesizer, hw::UnitConfig config) {
    const MacComparison c = synthesizer.compare(config);
    for (const SynthesizedMac* d : {&c.baseline, &c.ffp8}) {
        const MappedFigures& f = d->metrics.headline();
        EXPECT_TRUE(f.loop) << d->metrics.name;
        if (!f.loop) return {};
        EXPECT_GT(f.loop->critical_ns(), 0.1);
        EXPECT_LE(f.loop->critical_ns(), f.delay_ns() + 1e-9) << "the loop is part of the whole";
        // Every stage of a slotted loop starts or ends at a register cut of the fused add; one
        // slot's loop has no cut, it runs into acc.
        const bool at_cut = (f.loop->startpoint + " " + f.loop->endpoint).find(loop_register_prefix) != std::string::npos;
        EXPECT_EQ(at_cut, config.slots > 1) << f.loop->startpoint << " -> " << f.loop->endpoint;
        const nlohmann::json j = comparison_json(c, FlowContext{});
        EXPECT_TRUE(j.at("designs").at(0).contains("loop_stage_ns")) << j.dump();
    }
    return {*c.ffp8.metrics.built->loop_stage_ns(), c.ffp8.metrics.area_um2()};
}

TEST(SynthSlots, TwoSlotMacHalvesItsLoopStageOsu018) {
    FlowOptions options;
    options.views = ViewSelection::built;
    const Library library(default_liberty_path());  // the synthesizer keeps a reference
    MacSynthesizer synthesizer(library, options);
    hw::UnitConfig one, two;
    two.slots = 2;
    const LoopFigures a = loop_of(synthesizer, one), b = loop_of(synthesizer, two);
    // One cut after the addition: the longer part of the loop is well under the whole.
    EXPECT_LE(b.loop_ns, 0.75 * a.loop_ns) << b.loop_ns << " vs " << a.loop_ns;
    EXPECT_GT(b.area_um2, a.area_um2) << "a second accumulator and a register cut cost area";
    EXPECT_LE(b.area_um2, 1.5 * a.area_um2);
}

// The setting for a high clock: three pipeline stages (the first on the inputs) and ABC's
// delay script against 4 ns, both units in one run: the aim, 0.40x for at most 15% more
// area. Measured 2026-12-07: loop stage 4.39 ns against 11.06 ns (0.397x) for +4.2% area.
TEST(SynthSlotsNightly, EightLanesFourSlotsSky130) {
    if (!std::filesystem::exists(FFP8_SKY130_LIB)) GTEST_SKIP() << "no SKY130 library at " << FFP8_SKY130_LIB;
    FlowOptions options;
    options.views = ViewSelection::built;
    options.abc = AbcScript::delay;
    options.clock_ns = 4;
    const Library library(FFP8_SKY130_LIB);
    MacSynthesizer synthesizer(library, options);
    hw::UnitConfig one;
    one.lanes = 8;
    one.stages = 3;
    one.input_stage = true;
    hw::UnitConfig four = one;
    four.slots = 4;
    const LoopFigures a = loop_of(synthesizer, one), b = loop_of(synthesizer, four);
    EXPECT_LE(b.loop_ns, 0.40 * a.loop_ns) << b.loop_ns << " vs " << a.loop_ns;
    EXPECT_LE(b.area_um2, 1.15 * a.area_um2) << b.area_um2 << " vs " << a.area_um2;
}

}  // namespace
}  // namespace ffp8::synth
