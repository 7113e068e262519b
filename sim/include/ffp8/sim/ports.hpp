// The values on the MAC's ports in one clock cycle (SPEC section 5; a K-lane unit's a and w
// hold K codes), as the co-simulation drives
// and samples them. Plain data: one CycleInput per cycle is generated, driven into the RTL and
// the golden model, and kept in a short history for the mismatch report.
#pragma once

#include <array>
#include <cstdint>

namespace ffp8::sim {

struct CycleInput {
    uint32_t load_value = 0;
    uint32_t a = 0;  // n-bit code (n = 4..8), or binary32 bits for an fp32 operand
    uint32_t w = 0;
    uint8_t pair = 0;  // runtime mode: index of the format pair driven on the format ports
    uint8_t slot = 0;  // interleaved accumulators (SPEC section 8): the accumulator the operation uses
    bool rst = false;
    bool in_valid = false;
    bool clear = false;
    bool load = false;
    // K-lane dot-product units (lanes > 1): lane k's codes; a and w above are then unused.
    std::array<uint8_t, 16> a_lanes{}, w_lanes{};
};

struct CycleOutput {
    uint32_t acc = 0;
    uint8_t flags = 0;
    uint8_t q = 0;
    bool out_valid = false;
    friend bool operator==(const CycleOutput&, const CycleOutput&) = default;
};

// An operation enters in this cycle (SPEC section 5: an operation presented with rst does not).
inline bool enters(const CycleInput& in) { return in.in_valid && !in.rst; }

}  // namespace ffp8::sim
