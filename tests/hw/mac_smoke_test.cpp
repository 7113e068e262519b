// Smoke runs of whole generated MACs against ffp8::MacUnit, cycle by cycle: random operations,
// idle cycles, clear, load and reset (static, runtime and baseline builds; stages 0 and 2; with O).
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <random>

#include "ffp8/binary32.hpp"
#include "mac_vectors.hpp"

namespace ffp8::hw::test {
namespace {

using SmokeCase = ConfigCase;

class MacSmoke : public ::testing::TestWithParam<SmokeCase> {};

TEST_P(MacSmoke, MatchesMacUnitEveryCycle) {
    const SmokeCase& c = GetParam();
    const UnitConfig o = c.options();
    const std::vector<Format> runtime_formats{Format::parse("se4m3"), Format::parse("ue4m4"), Format::parse("ocp-e5m2"),
                                              Format::parse("e4m3fnuz"), Format::parse("se2m5b-3"), Format::parse("ue5m3b20-fn"),
                                              Format::parse("se7m0b150"), Format::parse("ue1m7b143")};
    std::mt19937_64 rng(static_cast<uint64_t>(c.stages) * 131 + c.act.size() * 7 + c.out.size());
    std::vector<MacInputs> cycles;
    cycles.push_back(MacInputs{.rst = true});
    for (int i = 0; i < 1200; ++i) {
        MacInputs in;
        in.rst = rng() % 100 == 0;
        in.in_valid = rng() % 10 < 7;
        in.clear = rng() % 20 == 0;
        in.load = rng() % 20 == 0;
        in.load_value = random_binary32(rng);
        in.a = o.act.is_fp32 ? random_binary32(rng) : static_cast<uint32_t>(rng() & 0xFF);
        in.w = o.wgt.is_fp32 ? random_binary32(rng) : static_cast<uint32_t>(rng() & 0xFF);
        if (c.mode == Mode::runtime_formats) {
            in.act = runtime_formats[rng() % runtime_formats.size()];
            in.wgt = runtime_formats[rng() % runtime_formats.size()];
        }
        cycles.push_back(in);
    }
    const auto got = simulate_mac(o, cycles, "smoke");
    MacUnit unit(MacUnitConfig{o.act, o.wgt, o.out, o.stages});
    int failures = 0;
    int results = 0;
    for (std::size_t i = 0; i < cycles.size() && failures < 10; ++i) {
        const MacOutputs want = unit.step(cycles[i]);
        results += want.out_valid;
        if (!(got[i] == want)) {
            ++failures;
            ADD_FAILURE() << fmt::format("{}: cycle {}: rtl valid {} acc {:08x} flags {:02x} q {:02x}; golden valid {} acc {:08x} flags {:02x} q {:02x}",
                                         c.describe(), i, got[i].out_valid, got[i].acc, got[i].flags, got[i].q, want.out_valid,
                                         want.acc, want.flags, want.q);
        }
    }
    EXPECT_GT(results, 500);
}

INSTANTIATE_TEST_SUITE_P(
    Configurations, MacSmoke,
    ::testing::Values(SmokeCase{"ue4m4", "se4m3", "", Mode::static_formats, 0},
                      SmokeCase{"ue4m4", "se4m3", "se4m3", Mode::static_formats, 2},
                      SmokeCase{"ocp-e4m3", "ocp-e5m2", "e4m3fnuz", Mode::static_formats, 0},
                      SmokeCase{"se4m3", "se4m3", "", Mode::runtime_formats, 0},
                      SmokeCase{"se4m3", "se4m3", "ue4m4", Mode::runtime_formats, 2},
                      SmokeCase{"fp32", "fp32", "", Mode::static_formats, 0},
                      SmokeCase{"fp32", "fp32", "ocp-e4m3", Mode::static_formats, 2},
                      SmokeCase{"fp32", "se2m5b-3", "", Mode::static_formats, 1},
                      SmokeCase{"se4m3", "se4m3", "", Mode::runtime_formats, 1, true},
                      SmokeCase{"ue4m4", "se4m3", "se4m3", Mode::static_formats, 3, true}),
    [](const auto& info) { return fmt::format("case{}", info.index); });

}  // namespace
}  // namespace ffp8::hw::test
