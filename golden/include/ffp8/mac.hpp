// The FFP8 MAC operation acc <- round_fp32(acc + a*w) (SPEC section 3), in two paths:
// mac_exact (integer reference) and MacKernel (decode tables + native FMA, bit-identical).
#pragma once

#include <array>
#include <cstdint>

#include "ffp8/fma.hpp"
#include "ffp8/format.hpp"

namespace ffp8 {

using MacResult = FmaResult;

// a and w are codes (8 bits) of FFP8 formats, or binary32 bits when the format is fp32.
MacResult mac_exact(const Format& act, const Format& wgt, uint32_t acc, uint32_t a, uint32_t w);

// The fast path for bulk work. Uses the CPU's fused multiply-add for the common case (finite
// operands, finite normal or exact result) and falls back to fma_exact for everything else.
class MacKernel {
public:
    MacKernel(const Format& act, const Format& wgt);

    MacResult operator()(uint32_t acc, uint32_t a, uint32_t w) const;

    // acc + sum a[i]*w[i], one rounding per step, flags ORed over the steps (FFP8 operands only).
    MacResult dot(uint32_t acc, const uint8_t* a, const uint8_t* w, std::size_t n) const;

    const Format& act() const { return act_; }
    const Format& wgt() const { return wgt_; }

private:
    Format act_, wgt_;
    std::array<float, 256> act_table_{}, wgt_table_{};
};

}  // namespace ffp8
