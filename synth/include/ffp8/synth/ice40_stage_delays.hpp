// The per-stage delays of a stage probe on an iCE40, post-route (nextpnr-ice40).
//
// nextpnr reports one figure per clock: the worst register-to-register path. So each measured
// group of registers (a pipeline stage's, a loop cycle's) is placed and routed on its own: its
// cone (its flip-flops, the logic that feeds them and the flip-flops that launch into it, their
// own inputs tied low) cut out of synth_ice40's netlist of the whole probe, on the unit's one
// clock, so its Fmax is the worst path into the group. Splitting the clock instead would time
// all groups in one run, but an iCE40 logic tile has one clock, so flip-flops on different
// clocks cannot share a tile and every path lengthens. A cone alone is placed with less
// congestion than in the unit: the estimate is slightly optimistic, and the final unit's own
// place and route is the figure reported.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ffp8/synth/ice40_flow.hpp"
#include "ffp8/synth/pipeline_planner.hpp"
#include "ffp8/synth/rtl_design.hpp"
#include "ffp8/synth/tool_scripts.hpp"

namespace ffp8::synth {

// The flip-flops of one mark, the logic that feeds them, and the groups whose flip-flops launch
// into that logic.
struct RegisterGroup {
    std::string mark;                 // empty: the flip-flops no mark names
    std::vector<std::string> cells;   // its flip-flops' names in the netlist's top module
    std::vector<std::string> logic;   // the other cells on paths into them, ascending
    std::vector<int> sources;         // indices into the groups, ascending (itself when it feeds itself)
};

// The flip-flops (cell types SB_DFF*) of `module` (a Yosys JSON module) grouped by the first of
// `marks` their src attribute holds; the last group holds the unmarked ones. Cones are found by
// walking back from every flip-flop input but the clock through the other cells (by their
// port_directions) up to flip-flops or the module's inputs.
std::vector<RegisterGroup> register_groups(const nlohmann::json& module, const std::vector<std::string>& marks);

// `netlist` (Yosys JSON) with its top cut down to group g's cone: g's flip-flops and logic, and
// its sources' flip-flops with every input but the clock tied low; the ports and nets nothing
// kept uses are dropped.
nlohmann::json cone_netlist(const nlohmann::json& netlist, const std::string& top, const std::vector<RegisterGroup>& groups,
                            int g);

// Measures `probe` (stage probe registers marked by `marks`: a cut after every point, inputs
// included, and the loop in marks.loop_cycles cycles, marks.loop_end set): segment k is the worst
// path into the registers of stage k + 2 (stage 1: the inputs), loop cycle j the worst into cut
// j's (j = loop_cycles: the accumulators'). Throws ToolRunError / ToolOutputError, and
// ToolOutputError when the probe does not fit the part.
StageDelays measure_ice40_stages(const RtlDesign& probe, const StageMarks& marks, const FpgaFlowOptions& options);

}  // namespace ffp8::synth
