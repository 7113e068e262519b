// The timing contract of the generated units (mac_unit.hpp, dot_unit.hpp), restated for the
// tests: an operation presented with in_valid (and without rst) on edge t has its result on the
// ports after edge t + L - 1; each operation adds to the result of the one before it (or to +0
// with clear, to load_value with load; clear wins); rst empties the pipeline and zeroes every
// register; acc holds between results; flags are 0 without a result; q = encode(O, acc port, rne,
// saturate) with the oracle's encoder. Results come from the oracle through the caller.
#pragma once

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
    ReferenceUnit(const std::optional<Format>& out, int latency);

    // One edge. result(in, addend) -> oracle::MacOut computes a valid operation's result.
    template <class Inputs, class Result>
    MacOutputs step(const Inputs& in, Result&& result) {
        if (in.rst) return reset();
        if (in.in_valid) enter(result(in, in.clear ? 0u : in.load ? in.load_value : chain_));
        return advance();
    }

private:
    MacOutputs reset();
    void enter(const oracle::MacOut& r);
    MacOutputs advance();

    struct Pending {
        int edges_left;
        oracle::MacOut result;
    };
    int latency_;
    std::optional<oracle::Encoder> out_encoder_;
    std::deque<Pending> pending_;
    uint32_t chain_ = 0;
    MacOutputs out_;
};

// "{valid 1 acc 0x3f800000 flags 0x00 q 0x38}", for failure messages.
std::string describe(const MacOutputs& o);

}  // namespace ffp8::test
