// The C++ harness: the Verilated model and the golden cycle model stepped side by side, one
// clock cycle per loop iteration, every output compared on every cycle.
#pragma once

#include "ffp8/sim/dut.hpp"
#include "ffp8/sim/golden_model.hpp"
#include "ffp8/sim/session.hpp"

namespace ffp8::sim {

inline SimResult run_cpp_harness(Session& session, Dut& dut) {
    GoldenModel golden = session.golden_model();
    for (CycleInput in; session.next(in);) {
        const CycleOutput& expected = golden.step(in);
        if (!session.check(in, expected, dut.cycle(in))) break;
    }
    return session.finish();
}

}  // namespace ffp8::sim
