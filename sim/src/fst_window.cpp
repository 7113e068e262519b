#include "ffp8/sim/fst_window.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fmt/format.h>
#include <stdexcept>
#include <string>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>
#include <vector>

#include "ffp8/stale_temporaries.hpp"
#include "ffp8/temporary_path.hpp"
#include "gtkwave/fstapi.h"

namespace ffp8::sim {

namespace {

class FstWriter {
public:
    explicit FstWriter(const std::string& path) : ctx_(fstWriterCreate(path.c_str(), 1)) {
        if (!ctx_) throw std::runtime_error("cannot write the trace " + path);
        fstWriterSetTimescale(ctx_, -9);
        fstWriterSetPackType(ctx_, FST_WR_PT_LZ4);
    }
    ~FstWriter() { fstWriterClose(ctx_); }
    FstWriter(const FstWriter&) = delete;
    FstWriter& operator=(const FstWriter&) = delete;

    void scope(const char* name) { fstWriterSetScope(ctx_, FST_ST_VCD_MODULE, name, nullptr); }
    void upscope() { fstWriterSetUpscope(ctx_); }
    fstHandle var(const char* name, uint32_t width) {
        return fstWriterCreateVar(ctx_, FST_VT_VCD_WIRE, FST_VD_IMPLICIT, width, name, 0);
    }
    void time(uint64_t t) { fstWriterEmitTimeChange(ctx_, t); }
    void value(fstHandle h, uint32_t width, uint64_t v) { fstWriterEmitValueChange64(ctx_, h, width, v); }

private:
    void* ctx_;
};

struct Signal {
    fstHandle handle;
    uint32_t width;
};

struct OutputSignals {
    Signal out_valid, acc, flags, q;
    OutputSignals(FstWriter& w, const char* scope, uint32_t q_width) {
        w.scope(scope);
        out_valid = {w.var("out_valid", 1), 1};
        acc = {w.var("acc", 32), 32};
        flags = {w.var("flags", 5), 5};
        q = q_width ? Signal{w.var("q", q_width), q_width} : Signal{0, 0};
        w.upscope();
    }
    void emit(FstWriter& w, const CycleOutput& o) const {
        w.value(out_valid.handle, 1, o.out_valid);
        w.value(acc.handle, 32, o.acc);
        w.value(flags.handle, 5, o.flags);
        if (q.width) w.value(q.handle, q.width, o.q);
    }
};

void write_window(const std::filesystem::path& temporary, const Mismatch& mismatch, const DesignInfo& design) {
    {
        FstWriter w(temporary.string());
        w.scope("ffp8_sim");
        const Signal clk{w.var("clk", 1), 1}, cycle{w.var("cycle", 64), 64};
        const Signal mismatch_marker{w.var("mismatch", 1), 1};
        const Signal rst{w.var("rst", 1), 1}, in_valid{w.var("in_valid", 1), 1};
        const Signal clear{w.var("clear", 1), 1}, load{w.var("load", 1), 1};
        const Signal load_value{w.var("load_value", 32), 32};
        // Operands as wide as the unit's ports: 32 for fp32, n for a static n-bit format, 8 at runtime.
        const auto aw = static_cast<uint32_t>(design.unit.act_lane_bits());
        const auto ww = static_cast<uint32_t>(design.unit.wgt_lane_bits());
        const Signal a{w.var("a", aw), aw}, wgt{w.var("w", ww), ww};
        const Signal pair{w.var("format_pair", 8), 8};
        std::vector<Signal> a_lanes, w_lanes;  // K-lane units: one signal per lane
        for (int k = 0; design.unit.lanes > 1 && k < design.unit.lanes; ++k) {
            a_lanes.push_back({w.var(fmt::format("a{}", k).c_str(), aw), aw});
            w_lanes.push_back({w.var(fmt::format("w{}", k).c_str(), ww), ww});
        }
        const uint32_t q_width = design.unit.out ? static_cast<uint32_t>(design.unit.out->width()) : 0;
        const OutputSignals dut(w, "dut", q_width);
        const OutputSignals golden(w, "golden", q_width);
        w.upscope();

        for (const CycleRecord& r : mismatch.window) {
            // Inputs change at the falling edge before the cycle's rising edge; outputs after it.
            const uint64_t t = 10 * r.cycle;
            w.time(t);
            w.value(clk.handle, 1, 0);
            w.value(cycle.handle, 64, r.cycle);
            w.value(rst.handle, 1, r.in.rst);
            w.value(in_valid.handle, 1, r.in.in_valid);
            w.value(clear.handle, 1, r.in.clear);
            w.value(load.handle, 1, r.in.load);
            w.value(load_value.handle, 32, r.in.load_value);
            w.value(a.handle, aw, r.in.a);
            w.value(wgt.handle, ww, r.in.w);
            w.value(pair.handle, 8, r.in.pair);
            for (std::size_t k = 0; k < a_lanes.size(); ++k) {
                w.value(a_lanes[k].handle, aw, r.in.a_lanes[k]);
                w.value(w_lanes[k].handle, ww, r.in.w_lanes[k]);
            }
            w.time(t + 5);
            w.value(clk.handle, 1, 1);
            // Also the first mismatch's cycle when the outputs agree there (a vector line's
            // expected result differs).
            w.value(mismatch_marker.handle, 1, r.expected != r.actual || r.cycle == mismatch.cycle);
            dut.emit(w, r.actual);
            golden.emit(w, r.expected);
        }
        if (!mismatch.window.empty()) w.time(10 * (mismatch.window.back().cycle + 1));
    }
}

// fstapi ignores failed writes, and reads back through mmap what it wrote: on a full device it
// leaves a short file, or dies of SIGBUS touching pages past the end. So the trace is written by
// a child process and read back; the exit status carries the errno of a failure.
int written_trace_status(const std::filesystem::path& temporary, const Mismatch& mismatch, const DesignInfo& design) {
    const pid_t pid = ::fork();
    if (pid < 0) return errno;
    if (pid == 0) {
        int status = 0;
        try {
            write_window(temporary, mismatch, design);
            void* reader = fstReaderOpen(temporary.c_str());
            const bool whole = reader && (mismatch.window.empty() ||
                                          fstReaderGetEndTime(reader) == 10 * (mismatch.window.back().cycle + 1));
            if (reader) fstReaderClose(reader);
            if (!whole) {
                struct statvfs fs {};
                status = ::statvfs(temporary.parent_path().empty() ? "." : temporary.parent_path().c_str(), &fs) == 0 &&
                                 fs.f_bavail == 0
                             ? ENOSPC
                             : EIO;
            }
        } catch (...) {
            status = errno ? errno : EIO;
        }
        std::fflush(nullptr);
        ::_exit(status);
    }
    int wait_status = 0;
    while (::waitpid(pid, &wait_status, 0) < 0)
        if (errno != EINTR) return errno;
    if (WIFSIGNALED(wait_status)) return WTERMSIG(wait_status) == SIGBUS ? ENOSPC : EIO;
    return WEXITSTATUS(wait_status);
}

}  // namespace

void write_fst_window(const std::filesystem::path& path, const Mismatch& mismatch, const DesignInfo& design) {
    // fstapi writes in place: write next to the target, then rename over it.
    const std::filesystem::path temporary = path.string() + temporary_suffix("tmp");
    remove_stale_temporaries(path.has_parent_path() ? path.parent_path() : ".", path.filename().string() + ".");
    TemporaryPath removed_on_interrupt(temporary);
    const int status = written_trace_status(temporary, mismatch, design);
    std::error_code ec;
    if (status == 0) std::filesystem::rename(temporary, path, ec);
    if (status != 0 || ec) {
        std::filesystem::remove(temporary, ec);
        std::filesystem::remove(temporary.string() + ".hier", ec);
        throw std::runtime_error(fmt::format("cannot write the trace {}: {}", path.string(),
                                             std::strerror(status ? status : ec.value())));
    }
    removed_on_interrupt.release();
}

}  // namespace ffp8::sim
