// encode(f, x, rne, saturate) at table speed: what a DNN engine needs for every activation value.
//
// A binary32 binade [2^e, 2^(e+1)) falls inside one FFP8 binade (or inside the subnormal range,
// or wholly beyond the largest finite value), where the FFP8 values are evenly spaced and their
// codes consecutive. So the magnitude's code is base[e] + RNE(significand >> shift[e]), ties to the
// even significand (SPEC: the significand at the result's quantum, which for M = 0 is not the
// code's parity), clamped to the largest finite code: one table entry per binade. Inputs the table does
// not cover (NaN, Inf, binary32 subnormals, negatives of unsigned formats) go to encode() itself.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>

#include "ffp8/encode.hpp"
#include "ffp8/format.hpp"

namespace ffp8 {

class TableEncoder {
public:
    explicit TableEncoder(const Format& f);

    uint8_t code(float x) const {
        const uint32_t bits = std::bit_cast<uint32_t>(x);
        const uint32_t entry = binades_[bits >> 23];  // sign and exponent field
        if (!(entry & covered_bit)) [[unlikely]]
            return encode(format_, bits).code;
        const uint32_t shift = (entry >> 16) & 0xFFu, base = entry & 0xFFFFu;
        const uint32_t sig = (bits & 0x7FFFFFu) | 0x800000u;
        const uint32_t below = sig & ((1u << shift) - 1u), half = 1u << (shift - 1);
        const uint32_t m = sig >> shift;  // the significand at the FFP8 quantum, truncated
        uint32_t mag = base + m + ((below > half) | ((below == half) & m));  // rne
        mag = mag < max_magnitude_ ? mag : max_magnitude_;
        if (!(bits >> 31)) return static_cast<uint8_t>(mag);
        return mag ? static_cast<uint8_t>(sign_mask_ | mag) : negative_zero_;
    }

    // out[i] = value[code(in[i])] for i < n: the decoded value of each input's code (value holds
    // decode() of every code), eight at a time with AVX2 gathers where the CPU has them.
    void quantize(const float* in, std::size_t n, const std::array<float, 256>& value, float* out) const;

    const Format& format() const { return format_; }

private:
    // One entry per binade: base | shift << 16 (shift 1..31) | covered_bit; 0 = not covered.
    static constexpr uint32_t covered_bit = 1u << 24;
    static constexpr uint32_t entry(uint32_t base, uint32_t shift) { return base | shift << 16 | covered_bit; }

    Format format_;
    std::array<uint32_t, 512> binades_{};
    uint32_t max_magnitude_ = 0;
    uint8_t negative_zero_ = 0;
    uint8_t sign_mask_ = 0;  // bit n - 1 of a signed format's code
};

}  // namespace ffp8
