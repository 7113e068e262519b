// All 65,536 (a, w) code pairs of several format pairs through the decoders and the FMA
// datapath (every cycle loads an addend: acc = round(addend + a * w)), against golden mac_exact.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "ffp8/mac.hpp"
#include "mac_vectors.hpp"

namespace ffp8::hw::test {
namespace {

struct Pair {
    const char* act;
    const char* wgt;
};

void expect_all_products(const UnitConfig& o, const std::vector<Pair>& pairs, const std::vector<uint32_t>& addends) {
    std::vector<MacInputs> cycles{MacInputs{.rst = true}};
    struct Expect {
        Format act, wgt;
        uint32_t addend, a, w;
    };
    std::vector<Expect> expected;
    for (const Pair& p : pairs) {
        const Format act = Format::parse(p.act), wgt = Format::parse(p.wgt);
        for (uint32_t addend : addends)
            for (uint32_t a = 0; a < 256; ++a)
                for (uint32_t w = 0; w < 256; ++w) {
                    MacInputs in;
                    in.in_valid = true;
                    in.load = true;
                    in.load_value = addend;
                    in.a = a;
                    in.w = w;
                    if (o.mode == Mode::runtime_formats) {
                        in.act = act;
                        in.wgt = wgt;
                    }
                    cycles.push_back(in);
                    expected.push_back({act, wgt, addend, a, w});
                }
    }
    for (int i = 0; i < o.stages; ++i) cycles.push_back(MacInputs{});
    const auto got = simulate_mac(o, cycles, "products", Simulator::verilator);
    int failures = 0;
    for (std::size_t i = 0; i < expected.size() && failures < 10; ++i) {
        const Expect& e = expected[i];
        const MacResult want = mac_exact(e.act, e.wgt, e.addend, e.a, e.w);
        const MacOutputs& g = got[i + 1 + static_cast<std::size_t>(o.stages)];
        if (!g.out_valid || g.acc != want.bits || g.flags != want.flags) {
            ++failures;
            ADD_FAILURE() << fmt::format("{} x {}: {:08x} + {:02x} * {:02x}: rtl {:08x} flags {:02x}, golden {:08x} flags {:02x}",
                                         e.act.name(), e.wgt.name(), e.addend, e.a, e.w, g.acc, g.flags, want.bits, want.flags);
        }
    }
}

// One runtime-mode build serves every pair (one Verilator compile), decoders included.
TEST(ProductsNightly, AllCodePairsRuntimeBuild) {
    UnitConfig o;
    o.act = Format::parse("se4m3");
    o.wgt = Format::parse("se4m3");
    o.mode = Mode::runtime_formats;
    o.stages = 1;
    expect_all_products(o,
                        {{"ue4m4", "se4m3"}, {"ocp-e4m3", "ocp-e5m2"}, {"se2m5b-3", "ue5m3b20-fn"}, {"se7m0b150", "ue1m7b143"}},
                        {0x00000000u, 0xC1234567u});
}

// Static builds, more addends (nightly: one Verilator compile per pair).
TEST(ProductsNightly, AllCodePairsStaticBuilds) {
    for (const Pair& p : std::vector<Pair>{{"ue4m4", "se4m3"}, {"ocp-e4m3", "ocp-e5m2"}, {"e5m2fnuz", "ue8m0b150"}}) {
        UnitConfig o;
        o.act = Format::parse(p.act);
        o.wgt = Format::parse(p.wgt);
        o.stages = 2;
        expect_all_products(o, {p}, {0x00000000u, 0x80000000u, 0x3F800000u, 0xC1234567u, 0x00000123u, 0x7F800000u});
    }
}

}  // namespace
}  // namespace ffp8::hw::test
