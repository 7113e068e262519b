// Reports of MAC comparisons: JSON (`ffp8 synth --json`), a console table, CSV and the
// Markdown table of `ffp8 sweep`.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ffp8/synth/library.hpp"
#include "ffp8/synth/mac_comparison.hpp"

namespace ffp8::synth {

// What every report states about how the numbers were made.
struct FlowContext {
    std::string liberty_name;
    std::string liberty_file;
    DrivingCell drive;
    double clock_ns = 10;
    ViewSelection views = ViewSelection::both;
    AbcScript abc = AbcScript::default_script;

    static FlowContext of(const Library& lib, double clock_ns, ViewSelection views,
                          AbcScript abc = AbcScript::default_script);
};

nlohmann::json power_json(const PowerMetrics& p);
// One view's figures: area, cells, delay, slack, met, the critical path; blocks and area by
// block when they were kept.
nlohmann::json view_json(const MappedFigures& f);
// The headline view's figures in the design's own fields (`view` names it), the blocks-kept
// view as `blocks_kept`, power of the headline view (the baseline's other operand choice in
// `power_by_operands`).
nlohmann::json design_json(const SynthesizedMac& d);
// {liberty, liberty_file, clock_ns, views, flow, config, designs: [baseline, ffp8], overhead}:
// `overhead` in the headline view with `overhead.blocks_kept` for the compliance view.
nlohmann::json comparison_json(const MacComparison& c, const FlowContext& ctx);

// Console report of one comparison: which question each view answers, both designs in every
// view with slack and met, the overheads, power, and the blocks-kept breakdown.
std::string comparison_table(const MacComparison& c, const FlowContext& ctx);

// One row per configuration, design and view.
std::string comparisons_csv(const std::vector<MacComparison>& list);

// The sweep as Markdown: one table per view, with a header line on the flow.
std::string comparisons_markdown(const std::vector<MacComparison>& list, const FlowContext& ctx);

// The same configurations mapped with both ABC scripts, side by side, in every view that ran
// (`ffp8 sweep --abc both`); `by_default[i]` and `by_delay[i]` are the same configuration.
std::string abc_scripts_markdown(const std::vector<MacComparison>& by_default, const std::vector<MacComparison>& by_delay);

// How the figures are made (one paragraph per metric), for reports and --help.
std::string flow_description(const FlowContext& ctx);

}  // namespace ffp8::synth
