// Format choice on synthetic tensors whose best formats are known, and the quantization error
// against an independent reference: the nearest of the format's 2^n decoded values (what encode
// rne + saturate gives; a tie between two neighbours has the same error either way).
#include <algorithm>
#include <bit>
#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <random>

#include "ffp8/decode.hpp"
#include "ffp8/dnn/calibrate.hpp"

namespace {

using namespace ffp8;
using namespace ffp8::dnn;

double nearest_value_mse(const Format& f, const std::vector<float>& x) {
    std::vector<double> values;
    for (unsigned c = 0; c < f.code_count(); ++c) {
        const uint32_t b = decode(f, static_cast<uint8_t>(c));
        if (!f.is_nan_code(static_cast<uint8_t>(c)) && !f.is_inf_code(static_cast<uint8_t>(c)))
            values.push_back(std::bit_cast<float>(b));
    }
    double sum = 0;
    for (float v : x) {
        double best = std::numeric_limits<double>::infinity();
        for (double q : values) best = std::min(best, (v - q) * (v - q));
        sum += best;
    }
    return sum / static_cast<double>(x.size());
}

double max_finite(const Format& f) { return std::bit_cast<float>(decode(f, f.max_finite_code())); }

std::vector<float> gaussian(std::size_t n, double sigma, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> d(0.0f, static_cast<float>(sigma));
    std::vector<float> x(n);
    for (auto& v : x) v = d(rng);
    return x;
}

std::vector<float> relu(std::vector<float> x) {
    for (auto& v : x) v = std::max(v, 0.0f);
    return x;
}

TEST(Calibrate, ErrorMatchesNearestValueReference) {
    const auto x = gaussian(3000, 0.3, 1);
    for (const char* name : {"se4m3b7", "se2m5b3", "ue4m4b10", "se5m2b15-ieee", "se4m3b7-fn", "se1m6b0", "ue8m0b130"}) {
        const Format f = Format::parse(name);
        const QuantError e = quantization_error(f, x);
        EXPECT_NEAR(e.mse, nearest_value_mse(f, x), 1e-12 * (1 + e.mse)) << name;
    }
}

TEST(Calibrate, SearchRankingIsByMse) {
    const auto x = gaussian(2000, 0.05, 2);
    const auto ranked = search_formats(x);
    ASSERT_GT(ranked.size(), 20u);
    for (std::size_t i = 0; i < ranked.size(); ++i) {
        EXPECT_NEAR(ranked[i].error.mse, nearest_value_mse(ranked[i].format, x), 1e-12) << ranked[i].format.name();
        if (i) {
            EXPECT_LE(ranked[i - 1].error.mse, ranked[i].error.mse);
        }
        EXPECT_EQ(ranked[i].format.policy, Policy::finite);
    }
}

// Narrow widths (SPEC section 1): every candidate has the chosen width, the ranking is by the
// reference MSE, and every shape of that width with policy finite is among the candidates.
TEST(Calibrate, NarrowWidthsSearchAndRuleKeepTheirWidth) {
    const auto x = gaussian(2000, 0.5, 9);
    for (int bits = 4; bits <= 7; ++bits) {
        const auto ranked = search_formats(x, bits);
        int shapes = 0;
        for (int E = 1; E <= bits - 1; ++E)
            shapes += std::any_of(ranked.begin(), ranked.end(), [&](const Candidate& c) { return c.format.E == E; });
        EXPECT_EQ(shapes, bits - 1) << bits;  // signed only: x has negative values
        for (std::size_t i = 0; i < ranked.size(); ++i) {
            EXPECT_EQ(ranked[i].format.width(), bits) << ranked[i].format.name();
            EXPECT_NEAR(ranked[i].error.mse, nearest_value_mse(ranked[i].format, x), 1e-12) << ranked[i].format.name();
            if (i) {
                EXPECT_LE(ranked[i - 1].error.mse, ranked[i].error.mse);
            }
        }
        EXPECT_EQ(rule_format(x, bits).format.width(), bits);
        EXPECT_EQ(rule_format(relu(x), bits).format.width(), bits);
        EXPECT_FALSE(rule_format(relu(x), bits).format.is_signed);
    }
    // Fewer bits, more error: the best 4-bit candidate is worse than the best 8-bit one.
    EXPECT_GT(search_formats(x, 4).front().error.mse, search_formats(x, 8).front().error.mse);
    for (const int bad : {3, 9, 0}) {
        EXPECT_THROW(search_formats(x, bad), std::runtime_error) << bad;
        EXPECT_THROW(rule_format(x, bad), std::runtime_error) << bad;
    }
}

TEST(Calibrate, NonNegativeTensorGetsUnsignedFormat) {
    const auto act = relu(gaussian(5000, 2.0, 3));
    EXPECT_FALSE(search_formats(act).front().format.is_signed);
    EXPECT_FALSE(rule_format(act).format.is_signed);
    // With negative values, unsigned formats are not even candidates.
    const auto w = gaussian(5000, 2.0, 3);
    for (const auto& c : search_formats(w)) EXPECT_TRUE(c.format.is_signed) << c.format.name();
    EXPECT_TRUE(rule_format(w).format.is_signed);
}

TEST(Calibrate, BiasFollowsTheMaximumMagnitude) {
    std::mt19937 rng(4);
    std::uniform_real_distribution<float> unit(0.0f, 1.0f);
    std::vector<float> small(4000), large(4000);
    for (auto& v : small) v = unit(rng) * 0.999f;  // [0, 1)
    for (auto& v : large) v = unit(rng) * 1e4f;    // [0, 1e4)
    const Format fs = search_formats(small).front().format, fl = search_formats(large).front().format;
    EXPECT_NE(fs.bias, fl.bias);
    EXPECT_GT(fs.bias, fl.bias);  // smaller numbers, larger bias
    // The rule's bias: the largest whose max finite still covers max |x| (checked with the decoder).
    for (const auto* x : {&small, &large}) {
        const float m = *std::max_element(x->begin(), x->end());
        const Format r = rule_format(*x).format;
        EXPECT_GE(max_finite(r), m) << r.name();
        const Format higher = Format::make(r.is_signed, r.E, r.M, r.bias + 1, r.policy);
        EXPECT_LT(max_finite(higher), m) << r.name();
    }
}

TEST(Calibrate, MaxMagnitudeBiasCoversExactly) {
    for (int E = 1; E <= 7; ++E)
        for (float m : {1e-3f, 0.1f, 0.5f, 1.0f, 1.875f, 3.0f, 448.0f, 1e4f}) {
            const int B = max_magnitude_bias(true, E, m);
            const auto r = Format::legal_bias(E, 7 - E, Policy::finite);
            if (B == r.min || B == r.max) continue;  // clamped to the legal range
            EXPECT_GE(max_finite(Format::make(true, E, 7 - E, B, Policy::finite)), m) << E << " " << m;
            EXPECT_LT(max_finite(Format::make(true, E, 7 - E, B + 1, Policy::finite)), m) << E << " " << m;
        }
}

TEST(Calibrate, ExactlyRepresentableTensorHasZeroError) {
    // Every finite value of se3m4b5: that format (among others) represents the tensor exactly.
    const Format f = Format::parse("se3m4b5");
    std::vector<float> x;
    for (unsigned c = 0; c < 256; ++c) x.push_back(std::bit_cast<float>(decode(f, static_cast<uint8_t>(c))));
    const auto ranked = search_formats(x);
    EXPECT_EQ(ranked.front().error.mse, 0.0);
    EXPECT_TRUE(std::isinf(ranked.front().error.sqnr_db));
    const auto it = std::find_if(ranked.begin(), ranked.end(), [&](const Candidate& c) { return c.format == f; });
    ASSERT_NE(it, ranked.end());
    EXPECT_EQ(it->error.mse, 0.0);
    EXPECT_EQ(quantization_error(f, x).mse, 0.0);
    EXPECT_GT(quantization_error(Format::parse("se4m3b7"), x).mse, 0.0);
}

TEST(Calibrate, RuleExponentWidthFollowsSpread) {
    // Magnitudes within one binade [1, 2): spread < 1, so one exponent bit is enough.
    std::mt19937 rng(5);
    std::uniform_real_distribution<float> d(1.0f, 2.0f);
    std::vector<float> narrow(3000);
    for (auto& v : narrow) v = d(rng);
    EXPECT_EQ(rule_format(narrow).format.E, 1);
    // Magnitudes 2^u, u uniform in [0, 12): about 12 binades need 2^E - 1 >= 12, E = 4.
    std::uniform_real_distribution<float> u(0.0f, 12.0f);
    std::vector<float> wide(3000);
    for (auto& v : wide) v = std::exp2(u(rng));
    const TensorStats st = tensor_stats(wide);
    EXPECT_GT(st.spread, 11.0);
    EXPECT_EQ(rule_format(wide).format.E, 4);
    // And a much wider spread (about 40 binades) takes E = 6.
    std::uniform_real_distribution<float> u40(-20.0f, 20.0f);
    for (auto& v : wide) v = std::exp2(u40(rng));
    EXPECT_EQ(rule_format(wide).format.E, 6);
}

TEST(Calibrate, RejectsNonFiniteAndEmpty) {
    EXPECT_THROW(search_formats(std::vector<float>{1.0f, NAN}), std::runtime_error);
    EXPECT_THROW(rule_format(std::vector<float>{INFINITY}), std::runtime_error);
    EXPECT_THROW(search_formats(std::vector<float>{}), std::runtime_error);
    EXPECT_THROW(parse_role("bias"), std::runtime_error);
    EXPECT_EQ(parse_role("weight"), TensorRole::weight);
}

}  // namespace
