// mac_chains (many golden MAC chains at once, vectorized) against the MPFR oracle's MAC applied
// step by step, and fma_chains against a scalar std::fma chain: every tile shape and tail, both
// ways of giving the start values, rows by stride (padded) or by offsets (shuffled), special codes (NaN, Inf, saturating maxima),
// and formats whose products fall off the binary32 grid (the exact fallback).
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <random>
#include <vector>

#include "ffp8/decode.hpp"
#include "ffp8/mac_chains.hpp"
#include "format_matrix.hpp"
#include "oracle/mac.hpp"
#include "random_operands.hpp"

namespace ffp8 {
namespace {

// A random chain problem over codes of `act` (the s rows) and `wgt` (the v columns), with its
// decoded operands laid out as ChainProblem wants them (strides padded past the used width).
struct RandomProblem {
    std::size_t rows, cols, K, v_stride, s_stride, out_stride;
    bool per_row, by_offsets;
    std::vector<std::ptrdiff_t> row_offset;  // where row k of v starts
    std::vector<uint8_t> v_codes, s_codes;
    std::vector<float> v, s, init, out;

    RandomProblem(const Format& act, const Format& wgt, std::mt19937& rng) {
        auto pick = [&](std::size_t lo, std::size_t hi) { return std::uniform_int_distribution<std::size_t>(lo, hi)(rng); };
        rows = pick(1, 9);
        cols = pick(1, 150);  // 64-wide, 16-wide and masked tails
        K = pick(0, 40);
        v_stride = cols + pick(0, 3);
        s_stride = K + pick(0, 3);
        out_stride = cols + pick(0, 3);
        per_row = rng() & 1u;
        // Half the problems give the rows of v by offsets, in shuffled order.
        by_offsets = rng() & 1u;
        for (std::size_t k = 0; k < K; ++k) row_offset.push_back(static_cast<std::ptrdiff_t>(k * v_stride));
        if (by_offsets) std::shuffle(row_offset.begin(), row_offset.end(), rng);
        // Mostly small magnitudes (like DNN data), with some of every code.
        auto code = [&](const Format& f) {
            const auto c = static_cast<uint8_t>(rng());
            return (rng() % 16 == 0 || f.is_nan_code(c)) ? c : static_cast<uint8_t>(c & 0xBFu);
        };
        v_codes.resize(K * v_stride);
        s_codes.resize(rows * s_stride);
        for (auto& c : v_codes) c = code(wgt);
        for (auto& c : s_codes) c = code(act);
        for (uint8_t c : v_codes) v.push_back(std::bit_cast<float>(decode(wgt, c)));
        for (uint8_t c : s_codes) s.push_back(std::bit_cast<float>(decode(act, c)));
        init.resize(per_row ? rows : cols);
        for (float& x : init) x = rng() % 4 == 0 ? 0.0f : std::bit_cast<float>(test::random_binary32(rng));
        out.assign(rows * out_stride, -1.0f);
    }

    ChainProblem problem() {
        ChainProblem p;
        p.v = v.data();
        p.v_stride = by_offsets ? 0 : v_stride;
        if (by_offsets) p.v_row_offset = row_offset.data();
        p.s = s.data();
        p.s_stride = s_stride;
        p.rows = rows;
        p.cols = cols;
        p.K = K;
        (per_row ? p.init_row : p.init_col) = init.data();
        p.out = out.data();
        p.out_stride = out_stride;
        return p;
    }
    float start(std::size_t j, std::size_t r) const { return init[per_row ? j : r]; }
};

TEST(MacChains, EveryChainEqualsTheOracleStepByStep) {
    std::mt19937 rng(2021);
    long chains = 0, off_grid = 0;
    int bad = 0;
    for (const auto& [an, wn] : {std::pair{"ue4m4b7", "se4m3b7"}, std::pair{"ocp-e4m3", "ocp-e5m2"},
                                 std::pair{"ue2m6b1", "se2m5b3"}, std::pair{"e4m3fnuz", "e5m2fnuz"},
                                 std::pair{"se5m2b15-ieee", "se5m2b15-ieee"}, std::pair{"se3m4b146", "ue8m0b128"},
                                 std::pair{"ue1m7b120", "se1m6b24"}}) {
        const Format act = Format::parse(an), wgt = Format::parse(wn);
        const bool grid = products_on_fp32_grid(act, wgt);
        for (int trial = 0; trial < 60; ++trial) {
            RandomProblem t(act, wgt, rng);
            mac_chains(t.problem(), grid);
            off_grid += grid ? 0 : 1;
            for (std::size_t j = 0; j < t.rows; ++j)
                for (std::size_t r = 0; r < t.cols; ++r, ++chains) {
                    uint32_t acc = std::bit_cast<uint32_t>(t.start(j, r));
                    for (std::size_t k = 0; k < t.K; ++k)
                        acc = oracle::mac(acc, oracle::operand_value(test::spec_of(act), t.s_codes[j * t.s_stride + k]),
                                          oracle::operand_value(test::spec_of(wgt), t.v_codes[static_cast<std::size_t>(t.row_offset[k]) + r]))
                                  .bits;
                    const uint32_t got = std::bit_cast<uint32_t>(t.out[j * t.out_stride + r]);
                    if (got != acc && ++bad <= 20)
                        ADD_FAILURE() << an << " x " << wn << " chain (" << j << ", " << r << ") of " << t.rows << " x "
                                      << t.cols << ", K " << t.K << ": got 0x" << std::hex << got << ", oracle 0x" << acc;
                }
            // Nothing is written outside the chains' outputs.
            for (std::size_t j = 0; j < t.rows; ++j)
                for (std::size_t r = t.cols; r < t.out_stride; ++r) EXPECT_EQ(t.out[j * t.out_stride + r], -1.0f);
        }
    }
    EXPECT_EQ(bad, 0) << "of " << chains << " chains";
    EXPECT_GT(off_grid, 0);  // the exact fallback was exercised
}

TEST(MacChains, GridConditionFollowsTheFinestProduct) {
    EXPECT_TRUE(products_on_fp32_grid(Format::parse("ocp-e4m3"), Format::parse("ocp-e5m2")));
    // se3m4b146 steps by 2^-149: on the grid times integers (ue1m7b-6), off it times fractions.
    EXPECT_TRUE(products_on_fp32_grid(Format::parse("se3m4b146"), Format::parse("ue1m7b-6")));
    EXPECT_FALSE(products_on_fp32_grid(Format::parse("se3m4b146"), Format::parse("se4m3b7")));
}

TEST(FmaChains, EqualsAScalarFmaChain) {
    std::mt19937 rng(7);
    const Format f = Format::parse("se4m3b7");
    int bad = 0;
    for (int trial = 0; trial < 300; ++trial) {
        RandomProblem t(f, f, rng);
        for (float& x : t.v) x = std::bit_cast<float>(test::random_binary32(rng));  // any binary32
        fma_chains(t.problem());
        for (std::size_t j = 0; j < t.rows; ++j)
            for (std::size_t r = 0; r < t.cols; ++r) {
                float acc = t.start(j, r);
                for (std::size_t k = 0; k < t.K; ++k)
                    acc = std::fma(t.v[static_cast<std::size_t>(t.row_offset[k]) + r], t.s[j * t.s_stride + k], acc);
                const float got = t.out[j * t.out_stride + r];
                if (std::bit_cast<uint32_t>(got) != std::bit_cast<uint32_t>(acc) && !(std::isnan(got) && std::isnan(acc)))
                    ++bad;
            }
    }
    EXPECT_EQ(bad, 0);
}

}  // namespace
}  // namespace ffp8
