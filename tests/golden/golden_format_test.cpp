// Format library: published facts, names, presets, legal bias ranges and bad names, checked
// against literal published numbers and the oracle's restatement of SPEC section 1.
#include <gtest/gtest.h>

#include <string>

#include "ffp8/binary32.hpp"
#include "ffp8/decode.hpp"
#include "ffp8/format.hpp"
#include "ffp8/mac.hpp"
#include "format_matrix.hpp"
#include "oracle/format_spec.hpp"

namespace ffp8 {
namespace {

float max_finite(const char* name) {
    const Format f = Format::parse(name);
    return b32::to_float(decode(f, f.max_finite_code()));
}

TEST(PublishedFacts, OcpE4m3MaxIs448AndMinSubnormalIs2ToMinus9) {
    EXPECT_EQ(max_finite("ocp-e4m3"), 448.0f);
    EXPECT_EQ(b32::to_float(decode(Format::parse("ocp-e4m3"), 0x01)), 0x1p-9f);
    EXPECT_EQ(b32::to_float(decode(Format::parse("ocp-e4m3"), 0xFE)), -448.0f);
    EXPECT_EQ(decode(Format::parse("ocp-e4m3"), 0x7F), b32::canonical_nan);
}

TEST(PublishedFacts, OcpE5m2MaxIs57344WithInfinities) {
    const Format f = Format::parse("ocp-e5m2");
    EXPECT_EQ(max_finite("ocp-e5m2"), 57344.0f);
    EXPECT_EQ(b32::to_float(decode(f, 0x01)), 0x1p-16f);
    EXPECT_EQ(decode(f, 0x7C), b32::pos_inf);
    EXPECT_EQ(decode(f, 0xFC), b32::sign_mask | b32::pos_inf);
}

TEST(PublishedFacts, FnuzMaxima) {
    EXPECT_EQ(max_finite("e4m3fnuz"), 240.0f);
    EXPECT_EQ(max_finite("e5m2fnuz"), 57344.0f);
    EXPECT_EQ(decode(Format::parse("e4m3fnuz"), 0x80), b32::canonical_nan);
    EXPECT_EQ(b32::to_float(decode(Format::parse("e4m3fnuz"), 0x01)), 0x1p-10f);
}

TEST(PublishedFacts, Fp32CanonicalNanIs7fc00000) {
    EXPECT_EQ(b32::canonical_nan, 0x7FC00000u);
    const Format fp32 = Format::fp32();
    // A NaN payload and sign are not propagated: every NaN result is the canonical one.
    EXPECT_EQ(mac_exact(fp32, fp32, 0xFFC12345u, 0x3F800000u, 0x3F800000u).bits, 0x7FC00000u);
}

TEST(Names, PresetsMapAsSpecSays) {
    for (const char* name : {"ocp-e4m3", "ocp-e5m2", "e4m3fnuz", "e5m2fnuz"}) {
        const auto want = oracle::preset(name);
        ASSERT_TRUE(want.has_value());
        const Format f = Format::parse(name);
        EXPECT_EQ(f.name(), oracle::canonical_name(*want)) << name;
        EXPECT_FALSE(f.is_fp32);
    }
    EXPECT_TRUE(Format::parse("fp32").is_fp32);
    EXPECT_EQ(Format::parse("fp32").name(), "fp32");
}

TEST(Names, OmittedBiasAndPolicyAreTheDefaults) {
    EXPECT_EQ(Format::parse("se4m3").name(), "se4m3b7");
    EXPECT_EQ(Format::parse("se5m2-ieee").name(), "se5m2b15-ieee");
    EXPECT_EQ(Format::parse("ue5m3b20").name(), "ue5m3b20");
    EXPECT_EQ(Format::parse("se2m5b-3").name(), "se2m5b-3");
    EXPECT_EQ(Format::parse("ue8m0-ieee").name(), "ue8m0b127-ieee");
    EXPECT_EQ(Format::parse("se1m6").bias, 0);
}

TEST(Names, CanonicalNamesRoundTripOverTheMatrix) {
    const auto matrix = test::format_matrix();
    ASSERT_GE(matrix.size(), 40u);
    for (const Format& f : matrix) {
        const oracle::FormatSpec spec = test::spec_of(f);
        EXPECT_EQ(f.name(), oracle::canonical_name(spec));
        EXPECT_EQ(Format::parse(f.name()), f) << f.name();
        EXPECT_EQ(Format::parse(f.name()).name(), f.name());
    }
}

TEST(Bias, LegalRangesMatchTheOracleAndTheEdgesAreEnforced) {
    // Every E and M up to widths 3 and 9, which must be refused with every other illegal shape.
    for (const bool is_signed : {true, false}) {
        for (int E = 1; E <= 9; ++E) {
          for (int M = 0; M <= 8; ++M) {
            for (const Policy p : {Policy::finite, Policy::ieee, Policy::fn, Policy::fnuz}) {
                const oracle::Policy op = test::spec_of(Format::make(true, 4, 3, 7, p)).policy;
                const std::string shape = std::string(is_signed ? "s" : "u") + "e" + std::to_string(E) + "m" +
                                          std::to_string(M);
                const std::string suffix = p == Policy::finite ? "" : "-" + std::string(to_string(p));
                if (!oracle::shape_is_legal(is_signed, E, M, op)) {
                    EXPECT_THROW(Format::parse(shape + suffix), FormatError) << shape + suffix;
                    continue;
                }
                const oracle::BiasLimits want = oracle::legal_bias(E, M, op);
                const BiasRange got = Format::legal_bias(E, M, p);
                EXPECT_EQ(got.min, want.min) << shape + suffix;
                EXPECT_EQ(got.max, want.max) << shape + suffix;
                for (const int bad : {want.min - 1, want.max + 1, want.min - 1000, want.max + 1000}) {
                    const std::string name = shape + "b" + std::to_string(bad) + suffix;
                    try {
                        (void)Format::parse(name);
                        ADD_FAILURE() << name << " was accepted";
                    } catch (const FormatError& e) {
                        const std::string msg = e.what();
                        EXPECT_NE(msg.find(std::to_string(want.min)), std::string::npos) << msg;
                        EXPECT_NE(msg.find(std::to_string(want.max)), std::string::npos) << msg;
                        EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
                    }
                    EXPECT_THROW(Format::make(is_signed, E, M, bad, p), FormatError) << name;
                }
                for (const int good : {want.min, want.max})
                    EXPECT_NO_THROW(Format::parse(shape + "b" + std::to_string(good) + suffix));
            }
          }
        }
    }
}

TEST(Bias, DefaultBiasOutsideTheLegalRangeIsRejected) {
    // ue8m0: exponent field 255 is finite, so the bias must be >= 128; the default 127 is not.
    EXPECT_THROW(Format::parse("ue8m0"), FormatError);
    EXPECT_NO_THROW(Format::parse("ue8m0b128"));
}

TEST(Names, MalformedOrInvalidNamesAreOneLineErrors) {
    for (const char* name :
         {"", "s", "se4", "se4m", "xe4m3", "se4m4", "se0m7", "se8m-1", "ue4m5", "ue2m1", "se1m1", "ue9m0", "se4m3b", "se4m3b7-",
          "se4m3b7-foo", "se4m3bx", "se4m3b7x", "se1m6-ieee", "ue1m7-ieee", "se7m0-fn", "ue8m0-fn", "ue4m4-fnuz",
          "se4m3b99999999999999999999", "se4m3b-99999999999999999999", "se99999999999999m3", "fp16", "ocp-e4m2",
          " se4m3", "se4m3 ", "se4m3b7b7", "se4m3-fn-fn", "se+4m3"}) {
        try {
            const Format f = Format::parse(name);
            ADD_FAILURE() << "'" << name << "' was accepted as " << f.name();
        } catch (const FormatError& e) {
            const std::string msg = e.what();
            EXPECT_FALSE(msg.empty()) << name;
            EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
        }
    }
}

TEST(Names, IllegalShapesAreRejectedByMake) {
    EXPECT_THROW(Format::make(true, 4, 4, 7, Policy::finite), FormatError);   // 9 bits
    EXPECT_THROW(Format::make(false, 4, 5, 7, Policy::finite), FormatError);  // 9 bits
    EXPECT_THROW(Format::make(true, 1, 1, 0, Policy::finite), FormatError);   // 3 bits
    EXPECT_THROW(Format::make(false, 2, 1, 0, Policy::finite), FormatError);  // 3 bits
    EXPECT_THROW(Format::make(true, 2, -1, 0, Policy::finite), FormatError);
    EXPECT_NO_THROW(Format::make(false, 4, 3, 7, Policy::finite));           // 7 bits, narrow
    EXPECT_NO_THROW(Format::make(true, 2, 1, 1, Policy::finite));            // 4 bits: mx-e2m1
    EXPECT_THROW(Format::make(true, 0, 7, 0, Policy::finite), FormatError);
    EXPECT_THROW(Format::make(true, 1, 6, 0, Policy::ieee), FormatError);
    EXPECT_THROW(Format::make(true, 7, 0, 63, Policy::fn), FormatError);
    EXPECT_THROW(Format::make(false, 4, 4, 7, Policy::fnuz), FormatError);
}

}  // namespace
}  // namespace ffp8
