#include "ffp8/sim/session.hpp"

namespace ffp8::sim {

std::vector<FormatPair> job_format_pairs(const SimJob& job) {
    const bool one_pair = job.stimulus.exhaustive || !job.stimulus.vectors.empty();
    const int extra = job.design.unit.runtime() && !one_pair ? job.stimulus.extra_pairs : 0;
    return make_format_pairs(job.act, job.wgt, extra, job.stimulus.seed);
}

namespace {

std::unique_ptr<VectorStimulus> vector_stimulus(const SimJob& job) {
    if (job.stimulus.vectors.empty()) return nullptr;
    return std::make_unique<VectorStimulus>(job.stimulus, job.act, job.wgt, job.design.latency, job.design.unit.slots);
}

}  // namespace

Session::Session(const SimJob& job)
    : job_(job),
      pairs_(job_format_pairs(job_)),
      stimulus_(job_.stimulus, pairs_, job_.design.latency),
      vectors_(vector_stimulus(job_)),
      progress_(vectors_ ? vectors_->estimated_operations() : stimulus_.total_operations(),
                job_.progress && (!vectors_ || vectors_->estimated_operations() > 0), job_.heartbeat),
      start_(std::chrono::steady_clock::now()) {
    if (job_.design.unit.lanes > 1) lanes_.emplace(pairs_, job_.design.unit.lanes, job_.stimulus.seed);
    if (job_.design.unit.slots > 1 && !vectors_) slots_.emplace(job_.design.unit.slots, job_.stimulus.slot_order, job_.stimulus.seed);
}

SimResult Session::finish() {
    throw_if_interrupted();  // the run stopped early: no result, no report
    progress_.finish();
    SimResult r;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    r.operations = operations_;
    r.cycles = checker_.cycles();
    r.passed = !checker_.failed();
    if (!r.passed) r.mismatch = checker_.mismatch();
    if (vectors_) r.vectors = vectors_->finish();
    return r;
}

}  // namespace ffp8::sim
