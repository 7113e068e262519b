// Clock-driven pipelining: the planner's rule on given block delays (exact expectations worked
// out by hand below), and `--stages auto` through the flow on OSU 0.18 um: both units planned,
// measured per stage, and meeting the clock.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "ffp8/synth/liberty_file.hpp"
#include "ffp8/synth/mac_comparison.hpp"
#include "ffp8/synth/pipeline_planner.hpp"
#include "ffp8/synth/plan_refinement.hpp"
#include "ffp8/temporary_path.hpp"

namespace ffp8::synth {
namespace {

hw::UnitConfig auto_unit(double clock_ns) {
    hw::UnitConfig u;
    u.auto_stages = true;
    u.clock_ns = clock_ns;
    return u;
}

// Segments unpack 1.0, product_info 1.5, mul_rows 2.0, mul_tree 1.5 (the tree 2.0 + 1.5 - 0.5 = 3.0
// uncut), mul_cpa 2.0; the loop's five cycles 2.5 2.0 3.0 3.5 3.0 (in four: the alignment 2.5 + 2.0
// - 0.5 = 4.0, then 3.0 3.5 3.0); 0.5 ns a register. A dot-product unit's segments are the same by
// its own points: decoders, lanes, dot_rows, dot_tree, dot_cpa.
StageDelays example() {
    StageDelays d;
    d.segment_ns = {1.0, 1.5, 2.0, 1.5, 2.0};
    d.loop_ns = {2.5, 2.0, 3.0, 3.5, 3.0};
    d.register_overhead_ns = 0.5;
    return d;
}

TEST(PipelinePlan, CutsOnlyWhereTheNextSegmentNoLongerFits) {
    // The loop in one cycle: 4 + 3 + 3.5 + 3 - 3 * 0.5 = 12; two: 6.5, 6; four fit 5 ns. From the
    // loop back: mul_cpa + alignment 5.5 > 5 (cut), mul_cpa + mul_tree 3.0, + mul_rows 4.5, +
    // product_info 5.5 (cut), product_info + unpack 2.0.
    const PipelinePlan p = plan_from_delays(auto_unit(5), example(), "lib");
    EXPECT_EQ(p.unit.cuts, (std::vector<std::string>{"product_info", "mul_cpa"}));
    EXPECT_EQ(p.unit.stages, 2);
    EXPECT_EQ(p.unit.slots, 4);
    EXPECT_TRUE(p.slots_raised);
    EXPECT_FALSE(p.unit.auto_stages);
    EXPECT_EQ(p.unit.planned_on, "lib");
    EXPECT_EQ(p.stage_estimate_ns, (std::vector<double>{2.0, 4.5}));
    EXPECT_EQ(p.loop_estimate_ns, (std::vector<double>{4.0, 3.0, 3.5, 3.0}));
    EXPECT_EQ(p.unit.latency(), 2 + 4);
    EXPECT_NO_THROW(p.unit.validate());
    EXPECT_NE(p.summary.find("2 stages after product_info, mul_cpa, 4 slots"), std::string::npos) << p.summary;
}

TEST(PipelinePlan, EightSlotsCutTheAlignment) {
    // Four cycles: the alignment (4.0) misses 3.6 ns; five fit. From the loop back: mul_cpa + 2.5 - 0.5
    // = 4.0 (cut), mul_tree + 2.0 - 0.5 = 3.0, mul_rows + 3.0 - 0.5 = 4.5 (cut: inside the tree),
    // product_info + 2.0 - 0.5 = 3.0, unpack + 3.0 - 0.5 = 3.5.
    const PipelinePlan p = plan_from_delays(auto_unit(3.6), example(), "lib");
    EXPECT_EQ(p.unit.slots, 8);
    EXPECT_EQ(p.unit.loop_cycles(), 5);
    EXPECT_EQ(p.unit.cuts, (std::vector<std::string>{"mul_rows", "mul_cpa"}));
    EXPECT_EQ(p.stage_estimate_ns, (std::vector<double>{3.5, 3.0}));
    EXPECT_EQ(p.loop_estimate_ns, (std::vector<double>{2.5, 2.0, 3.0, 3.5, 3.0}));
}

TEST(PipelinePlan, SlowClockNeedsNoStageAndOneSlot) {
    // 1.0 + 1.5 + 2.0 + 1.5 + 2.0 + 12 - 5 * 0.5 = 17.5 fits 20 ns.
    const PipelinePlan p = plan_from_delays(auto_unit(20), example(), "lib");
    EXPECT_TRUE(p.unit.cuts.empty());
    EXPECT_EQ(p.unit.stages, 0);
    EXPECT_EQ(p.unit.slots, 1);
    EXPECT_FALSE(p.slots_raised);
    EXPECT_EQ(p.loop_estimate_ns, (std::vector<double>{17.5}));
}

TEST(PipelinePlan, TwoSlotsWhenTheirCyclesFit) {
    // Two cycles: 6.5 and 6.0 fit 7 ns; mul_cpa + 6.5 - 0.5 = 8 does not (cut), then 2 + 1.5 - 0.5
    // = 3.0, + 2.0 - 0.5 = 4.5, + 1.5 - 0.5 = 5.5, + 1.0 - 0.5 = 6.0.
    const PipelinePlan p = plan_from_delays(auto_unit(7), example(), "lib");
    EXPECT_EQ(p.unit.slots, 2);
    EXPECT_EQ(p.unit.cuts, (std::vector<std::string>{"mul_cpa"}));
    EXPECT_EQ(p.stage_estimate_ns, (std::vector<double>{6.0}));
}

TEST(PipelinePlan, KeepsTheSlotsAndInputStageAskedFor) {
    hw::UnitConfig u = auto_unit(20);
    u.slots = 2;
    u.input_stage = true;
    const PipelinePlan p = plan_from_delays(u, example(), "lib");
    EXPECT_EQ(p.unit.slots, 2);
    EXPECT_FALSE(p.slots_raised);
    EXPECT_EQ(p.unit.cuts, (std::vector<std::string>{"inputs"}));
    EXPECT_FALSE(p.unit.input_stage) << "the input register is the cut at inputs";
    EXPECT_NO_THROW(p.unit.validate());
}

TEST(PipelinePlan, DotUnitCutsByItsOwnPoints) {
    hw::UnitConfig u = auto_unit(5);
    u.lanes = 8;
    const PipelinePlan p = plan_from_delays(u, example(), "lib");
    EXPECT_EQ(p.unit.cuts, (std::vector<std::string>{"lanes", "dot_cpa"}));
    // At 4.2 ns dot_rows no longer joins dot_tree and dot_cpa (2.0 + 3.0 - 0.5 = 4.5): the lanes'
    // tree is cut inside.
    u.clock_ns = 4.2;
    EXPECT_EQ(plan_from_delays(u, example(), "lib").unit.cuts, (std::vector<std::string>{"dot_rows", "dot_cpa"}));
    // With the decoders at 0.5 ns, the tree's end does as well: lanes + the whole tree + decoders
    // 0.5 + 1.5 + 2.0 + 1.5 - 3 * 0.5 = 4.0, two stages either way, so the cut goes between blocks
    // (two rows registered instead of four).
    StageDelays quick_decoders = example();
    quick_decoders.segment_ns[0] = 0.5;
    const PipelinePlan ends = plan_from_delays(u, quick_decoders, "lib");
    EXPECT_EQ(ends.unit.cuts, (std::vector<std::string>{"dot_tree", "dot_cpa"}));
    EXPECT_EQ(ends.stage_estimate_ns, (std::vector<double>{4.0, 2.0}));
    EXPECT_EQ(ends.loop_estimate_ns.front(), 4.0);
}

TEST(PipelinePlan, UnreachableClockNamesTheBestPeriodAndTheBlock) {
    try {
        plan_from_delays(auto_unit(3.4), example(), "lib");
        FAIL() << "3.4 ns is below the loop's normalisation (3.5 ns)";
    } catch (const ClockUnreachable& e) {
        EXPECT_NE(std::string(e.what()).find("best period this unit reaches is 3.50 ns, limited by the accumulate loop's "
                                             "normalisation"),
                  std::string::npos)
            << e.what();
    }
    StageDelays slow_tree = example();
    slow_tree.segment_ns[3] = 4.5;
    try {
        plan_from_delays(auto_unit(4.2), slow_tree, "lib");
        FAIL() << "the multiplier tree alone takes 4.5 ns";
    } catch (const ClockUnreachable& e) {
        EXPECT_NE(std::string(e.what()).find("4.50 ns, limited by mul_tree"), std::string::npos) << e.what();
    }
}

// A baseline out of reach is planned for its best period, 3.5 ns (the loop's normalisation): 8
// slots; from the loop back, mul_cpa + alignment 2.0 + 2.5 - 0.5 = 4.0 > 3.5 (cut), + mul_tree
// 3.0, + mul_rows 4.5 (cut), then product_info 3.0 and unpack 3.5 join the first stage.
TEST(PipelinePlan, OutOfReachPlannedForTheBestPeriod) {
    const PipelinePlan plan = plan_within_reach(auto_unit(3.4), example(), "lib");
    EXPECT_FALSE(plan.reaches_clock);
    EXPECT_EQ(plan.unit.clock_ns, 3.4) << "the clock asked for, which the report compares against";
    EXPECT_EQ(plan.unit.slots, 8);
    EXPECT_EQ(plan.unit.cuts, (std::vector<std::string>{"mul_rows", "mul_cpa"}));
    EXPECT_EQ(plan.stage_estimate_ns, (std::vector<double>{3.5, 3.0}));
    EXPECT_EQ(plan.summary.rfind("3.4 ns is out of reach, planned for its best: 3.5 ns on lib: 2 stages", 0), 0u)
        << plan.summary;
    const PipelinePlan reachable = plan_within_reach(auto_unit(5), example(), "lib");
    EXPECT_TRUE(reachable.reaches_clock);
    EXPECT_EQ(reachable.unit, plan_from_delays(auto_unit(5), example(), "lib").unit);
}

// A build that misses its clock is planned again: at 5 ns the example's plan cuts after
// product_info and mul_cpa; built, it reaches 5.5 ns. Re-planned for 5 * 5 / 5.5 = 4.55 ns, the
// cuts are the same (nothing rebuilt); for 4.13 ns, mul_rows no longer joins mul_tree and mul_cpa
// (2.0 + 3.0 - 0.5 = 4.5 ns): cuts after mul_rows and mul_cpa, built at 4.0 ns, kept.
TEST(PipelinePlan, MissedBuildReplannedTighter) {
    std::vector<hw::UnitConfig> built;
    const auto build = [&](const hw::UnitConfig& unit) {
        built.push_back(unit);
        return unit.cuts == std::vector<std::string>{"product_info", "mul_cpa"} ? 5.5 : 4.0;
    };
    const auto same = [](double ns) { return ns; };
    const auto replan = [](double period) { return plan_for_period(auto_unit(5), example(), "lib", period); };
    const auto r = build_to_clock<double>(plan_from_delays(auto_unit(5), example(), "lib"), build, same, replan);
    ASSERT_EQ(built.size(), 2u) << "the first plan and one re-plan with other cuts";
    EXPECT_EQ(r.built, 4.0);
    EXPECT_EQ(r.plan.unit.cuts, (std::vector<std::string>{"mul_rows", "mul_cpa"}));
    EXPECT_EQ(r.plan.unit.clock_ns, 5.0);
    EXPECT_EQ(r.plan.summary.rfind("5 ns on lib, re-planned for 4.13 ns: 2 stages after mul_rows, mul_cpa", 0), 0u)
        << r.plan.summary;
    EXPECT_NE(r.plan.summary.find("(the plan for 5 ns reached 5.50 ns)"), std::string::npos) << r.plan.summary;

    // A re-plan that builds no faster is dropped; a plan out of reach is not re-planned.
    built.clear();
    const auto slower = [&](const hw::UnitConfig& unit) {
        built.push_back(unit);
        return unit.cuts == std::vector<std::string>{"product_info", "mul_cpa"} ? 5.5 : 6.0;
    };
    EXPECT_EQ(build_to_clock<double>(plan_from_delays(auto_unit(5), example(), "lib"), slower, same, replan).built, 5.5);
    EXPECT_EQ(built.size(), 2u);
    built.clear();
    const auto best = build_to_clock<double>(plan_within_reach(auto_unit(3.4), example(), "lib"), slower, same, replan);
    EXPECT_EQ(built.size(), 1u);
    EXPECT_FALSE(best.plan.reaches_clock);
}

TEST(PipelinePlan, DelaysRoundTripThroughJson) {
    const StageDelays d = example();
    const StageDelays back = StageDelays::from_json(d.to_json());
    EXPECT_EQ(back.segment_ns, d.segment_ns);
    EXPECT_EQ(back.loop_ns, d.loop_ns);
    EXPECT_EQ(back.register_overhead_ns, d.register_overhead_ns);
}

// The FFP8 MAC and the FP32 baseline at 8 ns on OSU 0.18 um (neither meets it unpipelined: 11.9
// and 16.9 ns): each planned on its own, each meeting the clock, every stage measured.
TEST(PipelineFlow, BothUnitsMeetEightNsOnOsu018) {
    const char* tmp = std::getenv("TMPDIR");
    TemporaryPath cache(std::filesystem::path(tmp && *tmp ? tmp : "/tmp") / fmt::format("ffp8-plan-cache-{}", ::getpid()));
    FlowOptions options;
    options.views = ViewSelection::built;
    options.clock_ns = 8;
    const Library library(default_liberty_path());
    PipelinePlanner planner(library, options, cache.path());
    const hw::UnitConfig request = auto_unit(8);
    const PipelinePlan plan = planner.plan(request);
    EXPECT_EQ(plan.unit.clock_ns, 8.0);
    ASSERT_EQ(std::distance(std::filesystem::directory_iterator(cache.path()), {}), 1) << "one measurement cached";
    EXPECT_EQ(planner.plan(request).unit, plan.unit) << "planned again from the cache";

    ::setenv("XDG_CACHE_HOME", cache.path().c_str(), 1);
    MacSynthesizer synthesizer(library, options);
    const MacComparison c = synthesizer.compare(request);
    ::unsetenv("XDG_CACHE_HOME");
    EXPECT_EQ(c.config, plan.unit) << "the FFP8 unit built is the one planned (from the cache)";
    for (const SynthesizedMac* d : {&c.baseline, &c.ffp8}) {
        const MappedFigures& f = *d->metrics.built;
        EXPECT_FALSE(d->unit.auto_stages);
        EXPECT_FALSE(d->plan_summary.empty());
        EXPECT_TRUE(f.met()) << d->metrics.name << ": " << f.delay_ns() << " ns; " << d->plan_summary;
        ASSERT_EQ(f.stage_paths.size(), static_cast<std::size_t>(d->unit.stages));
        ASSERT_EQ(f.loop_cut_paths.size(), static_cast<std::size_t>(d->unit.loop_cycles()));
        // The stages and the loop's cycles hold every register but the output stage's: the worst
        // of them is the design's worst path, and the loop's cycles hold the loop's worst.
        double worst = 0, loop_worst = 0;
        for (const auto& p : f.stage_paths) {
            ASSERT_TRUE(p);
            worst = std::max(worst, p->critical_ns());
        }
        for (const auto& p : f.loop_cut_paths) {
            ASSERT_TRUE(p);
            loop_worst = std::max(loop_worst, p->critical_ns());
        }
        EXPECT_NEAR(std::max(worst, loop_worst), f.delay_ns(), 1e-3) << d->metrics.name;
        EXPECT_GE(loop_worst + 1e-3, f.loop->critical_ns()) << d->metrics.name << ": the cycles hold the loop";
    }
    EXPECT_GT(c.baseline.unit.stages + c.baseline.unit.loop_cycles(), 2) << "the baseline needs registers at 8 ns";
}

// The aims, each unit and its baseline planned for the clock in one run on one library
// and script: SKY130 HD at 5 ns (delay script): the FFP8 MAC, the 8-lane unit and the FP32
// baseline all met, the MAC's area at most the baseline's, the 8-lane unit's area per
// multiply-accumulate per cycle at most 0.2x the baseline MAC's. Measured 2026-12-07: baseline
// 4.322 ns 68,107 um2; MAC 4.302 ns 42,292 um2; 8 lanes 4.728 ns, 0.157x. OSU at 8 ns: baseline
// 5.149 ns, MAC 6.964 ns, 8 lanes 5.774 ns.
struct AimFigures {
    bool ffp8_met = false, baseline_met = false;
    double ffp8_area = 0, baseline_area = 0, per_mac_ratio = 0;
};

AimFigures at_clock_aim(const std::filesystem::path& liberty, double clock_ns, AbcScript abc, int lanes) {
    FlowOptions options;
    options.views = ViewSelection::built;
    options.clock_ns = clock_ns;
    options.abc = abc;
    const Library library(liberty);
    MacSynthesizer synthesizer(library, options);
    hw::UnitConfig u = auto_unit(clock_ns);
    u.lanes = lanes;
    const MacComparison c = synthesizer.compare(u);
    for (const SynthesizedMac* d : {&c.baseline, &c.ffp8})
        std::cout << d->metrics.name << ": " << d->metrics.delay_ns() << " ns, " << d->metrics.area_um2() << " um2; "
                  << d->plan_summary << "\n";
    return {c.ffp8.metrics.built->met(), c.baseline.metrics.built->met(), c.ffp8.metrics.area_um2(),
            c.baseline.metrics.area_um2(), c.ffp8.metrics.area_um2() / lanes / c.baseline.metrics.area_um2()};
}

TEST(PipelineFlowNightly, Sky130AtFiveNs) {
    if (!std::filesystem::exists(FFP8_SKY130_LIB)) GTEST_SKIP() << "no SKY130 library at " << FFP8_SKY130_LIB;
    const AimFigures mac = at_clock_aim(FFP8_SKY130_LIB, 5, AbcScript::delay, 1);
    EXPECT_TRUE(mac.ffp8_met);
    EXPECT_TRUE(mac.baseline_met);
    EXPECT_LE(mac.ffp8_area, mac.baseline_area);
    const AimFigures dot = at_clock_aim(FFP8_SKY130_LIB, 5, AbcScript::delay, 8);
    EXPECT_TRUE(dot.ffp8_met);
    EXPECT_LE(dot.per_mac_ratio, 0.2);
}

// OSU 0.18 um at 8 ns, the default flow's script: all three met.
TEST(PipelineFlowNightly, Osu018AtEightNs) {
    const AimFigures mac = at_clock_aim(default_liberty_path(), 8, AbcScript::default_script, 1);
    EXPECT_TRUE(mac.ffp8_met);
    EXPECT_TRUE(mac.baseline_met);
    const AimFigures dot = at_clock_aim(default_liberty_path(), 8, AbcScript::default_script, 8);
    EXPECT_TRUE(dot.ffp8_met);
}

}  // namespace
}  // namespace ffp8::synth
