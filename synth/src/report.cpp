#include "ffp8/synth/report.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "ffp8/synth/clock_report.hpp"

namespace ffp8::synth {

namespace {

std::string signed_pct(double v) { return fmt::format("{:+.1f}%", v); }
std::string pct_of(double ffp8, double baseline) { return signed_pct(100.0 * (ffp8 - baseline) / baseline); }
std::string yes_no(bool b) { return b ? "yes" : "no"; }

// Block roles as CSV columns, the same for every row.
const std::vector<std::string>& csv_roles() {
    static const std::vector<std::string> roles{"decoders", "fp32_unpack", "format_config", "encoder", "fma_core", "top"};
    return roles;
}

double role_area(const MappedFigures& f, const std::string& role) {
    const auto a = f.area_by_role();
    const auto it = a.find(role);
    return it == a.end() ? 0.0 : it->second;
}

// The views both designs of a comparison have, as built first.
std::vector<SynthView> views_of(const MacComparison& c) {
    std::vector<SynthView> v;
    for (const SynthView x : {SynthView::built, SynthView::blocks_kept})
        if (c.has_view(x)) v.push_back(x);
    return v;
}

std::vector<SynthView> selected_views(ViewSelection s) {
    std::vector<SynthView> v;
    for (const SynthView x : {SynthView::built, SynthView::blocks_kept})
        if (includes(s, x)) v.push_back(x);
    return v;
}

// The baseline's power figures, headline operands first.
std::vector<const PowerMetrics*> baseline_power(const MacComparison& c) {
    std::vector<const PowerMetrics*> out;
    if (!c.baseline.metrics.power) return out;
    out.push_back(&*c.baseline.metrics.power);
    for (const auto& p : c.baseline.metrics.other_power) out.push_back(&p);
    return out;
}

// The ABC step as the flow description names it.
std::string abc_description(const FlowContext& ctx) {
    const long ps = std::lround(ctx.clock_ns * 1000);
    if (ctx.abc == AbcScript::delay)
        return fmt::format("`abc -D {} -constr` with the structure-preserving delay script `{}`", ps, delay_abc_commands(ps));
    return fmt::format("`abc -D {} -constr` (Yosys's default script: buffering and sizing)", ps);
}

}  // namespace

FlowContext FlowContext::of(const Library& lib, double clock_ns, ViewSelection views, AbcScript abc) {
    return {lib.name(), lib.source().string(), lib.drive(), clock_ns, views, abc};
}

std::string flow_description(const FlowContext& ctx) {
    std::string views;
    if (includes(ctx.views, SynthView::built))
        views += "As built: the whole design flattened and mapped as one module (constants and logic optimised across "
                 "blocks: a narrow FFP8 operand prunes the FMA core); this answers " +
                 view_question(SynthView::built) + ". ";
    if (includes(ctx.views, SynthView::blocks_kept))
        views += "Blocks kept: every generator block (decoders, fp32_unpack, format_config, encoder, fma_core, lane and "
                 "reduction modules) mapped as its own module, then the top with the blocks as black boxes, so the FMA core "
                 "is the baseline's very cells and the area by block is read from `stat -liberty` per module; this answers " +
                 view_question(SynthView::blocks_kept) + ". ";
    return fmt::format(
        "{}Both designs go through the same scripts in every view: Yosys `synth -flatten`, `dfflibmap` and {} (inputs "
        "driven by {}, outputs loaded with {:.4f} pF = 4 input pins of it), `stat -liberty` for area and cells; delay: "
        "OpenSTA `report_checks` on the mapped netlist, worst path into a register (reg-to-reg or in-to-reg), as the "
        "clock period at which it has zero slack (arrival + setup), clock {} ns, slack and met at that clock; fmax = "
        "1000 / delay. Generic cells: `abc -g AND,NAND,OR,NOR,XOR,XNOR,ANDNOT,ORNOT,MUX` on the fully flattened "
        "design (flip-flops included); depth: `ltp -noff` on that netlist (gates on the longest path between registers "
        "and ports); both are the same in every view. Power and energy: on the {} netlist.",
        views, abc_description(ctx), ctx.drive.cell, ctx.drive.load_pf(), ctx.clock_ns,
        view_title(headline_view(ctx.views)));
}

nlohmann::json power_json(const PowerMetrics& p) {
    return {{"activity", p.activity_source},
            {"operands", p.operands.empty() ? nlohmann::json() : nlohmann::json(p.operands)},
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

namespace {
// The figures every view has, as JSON fields.
void put_view_fields(nlohmann::json& j, const MappedFigures& f) {
    nlohmann::json path = nlohmann::json::array();
    for (const auto& [where, ns] : f.timing.delay_by_instance()) path.push_back({{"instance", where}, {"delay_ns", ns}});
    j["area_um2"] = f.area_um2;
    j["cells"] = f.cells;
    j["delay_ns"] = f.delay_ns();
    j["fmax_mhz"] = f.fmax_mhz();
    j["arrival_ns"] = f.timing.arrival_ns;
    j["slack_ns"] = f.slack_ns();
    j["met"] = f.met();
    j["startpoint"] = f.timing.startpoint;
    j["endpoint"] = f.timing.endpoint;
    j["critical_path_by_instance"] = path;
    if (!f.stage_paths.empty() || !f.loop_cut_paths.empty()) {
        const auto ns = [](const std::vector<std::optional<TimingPath>>& paths) {
            nlohmann::json a = nlohmann::json::array();
            for (const auto& p : paths) a.push_back(p ? nlohmann::json(p->critical_ns()) : nlohmann::json());
            return a;
        };
        j["stage_ns"] = ns(f.stage_paths);
        j["loop_cycle_ns"] = ns(f.loop_cut_paths);
    }
    if (f.loop) {
        j["loop_stage_ns"] = f.loop->critical_ns();
        j["loop_stage_startpoint"] = f.loop->startpoint;
        j["loop_stage_endpoint"] = f.loop->endpoint;
    }
}
}  // namespace

nlohmann::json view_json(const MappedFigures& f) {
    nlohmann::json j = {{"view", to_string(f.view)}};
    put_view_fields(j, f);
    if (f.view == SynthView::blocks_kept) {
        nlohmann::json blocks = nlohmann::json::array();
        for (const auto& b : f.blocks)
            blocks.push_back({{"role", b.role}, {"module", b.module}, {"instances", b.instances}, {"cells", b.cells},
                              {"area_um2", b.area_um2}});
        nlohmann::json by_role = nlohmann::json::object();
        for (const auto& [role, area] : f.area_by_role()) by_role[role] = area;
        j["blocks"] = blocks;
        j["area_by_block"] = by_role;
    }
    return j;
}

nlohmann::json design_json(const SynthesizedMac& d) {
    const DesignMetrics& m = d.metrics;
    nlohmann::json j = {{"name", m.name},
                        {"role", d.role},
                        {"top", m.top},
                        {"latency", d.latency},
                        {"clock_ns", m.clock_ns},
                        {"stages", d.unit.stages},
                        {"cuts", d.unit.to_json().value("cuts", nlohmann::json::array())},
                        {"slots", d.unit.slots},
                        {"lanes", d.unit.lanes},
                        {"registers", m.generic_flip_flops},
                        {"view", to_string(m.headline().view)},
                        {"generic_cells", m.generic_cells},
                        {"generic_flip_flops", m.generic_flip_flops},
                        {"depth", m.depth}};
    put_view_fields(j, m.headline());
    const AtClock a = at_clock(d);
    j["period_ns"] = a.period_ns;
    j["operations_per_s"] = a.ops_per_s;
    j["flop_per_s"] = a.flop_per_s;
    j["operations_per_s_per_mm2"] = a.ops_per_s_per_mm2;
    if (!d.plan_summary.empty()) j["plan"] = d.plan_summary;
    j["blocks_kept"] = m.blocks_kept ? view_json(*m.blocks_kept) : nlohmann::json();
    j["synthesis_seconds"] = m.seconds;
    j["power"] = m.power ? power_json(*m.power) : nlohmann::json();
    if (m.power && !m.other_power.empty()) {
        nlohmann::json by = nlohmann::json::object();
        by[m.power->operands] = power_json(*m.power);
        for (const auto& p : m.other_power) by[p.operands] = power_json(p);
        j["power_by_operands"] = by;
    }
    return j;
}

nlohmann::json comparison_json(const MacComparison& c, const FlowContext& ctx) {
    nlohmann::json views = nlohmann::json::array();
    for (const SynthView v : views_of(c)) views.push_back(to_string(v));
    nlohmann::json overhead = {{"view", to_string(c.headline())},
                               {"area_pct", c.area_overhead_pct()},
                               {"delay_pct", c.delay_overhead_pct()},
                               {"generic_cells_pct", c.generic_cells_overhead_pct()},
                               {"extra_area_um2", c.extra_area_um2()},
                               {"energy_per_op_pct", c.energy_overhead_pct() ? nlohmann::json(*c.energy_overhead_pct())
                                                                             : nlohmann::json()}};
    if (c.baseline.metrics.power && !c.baseline.metrics.other_power.empty() && c.ffp8.metrics.power) {
        nlohmann::json by = nlohmann::json::object();
        for (const PowerMetrics* p : baseline_power(c)) by[p->operands] = *c.energy_overhead_pct(*p);
        overhead["energy_per_op_pct_by_baseline_operands"] = by;
    }
    if (c.has_view(SynthView::blocks_kept)) {
        nlohmann::json extra = nlohmann::json::array();
        for (const auto& b : c.extra_area_by_block())
            extra.push_back({{"block", b.role}, {"baseline_um2", b.baseline_um2}, {"ffp8_um2", b.ffp8_um2},
                             {"extra_um2", b.extra_um2()}});
        overhead["blocks_kept"] = {{"area_pct", c.area_overhead_pct(SynthView::blocks_kept)},
                                   {"delay_pct", c.delay_overhead_pct(SynthView::blocks_kept)},
                                   {"extra_area_um2", c.extra_area_um2(SynthView::blocks_kept)},
                                   {"extra_area_by_block", extra}};
    } else
        overhead["blocks_kept"] = nullptr;
    return {{"liberty", ctx.liberty_name},
            {"liberty_file", ctx.liberty_file},
            {"driving_cell", ctx.drive.cell},
            {"load_pf", ctx.drive.load_pf()},
            {"clock_ns", ctx.clock_ns},
            {"views", views},
            {"headline_view", to_string(c.headline())},
            {"abc", to_string(ctx.abc)},
            {"flow", flow_description(ctx)},
            {"config", c.config.to_json()},
            {"designs", {design_json(c.baseline), design_json(c.ffp8)}},
            {"overhead", overhead}};
}

namespace {

// One line per design with per-stage figures: "  ffp8     s1 1.150  s2 1.128 ... l1 5.369 ...".
std::string stage_lines(const MacComparison& c) {
    std::string s;
    for (const SynthesizedMac* d : {&c.baseline, &c.ffp8}) {
        if (!d->metrics.built) continue;
        const MappedFigures& f = *d->metrics.built;
        if (f.stage_paths.empty() && f.loop_cut_paths.empty()) continue;
        s += fmt::format("  {:<8}", d->role);
        const auto item = [&](char kind, std::size_t k, const std::optional<TimingPath>& p) {
            s += p ? fmt::format(" {}{} {:.3f}", kind, k + 1, p->critical_ns()) : fmt::format(" {}{} -", kind, k + 1);
        };
        for (std::size_t k = 0; k < f.stage_paths.size(); ++k) item('s', k, f.stage_paths[k]);
        for (std::size_t k = 0; k < f.loop_cut_paths.size(); ++k) item('l', k, f.loop_cut_paths[k]);
        s += "\n";
    }
    return s;
}

}  // namespace

std::string comparison_table(const MacComparison& c, const FlowContext& ctx) {
    const std::vector<SynthView> views = views_of(c);
    std::string s = fmt::format("library {} ({}), clock {} ns, ABC script {}\n\n", ctx.liberty_name, ctx.liberty_file,
                                ctx.clock_ns, to_string(ctx.abc));
    for (const SynthView v : views) s += fmt::format("{:<12} {}\n", view_title(v) + ":", view_question(v));
    s += fmt::format("\n{:<44} {:<8} {:<11} {:>3} {:>11} {:>7} {:>8} {:>6} {:>9} {:>9} {:>4} {:>9}\n", "design", "role",
                     "view", "L", "area um2", "cells", "generic", "depth", "delay ns", "slack ns", "met", "fmax MHz");
    for (const SynthView v : views)
        for (const SynthesizedMac* d : {&c.baseline, &c.ffp8}) {
            const DesignMetrics& m = d->metrics;
            const MappedFigures& f = *m.view(v);
            s += fmt::format("{:<44} {:<8} {:<11} {:>3} {:>11.1f} {:>7} {:>8} {:>6} {:>9.3f} {:>9.3f} {:>4} {:>9.1f}\n",
                             m.name, d->role, view_title(v), d->latency, f.area_um2, f.cells, m.generic_cells, m.depth,
                             f.delay_ns(), f.slack_ns(), yes_no(f.met()), f.fmax_mhz());
        }
    s += "\ncritical path (ns by instance, in path order):\n";
    for (const SynthView v : views)
        for (const SynthesizedMac* d : {&c.baseline, &c.ffp8}) {
            const MappedFigures& f = *d->metrics.view(v);
            s += fmt::format("  {:<8} {:<11} {} -> {}:", d->role, view_title(v), f.timing.startpoint, f.timing.endpoint);
            for (const auto& [where, ns] : f.timing.delay_by_instance()) s += fmt::format(" {} {:.2f}", where, ns);
            s += "\n";
        }
    if (c.ffp8.metrics.headline().loop) {
        s += fmt::format("\naccumulate loop ({} cycle{}), longest stage (ns, from a register into the loop's registers):\n",
                         c.config.loop_cycles(), c.config.loop_cycles() == 1 ? "" : "s");
        for (const SynthView v : views)
            for (const SynthesizedMac* d : {&c.baseline, &c.ffp8}) {
                const MappedFigures& f = *d->metrics.view(v);
                if (f.loop)
                    s += fmt::format("  {:<8} {:<11} {:>9.3f}  {} -> {}\n", d->role, view_title(v), f.loop->critical_ns(),
                                     f.loop->startpoint, f.loop->endpoint);
            }
    }
    if (const std::string st = stage_lines(c); !st.empty())
        s += "\npipeline, as built (ns, the worst path into each stage's registers: s<k> the pipeline's stages, l<k> the "
             "loop's cycles):\n" + st;
    s += "\n";
    for (const SynthView v : views)
        s += fmt::format("FFP8 over baseline, {:<12} area {} ({:+.1f} um2), delay {}{}\n", view_title(v) + ":",
                         signed_pct(c.area_overhead_pct(v)), c.extra_area_um2(v), signed_pct(c.delay_overhead_pct(v)),
                         v == views.front() ? fmt::format(", generic cells {}", signed_pct(c.generic_cells_overhead_pct()))
                                            : "");
    if (c.baseline.metrics.power && c.ffp8.metrics.power) {
        const PowerMetrics& fp = *c.ffp8.metrics.power;
        s += fmt::format("\npower at {} ns, {} netlists ({}{}):\n", ctx.clock_ns, view_title(c.headline()),
                         fp.activity_source,
                         fp.simulated ? fmt::format(", mapped netlists simulated over {} cycles", fp.cycles)
                                      : ", no activity file");
        s += fmt::format("  {:<24} {:>11} {:>11} {:>11} {:>11} {:>10} {:>12}\n", "design", "total mW", "internal",
                         "switching", "leakage", "toggles/c", "energy pJ/op");
        const auto row = [&](const std::string& who, const PowerMetrics& p) {
            s += fmt::format("  {:<24} {:>11.4f} {:>11.4f} {:>11.4f} {:>11.6f} {:>10.3f} {:>12.3f}\n", who, p.total_w() * 1e3,
                             p.internal_w * 1e3, p.switching_w * 1e3, p.leakage_w * 1e3, p.mean_toggle_rate,
                             p.energy_per_op_pj());
        };
        const auto baseline_label = [](const PowerMetrics& p) {
            return p.operands.empty() ? std::string("baseline") : fmt::format("baseline, {} operands", p.operands);
        };
        for (const PowerMetrics* p : baseline_power(c)) row(baseline_label(*p), *p);
        row("ffp8", fp);
        const auto meaning = [](const PowerMetrics& p) {
            return p.operands.empty() ? std::string()
                                      : fmt::format(" against baseline operands {}, {}", p.operands,
                                                    baseline_operands_meaning(p.operands == "fp32" ? BaselineOperands::fp32
                                                                                                   : BaselineOperands::exact));
        };
        for (const PowerMetrics* p : baseline_power(c))
            s += fmt::format("FFP8 over baseline: energy per operation {}{}\n", signed_pct(*c.energy_overhead_pct(*p)),
                             meaning(*p));
    }
    if (c.has_view(SynthView::blocks_kept)) {
        s += fmt::format("\nblocks kept, by block:\n{:<14} {:>13} {:>13} {:>13}\n", "block", "baseline um2", "FFP8 um2",
                         "extra um2");
        for (const auto& b : c.extra_area_by_block())
            s += fmt::format("{:<14} {:>13.1f} {:>13.1f} {:>+13.1f}\n", b.role, b.baseline_um2, b.ffp8_um2, b.extra_um2());
        s += "(top = the top module's own cells: pipeline and accumulator registers, addend select, glue)\n";
    }
    return s;
}

std::string comparisons_csv(const std::vector<MacComparison>& list) {
    std::string s = "config,act,wgt,out,mode,stages,lanes,slots,abc,design,view,latency,area_um2,cells,generic_cells,"
                    "generic_flip_flops,depth,delay_ns,slack_ns,met,fmax_mhz,loop_stage_ns,area_change_pct,delay_change_pct";
    for (const auto& r : csv_roles()) s += fmt::format(",area_{}_um2", r);
    s += ",power_mw,energy_pj,energy_change_pct,baseline_operands,baseline_energy_pj_fp32,baseline_energy_pj_exact,"
         "energy_change_pct_fp32,energy_change_pct_exact\n";
    for (const auto& c : list)
        for (const SynthView v : views_of(c))
            for (const SynthesizedMac* d : {&c.baseline, &c.ffp8}) {
                const DesignMetrics& m = d->metrics;
                const MappedFigures& f = *m.view(v);
                const bool is_ffp8 = d == &c.ffp8;
                s += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{:.3f},{},{},{},{},{:.4f},{:.4f},{},{:.2f},{},", c.config.id(),
                                 c.config.act.name(), c.config.wgt.name(), c.config.out ? c.config.out->name() : "",
                                 hw::mode_name(c.config.mode), c.config.stages, c.config.lanes, c.config.slots,
                                 to_string(c.abc), d->role, to_string(v), d->latency, f.area_um2, f.cells, m.generic_cells,
                                 m.generic_flip_flops, m.depth, f.delay_ns(), f.slack_ns(), f.met() ? 1 : 0, f.fmax_mhz(),
                                 f.loop ? fmt::format("{:.4f}", f.loop->critical_ns()) : "");
                s += is_ffp8 ? fmt::format("{:.3f},{:.3f}", c.area_overhead_pct(v), c.delay_overhead_pct(v)) : ",";
                for (const auto& r : csv_roles())
                    s += v == SynthView::blocks_kept ? fmt::format(",{:.3f}", role_area(f, r)) : ",";
                // Power belongs to the headline view's rows.
                if (v != c.headline() || !m.power || !c.baseline.metrics.power || !c.ffp8.metrics.power) {
                    s += ",,,,,,,,\n";
                    continue;
                }
                std::string by_operands[2];  // baseline energy (baseline rows) or change (FFP8 rows): fp32, exact
                for (const PowerMetrics* p : baseline_power(c)) {
                    const int k = p->operands == "fp32" ? 0 : p->operands == "exact" ? 1 : -1;
                    if (k >= 0)
                        by_operands[k] = is_ffp8 ? fmt::format("{:.3f}", *c.energy_overhead_pct(*p))
                                                 : fmt::format("{:.4f}", p->energy_per_op_pj());
                }
                s += fmt::format(",{:.5f},{:.4f},{},{},{},{},{},{}\n", m.power->total_w() * 1e3, m.power->energy_per_op_pj(),
                                 is_ffp8 ? fmt::format("{:.3f}", *c.energy_overhead_pct()) : "",
                                 c.baseline.metrics.power->operands, is_ffp8 ? "" : by_operands[0],
                                 is_ffp8 ? "" : by_operands[1], is_ffp8 ? by_operands[0] : "",
                                 is_ffp8 ? by_operands[1] : "");
            }
    return s;
}

namespace {

// The accumulate loop's longest stage by configuration and view (`--slots`: how far the register
// cuts bring it down); empty when no design reports a loop.
std::string loop_stages_markdown(const std::vector<MacComparison>& list, const FlowContext& ctx) {
    std::string rows;
    const auto ns = [](const MappedFigures* f) {
        const auto v = f ? f->loop_stage_ns() : std::nullopt;
        return v ? fmt::format("{:.3f}", *v) : std::string("-");
    };
    for (const auto& c : list)
        for (const SynthView v : selected_views(ctx.views)) {
            if (!c.has_view(v)) continue;
            const MappedFigures *b = c.baseline.metrics.view(v), *f = c.ffp8.metrics.view(v);
            if (!(b && b->loop) && !(f && f->loop)) continue;
            rows += fmt::format("| {} | {} | {} | {} | {} | {} |\n", c.config.label(), view_title(v), c.config.slots,
                                c.config.loop_cycles(), ns(b), ns(f));
        }
    if (rows.empty()) return rows;
    return "\nAccumulate loop, longest stage (ns, the worst path from a register into the loop's registers; one slot: "
           "the whole loop, acc to acc):\n\n| configuration | view | slots | loop cycles | baseline loop ns | FFP8 loop ns |\n"
           "|---|---|---:|---:|---:|---:|\n" +
           rows;
}

}  // namespace

std::string comparisons_markdown(const std::vector<MacComparison>& list, const FlowContext& ctx) {
    const bool planned = std::any_of(list.begin(), list.end(), [](const MacComparison& c) { return !c.baseline.plan_summary.empty(); });
    std::string s = fmt::format("Library `{}`, clock {} ns, ABC script `{}`. Baseline: FP32 MAC {}, through the same script "
                                "in the same run.\n",
                                ctx.liberty_name, ctx.clock_ns, to_string(ctx.abc),
                                planned ? "planned for the clock on its own by the same rules (--stages auto)"
                                        : "with the same pipeline stages");
    for (const SynthView v : selected_views(ctx.views)) {
        s += fmt::format("\n**{}**: {}.\n\n", view_title(v), view_question(v));
        if (v == SynthView::built) {
            s += "| configuration | baseline area um² | FFP8 area um² | area | baseline delay ns | FFP8 delay ns | delay | "
                 "FFP8 slack ns | met (base / FFP8) | generic cells (base / FFP8) | depth (base / FFP8) |\n";
            s += "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|\n";
        } else {
            s += "| configuration | baseline area um² | FFP8 area um² | area | baseline delay ns | FFP8 delay ns | delay | "
                 "FFP8 slack ns | met (base / FFP8) | extra um²: decoders / fp32 unpack / config / encoder / top |\n";
            s += "|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n";
        }
        for (const auto& c : list) {
            if (!c.has_view(v)) continue;
            const MappedFigures &b = *c.baseline.metrics.view(v), &f = *c.ffp8.metrics.view(v);
            s += fmt::format("| {} | {:.0f} | {:.0f} | {} | {:.3f} | {:.3f} | {} | {:.3f} | {} / {} | ", c.config.label(),
                             b.area_um2, f.area_um2, signed_pct(c.area_overhead_pct(v)), b.delay_ns(), f.delay_ns(),
                             signed_pct(c.delay_overhead_pct(v)), f.slack_ns(), yes_no(b.met()), yes_no(f.met()));
            if (v == SynthView::built)
                s += fmt::format("{} / {} | {} / {} |\n", c.baseline.metrics.generic_cells, c.ffp8.metrics.generic_cells,
                                 c.baseline.metrics.depth, c.ffp8.metrics.depth);
            else {
                const auto extra = [&](const char* role) { return role_area(f, role) - role_area(b, role); };
                s += fmt::format("{:+.0f} / {:+.0f} / {:+.0f} / {:+.0f} / {:+.0f} |\n", extra("decoders"),
                                 extra("fp32_unpack"), extra("format_config"), extra("encoder"), extra("top"));
            }
        }
    }
    s += loop_stages_markdown(list, ctx);
    if (!list.empty() && list.front().baseline.metrics.power && list.front().ffp8.metrics.power) {
        const MacComparison& first = list.front();
        s += fmt::format("\nPower and energy per operation at {} ns, {} netlists, one operation per cycle ({}):\n\n",
                         ctx.clock_ns, view_title(first.headline()), first.ffp8.metrics.power->activity_source);
        s += "| configuration | baseline operands | baseline mW | FFP8 mW | baseline pJ/op | FFP8 pJ/op | energy |\n"
             "|---|---|---:|---:|---:|---:|---:|\n";
        for (const auto& c : list) {
            if (!c.baseline.metrics.power || !c.ffp8.metrics.power) continue;
            const PowerMetrics& f = *c.ffp8.metrics.power;
            for (const PowerMetrics* b : baseline_power(c))
                s += fmt::format("| {} | {} | {:.3f} | {:.3f} | {:.2f} | {:.2f} | {} |\n", c.config.label(),
                                 b->operands.empty() ? "-" : b->operands, b->total_w() * 1e3, f.total_w() * 1e3,
                                 b->energy_per_op_pj(), f.energy_per_op_pj(), signed_pct(*c.energy_overhead_pct(*b)));
        }
    }
    return s;
}

std::string abc_scripts_markdown(const std::vector<MacComparison>& by_default, const std::vector<MacComparison>& by_delay) {
    std::string s = "Both designs of each configuration under both ABC scripts (`default`: Yosys's; `delay`: "
                    "structure-preserving, delay-oriented mapping with buffering and sizing), in every view.\n\n";
    s += "| configuration | view | design | area um² (default) | area um² (delay) | area | delay ns (default) | delay ns "
         "(delay) | delay |\n";
    s += "|---|---|---|---:|---:|---:|---:|---:|---:|\n";
    for (std::size_t i = 0; i < by_default.size() && i < by_delay.size(); ++i)
        for (const SynthView v : views_of(by_default[i])) {
            if (!by_delay[i].has_view(v)) continue;
            const auto row = [&](const SynthesizedMac& d, const SynthesizedMac& t) {
                const MappedFigures &a = *d.metrics.view(v), &b = *t.metrics.view(v);
                s += fmt::format("| {} | {} | {} | {:.0f} | {:.0f} | {} | {:.3f} | {:.3f} | {} |\n",
                                 by_default[i].config.label(), view_title(v), d.role, a.area_um2, b.area_um2,
                                 pct_of(b.area_um2, a.area_um2), a.delay_ns(), b.delay_ns(), pct_of(b.delay_ns(), a.delay_ns()));
            };
            row(by_default[i].baseline, by_delay[i].baseline);
            row(by_default[i].ffp8, by_delay[i].ffp8);
        }
    return s;
}

}  // namespace ffp8::synth
