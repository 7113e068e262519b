// The sweep as a small standalone SVG: per configuration, bars of area and of critical-path
// delay for the FFP8 MAC, with its baseline drawn as a grey bar and a tick on the FFP8 bar.
#pragma once

#include <string>
#include <vector>

#include "ffp8/synth/mac_comparison.hpp"
#include "ffp8/synth/report.hpp"

namespace ffp8::synth {

std::string comparisons_svg(const std::vector<MacComparison>& list, const FlowContext& ctx);

}  // namespace ffp8::synth
