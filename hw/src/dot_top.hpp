// The K-lane dot-product unit's top: SPEC section 5 ports with a and w 8*K bits wide (lane k in
// bits [8k+7:8k]), the decode/lane pipeline, the same one-cycle accumulate loop and output stage
// as the MAC. Matches the golden DotUnit cycle by cycle.
#pragma once

#include "ffp8/hw/unit_config.hpp"
#include "module_set.hpp"

namespace ffp8::hw {

ModuleSet build_dot(const UnitConfig& config);

}  // namespace ffp8::hw
