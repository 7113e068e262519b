// DotUnit, the cycle model of the K-lane unit, against the timing contract of dot_unit.hpp (the
// MAC's): hand-computed traces, reset, back-to-back operations, random traces against a
// reference (reference_unit.hpp) (results in order with the MPFR oracle, delivered L edges after entry),
// runtime formats, and K = 1 against MacUnit on the same inputs.
#include <gtest/gtest.h>

#include <bit>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "ffp8/dot_unit.hpp"
#include "ffp8/mac_unit.hpp"
#include "format_matrix.hpp"
#include "reference_unit.hpp"
#include "oracle/dot.hpp"
#include "oracle/encode.hpp"

namespace ffp8 {
namespace {

// The reference: the timing contract (reference_unit.hpp) with the oracle's dot product.
class ReferenceUnit {
public:
    explicit ReferenceUnit(const DotUnitConfig& c) : config_(c), unit_(c.out, c.latency()) {}

    MacOutputs step(const DotInputs& in) {
        return unit_.step(in, [&](const DotInputs& i, uint32_t addend) {
            const Format act = i.act ? *i.act : config_.act, wgt = i.wgt ? *i.wgt : config_.wgt;
            std::vector<oracle::ExactValue> a, w;
            for (int k = 0; k < config_.lanes; ++k) {
                a.push_back(oracle::value_of(test::spec_of(act), i.a[k]));
                w.push_back(oracle::value_of(test::spec_of(wgt), i.w[k]));
            }
            return oracle::dot(addend, a, w);
        });
    }

private:
    DotUnitConfig config_;
    test::ReferenceUnit unit_;
};

using test::describe;

// An operation with every used lane set to (a, w).
DotInputs op(int lanes, uint8_t a, uint8_t w) {
    DotInputs in;
    in.in_valid = true;
    for (int k = 0; k < lanes; ++k) {
        in.a[k] = a;
        in.w[k] = w;
    }
    return in;
}
DotInputs idle() { return DotInputs{}; }
DotInputs reset() {
    DotInputs in;
    in.rst = true;
    return in;
}

DotUnitConfig e4m3_config(int lanes, int stages, bool with_out) {
    DotUnitConfig c{Format::parse("ocp-e4m3"), Format::parse("ocp-e4m3"), std::nullopt, stages, lanes};
    if (with_out) c.out = Format::parse("ocp-e4m3");
    return c;
}

class Timing : public ::testing::TestWithParam<std::tuple<int, int, bool>> {};

// E4M3 codes: 0x38 = 1, 0x40 = 2, 0x7E = 448. With K lanes of (1, 2) an operation adds 2K.
TEST_P(Timing, HandComputedTraceAtLatencyL) {
    const auto [lanes, stages, with_out] = GetParam();
    const DotUnitConfig config = e4m3_config(lanes, stages, with_out);
    const int L = stages + 1 + (with_out ? 1 : 0);
    ASSERT_EQ(config.latency(), L);
    DotUnit unit(config);

    DotInputs clear_and_load = op(lanes, 0x38, 0x38);
    clear_and_load.clear = true;
    clear_and_load.load = true;
    clear_and_load.load_value = 0x42C80000u;  // 100
    DotInputs load = op(lanes, 0x38, 0x38);
    load.load = true;
    load.load_value = 0x42C80000u;
    DotInputs idle_with_controls = op(lanes, 0x7E, 0x7E);  // controls without in_valid do nothing
    idle_with_controls.in_valid = false;
    idle_with_controls.clear = idle_with_controls.load = true;
    DotInputs near_max = op(lanes, 0x7E, 0x7E);
    near_max.load = true;
    near_max.load_value = 0x7F7FFFFFu;  // max + K * 448 * 448: inexact only
    // Lane 0 only: 2^24 + 1 + 1 ... is exact with one rounding (the MAC chain would lose them).
    DotInputs one_rounding = op(lanes, 0x38, 0x38);
    one_rounding.load = true;
    one_rounding.load_value = 0x4B800000u;

    const float k = static_cast<float>(lanes);
    const std::vector<DotInputs> inputs{reset(),        op(lanes, 0x38, 0x40), idle(), op(lanes, 0x38, 0x38),
                                        clear_and_load, load, idle_with_controls, near_max, one_rounding};
    struct Result {
        uint32_t acc;
        Flags flags;
    };
    const bool odd_tie = lanes == 1;  // 2^24 + 1 ties to even 2^24, inexact
    const std::vector<std::pair<int, Result>> results{
        {1, {std::bit_cast<uint32_t>(2 * k), 0}},
        {3, {std::bit_cast<uint32_t>(3 * k), 0}},
        {4, {std::bit_cast<uint32_t>(k), 0}},
        {5, {std::bit_cast<uint32_t>(100 + k), 0}},
        {7, {0x7F7FFFFFu, 0x01}},
        {8, {odd_tie ? 0x4B800000u : std::bit_cast<uint32_t>(0x1p24f + k), static_cast<Flags>(odd_tie ? 1 : 0)}}};
    const Format e4 = Format::parse("ocp-e4m3");
    MacOutputs expected;
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
                expected.q = with_out ? static_cast<uint8_t>(
                                            oracle::encode(test::spec_of(e4), r.acc, oracle::Rounding::rne, true).code)
                                      : 0;
            }
        }
        EXPECT_EQ(got, expected) << "edge " << t << ": got " << describe(got) << ", expected " << describe(expected);
    }
}

