// Power and energy per operation of a mapped design: OpenSTA `report_power` per instance, with
// each instance's switching activity measured by simulating the mapped netlist itself (Icarus
// Verilog, cell models built by Yosys from the Liberty functions) under the port values of an
// activity file, or a default toggle rate when there is none.
//
// Debian's OpenSTA (2019) reads no VCD/SAIF and its per-pin activity command is broken, but its
// power model is linear in activity: each instance's power is reported at global activity 0 and
// 1 (transitions per clock cycle), and the instance's power is P(0) + (P(1) - P(0)) x a, with a
// the mean toggles per cycle of its output pins in the simulation (one sample per cycle after
// the clock edge: zero-delay, glitches not counted). Clock pins keep the clock's own activity.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ffp8/synth/activity_trace.hpp"
#include "ffp8/synth/library.hpp"

namespace ffp8::synth {

inline constexpr double default_toggle_rate = 0.1;  // transitions per cycle on every net

struct PowerMetrics {
    bool simulated = false;        // per-instance activity from the netlist simulation
    std::string activity_source;   // the activity file, or "default toggle rate 0.1"
    std::string operands;          // the activity's operand choice ("fp32", "exact"); empty: the design's own
    long cycles = 0;               // cycles the toggles were counted over
    double mean_toggle_rate = 0;   // over the instances' output pins
    double internal_w = 0;
    double switching_w = 0;
    double leakage_w = 0;
    double clock_ns = 0;

    double total_w() const { return internal_w + switching_w + leakage_w; }
    // One operation per cycle: power x clock period (W x ns = 1000 pJ).
    double energy_per_op_pj() const { return total_w() * clock_ns * 1e3; }
};

// One instance's power from an OpenSTA `report_power -instances` table.
struct InstancePower {
    double internal_w = 0, switching_w = 0, leakage_w = 0;
};

// Parses the rows "internal switching leakage total name" of `report_power -instances`.
// Throws ToolOutputError on an OpenSTA error line or no rows.
std::map<std::string, InstancePower> parse_instance_power(std::string_view text);

// Toggles per output pin of the testbench's count file ("instance pin toggles" lines).
std::map<std::string, double> parse_toggle_counts(std::string_view text, long cycles);

// One set of port values the netlist is simulated under.
struct PowerActivity {
    const PortTrace* trace = nullptr;
    std::string source;    // the activity file and how its values were derived, for the report
    std::string operands;  // the operand choice it stands for (PowerMetrics::operands)
};

struct PowerRequest {
    std::vector<PowerActivity> activities;  // empty: the default toggle rate
    std::string clock_port = "clk";
};

// Runs in the design's work folder `dir`, on the mapped units `mapped_files` (RTLIL) of `top`:
// one PowerMetrics per activity (each simulated in its own subfolder `activity_<i>`), or one at
// the default toggle rate when there is none. OpenSTA's per-instance figures at activity 0 and 1
// are computed once for all. Throws ToolRunError / ToolOutputError / std::runtime_error (an
// activity file that does not fit the netlist: a missing port, another width, outputs that differ).
std::vector<PowerMetrics> analyse_power(const std::filesystem::path& dir, const std::vector<std::string>& mapped_files,
                                        const std::string& top, const Library& library, double clock_ns,
                                        const PowerRequest& request);

}  // namespace ffp8::synth
