// Exact binary32 fused multiply-add, round to nearest even, with the SPEC section 3 special
// cases (canonical NaN, invalid for 0*Inf even with a quiet NaN addend, tininess after rounding).
// Written in integer arithmetic: this is the reference every faster path is checked against.
#pragma once

#include <cstdint>

#include "ffp8/flags.hpp"

namespace ffp8 {

struct FmaResult {
    uint32_t bits;
    Flags flags;
    friend bool operator==(const FmaResult&, const FmaResult&) = default;
};

// round_binary32(x * y + addend)
FmaResult fma_exact(uint32_t x, uint32_t y, uint32_t addend);

}  // namespace ffp8
