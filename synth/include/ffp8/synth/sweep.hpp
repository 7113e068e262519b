// The configurations `ffp8 sweep` compares by default.
#pragma once

#include <string_view>
#include <vector>

#include "ffp8/hw/unit_config.hpp"

namespace ffp8::synth {

// Static vs runtime formats, pipeline stages, with and without the output encoder, and
// several format pairs. Configurations with equal stages share one baseline synthesis.
std::vector<hw::UnitConfig> default_sweep();

// "ACT,WGT[,static|runtime[,STAGES[,OUT]]]", e.g. "se4m3,se4m3,runtime,2,ue4m4".
// Throws FormatError / std::invalid_argument with a one-line message.
hw::UnitConfig parse_config(std::string_view spec);

}  // namespace ffp8::synth
