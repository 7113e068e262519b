// The iCE40 flow: nextpnr-ice40 logs (saved, real output of nextpnr-ice40 0.4 on the static FFP8
// MAC), device names, and the real tools on a small registered adder.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "ffp8/synth/fpga_report.hpp"
#include "ffp8/synth/ice40_flow.hpp"
#include "ffp8/synth/nextpnr_log.hpp"
#include "ffp8/synth/tool_error.hpp"
#include "test_designs.hpp"
#include "ffp8/synth/yosys_stat.hpp"
#include "log_text.hpp"

namespace ffp8::synth {
namespace {

using test::replace_once;
using test::saved_log;

TEST(NextpnrLog, PlacedAndRouted) {
    const NextpnrOutcome o = parse_nextpnr_log(saved_log("nextpnr_ffp8_static_hx8k.log"), 0);
    EXPECT_TRUE(o.fits);
    EXPECT_TRUE(o.problem.empty());
    ASSERT_TRUE(o.fmax_mhz);
    EXPECT_DOUBLE_EQ(*o.fmax_mhz, 14.53);  // the post-route line, not the post-placement estimate (14.07)
    EXPECT_EQ(o.utilisation.at("ICESTORM_LC").used, 1427);
    EXPECT_EQ(o.utilisation.at("ICESTORM_LC").available, 7680);
    EXPECT_EQ(o.utilisation.at("SB_IO").used, 91);
}

TEST(NextpnrLog, TooFewPackagePinsIsNotFitting) {
    const NextpnrOutcome o = parse_nextpnr_log(saved_log("nextpnr_ffp8_static_up5k_sg48.log"), 255);
    EXPECT_FALSE(o.fits);
    EXPECT_FALSE(o.fmax_mhz);
    EXPECT_NE(o.problem.find("not enough I/O pins"), std::string::npos) << o.problem;
    EXPECT_EQ(o.utilisation.at("ICESTORM_DSP").available, 8);
}

TEST(NextpnrLog, MoreCellsThanTheDeviceIsNotFitting) {
    const std::string log = replace_once(saved_log("nextpnr_ffp8_static_up5k_sg48.log"), "1427/ 5280", "9427/ 5280");
    const NextpnrOutcome o = parse_nextpnr_log(log, 255);
    EXPECT_FALSE(o.fits);
    EXPECT_EQ(o.problem, "needs 9427 ICESTORM_LC but the device has 5280");
}

TEST(NextpnrLog, RoutingFailureIsNotFitting) {
    const NextpnrOutcome o = parse_nextpnr_log("Info: \t ICESTORM_LC:   10/ 7680     0%\nERROR: Failed to route net x\n", 255);
    EXPECT_FALSE(o.fits);
    EXPECT_NE(o.problem.find("could not be routed"), std::string::npos);
}

TEST(NextpnrLog, OtherFailuresAreErrors) {
    try {
        parse_nextpnr_log(saved_log("nextpnr_bad_package.log"), 255);
        FAIL() << "no exception";
    } catch (const ToolRunError& e) {
        EXPECT_NE(std::string(e.what()).find("Unsupported package 'xx'"), std::string::npos) << e.what();
    }
    const std::string ok = saved_log("nextpnr_ffp8_static_hx8k.log");
    EXPECT_THROW(parse_nextpnr_log(test::cut_before(ok, "Info: Max frequency"), 0), ToolOutputError);
    EXPECT_THROW(parse_nextpnr_log("", 0), ToolOutputError);
}

TEST(Ice40Device, NamesAndPackages) {
    EXPECT_EQ(ice40_device("hx8k").package, "ct256");
    EXPECT_FALSE(ice40_device("hx8k").has_dsp);
    EXPECT_TRUE(ice40_device("up5k").has_dsp);
    EXPECT_EQ(ice40_device("up5k", "uwg30").package, "uwg30");
    EXPECT_EQ(ice40_device("up5k").nextpnr_switch(), "--up5k");
    try {
        ice40_device("xc7a35t");
        FAIL() << "no exception";
    } catch (const std::invalid_argument& e) {
        EXPECT_EQ(std::string(e.what()), "unknown iCE40 device 'xc7a35t' (known: hx1k, hx4k, hx8k, lp8k, up5k)");
    }
}

TEST(Ice40Cells, CountedFromStat) {
    FpgaMetrics m;
    count_ice40_cells(m, parse_yosys_stat(saved_log("ice40_ffp8_static_stat.log")).total().cell_types);
    EXPECT_EQ(m.luts, 1413);
    EXPECT_EQ(m.carries, 41);
    EXPECT_EQ(m.flip_flops, 37);  // SB_DFFESR + SB_DFFSR
    EXPECT_EQ(m.dsps, 0);
}

using test::reg_adder;

// Real tools: synth_ice40 and nextpnr-ice40 on the registered 8-bit adder (seconds).
TEST(Ice40Flow, RegisteredAdderFitsHx1k) {
    FpgaFlowOptions opt;
    opt.device = ice40_device("hx1k");
    opt.target_mhz = 50;
    std::vector<std::string> steps;
    opt.on_step = [&](std::string_view s) { steps.emplace_back(s); };
    const FpgaMetrics m = implement_ice40(reg_adder(), opt);
    EXPECT_EQ(steps, (std::vector<std::string>{"synth_ice40", "nextpnr"}));
    ASSERT_TRUE(m.fits()) << m.pnr.problem;
    EXPECT_EQ(m.flip_flops, 25);
    EXPECT_GE(m.carries, 6);   // the adder on the carry chain
    EXPECT_GE(m.luts, 8);      // one LUT per sum bit beside its carry cell
    EXPECT_EQ(m.dsps, 0);
    EXPECT_GT(m.fmax_mhz(), 50);  // 8-bit add between registers: far above 50 MHz on any iCE40
    EXPECT_EQ(m.pnr.utilisation.at("SB_IO").used, 8 + 8 + 9 + 2);
    const auto j = fpga_json(m);
    EXPECT_EQ(j["fits"], true);
    EXPECT_TRUE(j["problem"].is_null());
}

// 27 ports on the UP5K's 21-pin uwg30 package: reported as not fitting, not thrown.
TEST(Ice40Flow, TooManyPortsForThePackage) {
    FpgaFlowOptions opt;
    opt.device = ice40_device("up5k", "uwg30");
    const FpgaMetrics m = implement_ice40(reg_adder(), opt);
    EXPECT_FALSE(m.fits());
    EXPECT_NE(m.pnr.problem.find("I/O pins"), std::string::npos) << m.pnr.problem;
    EXPECT_THROW(m.fmax_mhz(), std::logic_error);
    const auto j = fpga_json(m);
    EXPECT_EQ(j["fits"], false);
    EXPECT_TRUE(j["fmax_mhz"].is_null());
}

TEST(Ice40Flow, BadPackageIsAnError) {
    FpgaFlowOptions opt;
    opt.device = Ice40Device{"hx8k", "nosuchpkg", false};  // ice40_device() refuses it: nextpnr's error path
    try {
        implement_ice40(reg_adder(), opt);
        FAIL() << "no exception";
    } catch (const ToolRunError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("Unsupported package"), std::string::npos) << msg;
        const auto at = msg.find("work folder kept: ");
        ASSERT_NE(at, std::string::npos);
        std::filesystem::remove_all(msg.substr(at + 18, msg.size() - at - 19));
    }
}

}  // namespace
}  // namespace ffp8::synth

