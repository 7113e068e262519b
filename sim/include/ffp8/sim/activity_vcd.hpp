// `ffp8 sim --activity FILE`: a VCD of the MAC's ports over N random operations of the design's
// formats, for the power analysis of the mapped netlist (`ffp8 synth --activity FILE`). The
// outputs are the golden cycle model's, which the co-simulation has just checked against the
// RTL on every cycle. Static designs only (the runtime unit's format ports are not written).
//
// Stimulus: two reset cycles, then one operation per cycle in accumulation chains of
// `chain` operations (the first of each chain with `clear`), operands drawn uniformly from the
// codes of their format that decode to finite values, then idle cycles to drain the pipeline.
// The header's $comment holds the design and stimulus as JSON ("ffp8-activity {...}").
#pragma once

#include <cstdint>
#include <filesystem>

#include "ffp8/sim/design.hpp"

namespace ffp8::sim {

struct ActivityOptions {
    uint64_t ops = 2000;
    uint64_t seed = 1;
    int chain = 32;
};

// Throws std::runtime_error naming --activity for a design it cannot describe: a runtime design,
// fp32 operands (the stimulus draws FFP8 codes; the synth flow derives the FP32 baseline's
// operands from them) or a K-lane unit (other ports). `ffp8 sim` asks before the run.
void check_activity_design(const hw::UnitConfig& unit);

// Throws what check_activity_design throws, and std::runtime_error for no operations.
void write_activity_vcd(const DesignInfo& design, const ActivityOptions& options, const std::filesystem::path& file);

}  // namespace ffp8::sim
