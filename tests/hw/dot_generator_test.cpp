// The dot-product unit's generator (--lanes K): ports, manifest, blocks, latency, K = 1 is the MAC,
// the structure (small lane multipliers, no behavioural operators), and the option errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fmt/format.h>
#include <sstream>

#include "hw_test_support.hpp"

namespace ffp8::hw::test {
namespace {

UnitConfig dot_options(const char* act, const char* wgt, int lanes, int stages = 0, const char* out = "") {
    UnitConfig o;
    o.act = Format::parse(act);
    o.wgt = Format::parse(wgt);
    if (*out) o.out = Format::parse(out);
    o.stages = stages;
    o.lanes = lanes;
    o.top = default_top(lanes);
    return o;
}

// The Verilog of every file without comments.
std::vector<std::string> code_lines(const GeneratedDesign& d) {
    std::vector<std::string> lines;
    for (const auto& [name, text] : d.files) {
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);) lines.push_back(line.substr(0, line.find("//")));
    }
    return lines;
}

TEST(DotGenerator, PortsManifestAndBlocks) {
    for (int lanes : {2, 4, 8, 16}) {
        for (int stages : {0, 2}) {
            const UnitConfig o = dot_options("ue4m4", "se4m3", lanes, stages, stages ? "se4m3" : "");
            const GeneratedDesign d = generate(o);
            const auto& m = d.manifest;
            EXPECT_EQ(m.at("top"), "ffp8_dot");
            EXPECT_EQ(m.at("lanes"), lanes);
            EXPECT_EQ(m.at("latency"), stages + 1 + (stages ? 1 : 0));
            EXPECT_NE(m.at("options").get<std::string>().find(fmt::format("--lanes {}", lanes)), std::string::npos);
            const std::string& top = d.files.at("ffp8_dot.v");
            EXPECT_NE(top.find(fmt::format("input  wire [{}:0] a", 8 * lanes - 1)), std::string::npos) << top.substr(0, 2000);
            EXPECT_NE(top.find(fmt::format("input  wire [{}:0] w", 8 * lanes - 1)), std::string::npos);
            const auto& blocks = m.at("blocks");
            EXPECT_EQ(blocks.at("decoders").size(), 2u);  // one module per format, instanced per lane
            EXPECT_EQ(blocks.at("dot_lanes").size(), 1u);
            EXPECT_EQ(blocks.at("dot_reduce").size(), 2u);
            EXPECT_EQ(blocks.at("dot_add").size(), 1u);
            EXPECT_EQ(blocks.at("fma_core").size(), 0u);  // no FP32 multiplier or FMA adder
            EXPECT_EQ(blocks.at("encoder").size(), stages ? 1u : 0u);
            for (int k = 0; k < lanes; ++k) {
                EXPECT_NE(top.find(fmt::format(" lane{} (", k)), std::string::npos) << k;
                EXPECT_NE(top.find(fmt::format(" act_dec{} (", k)), std::string::npos) << k;
            }
            EXPECT_EQ(top.find(fmt::format(" lane{} (", lanes)), std::string::npos);
        }
    }
}

TEST(DotGenerator, OneLaneIsTheMac) {
    UnitConfig mac;
    UnitConfig one = mac;
    one.lanes = 1;
    EXPECT_EQ(generate(mac).files, generate(one).files);
    EXPECT_EQ(generate(one).manifest.at("lanes"), 1);
    EXPECT_EQ(default_top(1), "ffp8_mac");
    EXPECT_EQ(one.text().find("--lanes"), std::string::npos);  // the MAC's headers are unchanged
}

TEST(DotGenerator, SmallMultipliersOnly) {
    // Lane multipliers are (M_a + 1) x (M_w + 1) bits: ue4m4 x se4m3 gives 5 x 4 -> 9-bit products.
    const GeneratedDesign d = generate(dot_options("ue4m4", "se4m3", 8));
    const std::string& lane = d.files.at("ffp8_dot_dot_lane.v");
    EXPECT_NE(lane.find("input  wire [4:0] x_sig"), std::string::npos);
    EXPECT_NE(lane.find("input  wire [3:0] y_sig"), std::string::npos);
    EXPECT_NE(lane.find("wire [8:0] mul_cpa_sum"), std::string::npos);
    for (const std::string& line : code_lines(d)) EXPECT_EQ(line.find('*'), std::string::npos) << line;
    // The word: 9 product bits + span 28 + log2 8 + sign = 41 bits.
    EXPECT_NE(lane.find("output wire [40:0] row"), std::string::npos);
}

TEST(DotGenerator, RuntimeFormatsUseTheFullSpanWord) {
    UnitConfig o = dot_options("ue4m4", "se4m3", 4, 1);
    o.mode = Mode::runtime_formats;
    const GeneratedDesign d = generate(o);
    EXPECT_EQ(d.manifest.at("mode"), "runtime");
    EXPECT_EQ(d.manifest.at("format_ports").size(), 10u);
    EXPECT_EQ(d.manifest.at("blocks").at("format_config").size(), 1u);
    const std::string& lane = d.files.at("ffp8_dot_dot_lane.v");
    EXPECT_NE(lane.find("input  wire [7:0] x_sig"), std::string::npos);  // 8-bit significands, any format
    // 16 product bits + k'_a + k'_w up to 508 + log2 4 + sign = 527 bits.
    EXPECT_NE(lane.find("output wire [526:0] row"), std::string::npos);
    EXPECT_NE(d.files.at("ffp8_dot.v").find("input  wire [8:0] wgt_bias"), std::string::npos);
}

