#include "ffp8/sim/session.hpp"

namespace ffp8::sim {

std::vector<FormatPair> job_format_pairs(const SimJob& job) {
    const int extra = job.design.runtime && !job.stimulus.exhaustive ? job.stimulus.extra_pairs : 0;
    return make_format_pairs(job.act, job.wgt, extra, job.stimulus.seed);
}

Session::Session(const SimJob& job)
    : job_(job),
      pairs_(job_format_pairs(job_)),
      stimulus_(job_.stimulus, pairs_, job_.design.latency),
      progress_(stimulus_.total_operations(), job_.progress),
      start_(std::chrono::steady_clock::now()) {
    if (job_.design.lanes > 1) lanes_.emplace(pairs_, job_.design.lanes, job_.stimulus.seed);
}

SimResult Session::finish() {
    progress_.finish();
    SimResult r;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    r.operations = operations_;
    r.cycles = checker_.cycles();
    r.passed = !checker_.failed();
    if (!r.passed) r.mismatch = checker_.mismatch();
    return r;
}

}  // namespace ffp8::sim
