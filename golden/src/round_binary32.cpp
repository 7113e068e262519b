#include "round_binary32.hpp"

#include <algorithm>

#include "ffp8/binary32.hpp"

namespace ffp8::detail {

namespace {

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

}  // namespace

int msb_index(u128 v) {
    const uint64_t hi = static_cast<uint64_t>(v >> 64);
    if (hi) return 127 - __builtin_clzll(hi);
    return 63 - __builtin_clzll(static_cast<uint64_t>(v));
}

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

}  // namespace ffp8::detail
