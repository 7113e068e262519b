// `ffp8 sim`: one co-simulation of a MAC against the golden cycle model, on the simulator that
// fits the request: the runtime-configurable unit the build verilated (any format pair, no new
// Verilator run), or a simulator verilated on demand and cached (static mode, other options,
// --rtl DIR).
#pragma once

#include <optional>
#include <string>

#include "ffp8/format.hpp"
#include "ffp8/sim/job.hpp"

namespace ffp8::sim {

struct SimRequest {
    std::optional<Format> act, wgt;  // required unless rtl_dir is given
    std::optional<Format> out;
    bool runtime = false;  // --mode runtime
    // Unset: 0, in runtime mode the unit the build verilated (prebuilt.hpp: its stages, the first
    // on the inputs).
    std::optional<int> stages;
    bool input_stage = false;  // --input-stage (with stages)
    std::optional<int> lanes;  // --lanes K (unset: 1, or the manifest's with rtl_dir)
    std::string rtl_dir;  // check this RTL (its manifest.json) instead of generating one
    StimulusOptions stimulus;
    Harness harness = Harness::cpp;
    std::string trace_path = "ffp8-sim-mismatch.fst";
    std::string junit_path;
    bool progress = true;
};

// Builds the job of a request: the design to simulate and what to run on it. Throws on bad
// requests (formats that contradict --rtl's manifest, --exhaustive with fp32 operands, ...).
SimJob make_job(const SimRequest& request);

// Runs the request; prints the summary or the mismatch report. Returns the exit status: 0 passed,
// 1 mismatch. Throws std::runtime_error on any other failure.
int simulate(const SimRequest& request);

}  // namespace ffp8::sim
