// Simulators for designs the build did not verilate (static mode, --rtl DIR, other pipeline
// depths): `verilator --build --exe` of the design with harness/sim_main.cpp, linked with the
// project's co-simulation libraries, cached under $XDG_CACHE_HOME/ffp8/sim (or ~/.cache/ffp8/sim)
// by a hash of the Verilog, the harness and the tools, so each RTL is verilated once.
#pragma once

#include <chrono>

#include <filesystem>
#include <map>
#include <string>

#include "ffp8/sim/job.hpp"

namespace ffp8::sim {

struct VerilogDesign {
    std::string top;
    std::map<std::string, std::string> files;  // file name -> Verilog text
    std::filesystem::path source_dir;           // the folder they were read from; empty when generated
};

// Reads the files that DIR/manifest.json lists.
VerilogDesign read_verilog(const std::filesystem::path& dir, const DesignInfo& info);

std::filesystem::path simulator_cache_dir();

// The simulator executable of `design` for `harness`, verilated now if it is not in the cache.
std::filesystem::path on_demand_simulator(const VerilogDesign& design, Harness harness);

// Runs a simulator executable on a job; returns its exit status (0 passed, 1 mismatch, 2 error).
// Throws the simulator's error message when it reports one (a malformed vector file, ...).
// A simulator that completes no cycle for `stall_limit` is stopped: std::runtime_error.
int run_simulator(const std::filesystem::path& simulator, const SimJob& job, std::chrono::seconds stall_limit);

}  // namespace ffp8::sim
