// Power and energy per operation: the activity VCD reader, the OpenSTA / toggle-count parsers,
// and the whole analysis (Yosys, Icarus, OpenSTA) on the small registered adder.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <random>
#include <sstream>

#include "ffp8/synth/activity_trace.hpp"
#include "ffp8/synth/liberty_file.hpp"
#include "ffp8/synth/power.hpp"
#include "ffp8/synth/synthesize.hpp"
#include "ffp8/synth/tool_error.hpp"
#include "test_designs.hpp"

namespace ffp8::synth {
namespace {

// A VCD of reg_adder's ports: two reset cycles, then `cycles` additions (q = a + b two edges
// later: a and b are registered, then the sum). `random` false: the operands never change.
std::string adder_vcd(int cycles, bool random, int corrupt_cycle = -1) {
    std::string v = "$comment ffp8-activity {\"design\":\"reg_adder\"} $end\n$timescale 1ns $end\n"
                    "$scope module reg_adder $end\n$var wire 1 ! clk $end\n$var wire 1 \" rst $end\n"
                    "$var wire 8 # a [7:0] $end\n$var wire 8 $ b $end\n$var wire 9 % q $end\n$upscope $end\n"
                    "$enddefinitions $end\n";
    std::mt19937 rng(7);
    unsigned ra = 0, rb = 0, q = 0;
    for (int k = 0; k < cycles + 2; ++k) {
        const bool rst = k < 2;
        const unsigned a = random ? rng() & 0xFF : 0x5A, b = random ? rng() & 0xFF : 0x33;
        v += fmt::format("#{}\n0!\n{}\"\nb{:b} #\nb{:b} $\n", 10 * k, rst ? 1 : 0, a, b);
        const unsigned nq = rst ? 0 : (ra + rb) & 0x1FF;
        ra = rst ? 0 : a;
        rb = rst ? 0 : b;
        q = nq;
        v += fmt::format("#{}\n1!\nb{:b} %\n", 10 * k + 5, k == corrupt_cycle ? q ^ 1 : q);
    }
    return v;
}

TEST(ActivityTrace, ReadsPortsPerEdge) {
    const PortTrace t = read_activity_vcd(adder_vcd(10, true));
    EXPECT_EQ(t.header["design"], "reg_adder");
    ASSERT_EQ(t.ports.size(), 4u);  // rst, a, b, q: the clock is not a port of the trace
    EXPECT_EQ(t.ports[1].name, "a");
    EXPECT_EQ(t.ports[3].width, 9);
    EXPECT_EQ(t.cycles(), 12u);
    EXPECT_EQ(t.before[0][0], 1u);  // rst in the first cycle
    EXPECT_EQ(t.before[5][0], 0u);
    // q after the edge of cycle k = a + b of cycle k - 1 (registered twice).
    for (std::size_t k = 3; k < t.cycles(); ++k)
        EXPECT_EQ(t.after[k][3], (t.before[k - 1][1] + t.before[k - 1][2]) & 0x1FF) << k;
}

TEST(ActivityTrace, RejectsWhatItCannotUse) {
    EXPECT_THROW(read_activity_vcd("not a vcd"), std::runtime_error);
    const std::string ok = adder_vcd(3, true);
    try {
        read_activity_vcd(ok, "clock");
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), "activity file: no clock port 'clock' in the top scope");
    }
    std::string x = ok;
    x.replace(x.find("1!\nb"), 4, "1!\nbx");
    EXPECT_THROW(read_activity_vcd(x), std::runtime_error);
    std::string unknown = ok + "#999\n1&\n";
    EXPECT_THROW(read_activity_vcd(unknown), std::runtime_error);
}

TEST(PowerParsers, InstanceRowsAndToggles) {
    const auto p = parse_instance_power("     Internal    Switching      Leakage        Total\n"
                                        " 1.0e-06 2.0e-06 3.0e-11 3.00003e-06 i12\n 0 0 1e-11 1e-11 i13\n");
    ASSERT_EQ(p.size(), 2u);
    EXPECT_DOUBLE_EQ(p.at("i12").switching_w, 2e-6);
    EXPECT_DOUBLE_EQ(p.at("i13").leakage_w, 1e-11);
    EXPECT_THROW(parse_instance_power("Error: x.tcl, 3 cannot open\n"), ToolOutputError);
    EXPECT_THROW(parse_instance_power(""), ToolOutputError);
    const auto t = parse_toggle_counts("i12 Y 50\ni13 Q 0\n", 100);
    EXPECT_DOUBLE_EQ(t.at("i12/Y"), 0.5);
    EXPECT_DOUBLE_EQ(t.at("i13/Q"), 0);
}

