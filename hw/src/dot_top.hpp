// The K-lane dot-product unit's top: SPEC section 5 ports with a and w 8*K bits wide (lane k in
// bits [8k+7:8k]), the decode/lane pipeline, the same one-cycle accumulate loop and output stage
// as the MAC. Matches the golden DotUnit cycle by cycle.
#pragma once

#include "ffp8/hw/generator.hpp"
#include "mac_top.hpp"

namespace ffp8::hw {

MacBuild build_dot(const GenOptions& options);

}  // namespace ffp8::hw
