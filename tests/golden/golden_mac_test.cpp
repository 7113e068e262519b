// The MAC acc <- round_fp32(acc + a*w) (SPEC section 3): mac_exact, MacKernel::operator() and
// MacKernel::dot against the MPFR oracle, and the fast path against the exact path, on all
// 65,536 (a, w) pairs of several format pairs and on over 10^6 random and special operations.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "ffp8/binary32.hpp"
#include "ffp8/mac.hpp"
#include "format_matrix.hpp"
#include "random_operands.hpp"
#include "oracle/mac.hpp"

namespace ffp8 {
namespace {

struct Mismatches {
    int count = 0;
    void check(const char* path, const Format& act, const Format& wgt, uint32_t acc, uint32_t a, uint32_t w,
               const MacResult& got, const oracle::MacOut& want) {
        if (got.bits == want.bits && got.flags == want.flags) return;
        if (++count <= 20)
            ADD_FAILURE() << path << " " << act.name() << " x " << wgt.name() << ": acc 0x" << std::hex << acc
                          << " a 0x" << a << " w 0x" << w << ": golden 0x" << got.bits << " flags 0x"
                          << unsigned{got.flags} << ", oracle 0x" << want.bits << " flags 0x" << want.flags;
    }
};

// Checks one operation on both golden paths; returns the oracle's answer.
oracle::MacOut check_mac(const Format& act, const Format& wgt, const MacKernel& kernel, uint32_t acc, uint32_t a,
                         uint32_t w, Mismatches& bad) {
    const oracle::MacOut want = oracle::mac(acc, oracle::operand_value(test::operand_spec(act), a),
                                            oracle::operand_value(test::operand_spec(wgt), w));
    const MacResult exact = mac_exact(act, wgt, acc, a, w);
    const MacResult fast = kernel(acc, a, w);
    bad.check("mac_exact", act, wgt, acc, a, w, exact, want);
    bad.check("MacKernel", act, wgt, acc, a, w, fast, want);
    if (!(exact == fast)) bad.check("fast vs exact", act, wgt, acc, a, w, fast, {exact.bits, exact.flags});
    return want;
}

struct ProductCase {
    const char* act;
    const char* wgt;
    std::vector<uint32_t> accs;
};

class AllProducts : public ::testing::TestWithParam<ProductCase> {};

TEST_P(AllProducts, EveryCodePairMatchesTheOracle) {
    const ProductCase& pc = GetParam();
    const Format act = Format::parse(pc.act), wgt = Format::parse(pc.wgt);
    const MacKernel kernel(act, wgt);
    Mismatches bad;
    for (const uint32_t acc : pc.accs)
        for (uint32_t a = 0; a < act.code_count(); ++a)
            for (uint32_t w = 0; w < wgt.code_count(); ++w) check_mac(act, wgt, kernel, acc, a, w, bad);
    EXPECT_EQ(bad.count, 0);
}

// acc = +0 and -0 everywhere (exact products, signed zeros), then accumulators that make
// cancellation, subnormal sums, overflow and NaN/Inf interplay happen.
INSTANTIATE_TEST_SUITE_P(
    FormatPairs, AllProducts,
    ::testing::Values(ProductCase{"ocp-e4m3", "ocp-e4m3", {0x00000000u, 0x80000000u, 0xC3E00000u /* -448 */, 0x7FC00000u}},
                      ProductCase{"ocp-e5m2", "ocp-e4m3", {0x00000000u, 0x80000000u, 0x7F800000u, 0x00000001u}},
                      ProductCase{"e4m3fnuz", "e5m2fnuz", {0x00000000u, 0x80000000u, 0xBF800000u}},
                      ProductCase{"ocp-e5m2", "ocp-e5m2", {0x00000000u, 0x80000000u, 0xFF800000u, 0x7F7FFFFFu}},
                      // Products down to 2^-296: underflow to zero and into subnormals.
                      ProductCase{"se3m4b146", "ue4m4b146", {0x00000000u, 0x80000000u, 0x80000001u}},
                      // Products up to ~2^254: overflow to Inf from finite operands.
                      ProductCase{"se7m0b0", "ue8m0b128", {0x00000000u, 0x80000000u, 0xFF7FFFFFu}},
                      ProductCase{"se2m5b-3", "ue1m7b-126", {0x00000000u, 0x80000000u, 0x3F800000u}},
                      // The OCP MX element types (6 and 4 bits), mixed with 8-bit codes.
                      ProductCase{"mx-e2m1", "mx-e2m1", {0x00000000u, 0x80000000u, 0xC0C00000u /* -6 */}},
                      ProductCase{"mx-e3m2", "mx-e2m3", {0x00000000u, 0x80000000u, 0x41E00000u /* 28 */}},
                      ProductCase{"mx-e2m1", "ocp-e5m2", {0x00000000u, 0x80000000u, 0x7F800000u}},
                      ProductCase{"ue2m2b-120", "se3m3b146", {0x00000000u, 0x80000000u, 0x00000001u}}),
    [](const ::testing::TestParamInfo<ProductCase>& info) {
        std::string n = std::string(info.param.act) + "_x_" + info.param.wgt;
        for (char& c : n)
            if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
        return n;
    });

// Every format of the matrix, with itself and with OCP E5M2 (which has Inf and NaN): all 2^(nA + nW)
// products added to +0 and to -0.
void sweep_matrix(const std::vector<uint32_t>& accs) {
    Mismatches bad;
    long operations = 0;
    for (const Format& f : test::format_matrix()) {
        for (const Format& g : {f, Format::parse("ocp-e5m2")}) {
            const MacKernel kernel(f, g);
            for (const uint32_t acc : accs)
                for (uint32_t a = 0; a < f.code_count(); ++a)
                    for (uint32_t w = 0; w < g.code_count(); ++w, ++operations) check_mac(f, g, kernel, acc, a, w, bad);
        }
    }
    EXPECT_EQ(bad.count, 0) << "mismatches out of " << operations;
}

TEST(AllProductsOverTheMatrix, EveryFormatWithItselfAndE5m2) { sweep_matrix({0x00000000u, 0x80000000u}); }

// Longer: the same sweep with accumulators that cancel, sit in the subnormals or near overflow.
TEST(AllProductsOverTheMatrixNightly, EveryFormatWithItselfAndE5m2ManyAccumulators) {
    sweep_matrix({0x3F800000u, 0xBF800000u, 0x00000001u, 0x807FFFFFu, 0x00800000u, 0x7F7FFFFFu, 0xFF7FFFFFu,
                  0x7F800000u, 0x7FC00000u, 0x7FA00000u, 0x4B800001u, 0x33800000u});
}

// The formats random operations are drawn from: presets, extremes, and the fp32 baseline.
std::vector<Format> operand_formats() {
    std::vector<Format> out;
    for (const char* name : {"ocp-e4m3", "ocp-e5m2", "e4m3fnuz", "e5m2fnuz", "se4m3", "ue4m4", "se2m5b-3",
                             "se3m4b146", "ue8m0b128", "se7m0b0", "ue5m3b20-fn", "se6m1-ieee", "ue3m5b-2-ieee",
                             "se1m6b-126", "fp32"})
        out.push_back(Format::parse(name));
    return out;
}

uint32_t random_operand(const Format& f, std::mt19937& rng) {
    return f.is_fp32 ? test::random_binary32(rng) : std::uniform_int_distribution<uint32_t>(0, 255)(rng);
}

// An accumulator chosen to stress the operation with this product.
uint32_t stressing_acc(const Format& act, const Format& wgt, uint32_t a, uint32_t w, std::mt19937& rng) {
    const oracle::ExactValue va = oracle::operand_value(test::operand_spec(act), a);
    const oracle::ExactValue vw = oracle::operand_value(test::operand_spec(wgt), w);
    if (va.kind != oracle::Kind::finite || vw.kind != oracle::Kind::finite) return test::random_binary32(rng);
    // Exact in double: at most 48 significant bits, exponents within double's range.
    const double product = (va.negative != vw.negative ? -1.0 : 1.0) *
                           std::ldexp(static_cast<double>(va.mant) * static_cast<double>(vw.mant), va.exp + vw.exp);
    const float negated = static_cast<float>(-product);
    switch (std::uniform_int_distribution<int>(0, 5)(rng)) {
        case 0:  // cancellation to exact zero (when -a*w is a binary32)
            if (static_cast<double>(negated) == -product) return b32::from_float(negated);
            return test::random_binary32(rng);
        case 1:  // one binary32 step away from cancelling
            return b32::from_float(negated) + std::uniform_int_distribution<uint32_t>(0, 2)(rng) - 1;
        case 2:  // same magnitude, scaled by a small power of two
            return b32::from_float(std::ldexp(negated, std::uniform_int_distribution<int>(-30, 30)(rng)));
        default:
            return test::random_binary32(rng);
    }
}

void random_operations(long operations, unsigned seed) {
    std::mt19937 rng(seed);
    const auto formats = operand_formats();
    std::vector<MacKernel> kernels;
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    for (std::size_t i = 0; i < formats.size(); ++i)
        for (std::size_t j = 0; j < formats.size(); ++j) {
            pairs.emplace_back(i, j);
            kernels.emplace_back(formats[i], formats[j]);
        }
    Mismatches bad;
    long flagged[5] = {};
    for (long n = 0; n < operations; ++n) {
        const std::size_t p = std::uniform_int_distribution<std::size_t>(0, pairs.size() - 1)(rng);
        const Format& act = formats[pairs[p].first];
        const Format& wgt = formats[pairs[p].second];
        const uint32_t a = random_operand(act, rng), w = random_operand(wgt, rng);
        const uint32_t acc = stressing_acc(act, wgt, a, w, rng);
        const oracle::MacOut want = check_mac(act, wgt, kernels[p], acc, a, w, bad);
        for (int bit = 0; bit < 5; ++bit) flagged[bit] += (want.flags >> bit) & 1;
    }
    EXPECT_EQ(bad.count, 0) << "mismatches out of " << operations;
    // The generator really reaches every flag (else the test would prove little).
    EXPECT_GT(flagged[0], operations / 20);    // inexact
    EXPECT_GT(flagged[1], operations / 1000);  // underflow
    EXPECT_GT(flagged[2], operations / 1000);  // overflow
    EXPECT_GT(flagged[4], operations / 1000);  // invalid
}

TEST(MacRandom, AMillionRandomAndSpecialOperationsMatchTheOracle) { random_operations(1'000'000, 8); }

TEST(MacRandomNightly, FiftyMillionRandomAndSpecialOperationsMatchTheOracle) {
    random_operations(50'000'000, 20260101);
}

TEST(MacSpecial, SpecCasesByHand) {
    const Format e4 = Format::parse("ocp-e4m3"), e5 = Format::parse("ocp-e5m2"), fp32 = Format::fp32();
    const uint32_t qnan = b32::canonical_nan;
    // 0 * Inf + quiet NaN is invalid (a CPU fmaf would not say so).
    EXPECT_EQ(mac_exact(e4, e5, 0x7FC00000u, 0x00, 0x7C), (MacResult{qnan, 0x10}));
    EXPECT_EQ(MacKernel(e4, e5)(0x7FC00000u, 0x80, 0xFC), (MacResult{qnan, 0x10}));
    // NaN operands give the canonical NaN, quietly.
    EXPECT_EQ(mac_exact(e4, e4, 0x3F800000u, 0x7F, 0x38), (MacResult{qnan, 0}));
    EXPECT_EQ(mac_exact(e4, e4, 0xFFC00001u, 0x38, 0x38), (MacResult{qnan, 0}));
    // A signalling NaN accumulator or fp32 operand is invalid.
    EXPECT_EQ(mac_exact(e4, e4, 0x7F800001u, 0x38, 0x38), (MacResult{qnan, 0x10}));
    EXPECT_EQ(MacKernel(fp32, e4)(0x3F800000u, 0xFF800001u, 0x38), (MacResult{qnan, 0x10}));
    // Inf - Inf is invalid; Inf + finite is exact.
    EXPECT_EQ(mac_exact(e5, e5, 0xFF800000u, 0x7C, 0x3C), (MacResult{qnan, 0x10}));
    EXPECT_EQ(mac_exact(e5, e5, 0x3F800000u, 0x7C, 0x3C), (MacResult{b32::pos_inf, 0}));
    // Exact zero: +0 unless both addends are -0.
    EXPECT_EQ(mac_exact(e4, e4, 0x80000000u, 0x80, 0x38), (MacResult{0x80000000u, 0}));
    EXPECT_EQ(mac_exact(e4, e4, 0x80000000u, 0x00, 0x38), (MacResult{0x00000000u, 0}));
    EXPECT_EQ(mac_exact(e4, e4, 0xBF800000u, 0x38, 0x38), (MacResult{0x00000000u, 0}));
    // max finite * 2 overflows to Inf (inexact and overflow); 448 * 448 + max finite is inexact only.
    EXPECT_EQ(mac_exact(fp32, e4, 0x00000000u, 0x7F7FFFFFu, 0x40), (MacResult{b32::pos_inf, 0x05}));
    EXPECT_EQ(mac_exact(e4, e4, 0x7F7FFFFFu, 0x7E, 0x7E), (MacResult{0x7F7FFFFFu, 0x01}));
    // 2^-140 * 1 + 2^-149: exact subnormal result, no flags; 2^-9 * 2^-9 + 2^-149 is inexact only.
    EXPECT_EQ(mac_exact(fp32, e4, 0x00000001u, 0x00000200u, 0x38), (MacResult{0x00000201u, 0}));
    EXPECT_EQ(mac_exact(e4, e4, 0x00000001u, 0x01, 0x01), (MacResult{0x36800000u, 0x01}));
    // A product far below 2^-150 rounds to a signed zero with underflow and inexact.
    EXPECT_EQ(mac_exact(fp32, fp32, 0x80000000u, 0x00000001u, 0x00000001u), (MacResult{0x00000000u, 0x03}));
    EXPECT_EQ(mac_exact(fp32, fp32, 0x00000000u, 0x80000001u, 0x00000001u), (MacResult{0x80000000u, 0x03}));
}

TEST(MacDot, DotEqualsStepByStepOracleWithFlagsOred) {
    std::mt19937 rng(99);
    Mismatches bad;
    long steps = 0;
    for (const auto& [an, wn] : {std::pair{"ocp-e4m3", "ocp-e4m3"}, std::pair{"ocp-e5m2", "ocp-e4m3"},
                                 std::pair{"e4m3fnuz", "e5m2fnuz"}, std::pair{"se2m5b-3", "ue4m4"},
                                 std::pair{"se3m4b146", "ue8m0b128"}}) {
        const Format act = Format::parse(an), wgt = Format::parse(wn);
        const MacKernel kernel(act, wgt);
        for (int trial = 0; trial < 2000; ++trial) {
            // Mostly short; some cross the kernel's internal block boundaries.
            const std::size_t n = trial % 50 == 0 ? std::uniform_int_distribution<std::size_t>(500, 1600)(rng)
                                                  : std::uniform_int_distribution<std::size_t>(0, 80)(rng);
            std::vector<uint8_t> a(n), w(n);
            for (std::size_t i = 0; i < n; ++i) {
                a[i] = static_cast<uint8_t>(rng());
                w[i] = static_cast<uint8_t>(rng());
            }
            const uint32_t acc0 = trial % 4 == 0 ? 0u : test::random_binary32(rng);
            uint32_t acc = acc0;
            unsigned flags = 0;
            for (std::size_t i = 0; i < n; ++i) {
                const oracle::MacOut step = oracle::mac(acc, oracle::operand_value(test::spec_of(act), a[i]),
                                                        oracle::operand_value(test::spec_of(wgt), w[i]));
                acc = step.bits;
                flags |= step.flags;
            }
            steps += static_cast<long>(n);
            const MacResult got = kernel.dot(acc0, a.data(), w.data(), n);
            bad.check("dot", act, wgt, acc0, static_cast<uint32_t>(n), 0, got, {acc, flags});
        }
    }
    EXPECT_EQ(bad.count, 0) << "mismatches; " << steps << " steps";
}

}  // namespace
}  // namespace ffp8
