// Reports from fixed metrics: the figures the tables, CSV, JSON and SVG show are the ones given.
#include <gtest/gtest.h>

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

TEST(SynthSweep, ConfigSpecs) {
    const MacConfig c = parse_config("se4m3,se5m2,runtime,2,ue4m4");
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

}  // namespace
}  // namespace ffp8::synth
