// MacUnit, the cycle model, against the timing contract written in mac_unit.hpp: literal
// hand-computed traces, and long random traces against a reference written here (results
// computed in order with the MPFR oracle, each delivered L edges after it entered).
#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <string>
#include <vector>

#include "ffp8/mac_unit.hpp"
#include "format_matrix.hpp"
#include "reference_unit.hpp"
#include "unit_inputs.hpp"
#include "oracle/encode.hpp"
#include "oracle/mac.hpp"

namespace ffp8 {
namespace {

// The reference: the timing contract (reference_unit.hpp) with the oracle's MAC.
class ReferenceUnit {
public:
    explicit ReferenceUnit(const MacUnitConfig& c) : config_(c), unit_(c.out, c.latency()) {}

    MacOutputs step(const MacInputs& in) {
        return unit_.step(in, [&](const MacInputs& i, uint32_t addend) {
            const Format act = i.act ? *i.act : config_.act, wgt = i.wgt ? *i.wgt : config_.wgt;
            return oracle::mac(addend, oracle::operand_value(test::operand_spec(act), i.a),
                               oracle::operand_value(test::operand_spec(wgt), i.w));
        });
    }

private:
    MacUnitConfig config_;
    test::ReferenceUnit unit_;
};

using test::describe;

MacInputs op(uint32_t a, uint32_t w) { return test::mac_operation(a, w); }
MacInputs idle() { return test::mac_idle(); }
MacInputs reset() { return test::mac_reset(); }

MacUnitConfig e4m3_config(int stages, bool with_out) {
    MacUnitConfig c{Format::parse("ocp-e4m3"), Format::parse("ocp-e4m3"), std::nullopt, stages};
    if (with_out) c.out = Format::parse("ocp-e4m3");
    return c;
}

class Timing : public ::testing::TestWithParam<std::tuple<int, bool>> {};

// The hand-computed trace (E4M3 codes: 0x38 = 1, 0x40 = 2, 0x7E = 448) for every latency: the
// result of an operation entering on edge t shows after edge t + L - 1.
TEST_P(Timing, HandComputedTraceAtLatencyL) {
    const auto [stages, with_out] = GetParam();
    const MacUnitConfig config = e4m3_config(stages, with_out);
    const int L = stages + 1 + (with_out ? 1 : 0);
    ASSERT_EQ(config.latency(), L);
    MacUnit unit(config);

    MacInputs clear_and_load = op(0x38, 0x38);
    clear_and_load.clear = true;
    clear_and_load.load = true;
    clear_and_load.load_value = 0x42C80000u;  // 100
    MacInputs load = op(0x38, 0x38);
    load.load = true;
    load.load_value = 0x42C80000u;
    MacInputs idle_with_controls = idle();  // controls without in_valid do nothing
    idle_with_controls.clear = true;
    idle_with_controls.load = true;
    idle_with_controls.a = 0x7E;
    idle_with_controls.w = 0x7E;
    MacInputs overflow_to_inf = op(0x7E, 0x7E);
    overflow_to_inf.load = true;
    overflow_to_inf.load_value = 0x7F7FFFFFu;  // max + 448*448: inexact only

    const std::vector<MacInputs> inputs{reset(), op(0x38, 0x40), idle(), op(0x38, 0x38), clear_and_load, load,
                                        idle_with_controls, overflow_to_inf};
    // acc and flags of the operations, in order (E4M3 -> q: 2 = 0x40, 3 = 0x44, 1 = 0x38, 101 -> 104 = 0x6D,
    // max float -> 448 = 0x7E).
    struct Result {
        uint32_t acc;
        Flags flags;
        uint8_t q;
    };
    const std::vector<std::pair<int, Result>> results{{1, {0x40000000u, 0, 0x40}}, {3, {0x40400000u, 0, 0x44}},
                                                      {4, {0x3F800000u, 0, 0x38}}, {5, {0x42CA0000u, 0, 0x6D}},
                                                      {7, {0x7F7FFFFFu, 0x01, 0x7E}}};
    MacOutputs expected;  // after reset: all zero
    std::vector<MacOutputs> trace;
    const int steps = static_cast<int>(inputs.size()) + L + 1;
    for (int t = 0; t < steps; ++t) {
        const MacOutputs got = unit.step(t < static_cast<int>(inputs.size()) ? inputs[t] : idle());
        expected.out_valid = false;
        expected.flags = 0;
        for (const auto& [entered, r] : results) {
            if (entered + L - 1 == t) {
                expected.out_valid = true;
                expected.acc = r.acc;
                expected.flags = r.flags;
                expected.q = with_out ? r.q : 0;
            }
        }
        EXPECT_EQ(got, expected) << "edge " << t << ": got " << describe(got) << ", expected " << describe(expected);
    }
}

// rst: operations that have not reached the ports are dropped, every register becomes zero, an
// operation presented with rst does not enter, and the next operation adds to +0.
TEST_P(Timing, ResetDropsOperationsInFlight) {
    const auto [stages, with_out] = GetParam();
    const MacUnitConfig config = e4m3_config(stages, with_out);
    const int L = config.latency();
    MacInputs op_with_rst = op(0x38, 0x38);
    op_with_rst.rst = true;
    // Reset on each edge from the one the operation enters on to the one it would land on.
    for (int reset_at = 1; reset_at <= L; ++reset_at) {
        SCOPED_TRACE("reset at edge " + std::to_string(reset_at));
        MacUnit unit(config);
        unit.step(reset());
        if (reset_at > 1) unit.step(op(0x38, 0x40));  // 2, would land at edge L
        for (int t = 2; t < reset_at; ++t) EXPECT_FALSE(unit.step(idle()).out_valid);
        EXPECT_EQ(unit.step(op_with_rst), MacOutputs{});
        for (int t = 0; t < L + 2; ++t) EXPECT_EQ(unit.step(idle()), MacOutputs{}) << "idle edge " << t;
        MacOutputs o = unit.step(op(0x38, 0x38));
        for (int t = 1; t < L; ++t) {
            EXPECT_FALSE(o.out_valid);
            o = unit.step(idle());
        }
        EXPECT_TRUE(o.out_valid);
        EXPECT_EQ(o.acc, 0x3F800000u);  // 0 + 1, not 2 + 1
    }
    // A result already on the ports is cleared by rst too.
    MacUnit unit(config);
    unit.step(op(0x38, 0x40));
    for (int t = 1; t < L; ++t) unit.step(idle());
    EXPECT_EQ(unit.outputs().acc, 0x40000000u);
    EXPECT_EQ(unit.step(reset()), MacOutputs{});
}

// Back-to-back operations every cycle: each sees the accumulator left by the one before it.
TEST_P(Timing, OneOperationPerCycle) {
    const auto [stages, with_out] = GetParam();
    const MacUnitConfig config = e4m3_config(stages, with_out);
    const int L = config.latency();
    MacUnit unit(config);
    unit.step(reset());
    for (int i = 1; i <= 20; ++i) {
        const MacOutputs o = unit.step(op(0x38, 0x38));  // +1 each cycle
        if (i < L) {
            EXPECT_FALSE(o.out_valid);
            EXPECT_EQ(o.acc, 0u);
        } else {
            EXPECT_TRUE(o.out_valid);
            EXPECT_EQ(o.acc, std::bit_cast<uint32_t>(static_cast<float>(i - L + 1))) << "edge " << i;
        }
    }
}

TEST_P(Timing, RandomTracesMatchTheReference) {
    const auto [stages, with_out] = GetParam();
    std::mt19937 rng(static_cast<unsigned>(stages * 2 + with_out));
    const std::vector<MacUnitConfig> configs{
        e4m3_config(stages, with_out),
        {Format::parse("ocp-e5m2"), Format::parse("se3m4b146"),
         with_out ? std::optional<Format>(Format::parse("ue5m3b20-fn")) : std::nullopt, stages},
        {Format::fp32(), Format::fp32(), with_out ? std::optional<Format>(Format::parse("e5m2fnuz")) : std::nullopt,
         stages}};
    const uint32_t interesting[] = {0u, 0x80000000u, 0x7F800000u, 0xFF800000u, 0x7FC00000u, 0x7F800001u,
                                    0x00000001u, 0x7F7FFFFFu, 0x43E00000u, 0xC3E00000u};
    for (const MacUnitConfig& config : configs) {
        SCOPED_TRACE(config.act.name() + " x " + config.wgt.name());
        MacUnit unit(config);
        ReferenceUnit reference(config);
        int mismatches = 0;
        for (int t = 0; t < 20000; ++t) {
            MacInputs in;
            in.rst = t == 0 || rng() % 200 == 0;
            in.in_valid = rng() % 4 != 0;
            in.clear = rng() % 10 == 0;
            in.load = rng() % 8 == 0;
            in.load_value = rng() % 2 ? interesting[rng() % std::size(interesting)] : static_cast<uint32_t>(rng());
            in.a = config.act.is_fp32 ? static_cast<uint32_t>(rng()) : rng() % 256;
            in.w = config.wgt.is_fp32 ? static_cast<uint32_t>(rng()) : rng() % 256;
            const MacOutputs got = unit.step(in);
            const MacOutputs want = reference.step(in);
            if (!(got == want) && ++mismatches <= 10)
                ADD_FAILURE() << "edge " << t << ": got " << describe(got) << ", reference " << describe(want);
        }
        EXPECT_EQ(mismatches, 0);
    }
}

// Runtime mode: the formats presented with an operation are the ones it is computed in.
TEST_P(Timing, RuntimeFormatsAreSampledWithTheOperation) {
    const auto [stages, with_out] = GetParam();
    const MacUnitConfig config = e4m3_config(stages, with_out);
    std::mt19937 rng(5);
    const std::vector<Format> formats{Format::parse("ocp-e4m3"), Format::parse("ocp-e5m2"),
                                      Format::parse("ue4m4b3"), Format::parse("e5m2fnuz")};
    MacUnit unit(config);
    ReferenceUnit reference(config);
    for (int t = 0; t < 5000; ++t) {
        MacInputs in;
        in.rst = t == 0;
        in.in_valid = rng() % 3 != 0;
        in.clear = rng() % 16 == 0;
        in.a = rng() % 256;
        in.w = rng() % 256;
        in.act = formats[rng() % formats.size()];
        in.wgt = formats[rng() % formats.size()];
        const MacOutputs got = unit.step(in), want = reference.step(in);
        ASSERT_EQ(got, want) << "edge " << t << ": got " << describe(got) << ", reference " << describe(want);
    }
}

INSTANTIATE_TEST_SUITE_P(StagesAndOutput, Timing,
                         ::testing::Combine(::testing::Values(0, 1, 2, 3), ::testing::Bool()),
                         [](const ::testing::TestParamInfo<std::tuple<int, bool>>& info) {
                             return "stages" + std::to_string(std::get<0>(info.param)) +
                                    (std::get<1>(info.param) ? "_with_O" : "_without_O");
                         });

}  // namespace
}  // namespace ffp8
