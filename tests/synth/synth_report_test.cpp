// Reports from fixed metrics: the figures the tables, CSV, JSON and SVG show are the ones given.
#include <gtest/gtest.h>

#include "ffp8/synth/baseline_cache.hpp"
#include "ffp8/synth/fpga_report.hpp"
#include "ffp8/synth/report.hpp"
#include "ffp8/synth/svg_chart.hpp"
#include "ffp8/synth/sweep.hpp"

namespace ffp8::synth {
namespace {

// A design in both views: blocks kept (FMA core, decoders, top; `delay` ns) and as built (the
// whole at `built_area` um^2, `built_delay` ns).
SynthesizedMac mac(const std::string& role, double fma, double dec, double top, double delay, double built_area,
                   double built_delay) {
    SynthesizedMac m;
    m.role = role;
    m.latency = 1;
    m.metrics.name = role + " design";
    m.metrics.generic_cells = role == "ffp8" ? 110 : 100;
    m.metrics.depth = 50;
    MappedFigures& k = m.metrics.blocks_kept.emplace();
    k.view = SynthView::blocks_kept;
    k.area_um2 = fma + dec + top;
    k.cells = 100;
    k.blocks.push_back({"fma_core", "mac_fma", 1, 80, fma});
    if (dec > 0) k.blocks.push_back({"decoders", "mac_dec", 2, 10, dec});
    k.other_area_um2 = top;
    k.timing.capture_edge_ns = 10;
    k.timing.slack_ns = 10 - delay;
    k.timing.met = delay <= 10;
    MappedFigures& b = m.metrics.built.emplace();
    b.view = SynthView::built;
    b.area_um2 = built_area;
    b.other_area_um2 = built_area;
    b.cells = 60;
    b.timing.capture_edge_ns = 10;
    b.timing.slack_ns = 10 - built_delay;
    b.timing.met = built_delay <= 10;
    return m;
}

MacComparison example() {
    MacComparison c;
    c.baseline = mac("baseline", 1000, 0, 100, 8, 1000, 7.5);
    c.ffp8 = mac("ffp8", 1000, 22, 100, 8.4, 500, 11);  // as built: -50% area, +46.7% delay, not met
    TimingPath& loop = c.ffp8.metrics.built->loop.emplace();  // as built, the loop's longest stage: 4 ns
    loop.capture_edge_ns = 10;
    loop.slack_ns = 6;
    loop.startpoint = "ffp8_loop_cell_3";
    loop.endpoint = "ffp8_loop_cell_7";
    return c;
}

const FlowContext ctx{"tiny_lib", "/x/tiny.lib", {"INV", "A", "Y", 0.01}, 10, ViewSelection::both};

TEST(SynthReport, OverheadsAndBlocks) {
    const MacComparison c = example();
    EXPECT_EQ(c.headline(), SynthView::built);
    EXPECT_NEAR(c.area_overhead_pct(), -50.0, 1e-9);
    EXPECT_NEAR(c.delay_overhead_pct(), 100.0 * 3.5 / 7.5, 1e-9);
    EXPECT_NEAR(c.area_overhead_pct(SynthView::blocks_kept), 2.0, 1e-9);
    EXPECT_NEAR(c.delay_overhead_pct(SynthView::blocks_kept), 5.0, 1e-9);
    EXPECT_NEAR(c.extra_area_um2(), -500, 1e-9);
    EXPECT_NEAR(c.extra_area_um2(SynthView::blocks_kept), 22, 1e-9);
    EXPECT_NEAR(c.generic_cells_overhead_pct(), 10.0, 1e-9);
    const auto blocks = c.extra_area_by_block();
    ASSERT_EQ(blocks.size(), 3u);
    EXPECT_EQ(blocks[0].role, "decoders");
    EXPECT_DOUBLE_EQ(blocks[0].extra_um2(), 22);
    EXPECT_EQ(blocks[1].role, "fma_core");
    EXPECT_DOUBLE_EQ(blocks[1].extra_um2(), 0);
    EXPECT_EQ(blocks[2].role, "top");
    // Without the blocks-kept view there is no breakdown, and the headline stays as built.
    MacComparison built_only = c;
    built_only.baseline.metrics.blocks_kept.reset();
    built_only.ffp8.metrics.blocks_kept.reset();
    EXPECT_TRUE(built_only.extra_area_by_block().empty());
    EXPECT_THROW(built_only.area_overhead_pct(SynthView::blocks_kept), std::logic_error);
    // Without the as-built view the headline is blocks kept.
    MacComparison kept_only = c;
    kept_only.baseline.metrics.built.reset();
    kept_only.ffp8.metrics.built.reset();
    EXPECT_EQ(kept_only.headline(), SynthView::blocks_kept);
    EXPECT_NEAR(kept_only.area_overhead_pct(), 2.0, 1e-9);
}

TEST(SynthReport, JsonCsvMarkdownSvg) {
    const MacComparison c = example();
    const auto j = comparison_json(c, ctx);
    EXPECT_EQ(j["liberty"], "tiny_lib");
    EXPECT_EQ(j["views"], nlohmann::json({"built", "blocks"}));
    EXPECT_EQ(j["headline_view"], "built");
    const auto& f = j["designs"][1];
    EXPECT_EQ(f["view"], "built");
    EXPECT_DOUBLE_EQ(f["area_um2"].get<double>(), 500);
    EXPECT_DOUBLE_EQ(f["delay_ns"].get<double>(), 11);
    EXPECT_DOUBLE_EQ(f["slack_ns"].get<double>(), -1);
    EXPECT_EQ(f["met"], false);
    EXPECT_EQ(j["designs"][0]["met"], true);
    EXPECT_NEAR(f["fmax_mhz"].get<double>(), 1000 / 11.0, 1e-9);
    EXPECT_FALSE(f.contains("blocks"));  // the breakdown belongs to the blocks-kept view
    EXPECT_DOUBLE_EQ(f["blocks_kept"]["area_um2"].get<double>(), 1122);
    EXPECT_DOUBLE_EQ(f["blocks_kept"]["delay_ns"].get<double>(), 8.4);
    EXPECT_EQ(f["blocks_kept"]["met"], true);
    EXPECT_DOUBLE_EQ(f["loop_stage_ns"].get<double>(), 4.0);
    EXPECT_EQ(f["loop_stage_endpoint"], "ffp8_loop_cell_7");
    EXPECT_FALSE(f["blocks_kept"].contains("loop_stage_ns"));
    EXPECT_EQ(f["blocks_kept"]["blocks"].size(), 2u);
    EXPECT_DOUBLE_EQ(f["blocks_kept"]["area_by_block"]["decoders"].get<double>(), 22);
    EXPECT_NEAR(j["overhead"]["area_pct"].get<double>(), -50.0, 1e-9);
    EXPECT_EQ(j["overhead"]["view"], "built");
    EXPECT_NEAR(j["overhead"]["blocks_kept"]["area_pct"].get<double>(), 2.0, 1e-9);
    EXPECT_NEAR(j["overhead"]["blocks_kept"]["extra_area_um2"].get<double>(), 22, 1e-9);
    EXPECT_EQ(j["overhead"]["blocks_kept"]["extra_area_by_block"].size(), 3u);

    // One row per configuration, design and view.
    const std::string csv = comparisons_csv({c, c});
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 2 * 4);
    EXPECT_NE(csv.find(",0,1,1,default,ffp8,built,1,500.000,60,110,0,50,11.0000,-1.0000,0,90.91,4.0000,-50.000,46.667,,,,,,,"),
              std::string::npos)
        << csv;
    EXPECT_NE(csv.find(",ffp8,blocks,1,1122.000,100,110,0,50,8.4000,1.6000,1,119.05,,2.000,5.000,22.000,0.000,0.000,"
                       "0.000,1000.000,100.000,"),
              std::string::npos)
        << csv;
    EXPECT_NE(csv.find(",baseline,built,1,1000.000,60,100,0,50,7.5000,2.5000,1,133.33,,,,"), std::string::npos) << csv;
    const auto header = csv.substr(0, csv.find('\n'));
    const auto fields = [](const std::string& line) { return std::count(line.begin(), line.end(), ','); };
    for (std::size_t at = 0; at < csv.size();) {
        const auto nl = csv.find('\n', at);
        EXPECT_EQ(fields(csv.substr(at, nl - at)), fields(header)) << csv.substr(at, nl - at);
        at = nl + 1;
    }

