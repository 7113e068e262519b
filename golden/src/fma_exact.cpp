#include "ffp8/fma.hpp"

#include <algorithm>

#include "ffp8/binary32.hpp"

namespace ffp8 {

namespace {

using u128 = unsigned __int128;

struct Unpacked {  // finite value = (-1)^negative * sig * 2^exp
    bool negative;
    uint64_t sig;
    int exp;
};

Unpacked unpack(uint32_t x) {
    const uint32_t biased = (x & b32::exp_mask) >> 23;
    const uint64_t frac = x & b32::frac_mask;
    if (biased == 0) return {b32::sign(x), frac, -149};
    return {b32::sign(x), frac | 0x800000u, static_cast<int>(biased) - 150};
}

int msb_index(u128 v) {
    const uint64_t hi = static_cast<uint64_t>(v >> 64);
    if (hi) return 127 - __builtin_clzll(hi);
    return 63 - __builtin_clzll(static_cast<uint64_t>(v));
}

struct Rounded128 {
    u128 m;
    bool inexact;
};

// Round to nearest even of v / 2^shift (v < 2^127).
Rounded128 rne_shift(u128 v, int shift) {
    if (shift <= 0) return {v << -shift, false};
    // A product of two tiny binary32 values can sit far below 2^-149; shifting a u128 by 128 or
    // more is undefined, and v < 2^127 <= half rounds to 0 anyway.
    if (shift >= 128) return {0, v != 0};
    const u128 m = v >> shift;
    const u128 rem = v & ((u128{1} << shift) - 1);
    const u128 half = u128{1} << (shift - 1);
    const bool up = rem > half || (rem == half && (m & 1));
    return {m + (up ? 1 : 0), rem != 0};
}

// Rounds the nonzero value (-1)^negative * v * 2^base to binary32, round to nearest even.
FmaResult round_to_binary32(bool negative, u128 v, int base) {
    const uint32_t sign = negative ? b32::sign_mask : 0u;
    const int e = base + msb_index(v);  // exponent of the leading bit
    int le = std::max(e - 23, -149);     // exponent of the result's last place
    const Rounded128 r = rne_shift(v, le - base);
    Flags flags = r.inexact ? flag::inexact : Flags{0};
    if (r.inexact && e < -126) {
        // Tininess after rounding: with unbounded exponent only E = -127 can round up to 2^-126.
        const Rounded128 unbounded = rne_shift(v, (e - 23) - base);
        const bool tiny = !(e == -127 && unbounded.m == (u128{1} << 24));
        if (tiny) flags |= flag::underflow;
    }
    uint64_t m = static_cast<uint64_t>(r.m);
    if (m == 0) return {sign, flags};  // below half the smallest subnormal: a signed zero
    if (m == (uint64_t{1} << 24)) {
        m >>= 1;
        ++le;
    }
    if (m < (uint64_t{1} << 23)) return {sign | static_cast<uint32_t>(m), flags};  // subnormal
    const int biased = le + 150;
    if (biased >= 255) return {sign | b32::pos_inf, flag::overflow | flag::inexact};
    return {sign | (static_cast<uint32_t>(biased) << 23) | (static_cast<uint32_t>(m) & b32::frac_mask), flags};
}

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
