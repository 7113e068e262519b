// FFP8 code -> value (SPEC section 1). Every finite value of a legal format is exactly a
// binary32, so decoding is a widening: NaN codes give the canonical quiet NaN 0x7FC00000.
#pragma once

#include <cstdint>

#include "ffp8/format.hpp"

namespace ffp8 {

// Binary32 bits of the value of `code` in FFP8 format `f` (f must not be fp32; code < 2^n).
uint32_t decode(const Format& f, uint8_t code);

// Binary32 bits of an operand in format f: decode() for FFP8, the bits themselves for fp32.
inline uint32_t operand_bits(const Format& f, uint32_t operand) {
    return f.is_fp32 ? operand : decode(f, static_cast<uint8_t>(operand));
}

// The mask of an operand's bits: 2^n - 1 for an FFP8 format (0xFF for 8 bits), all 32 for fp32.
inline uint32_t operand_mask(const Format& f) { return f.is_fp32 ? 0xFFFFFFFFu : f.code_count() - 1u; }

}  // namespace ffp8
