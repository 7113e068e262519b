// One design on an iCE40: Yosys `synth_ice40` (cell counts), then nextpnr-ice40 place and route
// with a clock constraint (whether it fits, post-route Fmax).
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "ffp8/synth/ice40_device.hpp"
#include "ffp8/synth/nextpnr_log.hpp"
#include "ffp8/synth/rtl_design.hpp"

namespace ffp8::synth {

struct FpgaFlowOptions {
    Ice40Device device = ice40_device("hx8k");
    double target_mhz = 100;                  // nextpnr --freq (timing-driven placement)
    std::filesystem::path work_parent;        // default: system temp
    bool keep_work = false;
    std::function<void(std::string_view)> on_step;  // "synth_ice40", "nextpnr"
};

struct FpgaMetrics {
    std::string name;
    std::string top;
    std::string device;
    std::string package;
    bool dsp = false;      // synth_ice40 -dsp (devices with SB_MAC16)
    double target_mhz = 0;
    std::map<std::string, long> cell_types;  // after synth_ice40 (SB_LUT4, SB_CARRY, SB_DFF*, ...)
    long luts = 0;         // SB_LUT4
    long carries = 0;      // SB_CARRY
    long flip_flops = 0;   // SB_DFF*
    long dsps = 0;         // SB_MAC16
    long rams = 0;         // SB_RAM40_4K
    NextpnrOutcome pnr;    // utilisation, fits, Fmax
    std::filesystem::path work_dir;  // set when kept
    double seconds = 0;

    bool fits() const { return pnr.fits; }
    // The post-route Fmax; throws std::logic_error when the design did not fit.
    double fmax_mhz() const;
};

// Throws ToolRunError / ToolOutputError (work folder kept and named) when a tool fails for a
// reason other than the design not fitting the device.
FpgaMetrics implement_ice40(const RtlDesign& design, const FpgaFlowOptions& options);

// nextpnr-ice40 (seed 1, --timing-allow-fail, the options' part, package and target) on the
// netlist `netlist_file` in `dir`, its log to `log_file` and, when `report_file` is not empty, its
// JSON report there. Throws as parse_nextpnr_log does.
NextpnrOutcome place_and_route_ice40(const std::filesystem::path& dir, const FpgaFlowOptions& options,
                                     const std::string& netlist_file, const std::string& log_file,
                                     const std::string& report_file = "");

// Cell counts of a `stat` report of a synth_ice40 netlist (the top module).
void count_ice40_cells(FpgaMetrics& m, const std::map<std::string, long>& cell_types);

}  // namespace ffp8::synth
