#include "ffp8/synth/clock_report.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "ffp8/synth/lane_report.hpp"
#include "ffp8/synth/svg_chart.hpp"

namespace ffp8::synth {

AtClock at_clock(const SynthesizedMac& d) {
    const DesignMetrics& m = d.metrics;
    AtClock a;
    a.clock_ns = m.clock_ns;
    a.met = m.headline().met();
    a.period_ns = std::max(m.clock_ns, m.delay_ns());
    a.ops_per_s = 1e9 / a.period_ns;
    a.flop_per_s = 2.0 * d.unit.lanes * a.ops_per_s;
    a.ops_per_s_per_mm2 = a.ops_per_s / (m.area_um2() * 1e-6);
    return a;
}

namespace {
// What a row's unit is, without its pipeline (each design has its own): "ue4m4b7 x se4m3b7, static[, 8 lanes]".
std::string unit_kind(const hw::UnitConfig& u) {
    return fmt::format("{} x {}, {}{}", u.act.name(), u.wgt.name(), hw::mode_name(u.mode),
                       u.is_dot() ? fmt::format(", {} lanes", u.lanes) : "");
}
}  // namespace

std::string clock_sweep_markdown(const std::vector<MacComparison>& list) {
    std::string s =
        "Figures at the clock (as built when it ran; a unit that misses its clock runs at the period it reaches):\n\n"
        "| clock ns | configuration | design | stages | cuts | slots | latency | achieved ns | met | area um2 | "
        "registers | Mops/s | GFLOP/s | Mops/s per mm2 |\n"
        "|---:|---|---|---:|---|---:|---:|---:|---|---:|---:|---:|---:|---:|\n";
    for (const auto& c : list)
        for (const SynthesizedMac* d : {&c.baseline, &c.ffp8}) {
            const AtClock a = at_clock(*d);
            const std::string cuts = fmt::format("{}", fmt::join(d->unit.stage_points(), ", "));
            s += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {:.3f} | {} | {:.0f} | {} | {:.1f} | {:.3f} | {:.0f} |\n",
                             a.clock_ns, unit_kind(c.config), d->role, d->unit.stages, cuts.empty() ? "-" : cuts,
                             d->unit.slots, d->latency, d->metrics.delay_ns(), a.met ? "yes" : "no", d->metrics.area_um2(),
                             d->metrics.generic_flip_flops, a.ops_per_s * 1e-6, a.flop_per_s * 1e-9,
                             a.ops_per_s_per_mm2 * 1e-6);
        }
    return s;
}

std::string clock_sweep_svg(const std::vector<MacComparison>& list, const FlowContext& ctx) {
    std::vector<ChartRow> rows;
    for (const auto& c : list)
        rows.push_back({fmt::format("{} ns: {}", c.ffp8.metrics.clock_ns, unit_kind(c.config)),
                        {c.baseline.metrics.area_um2(), at_clock(c.baseline).ops_per_s_per_mm2 * 1e-6},
                        {area_per_mac_um2(c), c.ffp8.unit.lanes * at_clock(c.ffp8).ops_per_s_per_mm2 * 1e-6}});
    return two_panel_chart(fmt::format("{}, {}, stages and slots planned per clock", ctx.liberty_name,
                                       view_title(headline_view(ctx.views))),
                           {ChartPanel{"Area per multiply-accumulate per cycle (um\u00b2)", "{:.0f}"},
                            ChartPanel{"Multiply-accumulates per second per mm\u00b2 (millions)", "{:.0f}"}},
                           rows, "FP32 baseline (planned for the same clock; black tick = baseline value)");
}

}  // namespace ffp8::synth
