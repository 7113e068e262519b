// What a run tells the user: a one-line summary, or on a mismatch the cycle, the inputs and the
// expected and actual outputs, plus the FST window and the JUnit file for CI systems.
#pragma once

#include <string>

#include "ffp8/sim/job.hpp"
#include "ffp8/sim/session.hpp"

namespace ffp8::sim {

// "PASS runtime se4m3b7 x ue4m4b7 ...: 1234 operations, 1400 cycles, 5.2e6 operations/s"
std::string summary_line(const SimJob& job, const SimResult& result);
// The multi-line mismatch report (only for a failed result).
std::string mismatch_report(const SimJob& job, const SimResult& result);
// A JUnit XML document with one test case for the run.
std::string junit_xml(const SimJob& job, const SimResult& result);

// Prints the summary (stdout) or the report (stderr), writes the trace of a mismatch and the
// JUnit file if asked for. Returns the exit status: 0 passed, 1 mismatch.
int report_result(const SimJob& job, const SimResult& result);

}  // namespace ffp8::sim
