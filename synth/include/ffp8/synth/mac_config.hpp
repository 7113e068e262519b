// One configuration of the MAC to synthesize, and the two designs it is compared as:
// the FFP8 MAC and its FP32 baseline.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "ffp8/format.hpp"
#include "ffp8/hw/generator.hpp"
#include "ffp8/synth/synthesize.hpp"

namespace ffp8::synth {

struct MacConfig {
    Format act = Format::parse("ue4m4");
    Format wgt = Format::parse("se4m3");
    std::optional<Format> out;  // output encoder stage
    hw::Mode mode = hw::Mode::static_formats;
    int stages = 0;
    int lanes = 1;  // > 1: the K-lane dot-product unit (compared with K copies of the baseline MAC)

    // "ue4m4b7 x se4m3b7, static, 0 stages[, out se4m3b7][, 8 lanes]"
    std::string label() const;
    // A short id for file names and table rows: "static-s0-ue4m4b7-se4m3b7[-q-se4m3b7]".
    std::string id() const;
};

// The FFP8 MAC of the configuration.
hw::GenOptions ffp8_options(const MacConfig& c);

// Its baseline: the classical FP32 MAC (`--act fp32 --wgt fp32`) with the same pipeline
// stages. Format modes do not apply to binary32 operands and the output encoder is an FFP8
// block, so the baseline is static and has no encoder: both count as FFP8 overhead.
hw::GenOptions baseline_options(const MacConfig& c);

// "static" or "runtime".
const char* mode_name(hw::Mode m);

// {act, wgt, out (null without encoder), mode, stages}, as every report writes it.
nlohmann::json config_json(const MacConfig& c);

// The baseline's name in reports: "fp32 x fp32 baseline, 2 stages".
std::string baseline_name(const MacConfig& c);

// The generated design as flow input; every module the manifest lists under a block kind
// other than `top` is kept as a block (its area read separately, role = the manifest key).
RtlDesign rtl_design(const hw::GeneratedDesign& d, const std::string& name);

}  // namespace ffp8::synth
