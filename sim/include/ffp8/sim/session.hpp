// One co-simulation run, independent of the harness: the stimulus, the checker, the progress
// bar and the clock. A harness asks next() for each cycle's inputs, drives them into the RTL and
// the golden model, and hands both outputs to check(); finish() gives the result.
//
//   Session s(job);                        // C++ harness; the SystemC one splits the same calls
//   GoldenModel golden = s.golden_model();
//   for (CycleInput in; s.next(in);)        //   over its clocked processes
//       if (!s.check(in, golden.step(in), dut.cycle(in))) break;
//   SimResult r = s.finish();
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "ffp8/interrupt.hpp"
#include "ffp8/sim/checker.hpp"
#include "ffp8/sim/format_pairs.hpp"
#include "ffp8/sim/golden_model.hpp"
#include "ffp8/sim/job.hpp"
#include "ffp8/sim/lane_stimulus.hpp"
#include "ffp8/sim/progress.hpp"
#include "ffp8/sim/slot_stimulus.hpp"
#include "ffp8/sim/stimulus.hpp"
#include "ffp8/sim/vector_stimulus.hpp"

namespace ffp8::sim {

struct SimResult {
    bool passed = false;
    uint64_t operations = 0;  // operations that entered the RTL
    uint64_t cycles = 0;
    double seconds = 0;
    std::optional<Mismatch> mismatch;
    std::optional<VectorOutcome> vectors;  // a run from a vector file (--vectors)
    double ops_per_second() const { return seconds > 0 ? static_cast<double>(operations) / seconds : 0; }
};

class Session {
public:
    explicit Session(const SimJob& job);
    Session(const Session&) = delete;  // the stimulus refers to this session's format pairs
    Session& operator=(const Session&) = delete;

    const SimJob& job() const { return job_; }
    const std::vector<FormatPair>& pairs() const { return pairs_; }
    // The reference of this run: the design's cycle model on the pair under test.
    GoldenModel golden_model() const { return GoldenModel(job_.design.unit, job_.act, job_.wgt, pairs_); }

    // False at the end of the stimulus, and soon after an interrupt (finish() then throws it).
    bool next(CycleInput& in) {
        if ((++steps_ & 0xFFF) == 0 && interrupt_signal() != 0) running_ = false;
        if (!running_ || !(vectors_ ? vectors_->next(in) : stimulus_.next(in))) return false;
        if (lanes_) lanes_->fill(in);
        if (slots_) slots_->assign(in);
        operations_ += enters(in);
        return true;
    }
    bool check(const CycleInput& in, const CycleOutput& expected, const CycleOutput& actual) {
        bool agrees_with_file = true;
        if (vectors_) agrees_with_file = vectors_->check_result(expected, actual, checker_.cycles(), checker_.failed());
        running_ = checker_.check(in, expected, actual, agrees_with_file);
        if ((checker_.cycles() & 0xFFF) == 0) progress_.update(operations_);
        return running_;
    }
    // Throws Interrupted after SIGINT/SIGTERM/SIGHUP, VectorError for a malformed vector input
    // (and writes no report).
    SimResult finish();

private:
    // A run polls for interrupts itself (next()): a signal waits for it instead of killing at once.
    InterruptDeferral polled_;
    SimJob job_;
    std::vector<FormatPair> pairs_;
    Stimulus stimulus_;
    std::unique_ptr<VectorStimulus> vectors_;  // instead of stimulus_ with --vectors
    std::optional<LaneFiller> lanes_;  // K-lane units: the lanes around the stimulus's (a, w)
    std::optional<SlotAssigner> slots_;  // units with slots, without --vectors (the lines name theirs)
    Checker checker_;
    ProgressBar progress_;
    uint64_t operations_ = 0;
    uint64_t steps_ = 0;
    bool running_ = true;
    std::chrono::steady_clock::time_point start_;
};

// Format pairs of a job: the pair under test, plus random ones in runtime mode.
std::vector<FormatPair> job_format_pairs(const SimJob& job);

}  // namespace ffp8::sim
