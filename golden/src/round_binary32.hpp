// The integer view of binary32 shared by fma_exact and dot_exact: a finite value as sig * 2^exp,
// and the rounding of an exact nonzero magnitude held in a 128-bit window back to binary32
// (round to nearest even, gradual underflow, tininess after rounding).
#pragma once

#include "ffp8/binary32.hpp"
#include "ffp8/fma.hpp"

namespace ffp8::detail {

using u128 = unsigned __int128;

struct Unpacked {  // finite value = (-1)^negative * sig * 2^exp
    bool negative;
    uint64_t sig;
    int exp;
};

inline Unpacked unpack(uint32_t x) {
    const uint32_t biased = (x & b32::exp_mask) >> 23;
    const uint64_t frac = x & b32::frac_mask;
    if (biased == 0) return {b32::sign(x), frac, -149};
    return {b32::sign(x), frac | 0x800000u, static_cast<int>(biased) - 150};
}

// Index of the most significant set bit of v != 0.
int msb_index(u128 v);

// Rounds the nonzero value (-1)^negative * v * 2^base to binary32 (v < 2^127). Bits below the
// window may have been jammed into bit 0 by the caller as long as the rounding position stays
// far above it.
FmaResult round_to_binary32(bool negative, u128 v, int base);

}  // namespace ffp8::detail