TEST(DotGenerator, Deterministic) {
    const UnitConfig o = dot_options("ocp-e4m3", "ocp-e5m2", 4, 3, "ue4m4");
    EXPECT_EQ(generate(o).files, generate(o).files);
    EXPECT_EQ(generate(o).manifest.dump(), generate(o).manifest.dump());
}

// Narrow formats (SPEC sections 1 and 6): lane k of a in bits [n_A k + n_A - 1 : n_A k], each lane's
// decoder fed its n bits; the MAC's a, w and q as wide as their formats.
TEST(DotGenerator, NarrowLanesAreAsWideAsTheirFormats) {
    const GeneratedDesign d = generate(dot_options("mx-e2m1", "mx-e3m2", 8, 1, "mx-e2m3"));
    const std::string& top = d.files.at("ffp8_dot.v");
    EXPECT_NE(top.find("input  wire [31:0] a"), std::string::npos) << top.substr(0, 2000);
    EXPECT_NE(top.find("input  wire [47:0] w"), std::string::npos);
    EXPECT_NE(top.find("output wire [5:0] q"), std::string::npos);
    EXPECT_NE(top.find("Lane k: bits [4k+3:4k] of a, bits [6k+5:6k] of w."), std::string::npos);
    EXPECT_NE(top.find(".code(a[31:28])"), std::string::npos);  // lane 7 of a (maybe through the input stage)
    EXPECT_NE(top.find(".code(w[47:42])"), std::string::npos);
    EXPECT_NE(d.files.at("ffp8_dot_dec_act.v").find("input  wire [3:0] code"), std::string::npos);
    EXPECT_NE(d.files.at("ffp8_dot_dec_wgt.v").find("input  wire [5:0] code"), std::string::npos);
    for (const auto& port : d.manifest.at("ports")) {
        if (port.at("name") == "a") {
            EXPECT_EQ(port.at("width"), 32);
        }
    }

    const GeneratedDesign mac = generate(dot_options("ue3m2", "fp32", 1, 0, "se2m2"));
    const std::string& mac_top = mac.files.at("ffp8_mac.v");
    EXPECT_NE(mac_top.find("input  wire [4:0] a"), std::string::npos) << mac_top.substr(0, 2000);
    EXPECT_NE(mac_top.find("input  wire [31:0] w"), std::string::npos);
    EXPECT_NE(mac_top.find("output wire [4:0] q"), std::string::npos);

    // A runtime unit keeps 8-bit lanes whatever its formats' widths; M is a format port.
    UnitConfig runtime = dot_options("mx-e2m1", "se4m3", 4);
    runtime.mode = Mode::runtime_formats;
    const GeneratedDesign rt = generate(runtime);
    const std::string& rt_top = rt.files.at("ffp8_dot.v");
    EXPECT_NE(rt_top.find("input  wire [31:0] a"), std::string::npos) << rt_top.substr(0, 2000);
    EXPECT_NE(rt_top.find("input  wire [2:0] act_frac_bits"), std::string::npos);
    EXPECT_NE(rt_top.find("input  wire [2:0] wgt_frac_bits"), std::string::npos);
    EXPECT_EQ(rt.manifest.at("format_ports").size(), 10u);
}

TEST(DotGenerator, RejectsWhatLanesCannotServe) {
    for (int bad : {0, -2, 3, 5, 32}) EXPECT_THROW(generate(dot_options("ue4m4", "se4m3", bad)), std::invalid_argument) << bad;
    EXPECT_THROW(generate(dot_options("fp32", "fp32", 2)), std::invalid_argument);
    EXPECT_THROW(generate(dot_options("fp32", "se4m3", 4)), std::invalid_argument);
    EXPECT_FALSE(lanes_supported(3));
    EXPECT_TRUE(lanes_supported(16));
}

#ifdef FFP8_EXE
TEST(GenCommand, LanesOptionAndErrors) {
    namespace fs = std::filesystem;
    if (!fs::exists(FFP8_EXE)) GTEST_SKIP() << FFP8_EXE << " is not built";
    TempDir tmp("clidot");
    const std::string dir = (tmp.path() / "d").string();
    const auto ok = run_command(std::string(FFP8_EXE) + " gen --lanes 8 --stages 1 --input-stage -o " + dir);
    ASSERT_EQ(ok.status, 0) << ok.output;
    EXPECT_TRUE(fs::exists(fs::path(dir) / "ffp8_dot.v"));
    for (const std::string args : {"--lanes 3", "--lanes 0", "--lanes 32", "--lanes 2 --act fp32 --wgt fp32",
                                   "--lanes 4 --mode runtime --act fp32", "--lanes x"}) {
        const std::string out = (tmp.path() / "bad").string();
        const auto r = run_command(std::string(FFP8_EXE) + " gen " + args + " -o " + out);
        EXPECT_NE(r.status, 0) << args;
        EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << args << ": " << r.output;
        EXPECT_FALSE(fs::exists(out)) << args;
    }
}
#endif

}  // namespace
}  // namespace ffp8::hw::test