TEST_P(Timing, ResetDropsOperationsInFlight) {
    const auto [lanes, stages, with_out] = GetParam();
    const DotUnitConfig config = e4m3_config(lanes, stages, with_out);
    const int L = config.latency();
    DotInputs op_with_rst = op(lanes, 0x38, 0x38);
    op_with_rst.rst = true;
    for (int reset_at = 1; reset_at <= L; ++reset_at) {
        SCOPED_TRACE("reset at edge " + std::to_string(reset_at));
        DotUnit unit(config);
        unit.step(reset());
        if (reset_at > 1) unit.step(op(lanes, 0x38, 0x40));
        for (int t = 2; t < reset_at; ++t) EXPECT_FALSE(unit.step(idle()).out_valid);
        EXPECT_EQ(unit.step(op_with_rst), MacOutputs{});
        for (int t = 0; t < L + 2; ++t) EXPECT_EQ(unit.step(idle()), MacOutputs{}) << "idle edge " << t;
        MacOutputs o = unit.step(op(lanes, 0x38, 0x38));
        for (int t = 1; t < L; ++t) {
            EXPECT_FALSE(o.out_valid);
            o = unit.step(idle());
        }
        EXPECT_TRUE(o.out_valid);
        EXPECT_EQ(o.acc, std::bit_cast<uint32_t>(static_cast<float>(lanes)));  // 0 + K, not 2K + K
    }
}

TEST_P(Timing, OneOperationPerCycle) {
    const auto [lanes, stages, with_out] = GetParam();
    const DotUnitConfig config = e4m3_config(lanes, stages, with_out);
    const int L = config.latency();
    DotUnit unit(config);
    unit.step(reset());
    for (int i = 1; i <= 20; ++i) {
        const MacOutputs o = unit.step(op(lanes, 0x38, 0x38));  // +K each cycle
        if (i < L) {
            EXPECT_FALSE(o.out_valid);
            EXPECT_EQ(o.acc, 0u);
        } else {
            EXPECT_TRUE(o.out_valid);
            EXPECT_EQ(o.acc, std::bit_cast<uint32_t>(static_cast<float>((i - L + 1) * lanes))) << "edge " << i;
        }
    }
}

DotInputs random_inputs(std::mt19937& rng, int t) {
    static const uint32_t interesting[] = {0u, 0x80000000u, 0x7F800000u, 0xFF800000u, 0x7FC00000u,
                                           0x7F800001u, 0x00000001u, 0x7F7FFFFFu, 0x43E00000u, 0xC3E00000u};
    DotInputs in;
    in.rst = t == 0 || rng() % 200 == 0;
    in.in_valid = rng() % 4 != 0;
    in.clear = rng() % 10 == 0;
    in.load = rng() % 8 == 0;
    in.load_value = rng() % 2 ? interesting[rng() % std::size(interesting)] : static_cast<uint32_t>(rng());
    for (int k = 0; k < kMaxLanes; ++k) {  // unused lanes carry garbage: they must not matter
        in.a[k] = static_cast<uint8_t>(rng());
        in.w[k] = static_cast<uint8_t>(rng());
    }
    return in;
}

