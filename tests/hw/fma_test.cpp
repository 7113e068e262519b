// The binary32 FMA datapath against golden fma_exact, through the baseline MAC with `load`
// (every cycle computes round(load_value + a * w)).
#include <gtest/gtest.h>

#include <cmath>
#include <fmt/format.h>
#include <random>

#include "ffp8/binary32.hpp"
#include "ffp8/decode.hpp"
#include "ffp8/fma.hpp"
#include "mac_vectors.hpp"

namespace ffp8::hw::test {
namespace {

struct Triple {
    uint32_t x, y, c;
};

// Binary32 values biased toward the hard cases: subnormals, specials, extremes, near-cancellation.
class VectorSource {
public:
    explicit VectorSource(uint64_t seed) : rng_(seed) {}

    uint32_t operand() {
        const uint32_t sign = (rng_() & 1u) << 31;
        switch (rng_() % 10) {
            case 0: return sign | (rng_() & b32::frac_mask);                                    // subnormal
            case 1: return sign | special();                                                   // 0, inf, nan
            case 2: return sign | (static_cast<uint32_t>(1 + rng_() % 20) << 23) | frac();      // tiny normal
            case 3: return sign | (static_cast<uint32_t>(234 + rng_() % 21) << 23) | frac();    // huge normal
            case 4: return sign | (static_cast<uint32_t>(100 + rng_() % 55) << 23) | (rng_() % 4 ? 0u : frac());
            default: return static_cast<uint32_t>(rng_());
        }
    }

