// SPEC section 3, restated with MPFR: acc + a*w computed exactly in high precision, then one
// binary32 rounding (nearest even, gradual underflow via mpfr_subnormalize), with the IEEE 754
// fused multiply-add special cases and the SPEC's canonical NaN and flags.
#pragma once

#include <cstdint>
#include <optional>

#include "oracle/exact_value.hpp"
#include "oracle/flags.hpp"
#include "oracle/format_spec.hpp"

namespace oracle {

inline constexpr uint32_t canonical_nan32 = 0x7FC00000u;

struct MacOut {
    uint32_t bits;
    unsigned flags;
    friend bool operator==(const MacOut&, const MacOut&) = default;
};

// round_binary32(acc + a*w) for exact operand values.
MacOut mac(uint32_t acc, const ExactValue& a, const ExactValue& w);

// The value of an operand: a code of `format`, or binary32 bits when `format` is empty (fp32).
ExactValue operand_value(const std::optional<FormatSpec>& format, uint32_t operand);

}  // namespace oracle
