// TableEncoder (encode, rne + saturate, one table entry per binary32 binade) against encode() on
// every format of the matrix: every sign, exponent and top 8 fraction bits of the input with the
// low 15 bits at 0, 1, half - 1, half, half + 1 and all ones. Every rounding boundary of a format
// with at most 7 fraction bits lies on a multiple of 2^15, so this covers each midpoint and both
// its neighbours; random inputs besides, and every binary32 for two formats nightly.
#include <gtest/gtest.h>

#include <bit>
#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <vector>

#include "ffp8/encode.hpp"
#include "ffp8/table_encoder.hpp"
#include "format_matrix.hpp"

namespace ffp8 {
namespace {

int check(const TableEncoder& t, uint32_t bits, int& bad) {
    const uint8_t want = encode(t.format(), bits).code;
    const uint8_t got = t.code(std::bit_cast<float>(bits));
    if (got != want && ++bad <= 20)
        ADD_FAILURE() << t.format().name() << " input 0x" << std::hex << bits << ": table 0x" << unsigned{got}
                      << ", encode 0x" << unsigned{want};
    return 1;
}

TEST(TableEncoder, EveryBoundaryOfEveryFormatEqualsEncode) {
    int bad = 0;
    long inputs = 0;
    std::mt19937 rng(5);
    for (const Format& f : test::format_matrix()) {
        if (f.is_fp32) continue;
        const TableEncoder t(f);
        for (uint32_t top = 0; top < (1u << 17); ++top)
            for (const uint32_t low : {0x0u, 0x1u, 0x3FFFu, 0x4000u, 0x4001u, 0x7FFFu})
                inputs += check(t, (top << 15) | low, bad);
        for (int i = 0; i < 20000; ++i) inputs += check(t, static_cast<uint32_t>(rng()), bad);
    }
    EXPECT_EQ(bad, 0) << "of " << inputs << " inputs";
    EXPECT_GT(inputs, 10'000'000);
}

// The vectorized quantize (eight lanes, scalar fallback for uncovered lanes and the tail) gives
// the decoded value of code() for every input, in every binade, whatever mix of inputs shares a
// vector.
TEST(TableEncoder, QuantizeEqualsDecodedCodes) {
    std::mt19937 rng(8);
    int bad = 0;
    for (const Format& f : test::format_matrix()) {
        if (f.is_fp32) continue;
        const TableEncoder t(f);
        std::array<float, 256> value{};
        for (unsigned c = 0; c < f.code_count(); ++c) value[c] = static_cast<float>(c);  // identifies the code
        std::vector<float> in(1000 + rng() % 9), out(in.size());
        for (float& x : in) {
            const uint32_t r = static_cast<uint32_t>(rng());
            // Mostly values near the format's range, some of any bits (NaN, Inf, subnormal, negative).
            const float near = std::ldexp(static_cast<float>(r % 4096) / 256.0f, static_cast<int>(r >> 28) - f.bias);
            x = rng() % 8 == 0 ? std::bit_cast<float>(static_cast<uint32_t>(rng())) : (r & 0x1000u ? -near : near);
        }
        // And every binade of both signs, several significands each (each vector mixes binades).
        for (uint32_t field = 0; field < 256; ++field)
            for (const uint32_t frac : {0x0u, 0x1u, 0x400000u, 0x7FFFFFu, static_cast<uint32_t>(rng()) & 0x7FFFFFu})
                for (const uint32_t sign : {0x0u, 0x80000000u}) in.push_back(std::bit_cast<float>(sign | field << 23 | frac));
        std::shuffle(in.begin() + 1000, in.end(), rng);
        out.resize(in.size());
        t.quantize(in.data(), in.size(), value, out.data());
        for (std::size_t i = 0; i < in.size(); ++i)
            if (out[i] != value[t.code(in[i])] && ++bad <= 20)
                ADD_FAILURE() << f.name() << " input 0x" << std::hex << std::bit_cast<uint32_t>(in[i]) << ": quantize code "
                              << out[i] << ", code() " << unsigned{t.code(in[i])};
    }
    EXPECT_EQ(bad, 0);
}

TEST(TableEncoderNightly, EveryBinary32) {
    for (const char* name : {"ue4m4b7", "se2m5b3", "se4m3b7-fn"}) {
        const TableEncoder t(Format::parse(name));
        int bad = 0;
        uint32_t bits = 0;
        do check(t, bits, bad);
        while (++bits != 0);
        EXPECT_EQ(bad, 0) << name;
    }
}

}  // namespace
}  // namespace ffp8
