#include "ffp8/mac.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>

#include "ffp8/binary32.hpp"
#include "ffp8/decode.hpp"

namespace ffp8 {

MacResult mac_exact(const Format& act, const Format& wgt, uint32_t acc, uint32_t a, uint32_t w) {
    return fma_exact(operand_bits(act, a), operand_bits(wgt, w), acc);
}

MacKernel::MacKernel(const Format& act, const Format& wgt) : act_(act), wgt_(wgt) {
    for (unsigned c = 0; c < 256; ++c) {
        if (!act.is_fp32) act_table_[c] = std::bit_cast<float>(decode(act, static_cast<uint8_t>(c)));
        if (!wgt.is_fp32) wgt_table_[c] = std::bit_cast<float>(decode(wgt, static_cast<uint8_t>(c)));
    }
}

namespace {

// The fast step. The CPU's FMA gives the correctly rounded result for finite operands; flags come
// from an exact double-precision TwoSum of the (exact) product and the addend (this file must be
// built with -ffp-contract=off so that the TwoSum stays two plain sums). Anything the hardware and
// SPEC could disagree on (NaN, Inf, overflow) or that needs the tininess rule (an inexact result
// at or below 2^-126 in magnitude) goes to fma_exact. Branch-free except for that rare case: the
// accumulator stays in a float register, so the loop runs at the FMA's latency.
struct FastStep {
    float r;
    bool inexact;
    bool fallback;
};

[[gnu::always_inline]] inline FastStep fast_step(float x, float y, float c) {
    const float r = __builtin_fmaf(x, y, c);
    const double p = static_cast<double>(x) * static_cast<double>(y);  // exact: <= 48 bits
    const double dc = static_cast<double>(c);
    const double s = p + dc;
    const double bv = s - p;
    const double err = (p - (s - bv)) + (dc - bv);  // s + err == p + c exactly (TwoSum)
    // r - s is exact (Sterbenz: r is within a factor 2 of s, or zero), so r equals the exact sum
    // iff r - s == err.
    const bool inexact = (static_cast<double>(r) - s) != err;
    const float mag = __builtin_fabsf(r);
    // Not finite, or an inexact result at or below 2^-126 (tininess needs the exact rule).
    const bool fallback = !(mag <= 0x1.fffffep127f) | (inexact & (mag <= 0x1p-126f));
    return {r, inexact, fallback};
}

// Bulk accumulation in blocks: first the dependent chain of hardware FMAs alone (it runs at the
// FMA's latency, like a native loop), then the flags and the fallback test of the whole block in a
// branch-free loop the compiler vectorises. A block with any fallback case is redone one step at
// a time with fma_exact where needed. Cloned for AVX2+FMA CPUs and for the rest (where
// __builtin_fmaf is libm's correctly rounded fmaf).
[[gnu::target_clones("arch=haswell", "default")]]
MacResult dot_codes(const float* at, const float* wt, uint32_t acc, const uint8_t* a, const uint8_t* w,
                    std::size_t n) {
    constexpr std::size_t block = 128;
    alignas(64) float xs[block], ys[block], cs[block + 1];
    unsigned flags = 0;
    float c = std::bit_cast<float>(acc);
    for (std::size_t base = 0; base < n; base += block) {
        const std::size_t len = std::min(block, n - base);
        cs[0] = c;
        for (std::size_t i = 0; i < len; ++i) {
            xs[i] = at[a[base + i]];
            ys[i] = wt[w[base + i]];
            cs[i + 1] = __builtin_fmaf(xs[i], ys[i], cs[i]);
        }
        unsigned inexact_any = 0, fallback_any = 0;
        for (std::size_t i = 0; i < len; ++i) {
            const FastStep st = fast_step(xs[i], ys[i], cs[i]);
            inexact_any |= st.inexact;
            fallback_any |= st.fallback;
        }
        if (fallback_any) [[unlikely]] {
            c = cs[0];
            for (std::size_t i = 0; i < len; ++i) {
                const FastStep st = fast_step(xs[i], ys[i], c);
                if (st.fallback) {
                    const MacResult e = fma_exact(std::bit_cast<uint32_t>(xs[i]), std::bit_cast<uint32_t>(ys[i]),
                                                  std::bit_cast<uint32_t>(c));
                    c = std::bit_cast<float>(e.bits);
                    flags |= e.flags;
                } else {
                    c = st.r;
                    flags |= st.inexact ? flag::inexact : 0u;
                }
            }
        } else {
            c = cs[len];
            flags |= inexact_any ? flag::inexact : 0u;
        }
    }
    return {std::bit_cast<uint32_t>(c), static_cast<Flags>(flags)};
}

[[gnu::target_clones("fma", "default")]]
MacResult one_step(float x, float y, uint32_t acc) {
    const FastStep st = fast_step(x, y, std::bit_cast<float>(acc));
    if (st.fallback) [[unlikely]]
        return fma_exact(std::bit_cast<uint32_t>(x), std::bit_cast<uint32_t>(y), acc);
    return {std::bit_cast<uint32_t>(st.r), st.inexact ? flag::inexact : Flags{0}};
}

inline float operand(const Format& f, const std::array<float, 256>& table, uint32_t v) {
    return f.is_fp32 ? std::bit_cast<float>(v) : table[v & 0xFFu];
}

}  // namespace

MacResult MacKernel::operator()(uint32_t acc, uint32_t a, uint32_t w) const {
    const float x = operand(act_, act_table_, a);
    const float y = operand(wgt_, wgt_table_, w);
    if (!act_.is_fp32 && !wgt_.is_fp32) return one_step(x, y, acc);
    // An fp32 operand may be a signalling NaN: its bits must reach fma_exact unchanged, and the
    // float round-trip above preserves them, but keep sNaN handling away from the hardware path.
    if ((act_.is_fp32 && b32::is_nan(a)) || (wgt_.is_fp32 && b32::is_nan(w)))
        return fma_exact(operand_bits(act_, a), operand_bits(wgt_, w), acc);
    return one_step(x, y, acc);
}

MacResult MacKernel::dot(uint32_t acc, const uint8_t* a, const uint8_t* w, std::size_t n) const {
    if (act_.is_fp32 || wgt_.is_fp32) throw std::logic_error("MacKernel::dot takes FFP8 operands only");
    return dot_codes(act_table_.data(), wgt_table_.data(), acc, a, w, n);
}

}  // namespace ffp8
