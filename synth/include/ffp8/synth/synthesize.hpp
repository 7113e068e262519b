// One design through the flow, in Yosys runs:
//   generic   the whole design flat, simple gates: generic cell count and logic depth;
//   map       each block module on its own, then the top with the blocks as black boxes
//             (or only the top, flat, when the design has no blocks): Liberty cells;
//   assemble  the mapped modules joined: area per module and in total, a flat netlist;
// then OpenSTA on that netlist: the critical path.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ffp8/synth/abc_script.hpp"
#include "ffp8/synth/library.hpp"
#include "ffp8/synth/power.hpp"
#include "ffp8/synth/rtl_design.hpp"
#include "ffp8/synth/sta_report.hpp"

namespace ffp8::synth {

// Liberty-mapped modules (RTLIL text) by their source text, library and clock: identical
// modules of different designs (the FMA core of the FFP8 MAC and of the baseline) are mapped
// once and so are exactly the same cells in both, not two runs of a heuristic.
using MappedModuleCache = std::map<std::string, std::string>;

struct FlowOptions {
    double clock_ns = 10;                      // ABC delay target and STA clock period
    AbcScript abc = AbcScript::default_script; // how ABC maps to Liberty cells
    std::filesystem::path work_parent;         // where work folders go (default: system temp)
    bool keep_work = false;                    // keep the work folder even on success
    std::function<void(std::string_view)> on_step;  // progress ("generic", "map M", "assemble", "sta")
    MappedModuleCache* cache = nullptr;        // shared between designs when set
    std::optional<PowerRequest> power;         // set: power and energy per operation ("power" step)
};

struct BlockArea {
    std::string role;
    std::string module;
    long instances = 0;
    long cells = 0;        // all instances
    double area_um2 = 0;   // all instances
};

struct DesignMetrics {
    std::string name;
    std::string top;
    long generic_cells = 0;       // all cells after `abc -g` (flip-flops included)
    long generic_flip_flops = 0;  // of which flip-flops
    int depth = 0;                // `ltp -noff` on the generic netlist: gates between registers/ports
    double area_um2 = 0;          // `stat -liberty`, whole design
    long cells = 0;               // Liberty cells, whole design
    std::vector<BlockArea> blocks;
    double other_area_um2 = 0;    // cells of the top outside every block (registers, glue)
    TimingPath timing;
    double clock_ns = 0;
    std::optional<PowerMetrics> power;
    std::filesystem::path work_dir;  // set when the work folder was kept
    double seconds = 0;

    double delay_ns() const { return timing.critical_ns(); }
    double fmax_mhz() const { return 1000.0 / delay_ns(); }
};

// Throws ToolRunError / ToolOutputError with the kept work folder named in the message.
DesignMetrics synthesize(const RtlDesign& design, const Library& library, const FlowOptions& options);

}  // namespace ffp8::synth
