// Clock-driven pipelining on an iCE40: the probe's register groups and their cones on a netlist
// written by hand (every source, cell and port worked out below), and `--stages auto` through
// synth_ice40 and nextpnr-ice40: the FFP8 MAC planned for 20 ns meets 50 MHz post-route on an
// HX8K (the aim); nightly, the comparison with its baseline at the same clock.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <unistd.h>

#include "ffp8/hw/generator.hpp"
#include "ffp8/synth/fpga_comparison.hpp"
#include "ffp8/synth/ice40_pipeline_planner.hpp"
#include "ffp8/synth/ice40_stage_delays.hpp"
#include "ffp8/temporary_path.hpp"

namespace ffp8::synth {
namespace {

using nlohmann::json;

json flop(const std::string& src, long d, long q) {
    return {{"type", "SB_DFF"},
            {"attributes", {{"src", src}}},
            {"port_directions", {{"C", "input"}, {"D", "input"}, {"Q", "output"}}},
            {"connections", {{"C", {2}}, {"D", {d}}, {"Q", {q}}}}};
}

json lut(long i0, long i1, long o) {
    return {{"type", "SB_LUT4"},
            {"attributes", json::object()},
            {"port_directions", {{"I0", "input"}, {"I1", "input"}, {"I2", "input"}, {"I3", "input"}, {"O", "output"}}},
            {"connections", {{"I0", {i0}}, {"I1", {i1}}, {"I2", {"0"}}, {"I3", {"0"}}, {"O", {o}}}}};
}

// Ports clk (2), a (3), b (4), y (8). Stage 1: f1 <- a. Stage 2: f2 <- lut1(f1, b). The loop's end:
// f3 <- lut2(f2, f3) (it feeds itself). Unmarked: f4 <- f3, driving y.
json hand_netlist() {
    json m;
    m["ports"] = {{"clk", {{"direction", "input"}, {"bits", {2}}}},
                  {"a", {{"direction", "input"}, {"bits", {3}}}},
                  {"b", {{"direction", "input"}, {"bits", {4}}}},
                  {"y", {{"direction", "output"}, {"bits", {8}}}}};
    m["netnames"] = {{"clk", {{"hide_name", 0}, {"bits", {2}}}}, {"f1_q", {{"hide_name", 0}, {"bits", {5}}}},
                     {"f2_q", {{"hide_name", 0}, {"bits", {6}}}}, {"f3_q", {{"hide_name", 0}, {"bits", {7}}}},
                     {"y", {{"hide_name", 0}, {"bits", {8}}}},    {"sum", {{"hide_name", 0}, {"bits", {9}}}}};
    m["cells"] = {{"f1", flop("rtl/top.v:1|ffp8_stage_1_", 3, 5)},
                  {"f2", flop("ffp8_stage_2_", 10, 6)},
                  {"lut1", lut(5, 4, 10)},
                  {"f3", flop("x.v:3|ffp8_loop_end_|y.v:4", 9, 7)},
                  {"lut2", lut(6, 7, 9)},
                  {"f4", flop("rtl/top.v:9", 7, 8)}};
    return {{"modules", {{"top", m}}}};
}

const std::vector<std::string> hand_marks{"ffp8_stage_1_", "ffp8_stage_2_", "ffp8_loop_end_"};

TEST(Ice40Cones, GroupsTheirLogicAndSourcesInAHandNetlist) {
    const auto groups = register_groups(hand_netlist()["modules"]["top"], hand_marks);
    ASSERT_EQ(groups.size(), 4u);
    EXPECT_EQ(groups[0].cells, std::vector<std::string>{"f1"});
    EXPECT_TRUE(groups[0].sources.empty()) << "fed by a port only";
    EXPECT_TRUE(groups[0].logic.empty());
    EXPECT_EQ(groups[1].cells, std::vector<std::string>{"f2"});
    EXPECT_EQ(groups[1].sources, std::vector<int>{0});
    EXPECT_EQ(groups[1].logic, std::vector<std::string>{"lut1"});
    EXPECT_EQ(groups[2].cells, std::vector<std::string>{"f3"});
    EXPECT_EQ(groups[2].sources, (std::vector<int>{1, 2})) << "the loop's end feeds itself";
    EXPECT_EQ(groups[2].logic, std::vector<std::string>{"lut2"});
    EXPECT_EQ(groups[3].mark, "");
    EXPECT_EQ(groups[3].cells, std::vector<std::string>{"f4"});
    EXPECT_EQ(groups[3].sources, std::vector<int>{2});
    EXPECT_TRUE(groups[3].logic.empty());
}

TEST(Ice40Cones, ConeKeepsWhatFeedsTheGroupAndTiesItsSourcesLow) {
    const json netlist = hand_netlist();
    const auto groups = register_groups(netlist["modules"]["top"], hand_marks);
    const json cone = cone_netlist(netlist, "top", groups, 1)["modules"]["top"];
    std::vector<std::string> cells, ports;
    for (const auto& [name, _] : cone["cells"].items()) cells.push_back(name);
    for (const auto& [name, _] : cone["ports"].items()) ports.push_back(name);
    EXPECT_EQ(cells, (std::vector<std::string>{"f1", "f2", "lut1"}));
    EXPECT_EQ(ports, (std::vector<std::string>{"b", "clk"})) << "a fed only the source's input, now tied low; y is unused";
    EXPECT_EQ(cone["cells"]["f1"]["connections"]["D"], json::array({"0"}));
    EXPECT_EQ(cone["cells"]["f1"]["connections"]["C"], json::array({2})) << "the clock stays";
    EXPECT_EQ(cone["cells"]["f2"]["connections"]["D"], json::array({10})) << "the group itself untouched";
    EXPECT_FALSE(cone["netnames"].contains("f3_q"));
    EXPECT_TRUE(cone["netnames"].contains("f1_q"));

    // A group that feeds itself keeps its own inputs.
    const json loop = cone_netlist(netlist, "top", groups, 2)["modules"]["top"];
    EXPECT_EQ(loop["cells"]["f3"]["connections"]["D"], json::array({9}));
    EXPECT_EQ(loop["cells"]["f2"]["connections"]["D"], json::array({"0"}));
    EXPECT_FALSE(loop["cells"].contains("lut1"));
}

std::filesystem::path scratch(const std::string& name) {
    const char* tmp = std::getenv("TMPDIR");
    return std::filesystem::path(tmp && *tmp ? tmp : "/tmp") / fmt::format("{}-{}", name, ::getpid());
}

hw::UnitConfig auto_unit(double clock_ns) {
    hw::UnitConfig u;
    u.auto_stages = true;
    u.clock_ns = clock_ns;
    return u;
}

FpgaFlowOptions hx8k_at(double clock_ns) {
    FpgaFlowOptions f;
    f.device = ice40_device("hx8k");
    f.target_mhz = 1000.0 / clock_ns;
    return f;
}

// The aim: the FFP8 MAC >= 50 MHz post-route on an HX8K, planned from its own cones' delays.
TEST(Ice40PipelineFlow, FfpMacMeetsFiftyMhzOnHx8k) {
    const TemporaryPath cache(scratch("ffp8-ice40-plan-cache"));
    const FpgaFlowOptions flow = hx8k_at(20);
    Ice40PipelinePlanner planner(flow, cache.path());
    const StageDelays d = planner.measure(auto_unit(20));
    ASSERT_EQ(d.segment_ns.size(), 5u);
    ASSERT_EQ(d.loop_ns.size(), 5u);
    for (const double t : d.segment_ns) EXPECT_GT(t, d.register_overhead_ns);
    for (const double t : d.loop_ns) EXPECT_GT(t, d.register_overhead_ns);
    EXPECT_GT(d.register_overhead_ns, 0.3) << "clock-to-Q plus setup of an iCE40 logic cell";

    const PipelinePlan plan = planner.plan(auto_unit(20));
    std::cout << plan.summary << "\n";
    EXPECT_EQ(plan.unit.planned_on, "ice40 hx8k ct256");
    EXPECT_LT(plan.unit.stages, 5) << "cuts only where needed, not at every point";
    EXPECT_GT(plan.unit.slots, 1) << "the loop does not fit 20 ns in one cycle on an iCE40";
    for (const double t : plan.stage_estimate_ns) EXPECT_LE(t, 20.0);
    const FpgaMetrics m = implement_ice40(rtl_design(hw::generate(plan.unit), plan.unit.label()), flow);
    ASSERT_TRUE(m.fits()) << m.pnr.problem;
    std::cout << "FFP8 MAC for 20 ns on hx8k: " << m.fmax_mhz() << " MHz post-route, " << m.luts << " LUT4\n";
    EXPECT_GE(m.fmax_mhz(), 50.0);
}

// The comparison at the same clock: the baseline cannot keep up on an iCE40, so it is built for
// its best period and reported as missing 50 MHz, beside the FFP8 MAC that meets it.
TEST(Ice40PipelineFlowNightly, ComparisonAtTwentyNs) {
    const TemporaryPath work(scratch("ffp8-ice40-compare"));
    const char* saved = ::getenv("XDG_CACHE_HOME");
    const std::string saved_cache = saved ? saved : "";
    std::filesystem::create_directories(work.path());
    ::setenv("XDG_CACHE_HOME", work.path().c_str(), 1);
    FpgaMacImplementer implementer(hx8k_at(20));
    const FpgaComparison c = implementer.compare(auto_unit(20));
    if (saved) ::setenv("XDG_CACHE_HOME", saved_cache.c_str(), 1);
    else ::unsetenv("XDG_CACHE_HOME");
    ASSERT_TRUE(c.ffp8.fpga.fits() && c.baseline.fpga.fits());
    std::cout << c.baseline.plan_summary << "\n" << c.ffp8.plan_summary << "\n";
    EXPECT_GE(c.ffp8.fpga.fmax_mhz(), 50.0);
    EXPECT_LT(c.ffp8.fpga.luts, c.baseline.fpga.luts);
    EXPECT_TRUE(c.baseline.unit.clock_ns && *c.baseline.unit.clock_ns == 20.0) << "reported at the clock asked for";
}

}  // namespace
}  // namespace ffp8::synth