TEST_P(Timing, RandomTracesMatchTheReference) {
    const auto [lanes, stages, with_out] = GetParam();
    std::mt19937 rng(static_cast<unsigned>(lanes * 16 + stages * 2 + with_out));
    const std::vector<DotUnitConfig> configs{
        e4m3_config(lanes, stages, with_out),
        {Format::parse("ocp-e5m2"), Format::parse("se3m4b146"),
         with_out ? std::optional<Format>(Format::parse("ue5m3b20-fn")) : std::nullopt, stages, lanes}};
    for (const DotUnitConfig& config : configs) {
        SCOPED_TRACE(config.act.name() + " x " + config.wgt.name());
        DotUnit unit(config);
        ReferenceUnit reference(config);
        int mismatches = 0;
        for (int t = 0; t < 4000; ++t) {
            const DotInputs in = random_inputs(rng, t);
            const MacOutputs got = unit.step(in), want = reference.step(in);
            if (!(got == want) && ++mismatches <= 10)
                ADD_FAILURE() << "edge " << t << ": got " << describe(got) << ", reference " << describe(want);
        }
        EXPECT_EQ(mismatches, 0);
    }
}

TEST_P(Timing, RuntimeFormatsAreSampledWithTheOperation) {
    const auto [lanes, stages, with_out] = GetParam();
    const DotUnitConfig config = e4m3_config(lanes, stages, with_out);
    std::mt19937 rng(5);
    const std::vector<Format> formats{Format::parse("ocp-e4m3"), Format::parse("ocp-e5m2"), Format::parse("ue4m4b3"),
                                      Format::parse("e5m2fnuz")};
    DotUnit unit(config);
    ReferenceUnit reference(config);
    for (int t = 0; t < 2000; ++t) {
        DotInputs in = random_inputs(rng, t);
        in.act = formats[rng() % formats.size()];
        in.wgt = formats[rng() % formats.size()];
        const MacOutputs got = unit.step(in), want = reference.step(in);
        ASSERT_EQ(got, want) << "edge " << t << ": got " << describe(got) << ", reference " << describe(want);
    }
}

INSTANTIATE_TEST_SUITE_P(LanesStagesAndOutput, Timing,
                         ::testing::Combine(::testing::Values(1, 2, 4, 8, 16), ::testing::Values(0, 1, 3),
                                            ::testing::Bool()),
                         [](const ::testing::TestParamInfo<std::tuple<int, int, bool>>& info) {
                             return "lanes" + std::to_string(std::get<0>(info.param)) + "_stages" +
                                    std::to_string(std::get<1>(info.param)) +
                                    (std::get<2>(info.param) ? "_with_O" : "_without_O");
                         });

// K = 1: the same outputs as MacUnit on every edge.
TEST(OneLaneUnit, EqualsMacUnitEdgeByEdge) {
    std::mt19937 rng(3);
    for (const bool with_out : {false, true}) {
        const DotUnitConfig config = e4m3_config(1, 2, with_out);
        DotUnit dot(config);
        MacUnit mac({config.act, config.wgt, config.out, config.stages});
        for (int t = 0; t < 20000; ++t) {
            const DotInputs in = random_inputs(rng, t);
            MacInputs m;
            m.rst = in.rst;
            m.in_valid = in.in_valid;
            m.clear = in.clear;
            m.load = in.load;
            m.load_value = in.load_value;
            m.a = in.a[0];
            m.w = in.w[0];
            const MacOutputs got = dot.step(in), want = mac.step(m);
            ASSERT_EQ(got, want) << "edge " << t << ": got " << describe(got) << ", MacUnit " << describe(want);
        }
    }
}

TEST(DotUnitConfig, RejectsUnsupportedLanesAndFp32) {
    for (const int lanes : {0, 3, 5, 12, 32}) EXPECT_THROW(DotUnit(e4m3_config(lanes, 0, false)), std::invalid_argument);
    DotUnitConfig c = e4m3_config(4, 0, false);
    c.act = Format::fp32();
    EXPECT_THROW(DotUnit{c}, std::invalid_argument);
}

}  // namespace
}  // namespace ffp8
