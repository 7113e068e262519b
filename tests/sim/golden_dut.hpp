// Test doubles: the golden cycle model itself as the RTL under test, optionally with a fault.
#pragma once

#include <functional>

#include "ffp8/sim/dut.hpp"
#include "ffp8/sim/golden_model.hpp"

namespace ffp8::sim::testing {

class GoldenDut : public Dut {
public:
    // `fault` may change the outputs of a cycle (cycle number, outputs).
    GoldenDut(GoldenModel golden, std::function<void(uint64_t, CycleOutput&)> fault = {})
        : golden_(std::move(golden)), fault_(std::move(fault)) {}

    CycleOutput cycle(const CycleInput& in) override {
        CycleOutput out = golden_.step(in);
        if (fault_) fault_(cycle_, out);
        ++cycle_;
        return out;
    }

private:
    GoldenModel golden_;
    std::function<void(uint64_t, CycleOutput&)> fault_;
    uint64_t cycle_ = 0;
};

}  // namespace ffp8::sim::testing
