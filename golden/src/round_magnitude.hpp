// Rounding of an integer magnitude to a coarser quantum, shared by encode and fma_exact.
#pragma once

#include <cstdint>

#include "ffp8/rounding.hpp"

namespace ffp8::detail {

struct Rounded {
    uint64_t m;    // the rounded magnitude in units of 2^shift
    bool inexact;  // something nonzero was discarded
};

// Rounds sig / 2^shift to an integer (sig < 2^63); `negative` is the sign of the value, for
// the directed modes.
inline Rounded round_magnitude(uint64_t sig, int shift, Rounding mode, bool negative) {
    if (shift <= 0) return {sig << -shift, false};
    uint64_t m = 0;
    bool nonzero, above_half, at_half;
    if (shift >= 64) {  // everything is discarded, and it is below half of one unit
        nonzero = sig != 0;
        above_half = at_half = false;
    } else {
        m = sig >> shift;
        const uint64_t rem = sig & ((uint64_t{1} << shift) - 1);
        const uint64_t half = uint64_t{1} << (shift - 1);
        nonzero = rem != 0;
        above_half = rem > half;
        at_half = rem == half;
    }
    bool up = false;
    switch (mode) {
        case Rounding::rne: up = above_half || (at_half && (m & 1)); break;
        case Rounding::rna: up = above_half || at_half; break;
        case Rounding::rtz: up = false; break;
        case Rounding::rdn: up = negative && nonzero; break;
        case Rounding::rup: up = !negative && nonzero; break;
    }
    return {m + (up ? 1 : 0), nonzero};
}

}  // namespace ffp8::detail
