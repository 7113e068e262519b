// The K-lane dot product acc <- round_fp32(acc + sum a[k]*w[k]) (issue 11): dot_exact and
// DotKernel against the MPFR oracle (tests/oracle/dot.hpp), and DotKernel against dot_exact, on
// exhaustive K = 2 sweeps (every (a0, w0) pair against lane-1 products that cancel it, nearly
// cancel it or are special, with a set of accumulators), random K = 1..16 operations, SPEC
// cases by hand, K = 1 against mac_exact and chunked vectors against the step-by-step oracle.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "ffp8/binary32.hpp"
#include "ffp8/decode.hpp"
#include "ffp8/dot.hpp"
#include "ffp8/mac.hpp"
#include "format_matrix.hpp"
#include "random_operands.hpp"
#include "oracle/dot.hpp"

namespace ffp8 {
namespace {

// x taken to a legal code of f: its low n bits (wrapping, as an 8-bit code does at 256).
uint8_t code_of(const Format& f, unsigned x) { return static_cast<uint8_t>(x & (f.code_count() - 1u)); }

std::string codes_text(const uint8_t* c, int n) {
    std::string s;
    for (int k = 0; k < n; ++k) {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%02x", c[k]);
        if (k) s += ' ';
        s += buf;
    }
    return s;
}

struct Mismatches {
    int count = 0;
    void check(const char* path, const Format& act, const Format& wgt, uint32_t acc, const uint8_t* a,
               const uint8_t* w, int n, const MacResult& got, const oracle::MacOut& want) {
        if (got.bits == want.bits && got.flags == want.flags) return;
        if (++count <= 20)
            ADD_FAILURE() << path << " " << act.name() << " x " << wgt.name() << ": acc 0x" << std::hex << acc
                          << " a [" << codes_text(a, n) << "] w [" << codes_text(w, n) << "]: golden 0x" << got.bits
                          << " flags 0x" << unsigned{got.flags} << ", oracle 0x" << want.bits << " flags 0x"
                          << want.flags;
    }
};

// One operation on both golden paths against the oracle; returns the oracle's answer.
class DotChecker {
public:
    DotChecker(const Format& act, const Format& wgt)
        : act_(act), wgt_(wgt), kernel_(act, wgt), act_spec_(test::spec_of(act)), wgt_spec_(test::spec_of(wgt)) {
        for (unsigned c = 0; c < act.code_count(); ++c) act_values_.push_back(oracle::value_of(act_spec_, c));
        for (unsigned c = 0; c < wgt.code_count(); ++c) wgt_values_.push_back(oracle::value_of(wgt_spec_, c));
    }

    oracle::MacOut check(uint32_t acc, const uint8_t* a, const uint8_t* w, int n, Mismatches& bad) {
        std::vector<oracle::ExactValue> av, wv;
        for (int k = 0; k < n; ++k) {
            av.push_back(act_values_[a[k]]);
            wv.push_back(wgt_values_[w[k]]);
        }
        const oracle::MacOut want = oracle::dot(acc, av, wv);
        const MacResult exact = dot_exact(act_, wgt_, acc, a, w, n);
        const MacResult fast = kernel_(acc, a, w, n);
        bad.check("dot_exact", act_, wgt_, acc, a, w, n, exact, want);
        bad.check("DotKernel", act_, wgt_, acc, a, w, n, fast, want);
        if (!(exact == fast)) bad.check("fast vs exact", act_, wgt_, acc, a, w, n, fast, {exact.bits, exact.flags});
        return want;
    }