    const std::string md = comparisons_markdown({c}, ctx);
    const auto built_at = md.find("**as built**"), kept_at = md.find("**blocks kept**");
    ASSERT_NE(built_at, std::string::npos) << md;
    ASSERT_NE(kept_at, std::string::npos) << md;
    EXPECT_NE(md.find("| 1000 | 500 | -50.0% | 7.500 | 11.000 | +46.7% | -1.000 | yes / no | 100 / 110 | 50 / 50 |"),
              std::string::npos)
        << md;
    EXPECT_NE(md.find("| 1100 | 1122 | +2.0% | 8.000 | 8.400 | +5.0% | 1.600 | yes / yes | +22 / +0 / +0 / +0 / +0 |"),
              std::string::npos)
        << md;
    // The loop's longest stage: as built only (the blocks-kept view has none), no baseline figure.
    EXPECT_NE(md.find("| baseline loop ns | FFP8 loop ns |"), std::string::npos) << md;
    EXPECT_NE(md.find(" | as built | 1 | 1 | - | 4.000 |"), std::string::npos) << md;
    EXPECT_EQ(md.find(" | blocks kept | 1 | 1 |"), std::string::npos) << md;

    const std::string table = comparison_table(c, ctx);
    EXPECT_NE(table.find("as built:    what the unit costs as one would build it"), std::string::npos) << table;
    EXPECT_NE(table.find("blocks kept: what FFP8 compliance adds"), std::string::npos) << table;
    EXPECT_NE(table.find("slack ns  met"), std::string::npos) << table;
    EXPECT_NE(table.find("ffp8     as built      1       500.0      60      110     50    11.000    -1.000   no"),
              std::string::npos)
        << table;
    EXPECT_NE(table.find("FFP8 over baseline, as built:    area -50.0% (-500.0 um2), delay +46.7%, generic cells +10.0%"),
              std::string::npos)
        << table;
    EXPECT_NE(table.find("FFP8 over baseline, blocks kept: area +2.0% (+22.0 um2), delay +5.0%"), std::string::npos)
        << table;
    EXPECT_NE(table.find("blocks kept, by block:"), std::string::npos) << table;
    EXPECT_NE(table.find("accumulate loop (1 cycle), longest stage"), std::string::npos) << table;
    EXPECT_NE(table.find("  ffp8     as built        4.000  ffp8_loop_cell_3 -> ffp8_loop_cell_7"), std::string::npos)
        << table;

