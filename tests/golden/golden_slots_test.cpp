// Interleaved accumulators (SPEC section 8) in the cycle models MacUnit and DotUnit, against the
// contract restated in reference_unit.hpp with the MPFR oracle: a hand-computed trace, random
// legal schedules, every code pair of a format pair on two slots, and the schedule rule (an
// operation too soon on its slot is an error naming the cycle and the slot; the reference says
// independently which operations are too soon).
#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "ffp8/dot_unit.hpp"
#include "ffp8/mac_unit.hpp"
#include "ffp8/slots.hpp"
#include "format_matrix.hpp"
#include "oracle/dot.hpp"
#include "oracle/mac.hpp"
#include "reference_unit.hpp"
#include "unit_inputs.hpp"

namespace ffp8 {
namespace {

using test::describe;

// One interface over MacUnit and DotUnit and their references: lanes 0 is the MacUnit.
struct UnitUnderTest {
    UnitUnderTest(int lanes, int stages, int slots, bool with_out)
        : lanes(lanes), act(Format::parse("ue4m4b7")), wgt(Format::parse("se4m3b7")) {
        const std::optional<Format> out = with_out ? std::optional<Format>(Format::parse("se4m3b7")) : std::nullopt;
        if (lanes == 0) {
            mac.emplace(MacUnitConfig{act, wgt, out, stages, slots});
            latency = mac->config().latency();
        } else {
            dot.emplace(DotUnitConfig{act, wgt, out, stages, lanes, slots});
            latency = dot->config().latency();
        }
        reference.emplace(out, latency, slots);
    }

    // One edge of both; returns (unit, reference) outputs. `a`, `w`: lanes' codes.
    std::pair<MacOutputs, MacOutputs> step(const DotInputs& in) {
        if (lanes == 0) {
            MacInputs m;
            m.rst = in.rst, m.in_valid = in.in_valid, m.clear = in.clear, m.load = in.load;
            m.load_value = in.load_value, m.a = in.a[0], m.w = in.w[0], m.slot = in.slot;
            const MacOutputs got = mac->step(m);
            return {got, reference->step(m, [&](const MacInputs& i, uint32_t addend) {
                        return oracle::mac(addend, oracle::operand_value(test::operand_spec(act), i.a),
                                           oracle::operand_value(test::operand_spec(wgt), i.w));
                    })};
        }
        const MacOutputs got = dot->step(in);
        return {got, reference->step(in, [&](const DotInputs& i, uint32_t addend) {
                    std::vector<oracle::ExactValue> a, w;
                    for (int k = 0; k < lanes; ++k) {
                        a.push_back(oracle::value_of(test::spec_of(act), i.a[k]));
                        w.push_back(oracle::value_of(test::spec_of(wgt), i.w[k]));
                    }
                    return oracle::dot(addend, a, w);
                })};
    }