#include <cstdlib>

#include "ffp8/synth/subprocess.hpp"

namespace ffp8::synth {
namespace {

// A tool that is not installed: one line naming the Debian package.
TEST(ToolMissing, NamesTheDebianPackage) {
    const std::string saved = std::getenv("PATH") ? std::getenv("PATH") : "";
    const auto empty = std::filesystem::temp_directory_path() / "ffp8-empty-path";
    std::filesystem::create_directories(empty);
    ::setenv("PATH", empty.c_str(), 1);
    const auto log = empty / "log";
    for (const auto& [tool, package] : {std::pair{"nextpnr-ice40", "nextpnr-ice40"}, std::pair{"sta", "opensta"},
                                        std::pair{"iverilog", "iverilog"}}) {
        try {
            run_logged({tool}, empty, log);
            ADD_FAILURE() << tool << ": no exception";
        } catch (const ToolRunError& e) {
            const std::string msg = e.what();
            EXPECT_NE(msg.find(std::string("install the Debian package ") + package), std::string::npos) << msg;
            EXPECT_EQ(msg.find('\n'), std::string::npos);
        }
    }
    ::setenv("PATH", saved.c_str(), 1);
    std::filesystem::remove_all(empty);
}

}  // namespace
}  // namespace ffp8::synth
