// The stimulus of a run from a vector file (--vectors): two reset cycles, then one operation per
// line, back to back, each with `load` of the line's accumulator value (C, or ACC) so that lines
// are independent of each other, then idle cycles to drain the pipeline. Every result is also
// checked against its line's expected RESULT and FLAGS, besides the per-cycle comparison with the
// golden model that every run does.
#pragma once

#include <array>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>

#include "ffp8/format.hpp"
#include "ffp8/sim/job.hpp"
#include "ffp8/sim/ports.hpp"
#include "ffp8/sim/vector_file.hpp"

namespace ffp8::sim {

// The first line whose result the run found wrong, against the file or the golden model.
struct VectorFailure {
    std::string where;  // "file:line"
    uint64_t cycle = 0;  // the cycle the line's result came out
    VectorLine line;
    uint32_t acc = 0;  // the RTL's result and flags
    uint8_t flags = 0;
    bool differs_from_file = false;
};

struct VectorOutcome {
    std::string input;  // the file's name, or stdin
    VectorFormat format = VectorFormat::testfloat;
    uint64_t operations = 0;     // lines that entered the RTL
    uint64_t checked = 0;        // results compared with the file's RESULT and FLAGS
    std::optional<VectorFailure> failure;
};

class VectorStimulus {
public:
    // slots: the unit's interleaved accumulators (the lines' SLOT field, vector_file.hpp).
    VectorStimulus(const StimulusOptions& options, const Format& act, const Format& wgt, int latency, int slots = 1);

    // The next cycle's inputs; false when the run is over (also on a malformed line: finish()
    // then throws).
    bool next(CycleInput& in);

    // Called with every cycle's outputs: true unless an out_valid result differs from its line's
    // RESULT and FLAGS. `failed_before`: the run has already failed (only the first failure is
    // kept).
    bool check_result(const CycleOutput& golden, const CycleOutput& actual, uint64_t cycle, bool failed_before) {
        if (!golden.out_valid) return true;
        const VectorLine& v = ring_[results_++ & ring_mask];
        bool agrees = true;
        if (v.has_expected) {
            ++checked_;
            agrees = actual.flags == v.flags && (actual.acc == v.result || nan_matches(v.result, actual.acc));
        }
        if ((!agrees || !(golden == actual)) && !failed_before && !failure_) record_failure(v, actual, cycle, agrees);
        return agrees;
    }

    // Operations the run will have, estimated from the file's size (0 when unknown: a pipe).
    uint64_t estimated_operations() const { return estimate_; }

    // Ends the run. When it stopped early (a mismatch), the rest of the input is read first: a
    // malformed line anywhere fails the run with no report. Throws VectorError for malformed input.
    VectorOutcome finish();

private:
    static constexpr std::size_t ring_size = 1024;  // operations in flight (more than any latency)
    static constexpr std::size_t ring_mask = ring_size - 1;

    bool nan_matches(uint32_t expected, uint32_t actual) const;
    void record_failure(const VectorLine& v, const CycleOutput& actual, uint64_t cycle, bool agrees);

    VectorReader reader_;
    // testfloat: a NaN RESULT matches any quiet NaN, as TestFloat's checker does without
    // -checkNaNs (SoftFloat's NaNs are not SPEC's canonical one). The per-cycle comparison with
    // the golden model still requires the canonical NaN.
    bool any_nan_;
    int reset_left_ = 2;
    int drain_left_;
    bool reading_ = true;
    std::exception_ptr error_;
    uint64_t estimate_ = 0;
    std::array<VectorLine, ring_size> ring_{};  // the lines in flight, by operation index
    uint64_t entered_ = 0, results_ = 0, checked_ = 0;
    std::optional<VectorFailure> failure_;
};

}  // namespace ffp8::sim
