// The sweep as a small standalone SVG: per configuration, bars of area per multiply-accumulate
// per cycle (a K-lane unit's area / K) and of critical-path delay for the FFP8 unit, in the
// headline view, with its baseline MAC drawn as a grey bar and a tick on the FFP8 bar.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "ffp8/synth/mac_comparison.hpp"
#include "ffp8/synth/report.hpp"

namespace ffp8::synth {

struct ChartPanel {
    std::string title;
    std::string value_format;  // fmt format of one value, e.g. "{:.0f}"
};

// One configuration: per panel, the baseline's and the FFP8 MAC's value (NaN: none, the design
// did not fit).
struct ChartRow {
    std::string label;
    std::array<double, 2> baseline;
    std::array<double, 2> ffp8;
};

// Two panels of bars (baseline grey, FFP8 blue with a tick at the baseline's value and the
// change in %), one row per configuration.
std::string two_panel_chart(const std::string& subtitle, const std::array<ChartPanel, 2>& panels,
                            const std::vector<ChartRow>& rows,
                            const std::string& baseline_legend = "FP32 baseline (same pipeline stages; black tick = baseline value)");

std::string comparisons_svg(const std::vector<MacComparison>& list, const FlowContext& ctx);

}  // namespace ffp8::synth
