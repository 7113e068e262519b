// The runtime-configurable MAC the build verilated, co-simulated in process (C++ harness) on
// format pairs across the family: no Verilator run per pair.
#include <gtest/gtest.h>

#include <cctype>
#include <string>

#include "ffp8/sim/prebuilt.hpp"
#include "ffp8/sim/report.hpp"
#include "ffp8/sim/simulate.hpp"

namespace ffp8::sim {
namespace {

SimResult run_runtime(const char* act, const char* wgt, uint64_t ops, bool exhaustive = false) {
    SimRequest r;
    r.unit.act = Format::parse(act);
    r.unit.wgt = Format::parse(wgt);
    r.unit.mode = hw::Mode::runtime_formats;
    r.stimulus.ops = ops;
    r.stimulus.exhaustive = exhaustive;
    r.progress = false;
    const SimJob job = make_job(r);
    EXPECT_TRUE(has_prebuilt_cpp_model(job.design));
    const SimResult result = run_prebuilt_cpp(job);
    if (!result.passed) ADD_FAILURE() << mismatch_report(job, result);
    return result;
}

class RuntimeModel : public ::testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(RuntimeModel, EqualsTheGoldenModelOnEveryCycle) {
    const SimResult r = run_runtime(GetParam().first, GetParam().second, 50'000);
    EXPECT_TRUE(r.passed);
    EXPECT_GT(r.operations, 50'000u);
}

INSTANTIATE_TEST_SUITE_P(FormatPairs, RuntimeModel,
                         ::testing::Values(std::pair{"ue4m4", "se4m3"}, std::pair{"ocp-e4m3", "ocp-e5m2"},
                                           std::pair{"e4m3fnuz", "e5m2fnuz"}, std::pair{"se2m5b-3", "ue8m0b140"},
                                           std::pair{"se1m6", "ue1m7b1-fn"}, std::pair{"ue5m3b20", "se6m1b40-ieee"}),
                         [](const auto& info) {
                             std::string name = std::string(info.param.first) + "_x_" + info.param.second;
                             for (char& c : name)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return name;
                         });

TEST(RuntimeModelExhaustive, EveryOperandPairOfOcpE4m3) {
    const SimResult r = run_runtime("ocp-e4m3", "ocp-e4m3", 0, true);
    EXPECT_TRUE(r.passed);
    EXPECT_GT(r.operations, 19u * 65536u);
}

}  // namespace
}  // namespace ffp8::sim