    int lanes, latency = 0;
    Format act, wgt;
    std::optional<MacUnit> mac;
    std::optional<DotUnit> dot;
    std::optional<test::ReferenceUnit> reference;
};

DotInputs op(int slot, uint8_t a, uint8_t w) {
    DotInputs in;
    in.in_valid = true;
    in.slot = slot;
    in.a.fill(a);
    in.w.fill(w);
    return in;
}

TEST(Slots, LoopCyclesAndPortBits) {
    EXPECT_EQ(accumulate_loop_cycles(1), 1);
    EXPECT_EQ(accumulate_loop_cycles(2), 2);
    EXPECT_EQ(accumulate_loop_cycles(4), 4);
    EXPECT_EQ(accumulate_loop_cycles(8), 5);
    EXPECT_EQ(slot_bits(1), 0);
    EXPECT_EQ(slot_bits(2), 1);
    EXPECT_EQ(slot_bits(4), 2);
    EXPECT_EQ(slot_bits(8), 3);
    for (int bad : {0, 3, 5, 16, -1}) EXPECT_FALSE(slots_supported(bad)) << bad;
}

// Two slots, no stages (latency 2), ue4m4b7 x se4m3b7: 0x70 = 1.0 and 0x38 = 1.0, 0x80 = 2.0 (ue4m4b7).
TEST(Slots, HandComputedRoundRobinTrace) {
    MacUnit unit(MacUnitConfig{Format::parse("ue4m4b7"), Format::parse("se4m3b7"), std::nullopt, 0, 2});
    ASSERT_EQ(unit.config().latency(), 2);
    unit.step(test::mac_reset());
    const auto mac = [](int slot, uint32_t a, uint32_t w) { return test::mac_operation(a, w, slot); };
    const std::vector<std::pair<MacInputs, MacOutputs>> trace{
        {mac(0, 0x70, 0x38), {false, 0, 0, 0}},            // slot 0: +1
        {mac(1, 0x80, 0x38), {true, 0x3F800000u, 0, 0}},   // slot 1: +2; slot 0 is 1
        {mac(0, 0x70, 0x38), {true, 0x40000000u, 0, 0}},   // slot 0: +1; slot 1 is 2
        {mac(1, 0x80, 0x38), {true, 0x40000000u, 0, 0}},   // slot 1: +2; slot 0 is 2
        {MacInputs{}, {true, 0x40800000u, 0, 0}},          // slot 1 is 4
        {MacInputs{}, {false, 0x40800000u, 0, 0}},         // acc holds
    };
    for (std::size_t t = 0; t < trace.size(); ++t)
        EXPECT_EQ(unit.step(trace[t].first), trace[t].second) << "edge " << t + 1 << ": got " << describe(unit.outputs());
}

// lanes (0: MacUnit), slots, stages, with O.
class RandomSchedules : public ::testing::TestWithParam<std::tuple<int, int, int, bool>> {};

// Random slots among the legal ones (round-robin stretches in between), random controls, resets.
TEST_P(RandomSchedules, MatchTheReferenceOnEveryEdge) {
    const auto [lanes, slots, stages, with_out] = GetParam();
    UnitUnderTest u(lanes, stages, slots, with_out);
    ASSERT_EQ(u.latency, stages + accumulate_loop_cycles(slots) + (with_out ? 1 : 0));
    std::mt19937 rng(static_cast<unsigned>(lanes * 100 + slots * 10 + stages * 2 + with_out));
    int mismatches = 0, operations = 0, round_robin = 0;
    for (int t = 0; t < 6000; ++t) {
        DotInputs in;
        in.rst = t == 0 || rng() % 500 == 0;
        if (round_robin == 0 && rng() % 50 == 0) round_robin = 40;
        std::vector<int> legal;
        for (int s = 0; s < slots; ++s)
            if (u.reference->legal(s)) legal.push_back(s);
        const int wanted = round_robin > 0 ? t % slots : legal.empty() ? -1 : legal[rng() % legal.size()];
        if (round_robin > 0) --round_robin;
        in.in_valid = wanted >= 0 && u.reference->legal(wanted) && (round_robin > 0 || rng() % 5 != 0);
        in.slot = in.in_valid ? wanted : static_cast<int>(rng() % slots);  // the slot of an idle cycle is ignored
        in.clear = rng() % 12 == 0;
        in.load = rng() % 10 == 0;
        in.load_value = rng() % 3 ? static_cast<uint32_t>(rng()) : 0x7F800000u;
        for (auto& a : in.a) a = static_cast<uint8_t>(rng());
        for (auto& w : in.w) w = static_cast<uint8_t>(rng());
        operations += in.in_valid && !in.rst;
        const auto [got, want] = u.step(in);
        if (!(got == want) && ++mismatches <= 10)
            ADD_FAILURE() << "edge " << t << ": got " << describe(got) << ", reference " << describe(want);
    }
    EXPECT_EQ(mismatches, 0);
    EXPECT_GT(operations, 2000);
}

std::string schedule_case_name(const ::testing::TestParamInfo<std::tuple<int, int, int, bool>>& info) {
    const auto [lanes, slots, stages, with_out] = info.param;
    return (lanes == 0 ? std::string("mac") : "dot" + std::to_string(lanes)) + "_slots" + std::to_string(slots) +
           "_stages" + std::to_string(stages) + (with_out ? "_with_O" : "_without_O");
}

INSTANTIATE_TEST_SUITE_P(LanesSlotsStagesOutput, RandomSchedules,
                         ::testing::Combine(::testing::Values(0, 1, 4), ::testing::Values(1, 2, 4, 8),
                                            ::testing::Values(0, 2), ::testing::Bool()),
                         schedule_case_name);

// Every (a, w) code pair of ue4m4b7 x se4m3b7 on a two-slot MAC and a two-slot one-lane dot unit,
// round-robin, each slot's chain restarted (clear) every 16 of its operations.
TEST(Slots, EveryCodePairOnTwoSlots) {
    for (int lanes : {0, 1}) {
        SCOPED_TRACE(lanes == 0 ? "MacUnit" : "DotUnit");
        UnitUnderTest u(lanes, 1, 2, true);
        DotInputs rst;
        rst.rst = true;
        u.step(rst);
        int mismatches = 0;
        for (int i = 0; i < 65536 + u.latency; ++i) {
            DotInputs in = i < 65536 ? op(i % 2, static_cast<uint8_t>(i >> 8), static_cast<uint8_t>(i)) : DotInputs{};
            in.clear = i % 32 < 2;
            const auto [got, want] = u.step(in);
            if (!(got == want) && ++mismatches <= 10)
                ADD_FAILURE() << "operation " << i << ": got " << describe(got) << ", reference " << describe(want);
        }
        EXPECT_EQ(mismatches, 0);
    }
}

// An operation g cycles after the previous one on its slot, for every g < L, throws naming the
// cycle and the slot; g = L is legal, and so is any gap across a reset.
TEST(Slots, TooSoonOnASlotIsAnErrorNamingTheCycleAndTheSlot) {
    for (int lanes : {0, 2})
        for (int slots : {2, 4, 8})
            for (int gap = 1; gap <= slots; ++gap) {
                SCOPED_TRACE(std::to_string(lanes) + " lanes, " + std::to_string(slots) + " slots, gap " +
                             std::to_string(gap));
                UnitUnderTest u(lanes, 1, slots, false);
                const int slot = slots - 1;
                u.step(op(0, 0x70, 0x38));  // cycle 0, another slot
                u.step(op(slot, 0x70, 0x38));  // cycle 1
                for (int t = 1; t < gap; ++t) u.step(DotInputs{});
                const uint64_t cycle = 1 + static_cast<uint64_t>(gap);
                EXPECT_EQ(u.reference->legal(slot), gap >= slots);
                DotInputs again = op(slot, 0x70, 0x38);
                if (gap >= slots) {
                    EXPECT_NO_THROW(u.step(again));
                    continue;
                }
                try {
                    if (lanes == 0) {
                        MacInputs m;
                        m.in_valid = true, m.slot = slot, m.a = 0x70, m.w = 0x38;
                        u.mac->step(m);
                    } else {
                        u.dot->step(again);
                    }
                    ADD_FAILURE() << "no error";
                } catch (const SlotScheduleError& e) {
                    EXPECT_EQ(e.cycle, cycle);
                    EXPECT_EQ(e.slot, slot);
                    EXPECT_EQ(e.gap, static_cast<uint64_t>(gap));
                    const std::string what = e.what();
                    EXPECT_NE(what.find("cycle " + std::to_string(cycle) + ":"), std::string::npos) << what;
                    EXPECT_NE(what.find("slot " + std::to_string(slot)), std::string::npos) << what;
                }
            }
    // A reset forgets the schedule: the next cycle may use the slot again.
    UnitUnderTest u(0, 0, 4, false);
    u.step(op(3, 0x70, 0x38));
    DotInputs rst;
    rst.rst = true;
    u.step(rst);
    EXPECT_TRUE(u.reference->legal(3));
    EXPECT_NO_THROW(u.step(op(3, 0x70, 0x38)));
}

TEST(Slots, UnsupportedCountsAndSlotsOutOfRangeAreRejected) {
    for (int bad : {0, 3, 16}) {
        EXPECT_THROW(MacUnit(MacUnitConfig{Format::parse("ue4m4b7"), Format::parse("se4m3b7"), std::nullopt, 0, bad}),
                     std::invalid_argument);
        EXPECT_THROW(DotUnit(DotUnitConfig{Format::parse("ue4m4b7"), Format::parse("se4m3b7"), std::nullopt, 0, 4, bad}),
                     std::invalid_argument);
    }
    MacUnit unit(MacUnitConfig{Format::parse("ue4m4b7"), Format::parse("se4m3b7"), std::nullopt, 0, 4});
    MacInputs in;
    in.in_valid = true;
    in.slot = 4;
    EXPECT_THROW(unit.step(in), std::invalid_argument);
}

}  // namespace
}  // namespace ffp8