    const DotKernel& kernel() const { return kernel_; }

private:
    Format act_, wgt_;
    DotKernel kernel_;
    oracle::FormatSpec act_spec_, wgt_spec_;
    std::vector<oracle::ExactValue> act_values_, wgt_values_;
};

// K = 2: every (a0, w0) with lane-1 products that cancel it exactly (sign flipped), nearly cancel
// it (neighbouring codes, sign flipped: differences of one quantum), and fixed special or extreme
// lane-1 products; each with a set of accumulators.
struct PairCase {
    const char* act;
    const char* wgt;
    std::vector<uint32_t> accs;
};

class TwoLanes : public ::testing::TestWithParam<PairCase> {};

void sweep_two_lanes(const PairCase& pc, bool every_w1) {
    const Format act = Format::parse(pc.act), wgt = Format::parse(pc.wgt);
    DotChecker checker(act, wgt);
    const uint8_t sign_a = act.sign_mask(), sign_w = wgt.sign_mask();
    // Fixed lane-1 products: zeros of both signs, the extremes, and the specials when the formats
    // have them (NaN, Inf, 0 * Inf).
    std::vector<std::pair<uint8_t, uint8_t>> fixed{{0x00, 0x00}, {sign_a, 0x00}, {0x01, 0x01}, {0x01, sign_w | 1},
                                                   {act.max_finite_code(false), wgt.max_finite_code(true)}};
    if (act.has_nan()) fixed.emplace_back(act.canonical_nan(), 0x00);
    if (wgt.has_inf()) {
        fixed.emplace_back(0x01, wgt.inf_code(false));
        fixed.emplace_back(0x01, wgt.inf_code(true));
        fixed.emplace_back(act.zero_code(false), wgt.inf_code(false));
    }
    Mismatches bad;
    long operations = 0;
    for (const uint32_t acc : pc.accs)
        for (unsigned a0 = 0; a0 < act.code_count(); ++a0)
            for (unsigned w0 = 0; w0 < wgt.code_count(); ++w0) {
                const uint8_t a[2] = {static_cast<uint8_t>(a0), 0}, w[2] = {static_cast<uint8_t>(w0), 0};
                std::vector<std::pair<uint8_t, uint8_t>> lane1 = fixed;
                if (every_w1) {
                    for (unsigned w1 = 0; w1 < wgt.code_count(); ++w1) lane1.emplace_back(static_cast<uint8_t>(a0 ^ sign_a), w1);
                } else {
                    for (const int d : {-1, 0, 1}) {
                        const uint8_t near_a = code_of(act, (a0 + d) ^ sign_a);
                        lane1.emplace_back(near_a, static_cast<uint8_t>(w0));
                        lane1.emplace_back(static_cast<uint8_t>(a0 ^ sign_a), code_of(wgt, w0 + d));
                    }
                }
                for (const auto& [a1, w1] : lane1) {
                    uint8_t aa[2] = {a[0], a1}, ww[2] = {w[0], w1};
                    checker.check(acc, aa, ww, 2, bad);
                    ++operations;
                }
            }
    EXPECT_EQ(bad.count, 0) << "mismatches out of " << operations;
}

TEST_P(TwoLanes, EveryLane0PairAgainstCancellingAndSpecialLane1Products) { sweep_two_lanes(GetParam(), false); }

const PairCase two_lane_cases[] = {
    {"ocp-e4m3", "ocp-e4m3", {0x00000000u, 0x80000000u, 0x3F800000u, 0x7FC00000u}},
    {"ocp-e5m2", "ocp-e4m3", {0x00000000u, 0x80000000u, 0xFF800000u, 0x00000001u}},
    {"e4m3fnuz", "e5m2fnuz", {0x00000000u, 0x80000000u, 0x7F800001u /* sNaN */}},
    // Products down to 2^-296: subnormal sums, underflow, tininess after rounding.
    {"se3m4b146", "ue4m4b146", {0x00000000u, 0x80000000u, 0x80000001u, 0x00800000u}},
    // Products near 2^254: overflow of the sum of two finite products.
    {"se7m0b0", "ue8m0b128", {0x00000000u, 0xFF7FFFFFu, 0x7F7FFFFFu}},
    {"se2m5b-3", "ue1m7b-126", {0x00000000u, 0x80000000u, 0xBF800000u}},
};

INSTANTIATE_TEST_SUITE_P(FormatPairs, TwoLanes, ::testing::ValuesIn(two_lane_cases),
                         [](const ::testing::TestParamInfo<PairCase>& info) {
                             std::string n = std::string(info.param.act) + "_x_" + info.param.wgt;
                             for (char& c : n)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return n;
                         });

// Longer: lane 1 takes every weight code with the negated activation of lane 0.
TEST(TwoLanesNightly, EveryLane0PairAgainstEveryLane1Weight) {
    for (const PairCase& pc : two_lane_cases) sweep_two_lanes(pc, true);
}

// K = 1 is the MAC: dot_exact and DotKernel bit-identical to mac_exact on every (a, w) pair.
TEST(OneLane, BitIdenticalToMacExactOverTheMatrix) {
    Mismatches bad;
    long operations = 0;
    for (const Format& f : test::format_matrix()) {
        for (const Format& g : {f, Format::parse("ocp-e5m2")}) {
            const DotKernel kernel(f, g);
            for (const uint32_t acc : {0x00000000u, 0x80000000u, 0xBF800000u, 0x00000001u, 0x7F800000u})
                for (unsigned a = 0; a < f.code_count(); ++a)
                    for (unsigned w = 0; w < g.code_count(); ++w, ++operations) {
                        const uint8_t ca = static_cast<uint8_t>(a), cw = static_cast<uint8_t>(w);
                        const MacResult want = mac_exact(f, g, acc, a, w);
                        bad.check("dot_exact", f, g, acc, &ca, &cw, 1, dot_exact(f, g, acc, &ca, &cw, 1),
                                  {want.bits, want.flags});
                        bad.check("DotKernel", f, g, acc, &ca, &cw, 1, kernel(acc, &ca, &cw, 1),
                                  {want.bits, want.flags});
                    }
        }
    }
    EXPECT_EQ(bad.count, 0) << "mismatches out of " << operations;
}

// The formats random operations are drawn from: presets, extremes, specials.
std::vector<Format> operand_formats() {
    std::vector<Format> out;
    for (const char* name : {"ocp-e4m3", "ocp-e5m2", "e4m3fnuz", "e5m2fnuz", "se4m3", "ue4m4", "se2m5b-3",
                             "se3m4b146", "ue8m0b128", "se7m0b0", "ue5m3b20-fn", "se6m1-ieee", "ue3m5b-2-ieee",
                             "se1m6b-126", "se5m2b30"})
        out.push_back(Format::parse(name));
    return out;
}

// Codes biased toward zeros, extremes and the format's specials.
uint8_t random_code(const Format& f, std::mt19937& rng) {
    switch (std::uniform_int_distribution<int>(0, 9)(rng)) {
        case 0: return f.zero_code(rng() % 2);
        case 1: return f.max_finite_code(rng() % 2);
        case 2: return f.has_nan() ? f.canonical_nan() : code_of(f, rng());
        case 3: return f.has_inf() ? f.inf_code(rng() % 2) : code_of(f, rng());
        default: return code_of(f, rng());
    }
}

// The exact sum of the finite products, in double when that is exact (else nullopt).
std::optional<double> products_in_double(const Format& act, const Format& wgt, const uint8_t* a, const uint8_t* w,
                                         int n) {
    double s = 0;
    for (int k = 0; k < n; ++k) {
        const float x = b32::to_float(decode(act, a[k])), y = b32::to_float(decode(wgt, w[k]));
        const double p = static_cast<double>(x) * static_cast<double>(y);
        if (!std::isfinite(p)) return std::nullopt;
        const double t = s + p;
        if (t - s != p || t - p != s) return std::nullopt;  // not exact
        s = t;
    }
    return s;
}

// An accumulator chosen to stress the operation: cancelling the products to zero, to one binary32
// step, or scaled near them; else random.
uint32_t stressing_acc(const Format& act, const Format& wgt, const uint8_t* a, const uint8_t* w, int n,
                       std::mt19937& rng) {
    const auto s = products_in_double(act, wgt, a, w, n);
    if (!s || rng() % 2) return test::random_binary32(rng);
    const float negated = static_cast<float>(-*s);
    switch (std::uniform_int_distribution<int>(0, 2)(rng)) {
        case 0: return b32::from_float(negated);
        case 1: return b32::from_float(negated) + std::uniform_int_distribution<uint32_t>(0, 2)(rng) - 1;
        default: return b32::from_float(std::ldexp(negated, std::uniform_int_distribution<int>(-30, 30)(rng)));
    }
}

void random_operations(long operations, unsigned seed) {
    std::mt19937 rng(seed);
    const auto formats = operand_formats();
    std::vector<DotChecker> checkers;
    for (const Format& f : formats)
        for (const Format& g : formats) checkers.emplace_back(f, g);
    Mismatches bad;
    long flagged[5] = {};
    uint8_t a[kMaxLanes], w[kMaxLanes];
    for (long i = 0; i < operations; ++i) {
        const std::size_t p = std::uniform_int_distribution<std::size_t>(0, checkers.size() - 1)(rng);
        const Format& act = formats[p / formats.size()];
        const Format& wgt = formats[p % formats.size()];
        const int n = std::uniform_int_distribution<int>(1, kMaxLanes)(rng);
        // Half of the operations in one sign-alternating magnitude band: sums that cancel.
        const bool band = rng() % 2;
        for (int k = 0; k < n; ++k) {
            a[k] = random_code(act, rng);
            w[k] = random_code(wgt, rng);
            if (band && k % 2 == 1) {
                a[k] = static_cast<uint8_t>(a[k - 1] ^ act.sign_mask());
                w[k] = code_of(wgt, w[k - 1] + (rng() % 3) - 1);
            }
        }
        const uint32_t acc = stressing_acc(act, wgt, a, w, n, rng);
        const oracle::MacOut want = checkers[p].check(acc, a, w, n, bad);
        for (int bit = 0; bit < 5; ++bit) flagged[bit] += (want.flags >> bit) & 1;
    }
    EXPECT_EQ(bad.count, 0) << "mismatches out of " << operations;
    // The generator reaches every flag (else the test would prove little).
    EXPECT_GT(flagged[0], operations / 20);
    EXPECT_GT(flagged[1], operations / 1000);
    EXPECT_GT(flagged[2], operations / 1000);
    EXPECT_GT(flagged[4], operations / 1000);
}

TEST(DotRandom, RandomOperationsOfOneToSixteenLanesMatchTheOracle) { random_operations(300'000, 11); }

TEST(DotRandomNightly, TenMillionRandomOperationsMatchTheOracle) { random_operations(10'000'000, 20261201); }

// DotKernel against dot_exact alone (the oracle is too slow for this many): every format of the
// matrix against every other, random K-lane operations with accumulators that cancel the products
// or sit near the subnormal and overflow boundaries. This is where the fast path's integer widths,
// 2^53 limit, zero and -0 shortcuts and fallbacks meet every legal bias.
void fast_equals_exact_over_the_matrix(int operations_per_pair, unsigned seed) {
    std::mt19937 rng(seed);
    const std::vector<Format> formats = test::format_matrix();
    Mismatches bad;
    long operations = 0;
    uint8_t a[kMaxLanes], w[kMaxLanes];
    for (const Format& act : formats)
        for (const Format& wgt : formats) {
            const DotKernel kernel(act, wgt);
            for (int i = 0; i < operations_per_pair; ++i, ++operations) {
                const int n = std::uniform_int_distribution<int>(0, kMaxLanes)(rng);
                for (int k = 0; k < n; ++k) {
                    a[k] = random_code(act, rng);
                    w[k] = random_code(wgt, rng);
                }
                const uint32_t acc = stressing_acc(act, wgt, a, w, n, rng);
                const MacResult exact = dot_exact(act, wgt, acc, a, w, n);
                bad.check("fast vs exact", act, wgt, acc, a, w, n, kernel(acc, a, w, n), {exact.bits, exact.flags});
            }
        }
    EXPECT_EQ(bad.count, 0) << "mismatches out of " << operations;
}

TEST(DotFastPath, EqualsDotExactForEveryFormatPairOfTheMatrix) { fast_equals_exact_over_the_matrix(60, 21); }

TEST(DotFastPathNightly, EqualsDotExactForEveryFormatPairOfTheMatrixLong) {
    fast_equals_exact_over_the_matrix(3000, 22);
}

// The rules of dot.hpp, by hand (E5M2: 0x3C = 1, 0x7C = Inf, 0x7F = NaN; E4M3: 0x38 = 1, 0x7E = 448).
TEST(DotSpecial, RulesByHand) {
    const Format e4 = Format::parse("ocp-e4m3"), e5 = Format::parse("ocp-e5m2");
    const uint32_t qnan = b32::canonical_nan, inf = b32::pos_inf, ninf = b32::sign_mask | b32::pos_inf;
    const auto both = [&](const Format& f, const Format& g, uint32_t acc, std::vector<uint8_t> a,
                          std::vector<uint8_t> w) {
        const MacResult exact = dot_exact(f, g, acc, a.data(), w.data(), static_cast<int>(a.size()));
        EXPECT_EQ(DotKernel(f, g)(acc, a.data(), w.data(), static_cast<int>(a.size())), exact);
        return exact;
    };
    // 0 * Inf in any lane is invalid, also with a NaN acc or a NaN in another lane.
    EXPECT_EQ(both(e5, e5, 0x3F800000u, {0x3C, 0x3C, 0x3C, 0x00}, {0x3C, 0x3C, 0x3C, 0x7C}), (MacResult{qnan, 0x10}));
    EXPECT_EQ(both(e5, e5, 0x7FC00000u, {0x3C, 0x80}, {0x3C, 0xFC}), (MacResult{qnan, 0x10}));
    EXPECT_EQ(both(e5, e5, 0x3F800000u, {0x7F, 0x00}, {0x3C, 0x7C}), (MacResult{qnan, 0x10}));
    // Inf - Inf between two products, or a product and acc, is invalid.
    EXPECT_EQ(both(e5, e5, 0x3F800000u, {0x7C, 0x3C, 0xFC}, {0x3C, 0x3C, 0x3C}), (MacResult{qnan, 0x10}));
    EXPECT_EQ(both(e5, e5, ninf, {0x3C, 0x7C}, {0x3C, 0x3C}), (MacResult{qnan, 0x10}));
    // ... but a NaN term makes the sum NaN first, quietly (as Inf + NaN in the MAC).
    EXPECT_EQ(both(e5, e5, 0x3F800000u, {0x7C, 0xFC, 0x7F}, {0x3C, 0x3C, 0x3C}), (MacResult{qnan, 0}));
    EXPECT_EQ(both(e5, e5, 0x7FC00000u, {0x7C, 0xFC}, {0x3C, 0x3C}), (MacResult{qnan, 0}));
    // A signalling NaN acc is invalid; Inf products of one sign win over finite terms.
    EXPECT_EQ(both(e4, e4, 0x7F800001u, {0x38, 0x38}, {0x38, 0x38}), (MacResult{qnan, 0x10}));
    EXPECT_EQ(both(e5, e5, 0xFF7FFFFFu, {0x7C, 0x7C, 0x3C}, {0x3C, 0x3C, 0xBC}), (MacResult{inf, 0}));
    EXPECT_EQ(both(e5, e5, inf, {0x3C, 0x3C}, {0x3C, 0x3C}), (MacResult{inf, 0}));
    // Exact zeros: -0 only when acc and every product are -0; cancellation gives +0.
    EXPECT_EQ(both(e4, e4, 0x80000000u, {0x80, 0x00, 0x80}, {0x38, 0x80, 0x00}), (MacResult{0x80000000u, 0}));
    EXPECT_EQ(both(e4, e4, 0x80000000u, {0x80, 0x00, 0x00}, {0x38, 0x80, 0x00}), (MacResult{0x00000000u, 0}));
    EXPECT_EQ(both(e4, e4, 0x00000000u, {0x80, 0x80}, {0x38, 0x38}), (MacResult{0x00000000u, 0}));
    EXPECT_EQ(both(e4, e4, 0x80000000u, {0x38, 0xB8}, {0x38, 0x38}), (MacResult{0x00000000u, 0}));
    EXPECT_EQ(both(e4, e4, 0xBF800000u, {0x38, 0x38, 0xB8}, {0x38, 0x38, 0x38}), (MacResult{0x00000000u, 0}));
    // One rounding for all terms: 2^24 + 1 + 1 is exact (a MAC chain would round twice to 2^24).
    EXPECT_EQ(both(e4, e4, 0x4B800000u, {0x38, 0x38}, {0x38, 0x38}), (MacResult{0x4B800001u, 0}));
    // Overflow from finite terms: max float + 448 * 448 * 2^... products.
    EXPECT_EQ(both(e5, e5, 0x7F7FFFFFu, {0x7B, 0x7B}, {0x7B, 0x7B}), (MacResult{0x7F7FFFFFu, 0x01}));
    const Format big = Format::parse("ue8m0b128");
    EXPECT_EQ(both(big, big, 0x00000000u, {0xFE, 0xFE}, {0xFE, 0xFE}), (MacResult{inf, 0x05}));
    EXPECT_EQ(both(big, big, 0x00000000u, {0xFE, 0xFE, 0x01}, {0xFE, 0xFE, 0x01}), (MacResult{inf, 0x05}));
    // 2^253 + 2^253 - 2^253 - 2^253 + 1 is 1, exactly, although partial sums leave binary32's range.
    const Format sbig = Format::parse("se7m0b0");
    EXPECT_EQ(both(big, sbig, 0x3F800000u, {0xFE, 0xFE, 0xFE, 0xFE}, {0x7F, 0x7F, 0xFF, 0xFF}),
              (MacResult{0x3F800000u, 0}));
}

// Subnormal results and the tininess rule (after rounding), by hand: ue4m4b146 code 0x10 is
// 2^-145, OCP E4M3 codes 0x10, 0x08, 0x04 are 2^-5, 2^-6, 2^-7; 0x007FFFFF is 2^-126 - 2^-149.
TEST(DotSpecial, SubnormalResultsAndTininessAfterRounding) {
    const Format t = Format::parse("ue4m4b146"), e4 = Format::parse("ocp-e4m3");
    const auto run = [&](uint32_t acc, std::vector<uint8_t> a, std::vector<uint8_t> w) {
        std::vector<oracle::ExactValue> av, wv;
        for (std::size_t k = 0; k < a.size(); ++k) {
            av.push_back(oracle::value_of(test::spec_of(t), a[k]));
            wv.push_back(oracle::value_of(test::spec_of(e4), w[k]));
        }
        const MacResult exact = dot_exact(t, e4, acc, a.data(), w.data(), static_cast<int>(a.size()));
        const oracle::MacOut want = oracle::dot(acc, av, wv);
        EXPECT_EQ(exact.bits, want.bits);
        EXPECT_EQ(unsigned{exact.flags}, want.flags);
        EXPECT_EQ(DotKernel(t, e4)(acc, a.data(), w.data(), static_cast<int>(a.size())), exact);
        return exact;
    };
    // 2^-126 - 2^-152 rounds to 2^-126, and with unbounded exponent too: not tiny, inexact only.
    EXPECT_EQ(run(0x007FFFFFu, {0x10, 0x10, 0x10}, {0x10, 0x08, 0x04}), (MacResult{0x00800000u, 0x01}));
    // 2^-126 - 2^-150 (a tie) rounds to 2^-126, but it is a 24-bit number below 2^-126: tiny.
    EXPECT_EQ(run(0x007FFFFFu, {0x10, 0x00}, {0x10, 0x00}), (MacResult{0x00800000u, 0x03}));
    // Two products of 2^-151: a tie at half the smallest subnormal, to even (+0).
    EXPECT_EQ(run(0x00000000u, {0x10, 0x10}, {0x08, 0x08}), (MacResult{0x00000000u, 0x03}));
    // Three of them: above the tie, the smallest subnormal.
    EXPECT_EQ(run(0x00000000u, {0x10, 0x10, 0x10}, {0x08, 0x08, 0x08}), (MacResult{0x00000001u, 0x03}));
    // Exact subnormal sums raise nothing: 2^-149 + 2^-150 + 2^-150 = 2^-148.
    EXPECT_EQ(run(0x00000001u, {0x10, 0x10}, {0x10, 0x10}), (MacResult{0x00000002u, 0}));
}

// DotKernel::dot: chunks of `lanes` products, one rounding each, equal to the step-by-step oracle;
// lanes = 1 equals MacKernel::dot.
TEST(DotVector, ChunkedDotEqualsTheOracleChunkByChunk) {
    std::mt19937 rng(7);
    Mismatches bad;
    for (const auto& [an, wn] : {std::pair{"ocp-e4m3", "ocp-e4m3"}, std::pair{"ocp-e5m2", "ocp-e4m3"},
                                 std::pair{"e4m3fnuz", "e5m2fnuz"}, std::pair{"se2m5b-3", "ue4m4"},
                                 std::pair{"se3m4b146", "ue8m0b128"}}) {
        const Format act = Format::parse(an), wgt = Format::parse(wn);
        const DotKernel kernel(act, wgt);
        const MacKernel mac(act, wgt);
        for (int trial = 0; trial < 600; ++trial) {
            // Mostly short; some cross the kernel's internal blocks of 256 chunks.
            const std::size_t n = trial % 40 == 0 ? std::uniform_int_distribution<std::size_t>(500, 9000)(rng)
                                                  : std::uniform_int_distribution<std::size_t>(0, 100)(rng);
            // Every other vector without NaN/Inf codes and with a moderate acc, so that long vectors
            // stay finite and the kernel's blocked path (not only its fallback) is what is checked.
            const bool finite = trial % 2 == 1;
            const auto code = [&](const Format& f) {
                uint8_t c;
                do c = static_cast<uint8_t>(rng());
                while (finite && (f.is_nan_code(c) || f.is_inf_code(c)));
                return c;
            };
            std::vector<uint8_t> a(n), w(n);
            for (std::size_t i = 0; i < n; ++i) {
                a[i] = code(act);
                w[i] = code(wgt);
            }
            const uint32_t acc0 = trial % 4 == 0 ? 0u
                                  : finite       ? b32::from_float(std::normal_distribution<float>(0, 100)(rng))
                                                 : test::random_binary32(rng);
            for (const int lanes : {1, 2, 4, 8, 16}) {
                uint32_t acc = acc0;
                unsigned flags = 0;
                for (std::size_t i = 0; i < n; i += static_cast<std::size_t>(lanes)) {
                    const std::size_t len = std::min<std::size_t>(static_cast<std::size_t>(lanes), n - i);
                    std::vector<oracle::ExactValue> av, wv;
                    for (std::size_t k = i; k < i + len; ++k) {
                        av.push_back(oracle::value_of(test::spec_of(act), a[k]));
                        wv.push_back(oracle::value_of(test::spec_of(wgt), w[k]));
                    }
                    const oracle::MacOut step = oracle::dot(acc, av, wv);
                    acc = step.bits;
                    flags |= step.flags;
                }
                const MacResult got = kernel.dot(acc0, a.data(), w.data(), n, lanes);
                bad.check(("dot lanes " + std::to_string(lanes)).c_str(), act, wgt, acc0, a.data(), w.data(),
                          static_cast<int>(std::min<std::size_t>(n, 4)), got, {acc, flags});
                if (lanes == 1) {
                    EXPECT_EQ(got, mac.dot(acc0, a.data(), w.data(), n));
                }
            }
        }
    }
    EXPECT_EQ(bad.count, 0);
}

TEST(DotLanes, SupportedLaneCounts) {
    for (int k = -1; k <= 33; ++k)
        EXPECT_EQ(lanes_supported(k), k == 1 || k == 2 || k == 4 || k == 8 || k == 16) << k;
    EXPECT_THROW(DotKernel(Format::fp32(), Format::parse("ocp-e4m3")), std::invalid_argument);
}

}  // namespace
}  // namespace ffp8