    Triple triple() {
        Triple t{operand(), operand(), operand()};
        const unsigned kind = rng_() % 8;
        if (kind == 0) {  // addend near -x*y: massive cancellation
            const double p = static_cast<double>(b32::to_float(t.x)) * static_cast<double>(b32::to_float(t.y));
            if (std::isfinite(p)) t.c = b32::from_float(static_cast<float>(-p)) + static_cast<uint32_t>(rng_() % 5) - 2u;
        } else if (kind == 1) {  // products around the normal/subnormal boundary and overflow
            const uint32_t ex = 1 + rng_() % 253;
            const int target = (rng_() & 1) ? 127 - 126 : 127 + 127;  // result exponent ~ 2^-126 or 2^127
            const int ey = target + 127 - static_cast<int>(ex) + static_cast<int>(rng_() % 5) - 2;
            if (ey >= 1 && ey <= 254) {
                t.x = (t.x & b32::sign_mask) | (ex << 23) | frac();
                t.y = (t.y & b32::sign_mask) | (static_cast<uint32_t>(ey) << 23) | frac();
                if (rng_() & 1) t.c = (t.c & b32::sign_mask) | (rng_() & 0x00FFFFFFu);
            }
        }
        return t;
    }

private:
    uint32_t frac() { return static_cast<uint32_t>(rng_()) & b32::frac_mask; }
    uint32_t special() {
        switch (rng_() % 5) {
            case 0: return 0;
            case 1: return b32::pos_inf;
            case 2: return b32::canonical_nan;
            case 3: return b32::pos_inf | (1 + (static_cast<uint32_t>(rng_()) & 0x3FFFFFu));  // signalling
            default: return b32::pos_inf | frac() | 1u;
        }
    }
    std::mt19937_64 rng_;
};

void expect_fma(const std::vector<Triple>& vectors, int stages, Simulator sim = Simulator::icarus) {
    UnitConfig o;
    o.act = Format::fp32();
    o.wgt = Format::fp32();
    o.stages = stages;
    std::vector<MacInputs> cycles{MacInputs{.rst = true}};
    for (const auto& t : vectors) {
        MacInputs in;
        in.in_valid = true;
        in.load = true;
        in.load_value = t.c;
        in.a = t.x;
        in.w = t.y;
        cycles.push_back(in);
    }
    for (int i = 0; i < stages; ++i) cycles.push_back(MacInputs{});
    const auto out = simulate_mac(o, cycles, "fma", sim);
    int failures = 0;
    for (std::size_t i = 0; i < vectors.size() && failures < 10; ++i) {
        const auto& t = vectors[i];
        const MacOutputs& got = out[i + 1 + static_cast<std::size_t>(stages)];
        const FmaResult want = fma_exact(t.x, t.y, t.c);
        if (!got.out_valid || got.acc != want.bits || got.flags != want.flags) {
            ++failures;
            ADD_FAILURE() << fmt::format("fma({:08x}, {:08x}, {:08x}): rtl {:08x} flags {:02x}, golden {:08x} flags {:02x}",
                                         t.x, t.y, t.c, got.acc, got.flags, want.bits, want.flags);
        }
    }
}

TEST(Fma, DirectedCases) {
    const std::vector<Triple> v{
        {0x3F800000, 0x3F800000, 0x00000000}, {0x3F800000, 0x3F800000, 0xBF800000},  // 1*1+0, 1*1-1
        {0x80000000, 0x3F800000, 0x80000000}, {0x00000000, 0x3F800000, 0x80000000},  // -0 + -0, +0 + -0
        {0x7F800000, 0x00000000, 0x7FC00000}, {0x7F800000, 0x3F800000, 0xFF800000},  // 0*inf, inf-inf
        {0x7F800001, 0x3F800000, 0x00000000}, {0x3F800000, 0x3F800000, 0x7F800001},  // sNaN
        {0x00000001, 0x00000001, 0x00000000}, {0x00000001, 0x3F000000, 0x00000000},  // tiny products
        {0x00000001, 0x3F400000, 0x00000000}, {0x00800000, 0x3F7FFFFF, 0x00000000},  // rounding to min normal
        {0x7F7FFFFF, 0x40000000, 0x00000000}, {0x7F7FFFFF, 0x3F800000, 0x73800000},  // overflow
        {0x00000001, 0x00000001, 0x00000001}, {0x00000003, 0x3F000000, 0x80000000},
        {0x3F800001, 0x3F800001, 0xBF800002}, {0x4B000001, 0x4B000001, 0xD6800002},
    };
    expect_fma(v, 0);
}

// One Verilator build of the baseline runs ~10^5 random vectors and, for several FFP8 format
// pairs, all 65,536 decoded (a, w) products with a few addends (the decoders themselves are
// checked exhaustively in codec_test; products_test runs them end to end).
TEST(Fma, RandomVectorsAndAllFfp8Products) {
    VectorSource src(1);
    std::vector<Triple> v;
    for (int i = 0; i < 100000; ++i) v.push_back(src.triple());
    const std::vector<std::pair<const char*, const char*>> pairs{
        {"ue4m4", "se4m3"}, {"ocp-e4m3", "ocp-e5m2"}, {"se2m5b-3", "ue5m3b20-fn"}, {"se7m0b150", "ue1m7b143"}};
    for (const auto& [act_name, wgt_name] : pairs) {
        const Format act = Format::parse(act_name), wgt = Format::parse(wgt_name);
        for (uint32_t c : {0x00000000u, 0xC1234567u, 0x00000123u})
            for (unsigned a = 0; a < 256; ++a)
                for (unsigned w = 0; w < 256; ++w)
                    v.push_back({decode(act, static_cast<uint8_t>(a)), decode(wgt, static_cast<uint8_t>(w)), c});
    }
    expect_fma(v, 0, Simulator::verilator);
}

TEST(Fma, RandomVectorsStages3) {
    VectorSource src(2);
    std::vector<Triple> v;
    for (int i = 0; i < 2000; ++i) v.push_back(src.triple());
    expect_fma(v, 3);
}

TEST(FmaNightly, MillionRandomVectorsStages2) {
    VectorSource src(3);
    std::vector<Triple> v;
    for (int i = 0; i < 1000000; ++i) v.push_back(src.triple());
    expect_fma(v, 2, Simulator::verilator);
}

}  // namespace
}  // namespace ffp8::hw::test
