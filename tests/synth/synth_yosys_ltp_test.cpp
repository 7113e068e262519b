// The Yosys `ltp` parser on a saved Yosys 0.23 log.
#include <gtest/gtest.h>

#include "ffp8/synth/tool_error.hpp"
#include "ffp8/synth/yosys_ltp.hpp"
#include "log_text.hpp"

namespace ffp8::synth {
namespace {

TEST(YosysLtp, LongestPathOfTheTop) {
    const auto depth = parse_yosys_ltp(test::saved_log("reg_adder_generic_ltp.log"));
    ASSERT_EQ(depth.size(), 1u);
    EXPECT_EQ(depth.at("reg_adder"), 15);
}

TEST(YosysLtp, GeneratedBaselineDepth) {
    EXPECT_EQ(parse_yosys_ltp(test::saved_log("mac_baseline_generic_ltp.log")).at("ffp8_mac"), 183);
}

TEST(YosysLtp, MissingOrChangedLineFails) {
    const std::string log = test::saved_log("reg_adder_generic_ltp.log");
    EXPECT_THROW(parse_yosys_ltp(""), ToolOutputError);
    EXPECT_THROW(parse_yosys_ltp(test::cut_before(log, "Longest topological path")), ToolOutputError);
    EXPECT_THROW(parse_yosys_ltp(test::replace_once(log, "(length=15)", "(depth 15)")), ToolOutputError);
}

TEST(YosysLtp, DuplicateModuleFails) {
    const std::string log = test::saved_log("reg_adder_generic_ltp.log");
    EXPECT_THROW(parse_yosys_ltp(log + log), ToolOutputError);
}

}  // namespace
}  // namespace ffp8::synth
