// The models the build verilated, run in this process with the C++ harness.
#pragma once

#include <memory>
#include <vector>

#include "ffp8/sim/dut.hpp"
#include "ffp8/sim/format_pairs.hpp"

#include "ffp8/sim/job.hpp"
#include "ffp8/sim/session.hpp"

namespace ffp8::sim {

// The pipeline stages of the runtime-configurable unit the build verilated, the first on the
// inputs (--input-stage: sim/CMakeLists.txt says why).
int prebuilt_runtime_stages();

// True when the build verilated a C++ model of exactly this design.
bool has_prebuilt_cpp_model(const DesignInfo& design);

// Runs the job on that model (has_prebuilt_cpp_model(job.design) must hold).
SimResult run_prebuilt_cpp(const SimJob& job);

// A fresh instance of the runtime-configurable unit (prebuilt_runtime_stages() stages, no output
// format, top ffp8_mac), driving the format ports from `pairs` (which must outlive it): for
// harnesses over other data.
std::unique_ptr<Dut> make_prebuilt_runtime_dut(const std::vector<FormatPair>& pairs);

// The same model stepped without the golden model and checks: the Verilated model's own speed.
// Returns operations per second over `cycles` cycles of the job's stimulus.
double prebuilt_verilated_only_ops_per_second(const SimJob& job);

}  // namespace ffp8::sim
