// A simulator executable for one design: the Verilated model of that design and the harness
// (C++, or SystemC with FFP8_SIM_SYSTEMC), running a job that `ffp8 sim` hands over as JSON.
// Built on demand into the cache (static mode, --rtl) or by the build (SystemC models).
//   <simulator> JOB_JSON [ERROR_FILE]   exit status: 0 passed, 1 mismatch, 2 error, 128 + signal interrupted
// An error's message goes to ERROR_FILE when given (ffp8 sim prints it as its own one-line error),
// else to stderr.
#include "ffp8_sim_model.h"  // the Verilated model's header, `using SimModel = V...;`

#include <cstdio>
#include <exception>

#include "ffp8/interrupt.hpp"
#include "ffp8/sim/job.hpp"
#include "ffp8/sim/report.hpp"
#include "ffp8/standard_output.hpp"
#if FFP8_SIM_SYSTEMC
#include "ffp8/sim/sc_testbench.hpp"
#else
#include "ffp8/sim/cpp_harness.hpp"
#include "ffp8/sim/verilated_dut.hpp"
#endif

int main(int argc, char** argv) {
    using namespace ffp8::sim;
    if (argc != 2 && argc != 3) {
        std::fprintf(stderr, "usage: %s JOB_JSON [ERROR_FILE] (run by ffp8 sim)\n", argv[0]);
        return 2;
    }
    // Stopped by ffp8 sim (SIGTERM) or the terminal: the run ends at its next check, writing no
    // report, trace or temporary file.
    ffp8::install_interrupt_handlers();
    ffp8::ignore_broken_pipe_signal();  // a closed stdout is an error in ERROR_FILE, as in ffp8
    try {
        const SimJob job = job_from_json(nlohmann::json::parse(argv[1]));
#if FFP8_SIM_SYSTEMC
        const SimResult result = run_systemc_harness(job, make_sc_dut<SimModel>);
#else
        Session session(job);
        const auto& unit = job.design.unit;
        VerilatedDut<SimModel> dut(session.pairs(), unit.lanes, unit.act_lane_bits(), unit.wgt_lane_bits());
        const SimResult result = run_cpp_harness(session, dut);
#endif
        return report_result(job, result);
    } catch (const ffp8::Interrupted& e) {
        return 128 + e.signal;
    } catch (const std::exception& e) {
        std::FILE* error_file = argc == 3 ? std::fopen(argv[2], "w") : nullptr;
        if (error_file) {
            std::fputs(e.what(), error_file);
            std::fclose(error_file);
        } else {
            std::fprintf(stderr, "ffp8: error: %s\n", e.what());
        }
        return 2;
    }
}
