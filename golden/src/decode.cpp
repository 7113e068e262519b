#include "ffp8/decode.hpp"

#include "ffp8/binary32.hpp"

namespace ffp8 {

uint32_t decode(const Format& f, uint8_t code) {
    const bool negative = (code & f.sign_mask()) != 0;
    const uint32_t sign = negative ? b32::sign_mask : 0u;
    if (f.is_nan_code(code)) return b32::canonical_nan;
    if (f.is_inf_code(code)) return sign | b32::pos_inf;
    const unsigned mag = code & f.magnitude_mask();
    const unsigned k = mag >> f.M;
    const unsigned frac = mag & ((1u << f.M) - 1u);
    // value = sig * 2^(exp - M) with sig = frac (subnormal) or 2^M + frac (normal)
    const uint32_t sig = k == 0 ? frac : ((1u << f.M) | frac);
    if (sig == 0) return sign;
    const int exp = (k == 0 ? 1 : static_cast<int>(k)) - f.bias - f.M;
    // Normalise sig to 24 bits; the legal bias range guarantees the result is representable.
    int msb = 31 - __builtin_clz(sig);
    int e_msb = exp + msb;  // exponent of the leading bit
    if (e_msb >= -126) {
        const uint32_t frac23 = (sig << (23 - msb)) & b32::frac_mask;
        return sign | (static_cast<uint32_t>(e_msb + 127) << 23) | frac23;
    }
    // binary32 subnormal: value = bits * 2^-149
    return sign | (sig << (exp + 149));
}

}  // namespace ffp8
