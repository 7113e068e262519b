// Reports from fixed metrics: the figures the tables, CSV, JSON and SVG show are the ones given.
#include <gtest/gtest.h>

#include "ffp8/synth/baseline_cache.hpp"
#include "ffp8/synth/fpga_report.hpp"
#include "ffp8/synth/report.hpp"
#include "ffp8/synth/svg_chart.hpp"
#include "ffp8/synth/sweep.hpp"

namespace ffp8::synth {
namespace {

SynthesizedMac mac(const std::string& role, double fma, double dec, double top, double delay) {
    SynthesizedMac m;
    m.role = role;
    m.latency = 1;
    m.metrics.name = role + " design";
    m.metrics.area_um2 = fma + dec + top;
    m.metrics.cells = 100;
    m.metrics.generic_cells = role == "ffp8" ? 110 : 100;
    m.metrics.depth = 50;
    m.metrics.blocks.push_back({"fma_core", "mac_fma", 1, 80, fma});
    if (dec > 0) m.metrics.blocks.push_back({"decoders", "mac_dec", 2, 10, dec});
    m.metrics.other_area_um2 = top;
    m.metrics.timing.capture_edge_ns = 10;
    m.metrics.timing.slack_ns = 10 - delay;
    return m;
}

MacComparison example() {
    MacComparison c;
    c.baseline = mac("baseline", 1000, 0, 100, 8);
    c.ffp8 = mac("ffp8", 1000, 22, 100, 8.4);
    return c;
}

const FlowContext ctx{"tiny_lib", "/x/tiny.lib", {"INV", "A", "Y", 0.01}, 10, false};

TEST(SynthReport, OverheadsAndBlocks) {
    const MacComparison c = example();
    EXPECT_NEAR(c.area_overhead_pct(), 2.0, 1e-9);
    EXPECT_NEAR(c.delay_overhead_pct(), 5.0, 1e-9);
    EXPECT_NEAR(c.generic_cells_overhead_pct(), 10.0, 1e-9);
    const auto blocks = c.extra_area_by_block();
    ASSERT_EQ(blocks.size(), 3u);
    EXPECT_EQ(blocks[0].role, "decoders");
    EXPECT_DOUBLE_EQ(blocks[0].extra_um2(), 22);
    EXPECT_EQ(blocks[1].role, "fma_core");
    EXPECT_DOUBLE_EQ(blocks[1].extra_um2(), 0);
    EXPECT_EQ(blocks[2].role, "top");
}

TEST(SynthReport, JsonCsvMarkdownSvg) {
    const MacComparison c = example();
    const auto j = comparison_json(c, ctx);
    EXPECT_EQ(j["liberty"], "tiny_lib");
    EXPECT_DOUBLE_EQ(j["designs"][1]["area_um2"].get<double>(), 1122);
    EXPECT_DOUBLE_EQ(j["designs"][1]["delay_ns"].get<double>(), 8.4);
    EXPECT_NEAR(j["designs"][1]["fmax_mhz"].get<double>(), 1000 / 8.4, 1e-9);
    EXPECT_NEAR(j["overhead"]["area_pct"].get<double>(), 2.0, 1e-9);

    const std::string csv = comparisons_csv({c, c});
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3);
    EXPECT_NE(csv.find(",1100.000,1122.000,2.000,"), std::string::npos) << csv;

    const std::string md = comparisons_markdown({c}, ctx);
    EXPECT_NE(md.find("| +2.0% |"), std::string::npos) << md;
    EXPECT_NE(md.find("| +5.0% |"), std::string::npos) << md;

    const std::string svg = comparisons_svg({c}, ctx);
    EXPECT_EQ(svg.rfind("<svg", 0), 0u);
    EXPECT_NE(svg.find("</svg>"), std::string::npos);
    EXPECT_NE(svg.find("(+2.0%)"), std::string::npos);
    EXPECT_NE(svg.find("baseline"), std::string::npos);
}

TEST(SynthReport, AbcScriptsSideBySide) {
    MacComparison by_default = example(), by_delay = example();
    by_delay.abc = AbcScript::delay;
    by_delay.baseline.metrics.timing.slack_ns = 10 - 6;  // baseline 8 ns -> 6 ns
    const std::string md = abc_scripts_markdown({by_default}, {by_delay});
    EXPECT_NE(md.find("| baseline | 1100 | 1100 | +0.0% | 8.000 | 6.000 | -25.0% |"), std::string::npos) << md;
    EXPECT_NE(md.find("| ffp8 | 1122 | 1122 | +0.0% | 8.400 | 8.400 | +0.0% |"), std::string::npos) << md;
    const std::string csv = comparisons_csv({by_default, by_delay});
    EXPECT_NE(csv.find(",abc,baseline_power_mw,"), std::string::npos);
    EXPECT_NE(csv.find(",default,,,,,\n"), std::string::npos);
    EXPECT_NE(csv.find(",delay,,,,,\n"), std::string::npos);
    EXPECT_NE(comparisons_svg({by_delay}, ctx).find("[abc delay]"), std::string::npos);
}

TEST(SynthReport, PowerAndEnergy) {
    MacComparison c = example();
    PowerMetrics p;
    p.simulated = true;
    p.activity_source = "a.vcd";
    p.clock_ns = 10;
    p.internal_w = 1e-3;
    p.switching_w = 0.5e-3;
    p.leakage_w = 0;
    c.baseline.metrics.power = p;  // 1.5 mW x 10 ns = 15 pJ
    p.switching_w = 0.2e-3;
    c.ffp8.metrics.power = p;  // 12 pJ
    EXPECT_DOUBLE_EQ(c.baseline.metrics.power->energy_per_op_pj(), 15);
    EXPECT_NEAR(*c.energy_overhead_pct(), -20, 1e-9);
    const auto j = comparison_json(c, ctx);
    EXPECT_NEAR(j["designs"][1]["power"]["energy_per_op_pj"].get<double>(), 12, 1e-9);
    EXPECT_TRUE(j["designs"][1]["power"]["default_toggle_rate"].is_null());
    EXPECT_NEAR(j["overhead"]["energy_per_op_pct"].get<double>(), -20, 1e-9);
    EXPECT_NE(comparisons_markdown({c}, ctx).find("| 1.500 | 1.200 | 15.00 | 12.00 | -20.0% |"), std::string::npos);
    EXPECT_NE(comparisons_csv({c}).find(",15.0000,12.0000,-20.000\n"), std::string::npos);
    EXPECT_NE(comparison_table(c, ctx).find("energy per operation -20.0%"), std::string::npos);
    c.ffp8.metrics.power->simulated = false;
    EXPECT_EQ(comparison_json(c, ctx)["designs"][1]["power"]["default_toggle_rate"], default_toggle_rate);
    // Without power figures the energy fields stay empty.
    EXPECT_TRUE(comparison_json(example(), ctx)["designs"][0]["power"].is_null());
    EXPECT_NE(comparisons_csv({example()}).find(",default,,,,,\n"), std::string::npos);
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