    const std::string svg = comparisons_svg({c}, ctx);
    EXPECT_EQ(svg.rfind("<svg", 0), 0u);
    EXPECT_NE(svg.find("</svg>"), std::string::npos);
    EXPECT_NE(svg.find("(-50.0%)"), std::string::npos);
    EXPECT_NE(svg.find("Area per multiply-accumulate per cycle"), std::string::npos);
    EXPECT_NE(svg.find("as built"), std::string::npos);
    EXPECT_NE(svg.find("baseline"), std::string::npos);
}

// A K-lane unit in the chart: its area per multiply-accumulate per cycle (area / K), not its area.
TEST(SynthReport, ChartPlotsAreaPerMac) {
    MacComparison c = example();
    c.config.lanes = 4;  // 500 um^2 for 4 MACs per cycle: 125 against the baseline MAC's 1000
    const std::string svg = comparisons_svg({c}, ctx);
    EXPECT_NE(svg.find(">125 (-87.5%)<"), std::string::npos) << svg;
}

TEST(SynthReport, AbcScriptsSideBySide) {
    MacComparison by_default = example(), by_delay = example();
    by_delay.abc = AbcScript::delay;
    by_delay.baseline.metrics.built->timing.slack_ns = 10 - 6;  // baseline 7.5 ns -> 6 ns as built
    const std::string md = abc_scripts_markdown({by_default}, {by_delay});
    EXPECT_NE(md.find("| as built | baseline | 1000 | 1000 | +0.0% | 7.500 | 6.000 | -20.0% |"), std::string::npos) << md;
    EXPECT_NE(md.find("| as built | ffp8 | 500 | 500 | +0.0% | 11.000 | 11.000 | +0.0% |"), std::string::npos) << md;
    EXPECT_NE(md.find("| blocks kept | ffp8 | 1122 | 1122 | +0.0% | 8.400 | 8.400 | +0.0% |"), std::string::npos) << md;
    const std::string csv = comparisons_csv({by_default, by_delay});
    EXPECT_NE(csv.find(",default,baseline,built,"), std::string::npos);
    EXPECT_NE(csv.find(",delay,ffp8,blocks,"), std::string::npos);
    EXPECT_NE(comparisons_svg({by_delay}, ctx).find("[abc delay]"), std::string::npos);
}

PowerMetrics power(const std::string& operands, double switching_w) {
    PowerMetrics p;
    p.simulated = true;
    p.activity_source = "a.vcd";
    p.operands = operands;
    p.clock_ns = 10;
    p.internal_w = 1e-3;
    p.switching_w = switching_w;
    p.leakage_w = 0;
    return p;
}

TEST(SynthReport, PowerAndEnergy) {
    MacComparison c = example();
    c.baseline.metrics.power = power("", 0.5e-3);  // 1.5 mW x 10 ns = 15 pJ
    c.ffp8.metrics.power = power("", 0.2e-3);      // 12 pJ
    EXPECT_DOUBLE_EQ(c.baseline.metrics.power->energy_per_op_pj(), 15);
    EXPECT_NEAR(*c.energy_overhead_pct(), -20, 1e-9);
    const auto j = comparison_json(c, ctx);
    EXPECT_NEAR(j["designs"][1]["power"]["energy_per_op_pj"].get<double>(), 12, 1e-9);
    EXPECT_TRUE(j["designs"][1]["power"]["default_toggle_rate"].is_null());
    EXPECT_NEAR(j["overhead"]["energy_per_op_pct"].get<double>(), -20, 1e-9);
    EXPECT_FALSE(j["overhead"].contains("energy_per_op_pct_by_baseline_operands"));
    EXPECT_NE(comparisons_markdown({c}, ctx).find("| - | 1.500 | 1.200 | 15.00 | 12.00 | -20.0% |"), std::string::npos);
    // Power belongs to the headline view's rows only.
    const std::string csv = comparisons_csv({c});
    EXPECT_NE(csv.find(",ffp8,built,"), std::string::npos);
    EXPECT_NE(csv.find(",1.20000,12.0000,-20.000,,,,,\n"), std::string::npos) << csv;
    EXPECT_NE(csv.find("100.000,,,,,,,,\n"), std::string::npos) << csv;  // the blocks-kept rows
    EXPECT_NE(comparison_table(c, ctx).find("energy per operation -20.0%"), std::string::npos);
    EXPECT_NE(comparison_table(c, ctx).find("as built netlists"), std::string::npos);
    c.ffp8.metrics.power->simulated = false;
    EXPECT_EQ(comparison_json(c, ctx)["designs"][1]["power"]["default_toggle_rate"], default_toggle_rate);
    // Without power figures the energy fields stay empty.
    EXPECT_TRUE(comparison_json(example(), ctx)["designs"][0]["power"].is_null());
    EXPECT_NE(comparisons_csv({example()}).find(",,,,,,,,\n"), std::string::npos);
}

// With an activity file the baseline is measured under both operand choices, each labelled.
TEST(SynthReport, EnergyUnderBothBaselineOperands) {
    MacComparison c = example();
    c.baseline.metrics.power = power("fp32", 0.5e-3);                // 15 pJ: the headline
    c.baseline.metrics.other_power = {power("exact", 0.25e-3)};       // 12.5 pJ
    c.ffp8.metrics.power = power("", 0.2e-3);                         // 12 pJ
    const auto j = comparison_json(c, ctx);
    EXPECT_NEAR(j["overhead"]["energy_per_op_pct"].get<double>(), -20, 1e-9);
    EXPECT_NEAR(j["overhead"]["energy_per_op_pct_by_baseline_operands"]["fp32"].get<double>(), -20, 1e-9);
    EXPECT_NEAR(j["overhead"]["energy_per_op_pct_by_baseline_operands"]["exact"].get<double>(), -4, 1e-9);
    EXPECT_NEAR(j["designs"][0]["power_by_operands"]["exact"]["energy_per_op_pj"].get<double>(), 12.5, 1e-9);
    EXPECT_EQ(j["designs"][0]["power"]["operands"], "fp32");
    const std::string table = comparison_table(c, ctx);
    EXPECT_NE(table.find("baseline, fp32 operands"), std::string::npos) << table;
    EXPECT_NE(table.find("baseline, exact operands"), std::string::npos) << table;
    EXPECT_NE(table.find("energy per operation -20.0% against baseline operands fp32, unquantised operands"),
              std::string::npos)
        << table;
    EXPECT_NE(table.find("energy per operation -4.0% against baseline operands exact, the same values"), std::string::npos)
        << table;
    EXPECT_LT(table.find("-20.0% against baseline operands fp32"), table.find("-4.0% against baseline operands exact"));
    const std::string md = comparisons_markdown({c}, ctx);
    EXPECT_NE(md.find("| fp32 | 1.500 | 1.200 | 15.00 | 12.00 | -20.0% |"), std::string::npos) << md;
    EXPECT_NE(md.find("| exact | 1.250 | 1.200 | 12.50 | 12.00 | -4.0% |"), std::string::npos) << md;
    const std::string csv = comparisons_csv({c});
    EXPECT_NE(csv.find(",1.50000,15.0000,,fp32,15.0000,12.5000,,\n"), std::string::npos) << csv;
    EXPECT_NE(csv.find(",1.20000,12.0000,-20.000,fp32,,,-20.000,-4.000\n"), std::string::npos) << csv;
}

ImplementedMac fpga_mac(const std::string& role, long luts, bool fits, double fmax) {
    ImplementedMac m;
    m.role = role;
    m.latency = 1;
    m.fpga.name = role + " design";
    m.fpga.device = "hx8k";
    m.fpga.package = "ct256";
    m.fpga.luts = luts;
    m.fpga.pnr.fits = fits;
    if (fits) m.fpga.pnr.fmax_mhz = fmax;
    else m.fpga.pnr.problem = "not enough I/O pins in the package (no pin left for a[3]$sb_io)";
    m.fpga.pnr.utilisation["ICESTORM_LC"] = {luts + 10, 7680};
    return m;
}

TEST(SynthReport, FpgaReports) {
    FpgaComparison c;
    c.baseline = fpga_mac("baseline", 2000, true, 20);
    c.ffp8 = fpga_mac("ffp8", 1500, true, 25);
    const FpgaContext fctx{ice40_device("hx8k"), 100};
    EXPECT_DOUBLE_EQ(c.lut_overhead_pct(), -25);
    EXPECT_DOUBLE_EQ(*c.fmax_change_pct(), 25);
    const auto j = fpga_comparison_json(c, fctx);
    EXPECT_EQ(j["designs"][1]["fpga"]["luts"], 1500);
    EXPECT_EQ(j["designs"][1]["fpga"]["fits"], true);
    EXPECT_DOUBLE_EQ(j["designs"][0]["fpga"]["fmax_mhz"].get<double>(), 20);
    EXPECT_DOUBLE_EQ(j["overhead"]["fmax_pct"].get<double>(), 25);
    const std::string md = fpga_comparisons_markdown({c}, fctx);
    EXPECT_NE(md.find("| 2000 | 1500 | -25.0% |"), std::string::npos) << md;
    EXPECT_NE(md.find("| 20.00 | 25.00 | +25.0% |"), std::string::npos) << md;
    EXPECT_NE(fpga_comparisons_csv({c}).find(",2000,1500,-25.000,"), std::string::npos);
    EXPECT_NE(fpga_comparisons_svg({c}, fctx).find("25.0 (+25.0%)"), std::string::npos);

    c.ffp8 = fpga_mac("ffp8", 1500, false, 0);
    EXPECT_FALSE(c.fmax_change_pct());
    const auto k = fpga_comparison_json(c, fctx);
    EXPECT_EQ(k["designs"][1]["fpga"]["fits"], false);
    EXPECT_TRUE(k["designs"][1]["fpga"]["fmax_mhz"].is_null());
    EXPECT_TRUE(k["overhead"]["fmax_pct"].is_null());
    EXPECT_NE(fpga_comparison_table(c, fctx).find("does not fit the hx8k (ct256): not enough I/O pins"), std::string::npos);
    EXPECT_NE(fpga_comparisons_markdown({c}, fctx).find("| does not fit | n/a |"), std::string::npos);
    EXPECT_NE(fpga_comparisons_svg({c}, fctx).find(">does not fit<"), std::string::npos);
}

// A sweep over clocks: each row of the chart and CSV names its target, and a planned unit's JSON
// gives its stages, slots, achieved period and whether it met the target.
TEST(SynthReport, FpgaReportsAtSeveralClocks) {
    FpgaComparison slow, fast;
    slow.baseline = fpga_mac("baseline", 2000, true, 40);
    slow.ffp8 = fpga_mac("ffp8", 1500, true, 55);
    fast = slow;
    for (FpgaComparison* c : {&slow, &fast})
        for (ImplementedMac* d : {&c->baseline, &c->ffp8}) d->fpga.target_mhz = c == &slow ? 50 : 100;
    fast.ffp8.unit.slots = 8;
    fast.ffp8.unit.cuts = {"product_info", "mul_cpa"};
    fast.ffp8.unit.stages = 2;
    fast.ffp8.plan_summary = "10 ns on ice40 hx8k ct256: 2 stages after product_info, mul_cpa, 8 slots";
    const std::string svg = fpga_comparisons_svg({slow, fast}, {ice40_device("hx8k"), 50});
    EXPECT_NE(svg.find("nextpnr target per row"), std::string::npos);
    EXPECT_NE(svg.find(">50 MHz: "), std::string::npos) << svg;
    EXPECT_NE(svg.find(">100 MHz: "), std::string::npos) << svg;
    const std::string csv = fpga_comparisons_csv({slow, fast});
    EXPECT_NE(csv.find(",hx8k,ct256,100,2000,1500,"), std::string::npos) << csv;
    const auto j = fpga_comparison_json(fast, {ice40_device("hx8k"), 100});
    const auto& ffp8 = j["designs"][1];
    EXPECT_EQ(ffp8["clock_ns"], 10.0);
    EXPECT_EQ(ffp8["stages"], 2);
    EXPECT_EQ(ffp8["cuts"], nlohmann::json({"product_info", "mul_cpa"}));
    EXPECT_EQ(ffp8["slots"], 8);
    EXPECT_DOUBLE_EQ(ffp8["delay_ns"].get<double>(), 1000.0 / 55);
    EXPECT_EQ(ffp8["met"], false) << "55 MHz misses 100";
    EXPECT_EQ(ffp8["plan"], fast.ffp8.plan_summary);
    EXPECT_EQ(fpga_comparison_json(slow, {ice40_device("hx8k"), 50})["designs"][1]["met"], true);
}

TEST(SynthSweep, ConfigSpecs) {
    const hw::UnitConfig c = parse_config("se4m3,se5m2,runtime,2,ue4m4");
    EXPECT_EQ(c.act.name(), "se4m3b7");
    EXPECT_EQ(c.wgt.name(), "se5m2b15");
    EXPECT_EQ(c.mode, hw::Mode::runtime_formats);
    EXPECT_EQ(c.stages, 2);
    ASSERT_TRUE(c.out);
    EXPECT_EQ(c.id(), "runtime-s2-se4m3b7-se5m2b15-q-ue4m4b7");
    EXPECT_EQ(parse_config("ue4m4,se4m3").mode, hw::Mode::static_formats);
    EXPECT_THROW(parse_config("se4m3"), std::invalid_argument);
    EXPECT_THROW(parse_config("se4m3,se4m3,dynamic"), std::invalid_argument);
    EXPECT_THROW(parse_config("se4m3,se4m3,static,x"), std::invalid_argument);
    EXPECT_THROW(parse_config("se9m3,se4m3"), FormatError);
    EXPECT_GE(default_sweep().size(), 6u);
}

// The baseline of a sweep is built once per pipeline depth, reused (reported "cached") for other
// formats of the same depth, and built again after clear().
TEST(BaselineCache, BuildsOncePerStageCount) {
    BaselineCache<std::string> cache;
    int builds = 0;
    std::vector<std::string> cached;
    const auto build = [&](const hw::UnitConfig& gen, const std::string& name) {
        ++builds;
        EXPECT_TRUE(gen.act.is_fp32);
        return name;
    };
    const auto progress = [&](std::string_view name, std::string_view step) {
        EXPECT_EQ(step, "cached");
        cached.emplace_back(name);
    };
    hw::UnitConfig a, b, deeper;
    b.act = Format::parse("ue5m3b9");
    deeper.stages = a.stages + 2;
    const std::string first = cache.get(a, build, progress);
    EXPECT_EQ(first, baseline_name(a));
    EXPECT_EQ(cache.get(b, build, progress), first);
    EXPECT_EQ(builds, 1);
    EXPECT_EQ(cached, std::vector<std::string>{baseline_name(b)});
    EXPECT_EQ(cache.get(deeper, build, progress), baseline_name(deeper));
    EXPECT_EQ(builds, 2);
    cache.clear();
    cache.get(a, build, progress);
    EXPECT_EQ(builds, 3);
}

}  // namespace
}  // namespace ffp8::synth
