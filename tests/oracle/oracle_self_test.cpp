// The oracle checked against facts that do not come from this project: published maxima of the
// OCP and FNUZ formats, and glibc's fmaf (correctly rounded, round to nearest even) on finite
// binary32 operands. The golden suites trust the oracle only as far as these hold.
#include <gtest/gtest.h>

#include <bit>
#include <cfenv>
#include <cmath>
#include <random>

#include "oracle/dot.hpp"
#include "oracle/encode.hpp"
#include "oracle/format_spec.hpp"
#include "oracle/mac.hpp"

namespace oracle {
namespace {

double to_double(const ExactValue& v) {
    const double m = std::ldexp(static_cast<double>(v.mant), v.exp);
    return v.negative ? -m : m;
}

double max_finite(const char* preset_name) {
    const FormatSpec f = *preset(preset_name);
    return to_double(value_of(f, max_finite_code(f, false)));
}

TEST(OracleFacts, PublishedMaxima) {
    EXPECT_EQ(max_finite("ocp-e4m3"), 448.0);
    EXPECT_EQ(max_finite("ocp-e5m2"), 57344.0);
    EXPECT_EQ(max_finite("e4m3fnuz"), 240.0);
    EXPECT_EQ(max_finite("e5m2fnuz"), 57344.0);
    EXPECT_EQ(to_double(value_of(*preset("ocp-e4m3"), 0x01)), std::ldexp(1.0, -9));
    EXPECT_EQ(to_double(value_of(*preset("ocp-e5m2"), 0x01)), std::ldexp(1.0, -16));
    EXPECT_EQ(value_of(*preset("ocp-e5m2"), 0x7C).kind, Kind::inf);
    EXPECT_EQ(value_of(*preset("ocp-e4m3"), 0x7F).kind, Kind::nan);
    EXPECT_EQ(value_of(*preset("e4m3fnuz"), 0x80).kind, Kind::nan);
}

// OCP Microscaling Formats (MX) v1.0, section 5.3: FP6 E3M2 max 28, min subnormal 2^-4; FP6 E2M3
// max 7.5, min subnormal 2^-3; FP4 E2M1 max 6, min subnormal 0.5; no Inf or NaN; the sign at the
// top of the 6 or 4 bits (-0 = 0x20, 0x8).
TEST(OracleFacts, PublishedMxElementTypes) {
    EXPECT_EQ(max_finite("mx-e3m2"), 28.0);
    EXPECT_EQ(max_finite("mx-e2m3"), 7.5);
    EXPECT_EQ(max_finite("mx-e2m1"), 6.0);
    EXPECT_EQ(to_double(value_of(*preset("mx-e3m2"), 0x01)), std::ldexp(1.0, -4));
    EXPECT_EQ(to_double(value_of(*preset("mx-e2m3"), 0x01)), std::ldexp(1.0, -3));
    EXPECT_EQ(to_double(value_of(*preset("mx-e2m1"), 0x01)), 0.5);
    EXPECT_EQ(to_double(value_of(*preset("mx-e2m1"), 0xF)), -6.0);
    EXPECT_EQ(to_double(value_of(*preset("mx-e3m2"), 0x3F)), -28.0);
    for (const char* name : {"mx-e3m2", "mx-e2m3", "mx-e2m1"}) {
        const FormatSpec f = *preset(name);
        EXPECT_EQ(code_count(f), width(f) == 6 ? 64u : 16u) << name;
        for (unsigned c = 0; c < code_count(f); ++c) EXPECT_EQ(value_of(f, c).kind, Kind::finite) << name << " " << c;
        const ExactValue negative_zero = value_of(f, sign_bit(f));
        EXPECT_TRUE(negative_zero.is_zero() && negative_zero.negative) << name;
    }
}

TEST(OracleFacts, EncodeRoundTripsEveryFiniteCode) {
    const FormatSpec f = *preset("ocp-e4m3");
    for (unsigned c = 0; c < 256; ++c) {
        const ExactValue v = value_of(f, c);
        if (v.kind != Kind::finite) continue;
        const float x = static_cast<float>(to_double(v));
        EXPECT_EQ(encode(f, std::bit_cast<uint32_t>(x), Rounding::rne, true), (EncodeOut{c, 0})) << c;
    }
}

uint32_t random_finite(std::mt19937& rng) {
    for (;;) {
        const uint32_t x = static_cast<uint32_t>(rng());
        if ((x & 0x7F800000u) != 0x7F800000u) return x;
    }
}

// glibc's fmaf is correctly rounded in round to nearest; its inexact and overflow flags are exact.
TEST(OracleVsLibm, FmafOnRandomFiniteOperands) {
    std::mt19937 rng(1);
    int mismatches = 0;
    for (int i = 0; i < 300000; ++i) {
        uint32_t x = random_finite(rng), y = random_finite(rng), c = random_finite(rng);
        if (i % 3 == 0) {  // a product near c so that sums cancel or round near ties
            const float p = std::bit_cast<float>(x) * std::bit_cast<float>(y);
            if (std::isfinite(p)) c = std::bit_cast<uint32_t>(-p) + static_cast<uint32_t>(rng() % 5) - 2;
        }
        std::feclearexcept(FE_ALL_EXCEPT);
        const float r = std::fmaf(std::bit_cast<float>(x), std::bit_cast<float>(y), std::bit_cast<float>(c));
        const bool inexact = std::fetestexcept(FE_INEXACT) != 0, overflow = std::fetestexcept(FE_OVERFLOW) != 0;
        const MacOut o = mac(c, from_binary32(x), from_binary32(y));
        const bool same = std::isnan(r) ? o.bits == canonical_nan32 : o.bits == std::bit_cast<uint32_t>(r);
        const bool same_flags = ((o.flags & flag::inexact) != 0) == inexact && ((o.flags & flag::overflow) != 0) == overflow;
        if ((!same || !same_flags) && ++mismatches <= 10)
            ADD_FAILURE() << std::hex << x << " * " << y << " + " << c << ": libm " << std::bit_cast<uint32_t>(r)
                          << " (inexact " << inexact << ", overflow " << overflow << "), oracle " << o.bits
                          << " flags " << o.flags;
    }
    EXPECT_EQ(mismatches, 0);
}

// The dot product against the CPU: when acc and the products sum exactly in double (checked with
// TwoSum at every step), the one binary32 rounding of the exact sum is the CPU's double -> float
// conversion (round to nearest even), and it is inexact iff that conversion changes the value.
TEST(OracleDotVsCpu, ExactDoubleSumsRoundLikeTheConversion) {
    std::mt19937 rng(3);
    int checked = 0, mismatches = 0;
    for (int i = 0; i < 200000; ++i) {
        const int n = static_cast<int>(rng() % 17);
        std::vector<ExactValue> a, w;
        for (int k = 0; k < n; ++k) {
            // FFP8-sized significands (at most 8 bits) over a wide exponent range.
            a.push_back({Kind::finite, rng() % 2 == 0, rng() % 256, static_cast<int>(rng() % 40) - 30});
            w.push_back({Kind::finite, rng() % 2 == 0, rng() % 256, static_cast<int>(rng() % 40) - 30});
        }
        const uint32_t acc = random_finite(rng) & 0xBFFFFFFFu;  // below 2^2: within reach of the products
        double sum = std::bit_cast<float>(acc);
        bool exact = true;
        for (int k = 0; k < n; ++k) {
            const double p = to_double(a[k]) * to_double(w[k]);  // exact: 16-bit significand
            const double s = sum + p, bv = s - sum, err = (sum - (s - bv)) + (p - bv);
            exact = exact && err == 0.0;
            sum = s;
        }
        if (!exact || sum == 0.0 || std::fabs(sum) < 0x1p-126) continue;  // zeros and tiny results: elsewhere
        const float f = static_cast<float>(sum);
        const MacOut want{std::bit_cast<uint32_t>(f), static_cast<double>(f) != sum ? flag::inexact : 0u};
        const MacOut got = dot(acc, a, w);
        ++checked;
        if (!(got == want) && ++mismatches <= 10)
            ADD_FAILURE() << "n " << n << " acc " << std::hex << acc << ": oracle " << got.bits << " flags "
                          << got.flags << ", cpu " << want.bits << " flags " << want.flags;
    }
    EXPECT_EQ(mismatches, 0);
    EXPECT_GT(checked, 20000);  // the generator reaches enough exact sums to mean something
}

// One lane is the MAC, on random binary32 accumulators and FFP8-sized operands (specials included).
TEST(OracleDotVsCpu, OneLaneIsTheMac) {
    std::mt19937 rng(4);
    const FormatSpec f = *preset("ocp-e5m2");
    for (int i = 0; i < 100000; ++i) {
        const uint32_t acc = static_cast<uint32_t>(rng());
        const ExactValue a = value_of(f, rng() % 256), w = value_of(f, rng() % 256);
        ASSERT_EQ(dot(acc, {a}, {w}), mac(acc, a, w)) << std::hex << acc;
    }
}

}  // namespace
}  // namespace oracle
