// The slot schedules the co-simulation drives (slot_stimulus.hpp), checked against SPEC section 8's
// rule written out here: an operation on slot s enters at least L cycles after the previous one on s.
#include <gtest/gtest.h>

#include <array>
#include <map>
#include <set>
#include <vector>

#include "ffp8/sim/format_pairs.hpp"
#include "ffp8/sim/slot_stimulus.hpp"
#include "ffp8/sim/stimulus.hpp"

namespace ffp8::sim {
namespace {

const std::vector<FormatPair> pair{{Format::parse("ue4m4"), Format::parse("se4m3")}};

// Slots of every entering operation of a run, with the gaps seen per slot.
struct Schedule {
    std::vector<int> slots;          // of the entering operations, in order
    std::map<uint64_t, int> gaps;    // cycles between two operations on one slot -> how often
    std::set<int> idle_slots;        // slots driven on cycles without an operation
    bool legal = true;
};

Schedule run(int L, SlotOrder order, uint64_t ops, uint64_t seed = 1) {
    StimulusOptions o;
    o.ops = ops;
    o.seed = seed;
    Stimulus stimulus(o, pair, 4);
    SlotAssigner assigner(L, order, seed);
    Schedule s;
    std::array<int64_t, 8> last;
    last.fill(-1);
    int64_t cycle = 0;
    for (CycleInput in; stimulus.next(in); ++cycle) {
        assigner.assign(in);
        if (!enters(in)) {
            s.idle_slots.insert(in.slot);
            continue;
        }
        EXPECT_LT(in.slot, L);
        int64_t& previous = last[in.slot];
        if (previous >= 0) {
            ++s.gaps[static_cast<uint64_t>(cycle - previous)];
            if (cycle - previous < L) s.legal = false;
        }
        previous = cycle;
        s.slots.push_back(in.slot);
    }
    return s;
}

TEST(SlotAssigner, RoundRobinFromResetIsZeroToLMinusOneAgainAndAgain) {
    for (int L : {2, 4, 8}) {
        const Schedule s = run(L, SlotOrder::round_robin, 20000);
        EXPECT_TRUE(s.legal) << L;
        for (std::size_t i = 0; i < 64; ++i) ASSERT_EQ(s.slots[i], static_cast<int>(i) % L) << L << " op " << i;
        EXPECT_GT(s.gaps.at(static_cast<uint64_t>(L)), 5000u) << "round-robin keeps slots at the tightest distance";
    }
}

TEST(SlotAssigner, RandomAndMixedSchedulesAreLegalAndVaried) {
    for (int L : {2, 4, 8})
        for (SlotOrder order : {SlotOrder::random, SlotOrder::mixed}) {
            const Schedule s = run(L, order, 50000, 7);
            EXPECT_TRUE(s.legal) << L << " " << to_string(order);
            EXPECT_GT(s.gaps.at(static_cast<uint64_t>(L)), 1000u) << "the tightest legal distance, often";
            uint64_t wider = 0;
            for (const auto& [gap, n] : s.gaps) wider += gap > static_cast<uint64_t>(L) ? n : 0;
            EXPECT_GT(wider, 1000u) << "and wider ones";
            EXPECT_EQ(s.idle_slots.size(), static_cast<std::size_t>(L)) << "idle cycles carry any slot";
        }
    // Random differs from round-robin, and the seed changes it.
    EXPECT_NE(run(4, SlotOrder::random, 2000, 1).slots, run(4, SlotOrder::round_robin, 2000, 1).slots);
    EXPECT_NE(run(4, SlotOrder::random, 2000, 1).slots, run(4, SlotOrder::random, 2000, 2).slots);
}

TEST(SlotAssigner, OrderNamesAndBadCounts) {
    for (SlotOrder o : {SlotOrder::round_robin, SlotOrder::random, SlotOrder::mixed}) EXPECT_EQ(parse_slot_order(to_string(o)), o);
    EXPECT_THROW(parse_slot_order("lifo"), std::runtime_error);
    for (int bad : {0, 1, 3, 16}) EXPECT_THROW(SlotAssigner(bad, SlotOrder::mixed, 1), std::invalid_argument) << bad;
}

}  // namespace
}  // namespace ffp8::sim
