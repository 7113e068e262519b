// Smoke runs of generated dot-product units (Icarus, K = 2, 4, 8) against the golden DotUnit,
// cycle by cycle: random lanes, cancelling lane pairs, zero lanes, idle cycles, clear, load and
// reset. The long co-simulations are `ffp8 sim --lanes K` (tests/sim).
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <random>

#include "ffp8/dot_unit.hpp"
#include "mac_vectors.hpp"

namespace ffp8::hw::test {
namespace {

using SmokeCase = ConfigCase;

class DotSmoke : public ::testing::TestWithParam<SmokeCase> {};

TEST_P(DotSmoke, MatchesDotUnitEveryCycle) {
    const SmokeCase& c = GetParam();
    const UnitConfig o = c.options();
    const int K = o.lanes;
    std::mt19937_64 rng(static_cast<uint64_t>(K) * 977 + static_cast<uint64_t>(c.stages));
    std::vector<DotInputs> cycles;
    cycles.push_back(DotInputs{.rst = true});
    for (int i = 0; i < 1000; ++i) {
        DotInputs in;
        in.rst = rng() % 100 == 0;
        in.in_valid = rng() % 10 < 8;
        in.clear = rng() % 16 == 0;
        in.load = rng() % 8 == 0;
        in.load_value = random_binary32(rng);
        for (int k = 0; k < K; ++k) {
            in.a[static_cast<std::size_t>(k)] = static_cast<uint8_t>(rng());
            in.w[static_cast<std::size_t>(k)] = static_cast<uint8_t>(rng());
        }
        switch (rng() % 4) {
            case 0:  // lane 1 cancels lane 0 (signed weights)
                in.a[1] = in.a[0];
                in.w[1] = in.w[0] ^ 0x80u;
                break;
            case 1:  // zero activations beside lane 0
                for (int k = 1; k < K; ++k) in.a[static_cast<std::size_t>(k)] = rng() & 0x80u;
                break;
            default: break;
        }
        cycles.push_back(in);
    }
    // Rows: a and w as the 8K-bit lane words (K <= 8: one 64-bit value per port).
    const GeneratedDesign d = generate(o);
    TempDir dir("dotsmoke");
    const auto sources = write_files(d, dir.path());
    std::vector<PortSpec> inputs{{"rst", 1}, {"in_valid", 1}, {"clear", 1}, {"load", 1}, {"load_value", 32}, {"a", 8 * K}, {"w", 8 * K}};
    std::vector<Row> rows;
    for (const DotInputs& in : cycles) {
        uint64_t a = 0, w = 0;
        for (int k = K - 1; k >= 0; --k) {
            a = (a << 8) | in.a[static_cast<std::size_t>(k)];
            w = (w << 8) | in.w[static_cast<std::size_t>(k)];
        }
        rows.push_back({in.rst, in.in_valid, in.clear, in.load, in.load_value, a, w});
    }
    const auto got = simulate_clocked(dir.path(), sources, d.top, inputs, mac_outputs(o), rows);
    DotUnit unit(DotUnitConfig{o.act, o.wgt, o.out, o.stages, K});
    int failures = 0, results = 0;
    for (std::size_t i = 0; i < cycles.size() && failures < 10; ++i) {
        const MacOutputs want = unit.step(cycles[i]);
        results += want.out_valid;
        const MacOutputs have{got[i][0] != 0, static_cast<uint32_t>(got[i][1]), static_cast<Flags>(got[i][2]),
                              o.out ? static_cast<uint8_t>(got[i][3]) : uint8_t{0}};
        if (!(have == want)) {
            ++failures;
            ADD_FAILURE() << fmt::format("{}: cycle {}: rtl valid {} acc {:08x} flags {:02x} q {:02x}; golden valid {} acc "
                                         "{:08x} flags {:02x} q {:02x}",
                                         c.describe(), i, have.out_valid, have.acc, have.flags, have.q, want.out_valid,
                                         want.acc, want.flags, want.q);
        }
    }
    EXPECT_GT(results, 500);
}

const Mode st = Mode::static_formats;

INSTANTIATE_TEST_SUITE_P(Configurations, DotSmoke,
                         ::testing::Values(SmokeCase{"ue4m4", "se4m3", "", st, 0, false, 2},
                                           SmokeCase{"ocp-e4m3", "ocp-e5m2", "se4m3", st, 2, false, 4},
                                           SmokeCase{"e4m3fnuz", "se2m5b-3", "", st, 1, true, 8},
                                           SmokeCase{"ue4m4b146", "se4m3b147", "", st, 0, false, 4}),
                         [](const auto& info) { return fmt::format("case{}", info.index); });

}  // namespace
}  // namespace ffp8::hw::test
