// `ffp8 sim`: one co-simulation of a MAC against the golden cycle model, on the simulator that
// fits the request: the runtime-configurable unit the build verilated (any format pair, no new
// Verilator run), or a simulator verilated on demand and cached (static mode, other options,
// --rtl DIR).
#pragma once

#include <chrono>

#include <set>
#include <string>

#include "ffp8/hw/unit_config.hpp"
#include "ffp8/sim/job.hpp"

namespace ffp8::sim {

struct SimRequest {
    // The unit to generate and check (its top name is the default). In runtime mode without
    // --stages among `given`, the unit the build verilated (prebuilt.hpp: its stages, the first on
    // the inputs). With rtl_dir, the unit is the manifest's: act and wgt are the pair under test of
    // a runtime design, and every other option in `given` must agree with the manifest.
    hw::UnitConfig unit;
    std::set<std::string> given;  // the unit's options on the command line ("--stages", ...)
    std::string rtl_dir;  // check this RTL (its manifest.json) instead of generating one
    StimulusOptions stimulus;
    Harness harness = Harness::cpp;
    std::string trace_path = "ffp8-sim-mismatch.fst";
    std::string junit_path;
    bool progress = true;
    // A simulator run as a child (on-demand builds, SystemC) that completes no cycle for this long
    // is stopped (a hang in the RTL's model): an error naming the limit.
    std::chrono::seconds stall_limit{120};
};

// Builds the job of a request: the design to simulate and what to run on it. Throws on bad
// requests (formats that contradict --rtl's manifest, --exhaustive with fp32 operands, ...).
SimJob make_job(const SimRequest& request);

// Runs the request; prints the summary or the mismatch report. Returns the exit status: 0 passed,
// 1 mismatch. Throws std::runtime_error on any other failure.
int simulate(const SimRequest& request);

}  // namespace ffp8::sim
