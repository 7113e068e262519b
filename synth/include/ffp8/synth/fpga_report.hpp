// Reports of iCE40 comparisons (`ffp8 synth --target ice40`, `ffp8 sweep --target ice40`):
// JSON with an `fpga` object per design, a console table, CSV, Markdown and SVG.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ffp8/synth/fpga_comparison.hpp"

namespace ffp8::synth {

struct FpgaContext {
    Ice40Device device;
    double target_mhz = 100;

    static FpgaContext of(const FpgaFlowOptions& o) { return {o.device, o.target_mhz}; }
};

// {device, package, dsp, target_mhz, luts, carries, flip_flops, dsps, rams, cell_types,
//  logic_cells, logic_cells_available, io_used, io_available, fits, problem, fmax_mhz}
nlohmann::json fpga_json(const FpgaMetrics& m);
// {target, device, package, flow, config, designs: [{name, role, top, latency, fpga}], overhead}
nlohmann::json fpga_comparison_json(const FpgaComparison& c, const FpgaContext& ctx);
std::string fpga_comparison_table(const FpgaComparison& c, const FpgaContext& ctx);
std::string fpga_comparisons_csv(const std::vector<FpgaComparison>& list);
std::string fpga_comparisons_markdown(const std::vector<FpgaComparison>& list, const FpgaContext& ctx);
std::string fpga_comparisons_svg(const std::vector<FpgaComparison>& list, const FpgaContext& ctx);
std::string fpga_flow_description(const FpgaContext& ctx);

}  // namespace ffp8::synth
