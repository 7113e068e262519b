// The MAC top: the SPEC section 5 ports, the decode/multiply pipeline, the one-cycle
// accumulate loop and the optional encoder output stage. Matches ffp8::MacUnit cycle by cycle.
#pragma once

#include "ffp8/hw/unit_config.hpp"
#include "module_set.hpp"

namespace ffp8::hw {

ModuleSet build_mac(const UnitConfig& config);

}  // namespace ffp8::hw
