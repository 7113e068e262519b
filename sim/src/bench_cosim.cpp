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

// An in-memory file of `lines` TestFloat f32_mulAdd-format lines with the golden results (a
// benchmark input, not a test: the tests use the oracle's files), closed on destruction.
class VectorMemoryFile {
public:
    VectorMemoryFile(const Format& act, const Format& wgt, uint64_t lines, uint64_t seed)
        : fd_(memfd_create("ffp8-bench-vectors", MFD_CLOEXEC)) {
        if (fd_ < 0) throw std::runtime_error("memfd_create failed");
        const MacKernel kernel(act, wgt);
        FastRng rng(seed);
        std::string text;
        text.reserve(lines * 39);
        for (uint64_t i = 0; i < lines; ++i) {
            const uint64_t r = rng();
            const auto a = static_cast<uint32_t>(r & 0xFFu), w = static_cast<uint32_t>((r >> 8) & 0xFFu);
            // Mostly ordinary addends near the products, some of any bits.
            const uint32_t c = (r >> 16) & 3u ? static_cast<uint32_t>((((r >> 18) % 40u + 107u) << 23) | ((r >> 32) & 0x807FFFFFu))
                                               : static_cast<uint32_t>(r >> 32);
            const MacResult m = kernel(c, a, w);
            fmt::format_to(std::back_inserter(text), "{:08X} {:08X} {:08X} {:08X} {:02X}\n", a, w, c, m.bits, m.flags);
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

private:
    int fd_;
};

}  // namespace

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
    b.vector_lines = std::min<uint64_t>(ops, uint64_t{1} << 21);
    const VectorMemoryFile vectors(act, wgt, b.vector_lines, seed);
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
