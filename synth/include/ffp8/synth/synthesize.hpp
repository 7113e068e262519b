// One design through the flow, in Yosys runs:
//   generic   the whole design flat, simple gates: generic cell count and logic depth;
// then, per view (`synth_view.hpp`), in its own subfolder of the work folder:
//   map       built: the whole design flat; blocks kept: each block module on its own, then the
//             top with the blocks as black boxes: Liberty cells;
//   assemble  the mapped modules joined: area per module and in total, a netlist;
//   sta       OpenSTA on that netlist: the critical path;
// and power on the headline view's netlist when asked for.
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
#include "ffp8/synth/synth_view.hpp"

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
    ViewSelection views = ViewSelection::both; // which mappings run
    std::optional<PowerRequest> power;         // set: power and energy per operation of the headline view
};

struct BlockArea {
    std::string role;
    std::string module;
    long instances = 0;
    long cells = 0;        // all instances
    double area_um2 = 0;   // all instances
};

// One view of the design after Liberty mapping.
struct MappedFigures {
    SynthView view = SynthView::built;
    double area_um2 = 0;          // `stat -liberty`, whole design
    long cells = 0;               // Liberty cells, whole design
    std::vector<BlockArea> blocks;  // blocks kept only
    double other_area_um2 = 0;    // cells of the top outside every block (registers, glue); all of them as built
    TimingPath timing;
    // The accumulate loop's longest stage: the worst path from a register into the loop's
    // registers (the fused add's and the accumulators). With one slot the whole loop, acc to acc;
    // with slots the worst of its register-cut stages. Unset for a design without a loop module.
    std::optional<TimingPath> loop;
    // As built, with pipeline stages or a loop of several cycles: the worst path into each stage's
    // registers (stage k at [k - 1], from the inputs or the stage before) and into each loop cut's
    // (cut k at [k - 1], the last one the accumulators and flags); unset where a stage has no registers.
    std::vector<std::optional<TimingPath>> stage_paths;
    std::vector<std::optional<TimingPath>> loop_cut_paths;

    double delay_ns() const { return timing.critical_ns(); }
    std::optional<double> loop_stage_ns() const {
        return loop ? std::optional<double>(loop->critical_ns()) : std::nullopt;
    }
    double fmax_mhz() const { return 1000.0 / delay_ns(); }
    double slack_ns() const { return timing.slack_ns; }
    bool met() const { return timing.met; }
    // Area per block role (manifest kind), with the top's own cells as "top".
    std::map<std::string, double> area_by_role() const;
};

struct DesignMetrics {
    std::string name;
    std::string top;
    long generic_cells = 0;       // all cells after `abc -g` (flip-flops included)
    long generic_flip_flops = 0;  // of which flip-flops
    int depth = 0;                // `ltp -noff` on the generic netlist: gates between registers/ports
    std::optional<MappedFigures> built;        // flattened, constants propagated across blocks
    std::optional<MappedFigures> blocks_kept;  // every block mapped on its own
    double clock_ns = 0;
    std::optional<PowerMetrics> power;  // of the headline view; the first activity of the request
    std::vector<PowerMetrics> other_power;  // the same netlist under the request's other activities
    std::filesystem::path work_dir;  // set when the work folder was kept
    double seconds = 0;

    // The view reports lead with: built when it ran, else blocks kept.
    const MappedFigures& headline() const { return built ? *built : *blocks_kept; }
    const MappedFigures* view(SynthView v) const {
        const auto& f = v == SynthView::built ? built : blocks_kept;
        return f ? &*f : nullptr;
    }
    double area_um2() const { return headline().area_um2; }
    long cells() const { return headline().cells; }
    double delay_ns() const { return headline().delay_ns(); }
    double fmax_mhz() const { return headline().fmax_mhz(); }
};

// Throws ToolRunError / ToolOutputError with the kept work folder named in the message.
DesignMetrics synthesize(const RtlDesign& design, const Library& library, const FlowOptions& options);

}  // namespace ffp8::synth
