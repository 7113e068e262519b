#include "ffp8/fma.hpp"

#include <algorithm>

#include "ffp8/binary32.hpp"
#include "round_binary32.hpp"

namespace ffp8 {

namespace {

using detail::u128;
using detail::unpack;
using detail::Unpacked;
using detail::round_to_binary32;

// Places sig * 2^exp in a window whose bit 0 weighs 2^base. Bits shifted out below bit 0 are
// jammed (ORed) into bit 0: the caller guarantees the rounding position is far above it.
u128 place(uint64_t sig, int exp, int base) {
    const int s = exp - base;
    if (s >= 0) return u128{sig} << s;
    const int r = -s;
    if (r >= 64) return 1;  // sig != 0 here
    return u128{sig >> r} | u128{(sig & ((uint64_t{1} << r) - 1)) != 0};
}

}  // namespace

FmaResult fma_exact(uint32_t x, uint32_t y, uint32_t c) {
    const bool zero_times_inf = (b32::is_inf(x) && b32::is_zero(y)) || (b32::is_zero(x) && b32::is_inf(y));
    if (b32::is_nan(x) || b32::is_nan(y) || b32::is_nan(c)) {
        const bool invalid = b32::is_snan(x) || b32::is_snan(y) || b32::is_snan(c) || zero_times_inf;
        return {b32::canonical_nan, invalid ? flag::invalid : Flags{0}};
    }
    if (zero_times_inf) return {b32::canonical_nan, flag::invalid};
    const bool product_negative = b32::sign(x) != b32::sign(y);
    if (b32::is_inf(x) || b32::is_inf(y)) {
        if (b32::is_inf(c) && b32::sign(c) != product_negative) return {b32::canonical_nan, flag::invalid};
        return {(product_negative ? b32::sign_mask : 0u) | b32::pos_inf, 0};
    }
    if (b32::is_inf(c)) return {c, 0};

    const Unpacked a = unpack(x), b = unpack(y), z = unpack(c);
    const uint64_t psig = a.sig * b.sig;  // exact: at most 48 bits
    const int pexp = a.exp + b.exp;
    if (psig == 0) {
        if (z.sig == 0) return {(product_negative && z.negative) ? b32::sign_mask : 0u, 0};
        return {c, 0};
    }
    if (z.sig == 0) return round_to_binary32(product_negative, psig, pexp);

    // Both addends nonzero: align in a 128-bit window with the larger leading bit at bit 125.
    const int p_msb = pexp + (63 - __builtin_clzll(psig));
    const int c_msb = z.exp + (63 - __builtin_clzll(z.sig));
    const int base = std::max(p_msb, c_msb) - 125;
    const u128 vp = place(psig, pexp, base);
    const u128 vc = place(z.sig, z.exp, base);
    if (product_negative == z.negative) return round_to_binary32(z.negative, vp + vc, base);
    if (vp == vc) return {0u, 0};  // exact cancellation: +0 in round to nearest
    if (vp > vc) return round_to_binary32(product_negative, vp - vc, base);
    return round_to_binary32(z.negative, vc - vp, base);
}

}  // namespace ffp8
