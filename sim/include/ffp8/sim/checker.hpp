// Compares the RTL's outputs with the golden model's on every cycle and keeps the recent cycles,
// so that the first mismatch can be reported with its context and a waveform of the window
// around it (the cycles before it, and `after` cycles past it).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "ffp8/sim/ports.hpp"

namespace ffp8::sim {

struct CycleRecord {
    uint64_t cycle = 0;
    CycleInput in;
    CycleOutput expected, actual;
};

struct Mismatch {
    uint64_t cycle = 0;               // the first cycle whose outputs differ
    std::vector<CycleRecord> window;  // consecutive cycles around it, oldest first
};

class Checker {
public:
    static constexpr std::size_t history = 64;  // cycles kept before a mismatch (power of two)
    static constexpr uint64_t after = 16;       // cycles recorded past it

    // Records one cycle; false once the run should stop (the window past a mismatch is full).
    // `agrees`: false fails the cycle even when the outputs are equal (a vector file's expected
    // result differs).
    bool check(const CycleInput& in, const CycleOutput& expected, const CycleOutput& actual, bool agrees = true) {
        CycleRecord& r = ring_[cycle_ & (history - 1)];
        r.cycle = cycle_;
        r.in = in;
        r.expected = expected;
        r.actual = actual;
        ++cycle_;
        if (expected == actual && agrees && !first_mismatch_) [[likely]]
            return true;
        if (!first_mismatch_) first_mismatch_ = cycle_ - 1;
        return cycle_ - *first_mismatch_ <= after;
    }

    uint64_t cycles() const { return cycle_; }
    bool failed() const { return first_mismatch_.has_value(); }
    // The first mismatch and the recorded window around it (only when failed()).
    Mismatch mismatch() const;

private:
    std::vector<CycleRecord> ring_ = std::vector<CycleRecord>(history);
    uint64_t cycle_ = 0;
    std::optional<uint64_t> first_mismatch_;
};

}  // namespace ffp8::sim