DesignMetrics with_power(const Library& lib, std::vector<const PortTrace*> traces) {
    FlowOptions opt;
    opt.clock_ns = 5;
    opt.views = ViewSelection::built;
    opt.power = PowerRequest{};
    for (std::size_t i = 0; i < traces.size(); ++i)
        opt.power->activities.push_back({traces[i], "adder.vcd", fmt::format("choice {}", i)});
    return synthesize(test::reg_adder(), lib, opt);
}

DesignMetrics with_power(const Library& lib, const PortTrace* trace) {
    return with_power(lib, trace ? std::vector<const PortTrace*>{trace} : std::vector<const PortTrace*>{});
}

// Real tools on OSU 0.18 um: simulated activity drives the figures.
TEST(PowerFlow, RegisteredAdderOsu018) {
    const Library lib(default_liberty_path());
    const PortTrace busy = read_activity_vcd(adder_vcd(200, true));
    const PortTrace idle = read_activity_vcd(adder_vcd(200, false));
    const DesignMetrics m = with_power(lib, &busy);
    ASSERT_TRUE(m.power);
    const PowerMetrics& p = *m.power;
    EXPECT_TRUE(p.simulated);
    EXPECT_EQ(p.activity_source, "adder.vcd");
    EXPECT_EQ(p.cycles, 200 - 1 + 2 - 2);  // counted from the cycle after the reset cycles
    EXPECT_GT(p.mean_toggle_rate, 0.05);
    EXPECT_LT(p.mean_toggle_rate, 1.0);
    EXPECT_GT(p.switching_w, 0);
    EXPECT_GT(p.internal_w, 0);
    EXPECT_GT(p.leakage_w, 0);
    EXPECT_DOUBLE_EQ(p.energy_per_op_pj(), p.total_w() * 5 * 1e3);

    // Constant operands: after the one step out of reset nothing but the clock toggles; the
    // registers' clock power remains.
    const PowerMetrics q = *with_power(lib, &idle).power;
    EXPECT_LT(q.mean_toggle_rate, 0.01);
    EXPECT_LT(q.switching_w, p.switching_w / 20);
    EXPECT_GT(q.internal_w, 0);
    EXPECT_LT(q.total_w(), p.total_w());

    // No activity file: the default toggle rate.
    const PowerMetrics d = *with_power(lib, nullptr).power;
    EXPECT_FALSE(d.simulated);
    EXPECT_NE(d.activity_source.find("default toggle rate 0.1"), std::string::npos);
    EXPECT_NEAR(d.mean_toggle_rate, default_toggle_rate, 1e-12);

    // Two activities in one request: each its own simulation, the same figures as alone, in order.
    const DesignMetrics both = with_power(lib, {&idle, &busy});
    ASSERT_TRUE(both.power);
    ASSERT_EQ(both.other_power.size(), 1u);
    EXPECT_EQ(both.power->operands, "choice 0");
    EXPECT_EQ(both.other_power[0].operands, "choice 1");
    EXPECT_DOUBLE_EQ(both.power->total_w(), q.total_w());
    EXPECT_DOUBLE_EQ(both.other_power[0].total_w(), p.total_w());
    EXPECT_DOUBLE_EQ(both.other_power[0].mean_toggle_rate, p.mean_toggle_rate);
}

