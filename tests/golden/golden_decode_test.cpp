// decode and the Format code predicates on all 2^n codes of every format of the matrix, against
// the oracle's value formula (SPEC section 1).
#include <gtest/gtest.h>

#include "ffp8/binary32.hpp"
#include "ffp8/decode.hpp"
#include "format_matrix.hpp"
#include "oracle/exact_value.hpp"
#include "oracle/format_spec.hpp"

namespace ffp8 {
namespace {

TEST(Decode, AllCodesOfEveryMatrixFormatMatchTheOracle) {
    for (const Format& f : test::format_matrix()) {
        SCOPED_TRACE(f.name());
        const oracle::FormatSpec spec = test::spec_of(f);
        for (unsigned c = 0; c < f.code_count(); ++c) {
            const auto code = static_cast<uint8_t>(c);
            const oracle::ExactValue want = oracle::value_of(spec, c);
            const uint32_t got = decode(f, code);
            if (want.kind == oracle::Kind::nan) {
                EXPECT_EQ(got, b32::canonical_nan) << "code " << c;
            } else {
                EXPECT_TRUE(oracle::same_value(oracle::from_binary32(got), want))
                    << "code " << c << ": golden " << oracle::to_string(oracle::from_binary32(got)) << ", oracle "
                    << oracle::to_string(want);
            }
            EXPECT_EQ(f.is_nan_code(code), want.kind == oracle::Kind::nan) << "code " << c;
            EXPECT_EQ(f.is_inf_code(code), want.kind == oracle::Kind::inf) << "code " << c;
            EXPECT_EQ(operand_bits(f, c), got);
        }
    }
}

// SPEC section 1's narrow formats (n = 4..7): every code of every format the grammar allows, at
// every legal bias, named canonically and parsed back.
TEST(Decode, EveryCodeOfEveryNarrowFormatAtEveryBiasMatchesTheOracle) {
    long codes = 0;
    int bad = 0;
    for (oracle::FormatSpec spec : oracle::legal_shapes(oracle::narrowest, oracle::widest - 1)) {
        const oracle::BiasLimits r = oracle::legal_bias(spec.E, spec.M, spec.policy);
        for (spec.bias = r.min; spec.bias <= r.max; ++spec.bias) {
            const Format f = Format::parse(oracle::canonical_name(spec));
            ASSERT_EQ(f.name(), oracle::canonical_name(spec));
            ASSERT_EQ(f.width(), oracle::width(spec));
            ASSERT_EQ(f.code_count(), oracle::code_count(spec));
            for (unsigned c = 0; c < f.code_count(); ++c, ++codes) {
                const oracle::ExactValue want = oracle::value_of(spec, c);
                const uint32_t got = decode(f, static_cast<uint8_t>(c));
                const bool same = want.kind == oracle::Kind::nan
                                      ? got == b32::canonical_nan
                                      : oracle::same_value(oracle::from_binary32(got), want);
                if ((!same || f.is_nan_code(static_cast<uint8_t>(c)) != (want.kind == oracle::Kind::nan) ||
                     f.is_inf_code(static_cast<uint8_t>(c)) != (want.kind == oracle::Kind::inf)) &&
                    ++bad <= 20)
                    ADD_FAILURE() << f.name() << " code " << c << ": golden " << oracle::to_string(oracle::from_binary32(got))
                                  << ", oracle " << oracle::to_string(want);
            }
        }
    }
    EXPECT_EQ(bad, 0) << "of " << codes << " codes";
    EXPECT_GT(codes, 1'000'000);
}

TEST(Decode, SpecialCodesAndExtremesMatchTheOracle) {
    for (const Format& f : test::format_matrix()) {
        SCOPED_TRACE(f.name());
        const oracle::FormatSpec spec = test::spec_of(f);
        ASSERT_EQ(f.has_nan(), oracle::has_nan(spec));
        ASSERT_EQ(f.has_inf(), oracle::has_inf(spec));
        EXPECT_EQ(f.has_negative_zero(), oracle::has_negative_zero(spec));
        if (f.has_nan()) {
            EXPECT_EQ(f.canonical_nan(), oracle::canonical_nan_code(spec));
        }
        EXPECT_EQ(f.max_finite_code(false), oracle::max_finite_code(spec, false));
        EXPECT_EQ(f.max_finite_code(true), oracle::max_finite_code(spec, true));
        // zero_code: a code whose value is a zero of that sign (or +0 when the format has no -0).
        for (const bool negative : {false, true}) {
            const oracle::ExactValue z = oracle::value_of(spec, f.zero_code(negative));
            EXPECT_TRUE(z.is_zero());
            EXPECT_EQ(z.negative, negative && oracle::has_negative_zero(spec));
            if (f.has_inf()) {
                const oracle::ExactValue inf = oracle::value_of(spec, f.inf_code(negative));
                EXPECT_EQ(inf.kind, oracle::Kind::inf);
                EXPECT_EQ(inf.negative, negative && f.is_signed);
            }
        }
    }
}

}  // namespace
}  // namespace ffp8
