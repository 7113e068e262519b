// One co-simulation run: the design, the stimulus and where the artefacts go. Serialised as JSON
// to hand a run to a simulator executable built on demand.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "ffp8/format.hpp"
#include "ffp8/sim/design.hpp"
#include "ffp8/sim/slot_order.hpp"
#include "ffp8/sim/vector_file.hpp"

namespace ffp8::sim {

enum class Harness { cpp, systemc };

struct StimulusOptions {
    uint64_t ops = 100'000;  // random operations after the directed corners
    uint64_t seed = 1;
    bool exhaustive = false;  // all 2^(n_A + n_W) (a, w) code pairs (65,536 at 8 bits) against a set of addends
    int extra_pairs = 7;      // runtime mode: random format pairs besides the one under test
    std::string vectors;      // --vectors FILE or - (stdin): one operation per line instead (vector_stimulus.hpp)
    VectorFormat vector_format = VectorFormat::testfloat;
    SlotOrder slot_order = SlotOrder::mixed;  // units with slots: how the random stimulus picks them
};

struct SimJob {
    DesignInfo design;
    Format act, wgt;  // the pair under test (runtime mode: driven on the format ports)
    StimulusOptions stimulus;
    Harness harness = Harness::cpp;
    std::string trace_path = "ffp8-sim-mismatch.fst";  // FST of the window around a mismatch
    std::string junit_path;                           // empty: no JUnit report
    bool progress = true;                             // a progress bar when stderr is a terminal
    std::string heartbeat;  // a file the simulator touches about every second while it runs ("": none)
};

std::string to_string(Harness h);
Harness parse_harness(const std::string& name);

nlohmann::json to_json(const SimJob& job);
SimJob job_from_json(const nlohmann::json& j);

}  // namespace ffp8::sim
