// The OpenSTA `report_checks` parser on saved OpenSTA 2.0.17 logs.
#include <gtest/gtest.h>

#include "ffp8/synth/sta_report.hpp"
#include "ffp8/synth/tool_error.hpp"
#include "log_text.hpp"

namespace ffp8::synth {
namespace {

using test::cut_before;
using test::replace_once;
using test::saved_log;

TEST(StaReport, WorstPathOsu018) {
    const TimingPath p = parse_sta_report(saved_log("reg_adder_osu018_sta.log"));
    EXPECT_EQ(p.startpoint, "_150_");
    EXPECT_EQ(p.endpoint, "_148_");
    EXPECT_DOUBLE_EQ(p.arrival_ns, 1.3329);
    EXPECT_DOUBLE_EQ(p.required_ns, 4.8163);
    EXPECT_DOUBLE_EQ(p.slack_ns, 3.4834);
    EXPECT_DOUBLE_EQ(p.capture_edge_ns, 5.0);
    EXPECT_TRUE(p.met);
    EXPECT_NEAR(p.critical_ns(), 1.5166, 1e-9);  // arrival + setup time 0.1837
}

TEST(StaReport, WorstPathSky130) {
    const TimingPath p = parse_sta_report(saved_log("reg_adder_sky130_sta.log"));
    EXPECT_TRUE(p.met);
    EXPECT_DOUBLE_EQ(p.capture_edge_ns, 5.0);
    EXPECT_GT(p.critical_ns(), p.arrival_ns);  // the setup time is positive
    EXPECT_LT(p.critical_ns(), 5.0);
}

// The generated FP32 baseline MAC (sky130, hierarchical netlist): an in-to-reg path through the
// FMA blocks, 10 ns clock not met.
TEST(StaReport, GeneratedBaselineSky130) {
    const TimingPath p = parse_sta_report(saved_log("mac_baseline_sky130_sta.log"));
    EXPECT_EQ(p.startpoint, "a[28]");
    EXPECT_FALSE(p.met);
    EXPECT_DOUBLE_EQ(p.arrival_ns, 23.4532);
    EXPECT_DOUBLE_EQ(p.slack_ns, -13.5843);
    EXPECT_DOUBLE_EQ(p.capture_edge_ns, 10.0);
    const auto by = p.delay_by_instance();
    std::vector<std::string> order;
    double sum = 0;
    for (const auto& [where, ns] : by) {
        order.push_back(where);
        sum += ns;
    }
    EXPECT_EQ(order, (std::vector<std::string>{"top", "unpack_x", "mul_tree", "mul_cpa", "fma_add"}));
    EXPECT_NEAR(sum, p.arrival_ns, 1e-3);
    EXPECT_GT(by[4].second, 0.5 * p.arrival_ns);  // the FMA add dominates this path
}

TEST(StaReport, ViolatedPathKeepsItsSign) {
    std::string log = saved_log("reg_adder_osu018_sta.log");
    log = replace_once(log, "   5.0000    5.0000   clock clk (rise edge)", "   1.0000    1.0000   clock clk (rise edge)");
    log = replace_once(log, "             4.8163   data required time\n-", "             0.8163   data required time\n-");
    log = replace_once(log, "             4.8163   data required time\n ", "             0.8163   data required time\n ");
    log = replace_once(log, "             3.4834   slack (MET)", "            -0.5166   slack (VIOLATED)");
    const TimingPath p = parse_sta_report(log);
    EXPECT_FALSE(p.met);
    EXPECT_DOUBLE_EQ(p.slack_ns, -0.5166);
    EXPECT_NEAR(p.critical_ns(), 1.5166, 1e-9);
}

TEST(StaReport, ErrorsInTheLogFail) {
    const std::string log = saved_log("reg_adder_osu018_sta.log");
    EXPECT_THROW(parse_sta_report("Error: sta.tcl, 3 cell INVX1 not found.\n" + log), ToolOutputError);
    EXPECT_THROW(parse_sta_report("No paths found.\n"), ToolOutputError);
    EXPECT_THROW(parse_sta_report(""), ToolOutputError);
}

TEST(StaReport, TruncatedOrChangedReportFails) {
    const std::string log = saved_log("reg_adder_osu018_sta.log");
    EXPECT_THROW(parse_sta_report(cut_before(log, "             1.3329   data arrival time")), ToolOutputError);
    EXPECT_THROW(parse_sta_report(cut_before(log, "             3.4834   slack (MET)")), ToolOutputError);
    EXPECT_THROW(parse_sta_report(replace_once(log, "slack (MET)", "slack")), ToolOutputError);
    // A pin line in another layout breaks the sum of the increments.
    EXPECT_THROW(parse_sta_report(replace_once(log, "   0.1339    0.3325 ^ _160_/Y (NAND2X1)", "   0.1339    0.3325 ^ _160_/Y")),
                 ToolOutputError);
    // Numbers that do not add up mean the columns moved.
    EXPECT_THROW(parse_sta_report(replace_once(log, "             3.4834   slack (MET)", "             0.0000   slack (MET)")),
                 ToolOutputError);
}

}  // namespace
}  // namespace ffp8::synth
