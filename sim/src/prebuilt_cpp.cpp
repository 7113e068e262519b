#include "ffp8/sim/prebuilt.hpp"

#include "Vffp8_rt.h"  // the runtime-configurable unit, FFP8_PREBUILT_RUNTIME_STAGES stages (sim/CMakeLists.txt)

#include <chrono>
#include <vector>

#include "ffp8/sim/cpp_harness.hpp"
#include "ffp8/sim/verilated_dut.hpp"

namespace ffp8::sim {

int prebuilt_runtime_stages() { return FFP8_PREBUILT_RUNTIME_STAGES; }

bool has_prebuilt_cpp_model(const DesignInfo& d) {
    return d.unit.runtime() && d.unit.stages == prebuilt_runtime_stages() && d.unit.input_stage && !d.unit.out &&
           d.unit.slots == 1 && !d.unit.is_dot() && d.unit.top_name() == "ffp8_mac";
}

SimResult run_prebuilt_cpp(const SimJob& job) {
    Session session(job);
    VerilatedDut<Vffp8_rt> dut(session.pairs());
    return run_cpp_harness(session, dut);
}

std::unique_ptr<Dut> make_prebuilt_runtime_dut(const std::vector<FormatPair>& pairs) {
    return std::make_unique<VerilatedDut<Vffp8_rt>>(pairs);
}

double prebuilt_verilated_only_ops_per_second(const SimJob& job) {
    const std::vector<FormatPair> pairs = job_format_pairs(job);
    Stimulus stimulus(job.stimulus, pairs, job.design.latency);
    VerilatedDut<Vffp8_rt> dut(pairs);
    // The stimulus is generated outside the timed loops, a chunk at a time.
    std::vector<CycleInput> chunk(1 << 16);
    uint64_t operations = 0;
    double seconds = 0;
    uint32_t sink = 0;
    for (bool more = true; more;) {
        std::size_t n = 0;
        while (n < chunk.size() && (more = stimulus.next(chunk[n]))) operations += enters(chunk[n++]);
        const auto start = std::chrono::steady_clock::now();
        for (std::size_t i = 0; i < n; ++i) sink ^= dut.cycle(chunk[i]).acc;
        seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    volatile uint32_t keep = sink;  // the outputs are used: nothing is optimised away
    (void)keep;
    return static_cast<double>(operations) / seconds;
}

}  // namespace ffp8::sim
