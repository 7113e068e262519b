// Figures at the designer's clock (`ffp8 synth --stages auto --clock NS`, `ffp8 sweep --clock
// 5,10,20`): per design the clock, its stages and slots, the period it reaches, whether it meets
// the clock, and what it delivers there per second and per mm^2.
#pragma once

#include <string>
#include <vector>

#include "ffp8/synth/mac_comparison.hpp"
#include "ffp8/synth/report.hpp"

namespace ffp8::synth {

struct AtClock {
    double clock_ns = 0;     // the clock asked for (ABC's target and STA's clock)
    double period_ns = 0;    // the period it runs at: the clock when met, else the period it reaches
    bool met = false;
    double ops_per_s = 0;    // one operation a cycle
    double flop_per_s = 0;   // 2 K per operation (a multiply and an add per lane)
    double ops_per_s_per_mm2 = 0;
};

// Of a design's headline view.
AtClock at_clock(const SynthesizedMac& d);

// One row per clock, configuration and design (baseline, then FFP8): stages, cuts, slots,
// latency, achieved period, met, area, registers, Mops/s, GFLOP/s, Mops/s per mm^2.
std::string clock_sweep_markdown(const std::vector<MacComparison>& list);

// Two panels against the clock, FFP8 beside the baseline: area per multiply-accumulate per cycle
// and operations per second per mm^2.
std::string clock_sweep_svg(const std::vector<MacComparison>& list, const FlowContext& ctx);

}  // namespace ffp8::synth
