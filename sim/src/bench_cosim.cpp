#include "ffp8/sim/bench_cosim.hpp"

#include <algorithm>
#include <stdexcept>

#include "ffp8/sim/prebuilt.hpp"
#include "ffp8/sim/simulate.hpp"

namespace ffp8::sim {

CosimBench bench_cosim(const Format& act, const Format& wgt, uint64_t ops, int repeats, uint64_t seed) {
    SimRequest request;
    request.act = act;
    request.wgt = wgt;
    request.runtime = true;
    request.stimulus.ops = ops;
    request.stimulus.seed = seed;
    request.progress = false;
    request.trace_path.clear();
    const SimJob job = make_job(request);
    CosimBench b;
    b.stages = job.design.stages;
    for (int r = 0; r < repeats; ++r) {
        const SimResult result = run_prebuilt_cpp(job);
        if (!result.passed) throw std::runtime_error("the co-simulation found a mismatch: run ffp8 sim for the report");
        b.operations = result.operations;
        b.cosim_ops_per_s = std::max(b.cosim_ops_per_s, result.ops_per_second());
        b.verilated_only_ops_per_s = std::max(b.verilated_only_ops_per_s, prebuilt_verilated_only_ops_per_second(job));
    }
    return b;
}

}  // namespace ffp8::sim
