#include "ffp8/synth/fpga_report.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>

#include "ffp8/synth/svg_chart.hpp"

namespace ffp8::synth {

namespace {

Utilisation used(const FpgaMetrics& m, const char* resource) {
    const auto it = m.pnr.utilisation.find(resource);
    return it == m.pnr.utilisation.end() ? Utilisation{} : it->second;
}

std::string fmax_text(const FpgaMetrics& m) { return m.fits() ? fmt::format("{:.2f}", m.fmax_mhz()) : "does not fit"; }

double fmax_or_nan(const FpgaMetrics& m) { return m.fits() ? m.fmax_mhz() : std::numeric_limits<double>::quiet_NaN(); }

std::string change_text(const std::optional<double>& pct) { return pct ? fmt::format("{:+.1f}%", *pct) : "n/a"; }

}  // namespace

std::string fpga_flow_description(const FpgaContext& ctx) {
    return fmt::format(
        "Yosys `synth_ice40{}` (whole design flattened; cell counts from `stat`: SB_LUT4, SB_CARRY, SB_DFF*, SB_MAC16), "
        "then `nextpnr-ice40 --{} --package {} --freq {:.3f} --timing-allow-fail --seed 1` (I/O pins placed by nextpnr); "
        "Fmax: nextpnr's post-route 'Max frequency for clock'. A design that needs more of a resource than the part "
        "has, or more I/O pins than the package, or that cannot be routed, is reported as not fitting.",
        ctx.device.has_dsp ? " -dsp" : "", ctx.device.name, ctx.device.package, ctx.target_mhz);
}

nlohmann::json fpga_json(const FpgaMetrics& m) {
    const Utilisation lc = used(m, "ICESTORM_LC"), io = used(m, "SB_IO");
    nlohmann::json util = nlohmann::json::object();
    for (const auto& [r, u] : m.pnr.utilisation) util[r] = {{"used", u.used}, {"available", u.available}};
    return {{"device", m.device},
            {"package", m.package},
            {"dsp", m.dsp},
            {"target_mhz", m.target_mhz},
            {"luts", m.luts},
            {"carries", m.carries},
            {"flip_flops", m.flip_flops},
            {"dsps", m.dsps},
            {"rams", m.rams},
            {"cell_types", m.cell_types},
            {"logic_cells", lc.used},
            {"logic_cells_available", lc.available},
            {"io_used", io.used},
            {"utilisation", util},
            {"fits", m.fits()},
            {"problem", m.fits() ? nlohmann::json() : nlohmann::json(m.pnr.problem)},
            {"fmax_mhz", m.fits() ? nlohmann::json(m.fmax_mhz()) : nlohmann::json()},
            {"seconds", m.seconds}};
}

nlohmann::json fpga_comparison_json(const FpgaComparison& c, const FpgaContext& ctx) {
    nlohmann::json designs = nlohmann::json::array();
    for (const ImplementedMac* d : {&c.baseline, &c.ffp8})
        designs.push_back({{"name", d->fpga.name},
                           {"role", d->role},
                           {"top", d->fpga.top},
                           {"latency", d->latency},
                           {"clock_ns", 1000.0 / ctx.target_mhz},
                           {"stages", d->unit.stages},
                           {"cuts", d->unit.stage_points()},
                           {"slots", d->unit.slots},
                           {"lanes", d->unit.lanes},
                           {"delay_ns", d->fpga.fits() ? nlohmann::json(1000.0 / d->fpga.fmax_mhz()) : nlohmann::json()},
                           {"met", d->fpga.fits() && d->fpga.fmax_mhz() >= ctx.target_mhz},
                           {"plan", d->plan_summary.empty() ? nlohmann::json() : nlohmann::json(d->plan_summary)},
                           {"fpga", fpga_json(d->fpga)}});
    const auto fmax = c.fmax_change_pct();
    return {{"target", "ice40"},
            {"device", ctx.device.name},
            {"package", ctx.device.package},
            {"target_mhz", ctx.target_mhz},
            {"flow", fpga_flow_description(ctx)},
            {"config", c.config.to_json()},
            {"designs", designs},
            {"overhead",
             {{"luts_pct", c.lut_overhead_pct()},
              {"extra_luts", c.ffp8.fpga.luts - c.baseline.fpga.luts},
              {"fmax_pct", fmax ? nlohmann::json(*fmax) : nlohmann::json()}}}};
}

std::string fpga_comparison_table(const FpgaComparison& c, const FpgaContext& ctx) {
    std::string s = fmt::format("iCE40 {} ({}), target {:.4g} MHz{}\n\n", ctx.device.name, ctx.device.package,
                                ctx.target_mhz, ctx.device.has_dsp ? ", SB_MAC16 inference on" : "");
    const std::size_t w = std::max({std::size_t{44}, c.baseline.fpga.name.size(), c.ffp8.fpga.name.size()});
    s += fmt::format("{:<{}} {:<8} {:>3} {:>7} {:>6} {:>6} {:>5} {:>10} {:>6} {:>12}\n", "design", w, "role", "L", "LUT4",
                     "carry", "DFF", "DSP", "LCs", "I/O", "Fmax MHz");
    for (const ImplementedMac* d : {&c.baseline, &c.ffp8}) {
        const FpgaMetrics& m = d->fpga;
        const Utilisation lc = used(m, "ICESTORM_LC"), io = used(m, "SB_IO");
        s += fmt::format("{:<{}} {:<8} {:>3} {:>7} {:>6} {:>6} {:>5} {:>10} {:>6} {:>12}\n", m.name, w, d->role, d->latency,
                         m.luts, m.carries, m.flip_flops, m.dsps, fmt::format("{}/{}", lc.used, lc.available), io.used,
                         fmax_text(m));
    }
    if (!c.baseline.fpga.fits() || !c.ffp8.fpga.fits()) s += "\n";
    for (const ImplementedMac* d : {&c.baseline, &c.ffp8})
        if (!d->fpga.fits())
            s += fmt::format("{} does not fit the {} ({}): {}\n", d->fpga.name, ctx.device.name, ctx.device.package,
                             d->fpga.pnr.problem);
    if (!c.ffp8.plan_summary.empty()) s += "\n";
    for (const ImplementedMac* d : {&c.baseline, &c.ffp8})
        if (!d->plan_summary.empty())
            s += fmt::format("{} stages: {}{}\n", d->role, d->plan_summary,
                             d->fpga.fits() && d->fpga.fmax_mhz() < ctx.target_mhz ? " (target missed post-route)" : "");
    s += fmt::format("\nFFP8 over baseline: LUT4 {:+.1f}% ({:+d}), Fmax {}\n", c.lut_overhead_pct(),
                     c.ffp8.fpga.luts - c.baseline.fpga.luts, change_text(c.fmax_change_pct()));
    return s;
}

std::string fpga_comparisons_csv(const std::vector<FpgaComparison>& list) {
    std::string s = "config,act,wgt,out,mode,stages,slots,device,package,target_mhz,baseline_luts,ffp8_luts,luts_overhead_pct,"
                    "baseline_carries,ffp8_carries,baseline_flip_flops,ffp8_flip_flops,baseline_dsps,ffp8_dsps,"
                    "baseline_fits,ffp8_fits,baseline_fmax_mhz,ffp8_fmax_mhz,fmax_change_pct\n";
    for (const auto& c : list) {
        const FpgaMetrics &b = c.baseline.fpga, &f = c.ffp8.fpga;
        const auto opt = [](bool have, double v) { return have ? fmt::format("{:.2f}", v) : std::string(); };
        const auto pct = c.fmax_change_pct();
        s += fmt::format("{},{},{},{},{},{},{},{},{},{:.4g},{},{},{:.3f},{},{},{},{},{},{},{},{},{},{},{}\n", c.config.id(),
                         c.config.act.name(), c.config.wgt.name(), c.config.out ? c.config.out->name() : "",
                         hw::mode_name(c.config.mode), c.config.stages, c.config.slots, b.device, b.package, f.target_mhz,
                         b.luts, f.luts,
                         c.lut_overhead_pct(), b.carries, f.carries, b.flip_flops, f.flip_flops, b.dsps, f.dsps,
                         b.fits(), f.fits(), opt(b.fits(), fmax_or_nan(b)), opt(f.fits(), fmax_or_nan(f)),
                         opt(pct.has_value(), pct.value_or(0)));
    }
    return s;
}

std::string fpga_comparisons_markdown(const std::vector<FpgaComparison>& list, const FpgaContext& ctx) {
    std::string s = fmt::format("iCE40 `{}` (package {}), target {:.4g} MHz, nextpnr-ice40 place and route{}. Baseline: FP32 "
                                "MAC with the same pipeline stages (with --stages auto: planned on its own for the "
                                "clock).\n\n",
                                ctx.device.name, ctx.device.package, ctx.target_mhz,
                                ctx.device.has_dsp ? ", SB_MAC16 inference on" : "");
    s += "| configuration | baseline LUT4 | FFP8 LUT4 | LUTs | carry (base / FFP8) | DFF (base / FFP8) | DSP (base / "
         "FFP8) | baseline Fmax MHz | FFP8 Fmax MHz | Fmax |\n";
    s += "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const auto& c : list) {
        const FpgaMetrics &b = c.baseline.fpga, &f = c.ffp8.fpga;
        const std::string planned_baseline =
            c.baseline.plan_summary.empty()
                ? ""
                : fmt::format(" (baseline: {} stage{}, {} slot{})", c.baseline.unit.stages, c.baseline.unit.stages == 1 ? "" : "s",
                              c.baseline.unit.slots, c.baseline.unit.slots == 1 ? "" : "s");
        s += fmt::format("| {}{} | {} | {} | {:+.1f}% | {} / {} | {} / {} | {} / {} | {} | {} | {} |\n", c.config.label(),
                         planned_baseline,
                         b.luts, f.luts, c.lut_overhead_pct(), b.carries, f.carries, b.flip_flops, f.flip_flops, b.dsps,
                         f.dsps, fmax_text(b), fmax_text(f), change_text(c.fmax_change_pct()));
    }
    return s;
}

