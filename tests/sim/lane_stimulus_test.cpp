// The lanes drawn around the MAC stimulus for K-lane units: lane 0 is the stimulus's (a, w), unused
// lanes stay zero, every shape (zero lanes, exact cancellation, near cancellation, mixed) occurs,
// and a seed reproduces the run.
#include <gtest/gtest.h>

#include <bit>

#include "ffp8/decode.hpp"
#include "ffp8/sim/lane_stimulus.hpp"

namespace ffp8::sim {
namespace {

double product(const FormatPair& p, uint8_t a, uint8_t w) {
    return static_cast<double>(std::bit_cast<float>(decode(p.act, a))) * static_cast<double>(std::bit_cast<float>(decode(p.wgt, w)));
}

TEST(LaneFiller, ShapesAroundLaneZero) {
    const std::vector<FormatPair> pairs{{Format::parse("ue4m4"), Format::parse("se4m3")}};
    for (int lanes : {2, 4, 8, 16}) {
        LaneFiller filler(pairs, lanes, 7);
        int zero_rest = 0, exact_cancel = 0, mixed = 0;
        for (uint32_t i = 0; i < 2000; ++i) {
            CycleInput in;
            in.a = (i * 37u) & 0xFFu;
            in.w = (i * 11u + 5u) & 0x7Fu;  // positive, finite weights: lane 1 can cancel lane 0
            filler.fill(in);
            ASSERT_EQ(in.a_lanes[0], in.a);
            ASSERT_EQ(in.w_lanes[0], in.w);
            for (int k = lanes; k < 16; ++k) ASSERT_EQ(in.a_lanes[k] | in.w_lanes[k], 0) << k;
            bool rest_zero = true;
            for (int k = 1; k < lanes; ++k) rest_zero = rest_zero && product(pairs[0], in.a_lanes[k], in.w_lanes[k]) == 0;
            zero_rest += rest_zero;
            const double p0 = product(pairs[0], in.a_lanes[0], in.w_lanes[0]);
            exact_cancel += p0 != 0 && product(pairs[0], in.a_lanes[1], in.w_lanes[1]) == -p0;
            mixed += !rest_zero && product(pairs[0], in.a_lanes[1], in.w_lanes[1]) != -p0;
        }
        EXPECT_GT(zero_rest, 300) << lanes;
        EXPECT_GT(exact_cancel, 300) << lanes;
        EXPECT_GT(mixed, 300) << lanes;
    }
}

TEST(LaneFiller, SeedReproduces) {
    const std::vector<FormatPair> pairs{{Format::parse("ocp-e4m3"), Format::parse("ocp-e5m2")}};
    LaneFiller a(pairs, 8, 3), b(pairs, 8, 3), c(pairs, 8, 4);
    bool differs = false;
    for (int i = 0; i < 100; ++i) {
        CycleInput x, y, z;
        a.fill(x);
        b.fill(y);
        c.fill(z);
        EXPECT_EQ(x.a_lanes, y.a_lanes);
        EXPECT_EQ(x.w_lanes, y.w_lanes);
        differs = differs || x.a_lanes != z.a_lanes || x.w_lanes != z.w_lanes;
    }
    EXPECT_TRUE(differs);
}

}  // namespace
}  // namespace ffp8::sim
