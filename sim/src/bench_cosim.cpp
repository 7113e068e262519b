#include "ffp8/sim/bench_cosim.hpp"

#include <algorithm>
#include <cstdio>
#include <fmt/format.h>
#include <stdexcept>
#include <sys/mman.h>
#include <unistd.h>

#include "ffp8/mac.hpp"

#include "ffp8/sim/prebuilt.hpp"
#include "ffp8/sim/simulate.hpp"
#include "ffp8/sim/stimulus.hpp"

namespace ffp8::sim {

namespace {

// An in-memory file of TestFloat f32_mulAdd-format lines: the operations of the random stimulus
// (one format pair, `lines` random operations after the directed corners), each with the
// accumulator value it adds to as C and the golden result, so that the vector run does the same
// arithmetic as the random run and the ratio of the two measures the vector path alone. A
// benchmark input, not a test: the tests use the oracle's files. Closed on destruction.
class VectorMemoryFile {
public:
    VectorMemoryFile(const SimJob& job, uint64_t lines)
        : fd_(memfd_create("ffp8-bench-vectors", MFD_CLOEXEC)), operations_(0) {
        if (fd_ < 0) throw std::runtime_error("memfd_create failed");
        StimulusOptions options = job.stimulus;
        options.ops = lines;
        const std::vector<FormatPair> pairs = make_format_pairs(job.act, job.wgt, 0, options.seed);
        Stimulus stimulus(options, pairs, job.design.latency);
        const MacKernel kernel(job.act, job.wgt);
        std::string text;
        text.reserve(stimulus.total_operations() * 39);
        uint32_t acc = 0;
        for (CycleInput in; stimulus.next(in);) {
            if (in.rst) acc = 0;
            if (!enters(in)) continue;
            const uint32_t c = in.clear ? 0u : in.load ? in.load_value : acc;
            const MacResult m = kernel(c, in.a, in.w);
            fmt::format_to(std::back_inserter(text), "{:08X} {:08X} {:08X} {:08X} {:02X}\n", in.a, in.w, c, m.bits,
                           m.flags);
            acc = m.bits;
            ++operations_;
        }
        for (std::size_t done = 0; done < text.size();) {
            const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
            if (n <= 0) throw std::runtime_error("writing the benchmark's vectors failed");
            done += static_cast<std::size_t>(n);
        }
    }
    ~VectorMemoryFile() { ::close(fd_); }
    VectorMemoryFile(const VectorMemoryFile&) = delete;
    VectorMemoryFile& operator=(const VectorMemoryFile&) = delete;
    std::string path() const { return fmt::format("/proc/self/fd/{}", fd_); }
    uint64_t operations() const { return operations_; }

private:
    int fd_;
    uint64_t operations_;
};

}  // namespace

CosimBench bench_cosim(const Format& act, const Format& wgt, uint64_t ops, int repeats, uint64_t seed) {
    SimRequest request;
    request.unit.act = act;
    request.unit.wgt = wgt;
    request.unit.mode = hw::Mode::runtime_formats;  // no --stages: the unit the build verilated
    request.stimulus.ops = ops;
    request.stimulus.seed = seed;
    request.progress = false;
    request.trace_path.clear();
    const SimJob job = make_job(request);
    CosimBench b;
    b.stages = job.design.unit.stages;
    for (int r = 0; r < repeats; ++r) {
        const SimResult result = run_prebuilt_cpp(job);
        if (!result.passed) throw std::runtime_error("the co-simulation found a mismatch: run ffp8 sim for the report");
        b.operations = result.operations;
        b.cosim_ops_per_s = std::max(b.cosim_ops_per_s, result.ops_per_second());
        b.verilated_only_ops_per_s = std::max(b.verilated_only_ops_per_s, prebuilt_verilated_only_ops_per_second(job));
    }
    const VectorMemoryFile vectors(job, std::min<uint64_t>(ops, uint64_t{1} << 21));
    b.vector_lines = vectors.operations();
    SimJob vector_job = job;
    vector_job.stimulus.vectors = vectors.path();
    for (int r = 0; r < repeats; ++r) {
        const SimResult result = run_prebuilt_cpp(vector_job);
        if (!result.passed) throw std::runtime_error("the co-simulation from vectors found a mismatch");
        b.vectors_lines_per_s = std::max(b.vectors_lines_per_s, result.ops_per_second());
    }
    return b;
}

}  // namespace ffp8::sim
