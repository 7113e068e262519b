#include "ffp8/synth/report.hpp"

#include <cmath>
#include <fmt/format.h>

namespace ffp8::synth {

namespace {

std::string signed_pct(double v) { return fmt::format("{:+.1f}%", v); }

// Block roles as CSV columns, the same for every row.
const std::vector<std::string>& csv_roles() {
    static const std::vector<std::string> roles{"decoders", "fp32_unpack", "format_config", "encoder", "fma_core", "top"};
    return roles;
}

double role_area(const SynthesizedMac& d, const std::string& role) {
    const auto a = d.area_by_role();
    const auto it = a.find(role);
    return it == a.end() ? 0.0 : it->second;
}

}  // namespace

FlowContext FlowContext::of(const Library& lib, double clock_ns, bool flat, AbcScript abc) {
    return {lib.name(), lib.source().string(), lib.drive(), clock_ns, flat, abc};
}

namespace {
// The ABC step as the flow description names it.
std::string abc_description(const FlowContext& ctx) {
    const long ps = std::lround(ctx.clock_ns * 1000);
    if (ctx.abc == AbcScript::delay)
        return fmt::format("`abc -D {} -constr` with the structure-preserving delay script `{}`", ps, delay_abc_commands(ps));
    return fmt::format("`abc -D {} -constr` (Yosys's default script: buffering and sizing)", ps);
}
}  // namespace

std::string flow_description(const FlowContext& ctx) {
    return fmt::format(
        "Yosys `synth -flatten` with {}; generic cells: `abc -g AND,NAND,OR,NOR,XOR,XNOR,ANDNOT,ORNOT,MUX` on the fully "
        "flattened design (flip-flops included); depth: `ltp -noff` on that netlist (gates on the longest path between "
        "registers and ports); area and cells: `dfflibmap` + {} (inputs "
        "driven by {}, outputs loaded with {:.4f} pF = 4 input pins of it) + `stat -liberty`; delay: OpenSTA "
        "`report_checks` on the mapped (hierarchical) netlist, worst path into a register (reg-to-reg or in-to-reg), as the "
        "clock period at which it has zero slack (arrival + setup), clock {} ns; fmax = 1000 / delay.",
        ctx.flat ? "no kept modules (no block breakdown)"
                 : "every generator block (decoders, fp32_unpack, format_config, encoder, fma_core modules) kept as its own module "
                   "so its area is read from `stat -liberty` per module",
        abc_description(ctx), ctx.drive.cell, ctx.drive.load_pf(), ctx.clock_ns);
}

nlohmann::json power_json(const PowerMetrics& p) {
    return {{"activity", p.activity_source},
            {"simulated", p.simulated},
            {"default_toggle_rate", p.simulated ? nlohmann::json() : nlohmann::json(default_toggle_rate)},
            {"cycles", p.cycles},
            {"mean_toggle_rate", p.mean_toggle_rate},
            {"clock_ns", p.clock_ns},
            {"internal_w", p.internal_w},
            {"switching_w", p.switching_w},
            {"leakage_w", p.leakage_w},
            {"total_w", p.total_w()},
            {"energy_per_op_pj", p.energy_per_op_pj()}};
}

nlohmann::json design_json(const SynthesizedMac& d) {
    const DesignMetrics& m = d.metrics;
    nlohmann::json blocks = nlohmann::json::array();
    for (const auto& b : m.blocks)
        blocks.push_back({{"role", b.role}, {"module", b.module}, {"instances", b.instances}, {"cells", b.cells},
                          {"area_um2", b.area_um2}});
    nlohmann::json path = nlohmann::json::array();
    for (const auto& [where, ns] : m.timing.delay_by_instance()) path.push_back({{"instance", where}, {"delay_ns", ns}});
    nlohmann::json by_role = nlohmann::json::object();
    for (const auto& [role, area] : d.area_by_role()) by_role[role] = area;
    return {{"name", m.name},
            {"role", d.role},
            {"top", m.top},
            {"latency", d.latency},
            {"area_um2", m.area_um2},
            {"cells", m.cells},
            {"generic_cells", m.generic_cells},
            {"generic_flip_flops", m.generic_flip_flops},
            {"depth", m.depth},
            {"delay_ns", m.delay_ns()},
            {"fmax_mhz", m.fmax_mhz()},
            {"arrival_ns", m.timing.arrival_ns},
            {"slack_ns", m.timing.slack_ns},
            {"startpoint", m.timing.startpoint},
            {"endpoint", m.timing.endpoint},
            {"critical_path_by_instance", path},
            {"blocks", blocks},
            {"area_by_block", by_role},
            {"synthesis_seconds", m.seconds},
            {"power", m.power ? power_json(*m.power) : nlohmann::json()}};
}

nlohmann::json comparison_json(const MacComparison& c, const FlowContext& ctx) {
    nlohmann::json extra = nlohmann::json::array();
    for (const auto& b : c.extra_area_by_block())
        extra.push_back({{"block", b.role}, {"baseline_um2", b.baseline_um2}, {"ffp8_um2", b.ffp8_um2},
                         {"extra_um2", b.extra_um2()}});
    return {{"liberty", ctx.liberty_name},
            {"liberty_file", ctx.liberty_file},
            {"driving_cell", ctx.drive.cell},
            {"load_pf", ctx.drive.load_pf()},
            {"clock_ns", ctx.clock_ns},
            {"flat", ctx.flat},
            {"abc", to_string(ctx.abc)},
            {"flow", flow_description(ctx)},
            {"config", c.config.to_json()},
            {"designs", {design_json(c.baseline), design_json(c.ffp8)}},
            {"overhead",
             {{"area_pct", c.area_overhead_pct()},
              {"delay_pct", c.delay_overhead_pct()},
              {"generic_cells_pct", c.generic_cells_overhead_pct()},
              {"extra_area_um2", c.extra_area_um2()},
              {"extra_area_by_block", extra},
              {"energy_per_op_pct", c.energy_overhead_pct() ? nlohmann::json(*c.energy_overhead_pct()) : nlohmann::json()}}}};
}

std::string comparison_table(const MacComparison& c, const FlowContext& ctx) {
    std::string s = fmt::format("library {} ({}), clock {} ns, ABC script {}{}\n\n", ctx.liberty_name, ctx.liberty_file,
                                ctx.clock_ns, to_string(ctx.abc), ctx.flat ? ", flat" : "");
    s += fmt::format("{:<44} {:<8} {:>3} {:>11} {:>7} {:>8} {:>6} {:>9} {:>9}\n", "design", "role", "L", "area um2",
                     "cells", "generic", "depth", "delay ns", "fmax MHz");
    for (const SynthesizedMac* d : {&c.baseline, &c.ffp8}) {
        const DesignMetrics& m = d->metrics;
        s += fmt::format("{:<44} {:<8} {:>3} {:>11.1f} {:>7} {:>8} {:>6} {:>9.3f} {:>9.1f}\n", m.name, d->role,
                         d->latency, m.area_um2, m.cells, m.generic_cells, m.depth, m.delay_ns(), m.fmax_mhz());
    }
    s += "\ncritical path (ns by instance, in path order):\n";
    for (const SynthesizedMac* d : {&c.baseline, &c.ffp8}) {
        s += fmt::format("  {:<8} {} -> {}:", d->role, d->metrics.timing.startpoint, d->metrics.timing.endpoint);
        for (const auto& [where, ns] : d->metrics.timing.delay_by_instance()) s += fmt::format(" {} {:.2f}", where, ns);
        s += "\n";
    }
    s += fmt::format("\nFFP8 over baseline: area {} ({:+.1f} um2), delay {}, generic cells {}\n",
                     signed_pct(c.area_overhead_pct()), c.extra_area_um2(), signed_pct(c.delay_overhead_pct()),
                     signed_pct(c.generic_cells_overhead_pct()));
    if (c.baseline.metrics.power && c.ffp8.metrics.power) {
        s += fmt::format("\npower at {} ns ({}{}):\n", ctx.clock_ns, c.ffp8.metrics.power->activity_source,
                         c.ffp8.metrics.power->simulated
                             ? fmt::format(", mapped netlists simulated over {} cycles", c.ffp8.metrics.power->cycles)
                             : ", no activity file");
        s += fmt::format("  {:<8} {:>11} {:>11} {:>11} {:>11} {:>10} {:>12}\n", "role", "total mW", "internal", "switching",
                         "leakage", "toggles/c", "energy pJ/op");
        for (const SynthesizedMac* d : {&c.baseline, &c.ffp8}) {
            const PowerMetrics& p = *d->metrics.power;
            s += fmt::format("  {:<8} {:>11.4f} {:>11.4f} {:>11.4f} {:>11.6f} {:>10.3f} {:>12.3f}\n", d->role, p.total_w() * 1e3,
                             p.internal_w * 1e3, p.switching_w * 1e3, p.leakage_w * 1e3, p.mean_toggle_rate,
                             p.energy_per_op_pj());
        }
        s += fmt::format("FFP8 over baseline: energy per operation {}\n", signed_pct(*c.energy_overhead_pct()));
    }
    if (!ctx.flat) {
        s += fmt::format("\n{:<14} {:>13} {:>13} {:>13}\n", "block", "baseline um2", "FFP8 um2", "extra um2");
        for (const auto& b : c.extra_area_by_block())
            s += fmt::format("{:<14} {:>13.1f} {:>13.1f} {:>+13.1f}\n", b.role, b.baseline_um2, b.ffp8_um2, b.extra_um2());
        s += "(top = the top module's own cells: pipeline and accumulator registers, addend select, glue)\n";
    }
    return s;
}

std::string comparisons_csv(const std::vector<MacComparison>& list) {
    std::string s = "config,act,wgt,out,mode,stages,baseline_latency,ffp8_latency,baseline_area_um2,ffp8_area_um2,"
                    "area_overhead_pct,baseline_cells,ffp8_cells,baseline_generic_cells,ffp8_generic_cells,"
                    "baseline_depth,ffp8_depth,baseline_delay_ns,ffp8_delay_ns,delay_overhead_pct,baseline_fmax_mhz,"
                    "ffp8_fmax_mhz";
    for (const auto& r : csv_roles()) s += fmt::format(",extra_{}_um2", r);
    s += ",abc,baseline_power_mw,ffp8_power_mw,baseline_energy_pj,ffp8_energy_pj,energy_change_pct\n";
    for (const auto& c : list) {
        const DesignMetrics &b = c.baseline.metrics, &f = c.ffp8.metrics;
        s += fmt::format("{},{},{},{},{},{},{},{},{:.3f},{:.3f},{:.3f},{},{},{},{},{},{},{:.4f},{:.4f},{:.3f},{:.2f},{:.2f}",
                         c.config.id(), c.config.act.name(), c.config.wgt.name(), c.config.out ? c.config.out->name() : "",
                         hw::mode_name(c.config.mode), c.config.stages, c.baseline.latency, c.ffp8.latency, b.area_um2,
                         f.area_um2, c.area_overhead_pct(), b.cells, f.cells, b.generic_cells, f.generic_cells, b.depth,
                         f.depth, b.delay_ns(), f.delay_ns(), c.delay_overhead_pct(), b.fmax_mhz(), f.fmax_mhz());
        for (const auto& r : csv_roles()) s += fmt::format(",{:.3f}", role_area(c.ffp8, r) - role_area(c.baseline, r));
        s += fmt::format(",{}", to_string(c.abc));
        if (b.power && f.power)
            s += fmt::format(",{:.5f},{:.5f},{:.4f},{:.4f},{:.3f}\n", b.power->total_w() * 1e3, f.power->total_w() * 1e3,
                             b.power->energy_per_op_pj(), f.power->energy_per_op_pj(), *c.energy_overhead_pct());
        else
            s += ",,,,,\n";
    }
    return s;
}

std::string comparisons_markdown(const std::vector<MacComparison>& list, const FlowContext& ctx) {
    std::string s = fmt::format("Library `{}`, clock {} ns, ABC script `{}`{}. Baseline: FP32 MAC with the same pipeline stages.\n\n",
                                ctx.liberty_name, ctx.clock_ns, to_string(ctx.abc), ctx.flat ? ", flat synthesis" : "");
    s += "| configuration | baseline area um² | FFP8 area um² | area | baseline delay ns | FFP8 delay ns | delay | "
         "generic cells (base / FFP8) | depth (base / FFP8) | extra um²: decoders / fp32 unpack / config / encoder / top |\n";
    s += "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";
    for (const auto& c : list) {
        const DesignMetrics &b = c.baseline.metrics, &f = c.ffp8.metrics;
        const auto extra = [&](const char* role) { return role_area(c.ffp8, role) - role_area(c.baseline, role); };
        s += fmt::format("| {} | {:.0f} | {:.0f} | {} | {:.3f} | {:.3f} | {} | {} / {} | {} / {} | {:+.0f} / {:+.0f} / "
                         "{:+.0f} / {:+.0f} / {:+.0f} |\n",
                         c.config.label(), b.area_um2, f.area_um2, signed_pct(c.area_overhead_pct()), b.delay_ns(),
                         f.delay_ns(), signed_pct(c.delay_overhead_pct()), b.generic_cells, f.generic_cells, b.depth,
                         f.depth, extra("decoders"), extra("fp32_unpack"), extra("format_config"), extra("encoder"),
                         extra("top"));
    }
    if (!list.empty() && list.front().baseline.metrics.power && list.front().ffp8.metrics.power) {
        s += fmt::format("\nPower and energy per operation at {} ns, one operation per cycle ({}):\n\n", ctx.clock_ns,
                         list.front().ffp8.metrics.power->activity_source);
        s += "| configuration | baseline mW | FFP8 mW | baseline pJ/op | FFP8 pJ/op | energy |\n|---|---:|---:|---:|---:|---:|\n";
        for (const auto& c : list) {
            if (!c.baseline.metrics.power || !c.ffp8.metrics.power) continue;
            const PowerMetrics &b = *c.baseline.metrics.power, &f = *c.ffp8.metrics.power;
            s += fmt::format("| {} | {:.3f} | {:.3f} | {:.2f} | {:.2f} | {} |\n", c.config.label(), b.total_w() * 1e3,
                             f.total_w() * 1e3, b.energy_per_op_pj(), f.energy_per_op_pj(),
                             signed_pct(*c.energy_overhead_pct()));
        }
    }
    return s;
}

std::string abc_scripts_markdown(const std::vector<MacComparison>& by_default, const std::vector<MacComparison>& by_delay) {
    std::string s = "Both designs of each configuration under both ABC scripts (`default`: Yosys's; `delay`: "
                    "structure-preserving, delay-oriented mapping with buffering and sizing).\n\n";
    s += "| configuration | design | area um² (default) | area um² (delay) | area | delay ns (default) | delay ns (delay) "
         "| delay |\n";
    s += "|---|---|---:|---:|---:|---:|---:|---:|\n";
    for (std::size_t i = 0; i < by_default.size() && i < by_delay.size(); ++i) {
        const auto row = [&](const SynthesizedMac& d, const SynthesizedMac& t) {
            const DesignMetrics &a = d.metrics, &b = t.metrics;
            s += fmt::format("| {} | {} | {:.0f} | {:.0f} | {} | {:.3f} | {:.3f} | {} |\n", by_default[i].config.label(),
                             d.role, a.area_um2, b.area_um2, signed_pct(100.0 * (b.area_um2 - a.area_um2) / a.area_um2),
                             a.delay_ns(), b.delay_ns(), signed_pct(100.0 * (b.delay_ns() - a.delay_ns()) / a.delay_ns()));
        };
        row(by_default[i].baseline, by_delay[i].baseline);
        row(by_default[i].ffp8, by_delay[i].ffp8);
    }
    return s;
}

}  // namespace ffp8::synth
