// encode (SPEC section 2) against the oracle on every binary32 that is a representable value, a
// midpoint between consecutive representable values (and the overflow threshold above the
// largest finite value), or a binary32 neighbour of one, with both signs, in every rounding mode,
// saturating and not; plus special inputs and random inputs around each format's range.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "ffp8/encode.hpp"
#include "format_matrix.hpp"
#include "oracle/encode.hpp"
#include "oracle/exact_value.hpp"

namespace ffp8 {
namespace {

using oracle::ExactValue;

ExactValue midpoint(const ExactValue& lo, const ExactValue& hi) {
    if (lo.mant == 0) return {oracle::Kind::finite, false, hi.mant, hi.exp - 1};
    const int e = std::min(lo.exp, hi.exp);
    return {oracle::Kind::finite, false, (lo.mant << (lo.exp - e)) + (hi.mant << (hi.exp - e)), e - 1};
}

// The inputs named in the file comment, for one format.
std::vector<uint32_t> probe_inputs(const oracle::FormatSpec& spec) {
    std::vector<ExactValue> values;
    for (unsigned c = 0; c < oracle::code_count(spec); ++c) {
        const ExactValue v = oracle::value_of(spec, c);
        if (v.kind == oracle::Kind::finite && !v.negative) values.push_back(v);
    }
    std::sort(values.begin(), values.end(),
              [](const ExactValue& x, const ExactValue& y) { return oracle::compare_magnitude(x, y) < 0; });
    // One grid step above the largest finite value: the midpoint to it is the overflow threshold.
    const ExactValue top = values.back();
    values.push_back({oracle::Kind::finite, false, top.mant + 1, top.exp});

    std::vector<ExactValue> points = values;
    for (std::size_t i = 0; i + 1 < values.size(); ++i)
        if (oracle::compare_magnitude(values[i], values[i + 1]) != 0) points.push_back(midpoint(values[i], values[i + 1]));

    std::set<uint32_t> inputs{0x00000000u, 0x7F800000u, 0x7FC00000u, 0x7F800001u, 0x7FFFFFFFu, 0x7F7FFFFFu,
                              0x00000001u, 0x007FFFFFu, 0x00800000u, 0x3F800000u};
    for (const ExactValue& p : points) {
        const uint32_t b = oracle::binary32_toward_zero(p);
        for (int d = -1; d <= 2; ++d) {
            const int64_t n = static_cast<int64_t>(b) + d;
            if (n >= 0 && n <= 0x7FFFFFFF) inputs.insert(static_cast<uint32_t>(n));
        }
    }
    std::vector<uint32_t> out;
    for (const uint32_t b : inputs) {
        out.push_back(b);
        out.push_back(b | 0x80000000u);
    }
    return out;
}

// Random binary32 inputs whose exponent lies from below the format's smallest subnormal to above
// its largest finite value.
std::vector<uint32_t> random_inputs(const oracle::FormatSpec& spec, std::size_t n, std::mt19937& rng) {
    const int lo = std::max(1 - spec.bias - spec.M - 3 + 127, 0);
    const int hi = std::min((1 << spec.E) - spec.bias + 3 + 127, 254);
    std::uniform_int_distribution<int> biased(lo, std::max(hi, lo));
    std::uniform_int_distribution<uint32_t> frac(0, 0x7FFFFFu), sign(0, 1);
    std::vector<uint32_t> out;
    for (std::size_t i = 0; i < n; ++i)
        out.push_back(sign(rng) << 31 | static_cast<uint32_t>(biased(rng)) << 23 | frac(rng));
    return out;
}

struct Mismatches {
    int count = 0;
    void report(const Format& f, uint32_t x, Rounding r, bool sat, const EncodeResult& got, const oracle::EncodeOut& want) {
        if (++count <= 20)
            ADD_FAILURE() << f.name() << " encode(0x" << std::hex << x << ", " << to_string(r)
                          << (sat ? ", saturate" : ", no-saturate") << "): golden code 0x" << unsigned{got.code}
                          << " flags 0x" << unsigned{got.flags} << ", oracle code 0x" << want.code << " flags 0x"
                          << want.flags;
    }
};

void check_inputs(const Format& f, const std::vector<uint32_t>& inputs, Mismatches& bad) {
    const oracle::Encoder oracle_encode(test::spec_of(f));
    for (const Rounding r : all_roundings) {
        for (const bool sat : {true, false}) {
            for (const uint32_t x : inputs) {
                const EncodeResult got = encode(f, x, r, sat);
                const oracle::EncodeOut want = oracle_encode(x, test::to_oracle(r), sat);
                if (got.code != want.code || got.flags != want.flags) bad.report(f, x, r, sat, got, want);
            }
        }
    }
}

TEST(Encode, MidpointsValuesAndNeighboursInEveryModeMatchTheOracle) {
    Mismatches bad;
    std::size_t total = 0;
    for (const Format& f : test::format_matrix()) {
        const auto inputs = probe_inputs(test::spec_of(f));
        total += inputs.size() * 10;
        check_inputs(f, inputs, bad);
    }
    EXPECT_EQ(bad.count, 0) << "mismatches out of " << total << " encodes";
    RecordProperty("encodes", static_cast<int>(total));
}

TEST(Encode, RandomInputsAroundEachFormatsRangeMatchTheOracle) {
    std::mt19937 rng(20211);
    Mismatches bad;
    for (const Format& f : test::format_matrix()) check_inputs(f, random_inputs(test::spec_of(f), 400, rng), bad);
    EXPECT_EQ(bad.count, 0);
}

// Every binary32 bit pattern, for two formats and modes (several minutes: nightly only).
TEST(EncodeNightly, EveryBinary32) {
    struct Case {
        const char* format;
        Rounding mode;
        bool saturate;
    };
    for (const Case c : {Case{"ocp-e4m3", Rounding::rne, true}, Case{"ue5m3b20-fn", Rounding::rdn, false},
                         Case{"mx-e2m1", Rounding::rna, true}, Case{"se3m2b5-ieee", Rounding::rup, false}}) {
        const Format f = Format::parse(c.format);
        const oracle::Encoder oracle_encode(test::spec_of(f));
        Mismatches bad;
        uint32_t x = 0;
        do {
            const EncodeResult got = encode(f, x, c.mode, c.saturate);
            const oracle::EncodeOut want = oracle_encode(x, test::to_oracle(c.mode), c.saturate);
            if (got.code != want.code || got.flags != want.flags) bad.report(f, x, c.mode, c.saturate, got, want);
        } while (++x != 0);
        EXPECT_EQ(bad.count, 0) << c.format;
    }
}

// OCP MX 1.0's FP4 (E2M1) values are 0, 0.5, 1, 1.5, 2, 3, 4, 6: its table, by hand, and rne
// between them (ties to the even code), saturating at 6.
TEST(Encode, HandComputedMxE2m1Cases) {
    const Format f = Format::parse("mx-e2m1");
    const auto enc = [&](float x, Rounding r = Rounding::rne) { return encode(f, std::bit_cast<uint32_t>(x), r, true); };
    EXPECT_EQ(enc(0.5f), (EncodeResult{0x1, 0}));
    EXPECT_EQ(enc(6.0f), (EncodeResult{0x7, 0}));
    EXPECT_EQ(enc(-3.0f), (EncodeResult{0xD, 0}));
    EXPECT_EQ(enc(-0.0f), (EncodeResult{0x8, 0}));
    EXPECT_EQ(enc(5.0f), (EncodeResult{0x6, 0x01}));   // tie between 4 (0x6) and 6 (0x7): even code
    EXPECT_EQ(enc(2.5f), (EncodeResult{0x4, 0x01}));   // tie between 2 (0x4) and 3 (0x5)
    EXPECT_EQ(enc(7.0f), (EncodeResult{0x7, 0x05}));   // overflow, saturated
    EXPECT_EQ(enc(0.25f), (EncodeResult{0x0, 0x03}));  // tie between 0 and 0.5: zero, underflow
    EXPECT_EQ(enc(0.25f, Rounding::rup), (EncodeResult{0x1, 0x03}));
    EXPECT_EQ(enc(std::numeric_limits<float>::quiet_NaN()), (EncodeResult{0x0, 0x10}));  // no NaN code
}

// Hand-computed facts from SPEC section 2, independent of both models.
TEST(Encode, HandComputedOcpE4m3Cases) {
    const Format f = Format::parse("ocp-e4m3");
    const auto enc = [&](float x, Rounding r = Rounding::rne, bool sat = true) {
        return encode(f, std::bit_cast<uint32_t>(x), r, sat);
    };
    EXPECT_EQ(enc(448.0f), (EncodeResult{0x7E, 0}));
    EXPECT_EQ(enc(464.0f), (EncodeResult{0x7E, 0x01}));          // tie to even stays at 448
    EXPECT_EQ(enc(465.0f), (EncodeResult{0x7E, 0x05}));          // overflow, saturated
    EXPECT_EQ(enc(465.0f, Rounding::rne, false), (EncodeResult{0x7F, 0x05}));  // no Inf: NaN
    EXPECT_EQ(enc(1e9f, Rounding::rtz, false), (EncodeResult{0x7E, 0x05}));
    EXPECT_EQ(enc(-1e9f, Rounding::rup, false), (EncodeResult{0xFE, 0x05}));
    EXPECT_EQ(enc(0x1p-10f), (EncodeResult{0x00, 0x03}));        // half of 2^-9: tie to even zero
    EXPECT_EQ(enc(-0x1p-10f), (EncodeResult{0x80, 0x03}));
    EXPECT_EQ(enc(0x1p-10f, Rounding::rna), (EncodeResult{0x01, 0x03}));
    // 1.875 * 2^-7 rounds to 2^-6 (tie to even in the subnormal grid), but it has 4 significant
    // bits, so with an unbounded exponent it stays below 2^-6: tiny after rounding.
    EXPECT_EQ(enc(0x1.ep-7f), (EncodeResult{0x08, 0x03}));
    // 1.9375 * 2^-7 has 5 bits: unbounded rounding gives 2^-6 itself, not tiny.
    EXPECT_EQ(enc(0x1.fp-7f), (EncodeResult{0x08, 0x01}));
    EXPECT_EQ(enc(std::numeric_limits<float>::infinity()), (EncodeResult{0x7E, 0}));
    EXPECT_EQ(enc(std::numeric_limits<float>::quiet_NaN()), (EncodeResult{0x7F, 0}));
}

}  // namespace
}  // namespace ffp8