std::string fpga_comparisons_svg(const std::vector<FpgaComparison>& list, const FpgaContext& ctx) {
    std::vector<ChartRow> rows;
    const bool several_targets = std::any_of(list.begin(), list.end(), [&](const FpgaComparison& c) {
        return c.ffp8.fpga.target_mhz != list.front().ffp8.fpga.target_mhz;
    });
    for (const auto& c : list)
        rows.push_back({several_targets ? fmt::format("{:.4g} MHz: {}", c.ffp8.fpga.target_mhz, c.config.label()) : c.config.label(),
                        {static_cast<double>(c.baseline.fpga.luts), fmax_or_nan(c.baseline.fpga)},
                        {static_cast<double>(c.ffp8.fpga.luts), fmax_or_nan(c.ffp8.fpga)}});
    return two_panel_chart(several_targets ? fmt::format("iCE40 {} ({}), nextpnr target per row", ctx.device.name, ctx.device.package)
                                           : fmt::format("iCE40 {} ({}), nextpnr target {:.4g} MHz", ctx.device.name,
                                                         ctx.device.package, ctx.target_mhz),
                           {ChartPanel{"LUT4 cells", "{:.0f}"}, ChartPanel{"Post-route Fmax (MHz)", "{:.1f}"}}, rows);
}

}  // namespace ffp8::synth
