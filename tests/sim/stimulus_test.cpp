#include <gtest/gtest.h>

#include <set>
#include <tuple>

#include "ffp8/binary32.hpp"
#include "ffp8/sim/format_pairs.hpp"
#include "ffp8/sim/stimulus.hpp"

namespace ffp8::sim {
namespace {

std::vector<CycleInput> all_cycles(const StimulusOptions& o, const std::vector<FormatPair>& pairs, int latency) {
    Stimulus s(o, pairs, latency);
    std::vector<CycleInput> cycles;
    for (CycleInput in; s.next(in);) cycles.push_back(in);
    return cycles;
}

bool same(const CycleInput& x, const CycleInput& y) {
    return std::tie(x.load_value, x.a, x.w, x.pair, x.rst, x.in_valid, x.clear, x.load) ==
           std::tie(y.load_value, y.a, y.w, y.pair, y.rst, y.in_valid, y.clear, y.load);
}

const std::vector<FormatPair> e4m3_pair{{Format::parse("ocp-e4m3"), Format::parse("ocp-e5m2")}};

TEST(Stimulus, SameSeedGivesTheSameCyclesAndAnotherSeedDoesNot) {
    StimulusOptions o;
    o.ops = 5000;
    const auto a = all_cycles(o, e4m3_pair, 2), b = all_cycles(o, e4m3_pair, 2);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) ASSERT_TRUE(same(a[i], b[i])) << "cycle " << i;
    o.seed = 2;
    const auto c = all_cycles(o, e4m3_pair, 2);
    std::size_t differ = 0;
    for (std::size_t i = 0; i < std::min(a.size(), c.size()); ++i) differ += !same(a[i], c[i]);
    EXPECT_GT(differ, 1000u);
}

TEST(Stimulus, StartsWithResetCountsItsOperationsAndDrainsThePipeline) {
    StimulusOptions o;
    o.ops = 20000;
    Stimulus s(o, e4m3_pair, 3);
    std::vector<CycleInput> cycles;
    for (CycleInput in; s.next(in);) cycles.push_back(in);
    EXPECT_TRUE(cycles.front().rst);
    uint64_t ops = 0, idle = 0, resets = 0, clears = 0, loads = 0;
    for (const CycleInput& in : cycles) {
        ops += enters(in);
        idle += !in.in_valid && !in.rst;
        resets += in.rst;
        clears += enters(in) && in.clear;
        loads += enters(in) && in.load && !in.clear;
    }
    EXPECT_EQ(ops, s.total_operations());
    EXPECT_GT(idle, 1000u);
    EXPECT_GT(resets, 3u);
    EXPECT_GT(clears, 200u);
    EXPECT_GT(loads, 200u);
    for (std::size_t i = cycles.size() - 5; i < cycles.size(); ++i) EXPECT_FALSE(cycles[i].in_valid);
}

TEST(Stimulus, ExhaustiveCoversEveryOperandPairAgainstEveryAddend) {
    StimulusOptions o;
    o.exhaustive = true;
    Stimulus s(o, e4m3_pair, 1);
    std::set<std::tuple<uint32_t, uint32_t, uint32_t>> seen;
    std::set<uint32_t> addends;
    for (CycleInput in; s.next(in);)
        if (enters(in) && in.load && !in.clear) {
            seen.insert({in.load_value, in.a, in.w});
            addends.insert(in.load_value);
        }
    for (uint32_t addend : Stimulus::corner_addends()) EXPECT_TRUE(addends.count(addend));
    std::size_t full = 0;
    for (uint32_t addend : addends) {
        std::size_t n = 0;
        for (uint32_t a = 0; a < 256; ++a)
            for (uint32_t w = 0; w < 256; ++w) n += seen.count({addend, a, w});
        full += n == 65536;
    }
    EXPECT_GE(full, Stimulus::corner_addends().size() + 2);
}

TEST(Stimulus, DirectedCornersHitSpecialCodesAndAddends) {
    const std::vector<FormatPair> ieee{{Format::parse("se5m2b15-ieee"), Format::parse("se4m3b8-fnuz")}};
    StimulusOptions o;
    o.ops = 0;
    std::set<uint32_t> a_codes, w_codes, loads;
    for (const CycleInput& in : all_cycles(o, ieee, 1)) {
        if (!enters(in)) continue;
        a_codes.insert(in.a);
        w_codes.insert(in.w);
        if (in.load) loads.insert(in.load_value);
    }
    for (uint32_t code : {0x00u, 0x80u, 0x01u, 0x7Bu, 0xFBu, 0x7Cu, 0xFCu, 0x7Fu}) EXPECT_TRUE(a_codes.count(code)) << code;
    EXPECT_TRUE(w_codes.count(0x80u));  // the fnuz NaN
    for (uint32_t v : {0x00000000u, 0x80000000u, 0x00000001u, 0x7F7FFFFFu, 0xFF800000u, 0x7FA00000u})
        EXPECT_TRUE(loads.count(v)) << std::hex << v;
}

TEST(Stimulus, RuntimeFormatPairsChangeBetweenAccumulations) {
    const auto pairs = make_format_pairs(Format::parse("ue4m4"), Format::parse("se4m3"), 5, 7);
    StimulusOptions o;
    o.ops = 20000;
    std::set<int> used;
    int previous = -1, changes = 0;
    for (const CycleInput& in : all_cycles(o, pairs, 1)) {
        if (!enters(in)) continue;
        used.insert(in.pair);
        if (previous >= 0 && in.pair != previous) {
            ++changes;
            EXPECT_TRUE(in.clear || in.load) << "a format change inside an accumulation";
        }
        previous = in.pair;
    }
    EXPECT_EQ(used.size(), pairs.size());
    EXPECT_GT(changes, 50);
}

TEST(FormatPairs, RandomFormatsAreLegalAndCoverTheFamily) {
    std::set<std::tuple<bool, int, Policy>> kinds;
    for (uint64_t i = 0; i < 4000; ++i) {
        const Format f = random_format(i);  // Format::make validates: an illegal draw throws
        EXPECT_EQ(Format::parse(f.name()), f);
        kinds.insert({f.is_signed, f.E, f.policy});
    }
    EXPECT_GT(kinds.size(), 40u);
}

}  // namespace
}  // namespace ffp8::sim
