#include "ffp8/synth/ice40_flow.hpp"

#include <chrono>
#include <fmt/format.h>
#include <stdexcept>

#include "ffp8/synth/subprocess.hpp"
#include "ffp8/synth/tool_error.hpp"
#include "ffp8/synth/tool_scripts.hpp"
#include "ffp8/synth/work_dir.hpp"
#include "ffp8/synth/yosys_stat.hpp"
#include "flow_steps.hpp"

namespace ffp8::synth {

double FpgaMetrics::fmax_mhz() const {
    if (!pnr.fmax_mhz) throw std::logic_error(fmt::format("{} did not fit the {}: no Fmax", name, device));
    return *pnr.fmax_mhz;
}

void count_ice40_cells(FpgaMetrics& m, const std::map<std::string, long>& cell_types) {
    m.cell_types = cell_types;
    for (const auto& [type, n] : cell_types) {
        if (type == "SB_LUT4") m.luts += n;
        else if (type == "SB_CARRY") m.carries += n;
        else if (type.rfind("SB_DFF", 0) == 0) m.flip_flops += n;
        else if (type == "SB_MAC16") m.dsps += n;
        else if (type.rfind("SB_RAM40", 0) == 0) m.rams += n;
    }
}

NextpnrOutcome place_and_route_ice40(const std::filesystem::path& dir, const FpgaFlowOptions& options,
                                     const std::string& netlist_file, const std::string& log_file,
                                     const std::string& report_file) {
    std::vector<std::string> argv{"nextpnr-ice40", options.device.nextpnr_switch(), "--package", options.device.package,
                                  "--json", netlist_file, "--freq", fmt::format("{:.3f}", options.target_mhz),
                                  "--timing-allow-fail", "--seed", "1"};
    if (!report_file.empty()) argv.insert(argv.end(), {"--report", report_file});
    const int rc = run_logged(argv, dir, dir / log_file);
    return parse_nextpnr_log(detail::read_text(dir / log_file), rc);
}

FpgaMetrics implement_ice40(const RtlDesign& design, const FpgaFlowOptions& options) {
    const auto t0 = std::chrono::steady_clock::now();
    FpgaMetrics m;
    m.name = design.name;
    m.top = design.top;
    m.device = options.device.name;
    m.package = options.device.package;
    m.dsp = options.device.has_dsp;
    m.target_mhz = options.target_mhz;
    const auto step = [&](std::string_view s) {
        if (options.on_step) options.on_step(s);
    };
    m.work_dir = run_in_work_dir("ffp8-ice40-", options.work_parent, options.keep_work, [&](const std::filesystem::path& dir) {
        const auto verilog = detail::write_rtl(design, dir);
        step("synth_ice40");
        detail::run_yosys(dir, "ice40.ys", ice40_script(verilog, design.top, m.dsp), design.name);
        const YosysStat stat = parse_yosys_stat(detail::read_text(dir / ice40_stat_file));
        const ModuleStat& top = stat.total();
        if (top.name != design.top)
            throw ToolOutputError(fmt::format("synth_ice40 stat describes module {}, expected {}", top.name, design.top));
        count_ice40_cells(m, top.cell_types);
        step("nextpnr");
        m.pnr = place_and_route_ice40(dir, options, ice40_json_file, "nextpnr.log");
    });
    m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return m;
}

}  // namespace ffp8::synth
