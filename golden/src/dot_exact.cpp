#include <cstddef>

#include "ffp8/binary32.hpp"
#include "ffp8/decode.hpp"
#include "ffp8/dot.hpp"
#include "round_binary32.hpp"

namespace ffp8 {

bool lanes_supported(int lanes) { return lanes == 1 || lanes == 2 || lanes == 4 || lanes == 8 || lanes == 16; }

namespace {

using detail::u128;
using detail::unpack;
using detail::Unpacked;

// An exact fixed-point sum in two's complement: bit 0 weighs 2^-300, below every product's last
// place (binary32 values are multiples of 2^-149, so products are multiples of 2^-298), and 640
// bits hold 2^83 products of magnitude below 2^256 (two binary32 magnitudes below 2^128).
class WideSum {
public:
    static constexpr int base = -300;
    static constexpr int limbs = 10;

    // Adds (-1)^negative * sig * 2^exp, sig < 2^64, exp >= base.
    void add(bool negative, uint64_t sig, int exp) {
        const int shift = exp - base;
        const int i = shift / 64, offset = shift % 64;
        const u128 v = u128{sig} << offset;
        uint64_t part[2] = {static_cast<uint64_t>(v), static_cast<uint64_t>(v >> 64)};
        if (negative) {
            unsigned borrow = 0;
            for (int k = i; k < limbs; ++k) {
                const uint64_t sub = k - i < 2 ? part[k - i] : 0;
                const uint64_t before = limb_[k];
                limb_[k] = before - sub - borrow;
                borrow = (before < sub || (before == sub && borrow)) ? 1 : 0;
                if (k - i >= 1 && !borrow) break;
            }
        } else {
            unsigned carry = 0;
            for (int k = i; k < limbs; ++k) {
                const uint64_t add = k - i < 2 ? part[k - i] : 0;
                const uint64_t s = limb_[k] + add;
                const uint64_t t = s + carry;
                carry = (s < add || t < s) ? 1 : 0;
                limb_[k] = t;
                if (k - i >= 1 && !carry) break;
            }
        }
    }

    bool is_zero() const {
        for (const uint64_t l : limb_)
            if (l) return false;
        return true;
    }
    bool is_negative() const { return (limb_[limbs - 1] >> 63) != 0; }

    void negate() {
        unsigned carry = 1;
        for (uint64_t& l : limb_) {
            l = ~l + carry;
            carry = (carry && l == 0) ? 1 : 0;
        }
    }

    // The nonzero, non-negative sum as a 128-bit window with its leading bit at most at bit 125
    // and the bits below the window jammed into bit 0; returns the window and the weight of its
    // bit 0 (as a power of two).
    std::pair<u128, int> window() const {
        int top = limbs - 1;
        while (limb_[top] == 0) --top;
        const int msb = top * 64 + 63 - __builtin_clzll(limb_[top]);
        const int low = msb - 125;
        if (low <= 0) return {bits_from(0), base};
        u128 v = bits_from(low);
        if (any_below(low)) v |= 1;
        return {v, base + low};
    }

private:
    uint64_t limb_at(int k) const { return k < limbs ? limb_[k] : 0; }

    // The 128 bits starting at bit `pos`.
    u128 bits_from(int pos) const {
        const int k = pos / 64, off = pos % 64;
        const uint64_t l0 = limb_at(k), l1 = limb_at(k + 1), l2 = limb_at(k + 2);
        if (off == 0) return u128{l0} | (u128{l1} << 64);
        const uint64_t lo = (l0 >> off) | (l1 << (64 - off));
        const uint64_t hi = (l1 >> off) | (l2 << (64 - off));
        return u128{lo} | (u128{hi} << 64);
    }

    bool any_below(int pos) const {
        const int k = pos / 64, off = pos % 64;
        for (int j = 0; j < k; ++j)
            if (limb_[j]) return true;
        return off != 0 && (limb_[k] & ((uint64_t{1} << off) - 1)) != 0;
    }

    uint64_t limb_[limbs] = {};
};

}  // namespace

MacResult dot_exact(const Format& act, const Format& wgt, uint32_t acc, const uint8_t* a, const uint8_t* w, int n) {
    // The products first, then the n + 1 terms (dot.hpp states the rules).
    bool any_nan = b32::is_nan(acc), invalid = b32::is_snan(acc);
    bool pos_inf = acc == b32::pos_inf, neg_inf = acc == (b32::sign_mask | b32::pos_inf);
    bool all_negative_zero = acc == b32::sign_mask;
    WideSum sum;
    if (b32::is_finite(acc) && !b32::is_zero(acc)) {
        const Unpacked c = unpack(acc);
        sum.add(c.negative, c.sig, c.exp);
    }
    for (int k = 0; k < n; ++k) {
        const uint32_t x = decode(act, a[k]), y = decode(wgt, w[k]);
        const bool negative = b32::sign(x) != b32::sign(y);
        if (b32::is_nan(x) || b32::is_nan(y)) {
            any_nan = true;
            continue;
        }
        if ((b32::is_inf(x) && b32::is_zero(y)) || (b32::is_zero(x) && b32::is_inf(y))) {
            any_nan = invalid = true;
            continue;
        }
        if (b32::is_inf(x) || b32::is_inf(y)) {
            (negative ? neg_inf : pos_inf) = true;
            continue;
        }
        if (b32::is_zero(x) || b32::is_zero(y)) {
            all_negative_zero = all_negative_zero && negative;
            continue;
        }
        all_negative_zero = false;
        const Unpacked p = unpack(x), q = unpack(y);
        sum.add(negative, p.sig * q.sig, p.exp + q.exp);
    }
    const Flags invalid_flag = invalid ? flag::invalid : Flags{0};
    if (any_nan) return {b32::canonical_nan, invalid_flag};
    if (pos_inf && neg_inf) return {b32::canonical_nan, flag::invalid};
    if (pos_inf || neg_inf) return {(neg_inf ? b32::sign_mask : 0u) | b32::pos_inf, 0};
    if (sum.is_zero()) return {all_negative_zero ? b32::sign_mask : 0u, 0};
    const bool negative = sum.is_negative();
    if (negative) sum.negate();
    const auto [v, base] = sum.window();
    return detail::round_to_binary32(negative, v, base);
}

}  // namespace ffp8
