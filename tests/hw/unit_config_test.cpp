// hw::UnitConfig: every knob's validation names its option, the canonical text and both JSON
// forms read back to the same unit, and the derived configurations (golden models, FP32
// baseline) carry the knobs they must.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "ffp8/hw/unit_config.hpp"

namespace ffp8::hw {
namespace {

UnitConfig every_knob_set() {
    UnitConfig c;
    c.act = Format::parse("se2m5b-3");
    c.wgt = Format::parse("ocp-e5m2");
    c.out = Format::parse("ue4m4");
    c.mode = Mode::runtime_formats;
    c.stages = 3;
    c.input_stage = true;
    c.lanes = 4;
    c.top = "my_unit";
    return c;
}

// The message of validate(), or "" when it passes.
std::string error_of(const UnitConfig& c) {
    try {
        c.validate();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

TEST(UnitConfig, DefaultsAreTheDefaultConfiguration) {
    const UnitConfig c;
    EXPECT_EQ(c.text(), "--act ue4m4b7 --wgt se4m3b7 --mode static --stages 0 --top ffp8_mac");
    EXPECT_EQ(c.latency(), 1);
    EXPECT_EQ(error_of(c), "");
    EXPECT_EQ(c.label(), "ue4m4b7 x se4m3b7, static, 0 stages");
    EXPECT_EQ(c.id(), "static-s0-ue4m4b7-se4m3b7");
}

TEST(UnitConfig, EveryKnobIsInTheCanonicalText) {
    const UnitConfig c = every_knob_set();
    EXPECT_EQ(c.text(), "--act se2m5b-3 --wgt se5m2b15-ieee --out ue4m4b7 --mode runtime --stages 3 --input-stage "
                        "--top my_unit --lanes 4");
    EXPECT_EQ(c.label(), "se2m5b-3 x se5m2b15-ieee, runtime, 3 stages (input stage), out ue4m4b7, 4 lanes");
    EXPECT_EQ(c.id(), "runtime-s3-se2m5b-3-se5m2b15-ieee-i-q-ue4m4b7-k4");
    EXPECT_EQ(c.latency(), 5);
    EXPECT_EQ(c.top_name(), "my_unit");
    UnitConfig dot;
    dot.lanes = 8;
    EXPECT_EQ(dot.top_name(), "ffp8_dot");
}

TEST(UnitConfig, ValidationNamesTheOption) {
    const auto with = [](auto change) {
        UnitConfig c;
        change(c);
        return error_of(c);
    };
    EXPECT_EQ(with([](UnitConfig& c) { c.stages = -1; }), "--stages -1 is out of range 0..8");
    EXPECT_EQ(with([](UnitConfig& c) { c.stages = 9; }), "--stages 9 is out of range 0..8");
    EXPECT_EQ(with([](UnitConfig& c) { c.input_stage = true; }), "--input-stage needs --stages 1 or more");
    EXPECT_NE(with([](UnitConfig& c) { c.top = "module"; }).find("--top 'module'"), std::string::npos);
    EXPECT_NE(with([](UnitConfig& c) { c.top = "9x"; }).find("--top '9x'"), std::string::npos);
    EXPECT_NE(with([](UnitConfig& c) { c.act = Format::fp32(), c.mode = Mode::runtime_formats; }).find("--mode runtime"),
              std::string::npos);
    EXPECT_NE(with([](UnitConfig& c) { c.out = Format::fp32(); }).find("--out"), std::string::npos);
    EXPECT_EQ(with([](UnitConfig& c) { c.lanes = 3; }), "--lanes 3 is not supported (1, 2, 4, 8 or 16)");
    EXPECT_NE(with([](UnitConfig& c) { c.lanes = 2, c.wgt = Format::fp32(); }).find("--lanes 2"), std::string::npos);
    EXPECT_EQ(error_of(every_knob_set()), "");
    EXPECT_THROW(parse_mode("dynamic"), std::invalid_argument);
    EXPECT_EQ(parse_mode("runtime"), Mode::runtime_formats);
}

TEST(UnitConfig, ManifestFormReadsBackTheSameUnit) {
    for (const UnitConfig& c : {UnitConfig{}, every_knob_set()}) {
        nlohmann::json m;
        c.write_manifest(m);
        EXPECT_EQ(m.at("options"), c.text());
        UnitConfig back = UnitConfig::from_manifest(m);
        UnitConfig want = c;
        want.top = c.top_name();  // the manifest names the top it has
        EXPECT_EQ(back, want) << c.text();
    }
    nlohmann::json old;  // a manifest of a generator before input stages and lanes
    UnitConfig{}.write_manifest(old);
    old.erase("input_stage");
    old.erase("lanes");
    EXPECT_EQ(UnitConfig::from_manifest(old).text(), UnitConfig{}.text());
    old["mode"] = "dynamic";
    EXPECT_THROW(UnitConfig::from_manifest(old), std::runtime_error);
}

TEST(UnitConfig, FlatFormReadsBackTheSameUnitWithoutItsTop) {
    UnitConfig c = every_knob_set();
    const nlohmann::json j = c.to_json();
    EXPECT_FALSE(j.contains("top"));
    EXPECT_EQ(j.at("input_stage"), true);
    c.top.clear();
    EXPECT_EQ(UnitConfig::from_json(j), c);
    // The report form of a unit without an input stage has no such key (reports stay as they were).
    const nlohmann::json plain = UnitConfig{}.to_json();
    EXPECT_FALSE(plain.contains("input_stage"));
    EXPECT_TRUE(plain.at("out").is_null());
    EXPECT_EQ(plain.at("lanes"), 1);
    EXPECT_EQ(UnitConfig::from_json(plain), UnitConfig{});
}

TEST(UnitConfig, DerivedConfigurationsCarryTheirKnobs) {
    const UnitConfig c = every_knob_set();
    const Format a = Format::parse("ue4m4"), w = Format::parse("se4m3");
    const MacUnitConfig mac = c.golden_mac(a, w);
    EXPECT_EQ(mac.act, a);
    EXPECT_EQ(mac.wgt, w);
    EXPECT_EQ(mac.out, c.out);
    EXPECT_EQ(mac.latency(), c.latency());
    const DotUnitConfig dot = c.golden_dot(a, w);
    EXPECT_EQ(dot.lanes, 4);
    EXPECT_EQ(dot.latency(), c.latency());

    const UnitConfig b = c.fp32_baseline();
    EXPECT_EQ(b.text(), "--act fp32 --wgt fp32 --mode static --stages 3 --input-stage --top ffp8_mac");
    EXPECT_TRUE(b.is_baseline());
    EXPECT_EQ(error_of(b), "");
}

TEST(UnitConfig, CutPointsOfTheTableAndExplicitOnes) {
    const auto names = [](const UnitConfig& u) {
        std::vector<std::string> at;
        for (int i : u.cut_indices()) at.push_back(u.cut_point_names()[static_cast<std::size_t>(i)]);
        return at;
    };
    using Names = std::vector<std::string>;
    UnitConfig c;
    const std::vector<std::pair<int, Names>> table{{0, {}},
                                                   {1, {"mul_cpa"}},
                                                   {2, {"product_info", "mul_cpa"}},
                                                   {3, {"product_info", "mul_tree", "mul_cpa"}},
                                                   {4, {"unpack", "product_info", "mul_tree", "mul_cpa"}},
                                                   {6, {"inputs", "inputs", "unpack", "product_info", "mul_tree", "mul_cpa"}}};
    for (const auto& [stages, at] : table) {
        c.stages = stages;
        EXPECT_EQ(names(c), at) << stages;
    }
    c.stages = 3;
    c.input_stage = true;
    EXPECT_EQ(names(c), (Names{"inputs", "product_info", "mul_cpa"})) << "the inputs, then the 2-stage table";
    c.lanes = 8;
    EXPECT_EQ(names(c), (Names{"inputs", "lanes", "dot_cpa"}));

    UnitConfig planned;
    planned.cuts = {"mul_cpa", "product_info"};
    planned.stages = 2;
    planned.slots = 8;
    planned.clock_ns = 5;
    planned.planned_on = "sky130_fd_sc_hd__tt_025C_1v80";
    EXPECT_EQ(error_of(planned), "");
    EXPECT_EQ(names(planned), (Names{"product_info", "mul_cpa"})) << "in pipeline order";
    EXPECT_EQ(planned.latency(), 2 + 5);
    EXPECT_EQ(planned.text(), "--act ue4m4b7 --wgt se4m3b7 --mode static --cuts mul_cpa,product_info --top ffp8_mac --slots 8");
    nlohmann::json m;
    planned.write_manifest(m);
    EXPECT_EQ(m.at("cuts"), nlohmann::json({"product_info", "mul_cpa"}));
    EXPECT_EQ(m.at("clock_ns"), 5.0);
    EXPECT_EQ(m.at("target"), "sky130_fd_sc_hd__tt_025C_1v80");
    UnitConfig back = UnitConfig::from_manifest(m);
    EXPECT_EQ(back.cut_indices(), planned.cut_indices());
    EXPECT_EQ(back.clock_ns, planned.clock_ns);
    EXPECT_EQ(back.planned_on, planned.planned_on);
    EXPECT_EQ(UnitConfig::from_json(planned.to_json()).cuts, planned.cuts);
    // The baseline of explicit cuts: the same positions by the MAC's names.
    UnitConfig dot = planned;
    dot.lanes = 8;
    dot.cuts = {"lanes", "dot_rows", "dot_cpa"};
    EXPECT_EQ(dot.fp32_baseline().cuts, (std::vector<std::string>{"product_info", "mul_rows", "mul_cpa"}));
    EXPECT_EQ(dot.cut_point_names().size(), planned.cut_point_names().size()) << "position for position";

    UnitConfig bad = planned;
    bad.cuts = {"mul_tree", "decoders"};
    EXPECT_EQ(error_of(bad), "--cuts: 'decoders' is no cut point of this unit");
    bad = planned;
    bad.input_stage = true;
    EXPECT_NE(error_of(bad).find("--cuts and --input-stage exclude each other"), std::string::npos);
    UnitConfig unplanned;
    unplanned.auto_stages = true;
    EXPECT_EQ(error_of(unplanned), "--stages auto needs --clock NS (the clock to pipeline for)");
    unplanned.clock_ns = std::nan("");
    EXPECT_NE(error_of(unplanned).find("is not a positive number of ns"), std::string::npos);
    unplanned.clock_ns = 5;
    EXPECT_EQ(error_of(unplanned), "");
    EXPECT_EQ(unplanned.text(), "--act ue4m4b7 --wgt se4m3b7 --mode static --stages auto --clock 5 --top ffp8_mac");
}

}  // namespace
}  // namespace ffp8::hw
