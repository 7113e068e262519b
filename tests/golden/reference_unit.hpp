// The timing contract of the generated units (mac_unit.hpp, dot_unit.hpp), restated for the
// tests: an operation presented with in_valid (and without rst) on edge t has its result on the
// ports after edge t + L - 1; each operation adds to the result of the one before it (or to +0
// with clear, to load_value with load; clear wins); rst empties the pipeline and zeroes every
// register; acc holds between results; flags are 0 without a result; q = encode(O, acc port, rne,
// saturate) with the oracle's encoder. Results come from the oracle through the caller.
// With L slots (SPEC section 8) each slot chains its own results, reset zeroes every slot, and an
// operation is legal only when its slot's previous operation entered L or more edges before.
#pragma once

#include <array>
#include <deque>
#include <optional>
#include <string>

#include "ffp8/format.hpp"
#include "ffp8/mac_unit.hpp"
#include "oracle/encode.hpp"
#include "oracle/mac.hpp"

namespace ffp8::test {

class ReferenceUnit {
public:
    ReferenceUnit(const std::optional<Format>& out, int latency, int slots = 1);

    // Whether an operation on `slot` may enter on the next edge.
    bool legal(int slot) const { return last_[slot] < 0 || edge_ + 1 - last_[slot] >= slots_; }

    // One edge. result(in, addend) -> oracle::MacOut computes a valid operation's result. The
    // caller checks legal() first: the contract says nothing about illegal schedules.
    template <class Inputs, class Result>
    MacOutputs step(const Inputs& in, Result&& result) {
        ++edge_;
        if (in.rst) return reset();
        if (in.in_valid) {
            last_[in.slot] = edge_;
            uint32_t& chain = chain_[in.slot];
            chain = enter(result(in, in.clear ? 0u : in.load ? in.load_value : chain));
        }
        return advance();
    }

private:
    MacOutputs reset();
    uint32_t enter(const oracle::MacOut& r);  // returns the result
    MacOutputs advance();

    struct Pending {
        int edges_left;
        oracle::MacOut result;
    };
    int latency_, slots_;
    std::optional<oracle::Encoder> out_encoder_;
    std::deque<Pending> pending_;
    long edge_ = 0;
    std::array<uint32_t, 8> chain_{};  // each slot's accumulator
    std::array<long, 8> last_;         // the edge of each slot's last operation, -1: none
    MacOutputs out_;
};

// "{valid 1 acc 0x3f800000 flags 0x00 q 0x38}", for failure messages.
std::string describe(const MacOutputs& o);

}  // namespace ffp8::test