// Power is measured on the headline view's netlist: blocks kept when only that view runs.
TEST(PowerFlow, OnTheHeadlineView) {
    const Library lib(default_liberty_path());
    FlowOptions opt;
    opt.clock_ns = 5;
    opt.power = PowerRequest{};
    opt.views = ViewSelection::blocks;
    std::vector<std::string> steps;
    opt.on_step = [&](std::string_view s) { steps.emplace_back(s); };
    const DesignMetrics m = synthesize(test::reg_adder(), lib, opt);
    ASSERT_TRUE(m.power);
    EXPECT_NE(std::find(steps.begin(), steps.end(), "power (blocks kept)"), steps.end());
    opt.views = ViewSelection::both;
    steps.clear();
    synthesize(test::reg_adder(), lib, opt);
    EXPECT_NE(std::find(steps.begin(), steps.end(), "power (as built)"), steps.end());
    EXPECT_EQ(std::find(steps.begin(), steps.end(), "power (blocks kept)"), steps.end());
}

void expect_mismatch(const Library& lib, const PortTrace& t, const std::string& text) {
    try {
        with_power(lib, &t);
        FAIL() << "no exception";
    } catch (const ToolRunError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find(text), std::string::npos) << msg;
        const auto at = msg.find("work folder kept: ");
        ASSERT_NE(at, std::string::npos);
        std::filesystem::remove_all(msg.substr(at + 18, msg.size() - at - 19));
    }
}

TEST(PowerFlow, ActivityThatDoesNotFitTheNetlist) {
    const Library lib(default_liberty_path());
    expect_mismatch(lib, read_activity_vcd(adder_vcd(20, true, 9)),
                    "activity file does not match the netlist of reg_adder: cycle 9 port q");
    PortTrace narrow = read_activity_vcd(adder_vcd(20, true));
    narrow.ports[1].width = 4;
    expect_mismatch(lib, narrow, "port a has 4 bits there, 8 in the netlist");
    PortTrace missing = narrow;
    missing.ports[1].name = "x";
    expect_mismatch(lib, missing, "it has no port a (8 bits)");
}

}  // namespace
}  // namespace ffp8::synth

// `ffp8 sim --activity`: the file the simulator writes is what the power flow reads.
#include "ffp8/decode.hpp"
#include "ffp8/hw/generator.hpp"
#include "ffp8/sim/activity_vcd.hpp"

namespace ffp8::synth {
namespace {

TEST(ActivityVcd, WrittenBySimReadBySynth) {
    hw::UnitConfig g;
    g.act = Format::parse("ue4m4");
    g.wgt = Format::parse("se4m3");
    const sim::DesignInfo design = sim::design_from_manifest(hw::generate(g).manifest);
    const auto file = std::filesystem::temp_directory_path() / "ffp8_activity_test.vcd";
    sim::write_activity_vcd(design, {300, 5, 32}, file);
    std::ifstream in(file);
    std::ostringstream text;
    text << in.rdbuf();
    std::filesystem::remove(file);
    const PortTrace t = read_activity_vcd(text.str());
    EXPECT_EQ(t.header["act"], "ue4m4b7");
    EXPECT_EQ(t.header["mode"], "static");
    EXPECT_EQ(t.header["ops"], 300);
    ASSERT_EQ(t.cycles(), 2u + 300 + design.latency + 1);
    const auto at = [&](const char* n) { return static_cast<std::size_t>(t.find(n)); };
    long ops = 0, clears = 0, results = 0;
    for (std::size_t k = 0; k < t.cycles(); ++k) {
        const auto& in_k = t.before[k];
        EXPECT_EQ(in_k[at("rst")], k < 2 ? 1u : 0u);
        if (in_k[at("in_valid")]) {
            ++ops;
            clears += static_cast<long>(in_k[at("clear")]);
            EXPECT_TRUE(std::isfinite(std::bit_cast<float>(decode(g.act, static_cast<uint8_t>(in_k[at("a")])))));
            EXPECT_TRUE(std::isfinite(std::bit_cast<float>(decode(g.wgt, static_cast<uint8_t>(in_k[at("w")])))));
        }
        results += static_cast<long>(t.after[k][at("out_valid")]);
    }
    EXPECT_EQ(ops, 300);
    EXPECT_EQ(clears, 10);     // one per chain of 32
    EXPECT_EQ(results, 300);   // every operation's result leaves within the drain cycles
    sim::DesignInfo runtime = design;
    runtime.unit.mode = hw::Mode::runtime_formats;
    EXPECT_THROW(sim::write_activity_vcd(runtime, {}, file), std::runtime_error);
}

}  // namespace
}  // namespace ffp8::synth
