#include "ffp8/sim/report.hpp"

#include <cstdio>
#include <fmt/format.h>

#include "ffp8/atomic_file.hpp"
#include "ffp8/sim/fst_window.hpp"
#include "ffp8/standard_output.hpp"
#include "ffp8/xml_escape.hpp"

namespace ffp8::sim {

namespace {

std::string stimulus_name(const SimJob& job) {
    const StimulusOptions& s = job.stimulus;
    if (!s.vectors.empty())
        return fmt::format("{} vectors from {}", to_string(s.vector_format), s.vectors == "-" ? "stdin" : s.vectors);
    return fmt::format("seed {}{}", s.seed, s.exhaustive ? ", exhaustive" : "");
}

std::string config_name(const SimJob& job) {
    return fmt::format("{} {} x {}{} stages {}{} ({} harness, {})", job.design.unit.runtime() ? "runtime" : "static",
                       job.act.name(), job.wgt.name(), job.design.unit.out ? " -> " + job.design.unit.out->name() : "",
                       job.design.unit.stages, job.design.unit.lanes > 1 ? fmt::format(" lanes {}", job.design.unit.lanes) : "",
                       to_string(job.harness), stimulus_name(job));
}

// The vector line whose result is at the first mismatch, if the run was from a vector file.
const VectorFailure* failing_line(const SimResult& r) {
    if (!r.vectors || !r.vectors->failure || !r.mismatch || r.vectors->failure->cycle != r.mismatch->cycle)
        return nullptr;
    return &*r.vectors->failure;
}

// The headline of a failed run: the cycle, and the vector line whose result it is.
std::string failure_headline(const SimResult& r) {
    const VectorFailure* line = failing_line(r);
    if (line && line->differs_from_file)
        return fmt::format("{}: the result differs from the line's RESULT FLAGS (cycle {})", line->where,
                           r.mismatch->cycle);
    if (line) return fmt::format("{}: the result differs from the golden model (cycle {})", line->where, r.mismatch->cycle);
    return fmt::format("mismatch at cycle {}", r.mismatch->cycle);
}

std::string operand_hex(const Format& f, uint32_t v) {
    return f.is_fp32 ? fmt::format("{:08x}", v) : fmt::format("{:02x}", v);
}

// Lane k's codes, lane 0 first: "[3c 80 ...]".
std::string lanes_hex(const std::array<uint8_t, 16>& codes, int lanes) {
    std::string s = "[";
    for (int k = 0; k < lanes; ++k) s += fmt::format("{}{:02x}", k ? " " : "", codes[static_cast<std::size_t>(k)]);
    return s + "]";
}

std::string inputs_text(const CycleInput& in, const FormatPair& fp, bool runtime, int lanes, int slots) {
    std::string s = fmt::format("rst={:d} in_valid={:d} clear={:d} load={:d} load_value={:08x} a={} w={}", in.rst,
                                in.in_valid, in.clear, in.load, in.load_value,
                                lanes > 1 ? lanes_hex(in.a_lanes, lanes) : operand_hex(fp.act, in.a),
                                lanes > 1 ? lanes_hex(in.w_lanes, lanes) : operand_hex(fp.wgt, in.w));
    if (slots > 1) s += fmt::format(" slot={}", in.slot);
    if (runtime) s += fmt::format(" formats={} x {}", fp.act.name(), fp.wgt.name());
    return s;
}

std::string outputs_text(const CycleOutput& o, bool has_q) {
    std::string s = fmt::format("out_valid={:d} acc={:08x} flags={:02x}", o.out_valid, o.acc, o.flags);
    if (has_q) s += fmt::format(" q={:02x}", o.q);
    return s;
}

}  // namespace

std::string summary_line(const SimJob& job, const SimResult& r) {
    std::string s = fmt::format("PASS {}: {} operations, {} cycles, {:.3g} operations/s, every output equal on every cycle",
                                config_name(job), r.operations, r.cycles, r.ops_per_second());
    if (r.vectors) s += fmt::format(", {} results equal to the file's RESULT and FLAGS", r.vectors->checked);
    return s;
}

std::string mismatch_report(const SimJob& job, const SimResult& r) {
    const Mismatch& m = *r.mismatch;
    const std::vector<FormatPair> pairs = job_format_pairs(job);
    const bool runtime = job.design.unit.runtime(), has_q = job.design.unit.out.has_value();
    const CycleRecord* at = nullptr;
    const CycleRecord* entered = nullptr;  // the cycle whose operation this result belongs to
    for (const CycleRecord& c : m.window) {
        if (c.cycle == m.cycle) at = &c;
        // Record c holds the inputs sampled at rising edge c and the outputs after it: an
        // operation entering at edge c shows its result after edge c + latency - 1.
        if (c.cycle + static_cast<uint64_t>(job.design.latency) - 1 == m.cycle) entered = &c;
    }
    const VectorFailure* line = failing_line(r);
    std::string s = fmt::format("MISMATCH {}: first difference at cycle {} (latency {}){}\n", config_name(job),
                                m.cycle, job.design.latency, line ? ", the result of " + line->where : "");
    if (line && line->differs_from_file) {
        const bool golden_agrees = at->expected.acc == line->acc && at->expected.flags == line->flags;
        s += fmt::format("  {}: the RTL gave {:08x} {:02x}, the line expects RESULT {:08x} FLAGS {:02x}; the golden "
                         "model gives {:08x} {:02x}{}\n",
                         line->where, line->acc, line->flags, line->line.result, line->line.flags, at->expected.acc,
                         at->expected.flags, golden_agrees ? " (as the RTL: is the line right?)" : "");
    }
    s += fmt::format("  {:<10} {:>10} {:>10}\n", "port", "expected", "actual");
    const auto row = [&](const char* port, uint32_t e, uint32_t a, int digits) {
        s += fmt::format("  {:<10} {:>10} {:>10}{}\n", port, fmt::format("{:0{}x}", e, digits),
                         fmt::format("{:0{}x}", a, digits), e != a ? "   <-- differs" : "");
    };
    row("out_valid", at->expected.out_valid, at->actual.out_valid, 1);
    row("acc", at->expected.acc, at->actual.acc, 8);
    row("flags", at->expected.flags, at->actual.flags, 2);
    if (has_q) row("q", at->expected.q, at->actual.q, 2);
    if (entered && enters(entered->in))
        s += fmt::format("  operation (entered at cycle {}{}): {}\n", entered->cycle, line ? ", " + line->where : "",
                         inputs_text(entered->in, pairs[entered->in.pair], runtime, job.design.unit.lanes, job.design.unit.slots));
    s += "  recent cycles (inputs at the cycle's rising edge; outputs after it):\n";
    for (const CycleRecord& c : m.window) {
        if (c.cycle + 12 < m.cycle || c.cycle > m.cycle) continue;
        s += fmt::format("  {}{:>10}  {}\n", c.cycle == m.cycle ? '>' : ' ', c.cycle,
                         inputs_text(c.in, pairs[c.in.pair], runtime, job.design.unit.lanes, job.design.unit.slots));
        s += fmt::format("  {:>11}  expected {}\n", "", outputs_text(c.expected, has_q));
        if (c.actual != c.expected) s += fmt::format("  {:>11}  actual   {}\n", "", outputs_text(c.actual, has_q));
    }
    return s;
}

std::string junit_xml(const SimJob& job, const SimResult& r) {
    const std::string name = xml_escape(config_name(job));
    std::string s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    s += fmt::format("<testsuites tests=\"1\" failures=\"{}\" time=\"{:.3f}\">\n", r.passed ? 0 : 1, r.seconds);
    s += fmt::format("  <testsuite name=\"ffp8 sim\" tests=\"1\" failures=\"{}\" time=\"{:.3f}\">\n",
                     r.passed ? 0 : 1, r.seconds);
    s += fmt::format("    <testcase classname=\"ffp8.sim.{}\" name=\"{}\" time=\"{:.3f}\">\n",
                     job.design.unit.runtime() ? "runtime" : "static", name, r.seconds);
    s += fmt::format("      <system-out>{} operations, {} cycles</system-out>\n", r.operations, r.cycles);
    if (!r.passed)
        s += fmt::format("      <failure message=\"{}\">{}</failure>\n", xml_escape(failure_headline(r)),
                         xml_escape(mismatch_report(job, r)));
    s += "    </testcase>\n  </testsuite>\n</testsuites>\n";
    return s;
}

int report_result(const SimJob& job, const SimResult& r) {
    // What the run found first: a JUnit file or trace that cannot be written (a full disk) must
    // not hide it.
    if (r.passed) {
        write_standard_output(summary_line(job, r) + "\n");
        finish_standard_output();
    } else {
        fmt::print(stderr, "{}", mismatch_report(job, r));
        std::fflush(stderr);
    }
    if (!job.junit_path.empty()) write_file_atomically(job.junit_path, junit_xml(job, r));
    if (r.passed) return 0;
    if (!job.trace_path.empty()) {
        write_fst_window(job.trace_path, *r.mismatch, job.design);
        fmt::print(stderr, "  trace of cycles {}..{}: {}\n", r.mismatch->window.front().cycle,
                   r.mismatch->window.back().cycle, job.trace_path);
    }
    return 1;
}

}  // namespace ffp8::sim
