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
    // Codes at or above 2^n (narrow formats) are not operands; their entries stay 0.
    if (!act.is_fp32)
        for (unsigned c = 0; c < act.code_count(); ++c) act_table_[c] = std::bit_cast<float>(decode(act, static_cast<uint8_t>(c)));
    if (!wgt.is_fp32)
        for (unsigned c = 0; c < wgt.code_count(); ++c) wgt_table_[c] = std::bit_cast<float>(decode(wgt, static_cast<uint8_t>(c)));
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
    const bool fallback = (!(mag <= 0x1.fffffep127f)) | (inexact & (mag <= 0x1p-126f));
    return {r, inexact, fallback};
}

// Bulk accumulation in blocks: first the dependent chain of hardware FMAs alone (it runs at the
// FMA's latency, like a native loop), then the flags and the fallback test of the whole block,
// four steps at a time in vector registers (the same arithmetic as fast_step). A block with any
// fallback case is redone one step at a time with fma_exact where needed. Cloned for AVX2+FMA
// CPUs and for the rest (where __builtin_fmaf is libm's correctly rounded fmaf).
using v4f = float __attribute__((vector_size(16)));
using v4d = double __attribute__((vector_size(32)));
using v4l = long long __attribute__((vector_size(32)));

// Flags and fallback test of steps i..i+3 (the arithmetic of fast_step, four lanes at a time).
struct BlockCheck {
    v4l inexact_any = {0, 0, 0, 0};
    v4l fallback_any = {0, 0, 0, 0};

    [[gnu::always_inline]] void check4(const float* xs, const float* ys, const float* cs, std::size_t i) {
        const v4d max_float = {0x1.fffffep127, 0x1.fffffep127, 0x1.fffffep127, 0x1.fffffep127};
        const v4d min_normal = {0x1p-126, 0x1p-126, 0x1p-126, 0x1p-126};
        const v4l abs_mask = {0x7FFFFFFFFFFFFFFFLL, 0x7FFFFFFFFFFFFFFFLL, 0x7FFFFFFFFFFFFFFFLL,
                              0x7FFFFFFFFFFFFFFFLL};
        v4f xf, yf, cf, rf;
        __builtin_memcpy(&xf, xs + i, sizeof xf);
        __builtin_memcpy(&yf, ys + i, sizeof yf);
        __builtin_memcpy(&cf, cs + i, sizeof cf);
        __builtin_memcpy(&rf, cs + i + 1, sizeof rf);
        const v4d x = __builtin_convertvector(xf, v4d), y = __builtin_convertvector(yf, v4d);
        const v4d dc = __builtin_convertvector(cf, v4d), r = __builtin_convertvector(rf, v4d);
        const v4d p = x * y;
        const v4d s = p + dc;
        const v4d bv = s - p;
        const v4d err = (p - (s - bv)) + (dc - bv);
        const v4l inexact = (r - s) != err;
        const v4d mag = reinterpret_cast<v4d>(reinterpret_cast<v4l>(r) & abs_mask);
        const v4l fallback = ~(mag <= max_float) | (inexact & (mag <= min_normal));
        inexact_any |= inexact;
        fallback_any |= fallback;
    }
    bool any_inexact() const { return (inexact_any[0] | inexact_any[1] | inexact_any[2] | inexact_any[3]) != 0; }
    bool any_fallback() const {
        return (fallback_any[0] | fallback_any[1] | fallback_any[2] | fallback_any[3]) != 0;
    }
};

[[gnu::always_inline]] inline MacResult dot_codes_body(const float* at, const float* wt, uint32_t acc,
                                                     const uint8_t* a, const uint8_t* w, std::size_t n) {
    constexpr std::size_t block = 512;
    alignas(64) float xs[block], ys[block], cs[block + 4];
    unsigned flags = 0;
    float c = std::bit_cast<float>(acc);
    for (std::size_t base = 0; base < n; base += block) {
        const std::size_t len = std::min(block, n - base);
        const std::size_t padded = (len + 3) & ~std::size_t{3};
        cs[0] = c;
        float chain = c;  // kept in a register: the loop-carried path is the FMA alone
        BlockCheck check;
        // Four FMA steps, then the check of the previous four: the out-of-order core runs the
        // vector check in the shadow of the FMA latency. Padding steps are 0 * 0 + c: exact.
        for (std::size_t i = 0; i < padded; i += 4) {
            for (std::size_t j = i; j < i + 4; ++j) {
                const float x = j < len ? at[a[base + j]] : 0.0f;
                const float y = j < len ? wt[w[base + j]] : 0.0f;
                xs[j] = x;
                ys[j] = y;
                chain = __builtin_fmaf(x, y, chain);
                cs[j + 1] = chain;
            }
            if (i >= 4) check.check4(xs, ys, cs, i - 4);
        }
        check.check4(xs, ys, cs, padded - 4);
        if (check.any_fallback()) [[unlikely]] {
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
            flags |= check.any_inexact() ? flag::inexact : 0u;
        }
    }
    return {std::bit_cast<uint32_t>(c), static_cast<Flags>(flags)};
}

[[gnu::target("avx2,fma")]] MacResult dot_codes_avx2(const float* at, const float* wt, uint32_t acc,
                                                   const uint8_t* a, const uint8_t* w, std::size_t n) {
    return dot_codes_body(at, wt, acc, a, w, n);
}

MacResult dot_codes_generic(const float* at, const float* wt, uint32_t acc, const uint8_t* a, const uint8_t* w,
                            std::size_t n) {
    return dot_codes_body(at, wt, acc, a, w, n);
}

const bool cpu_has_avx2_fma = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");

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
    return cpu_has_avx2_fma ? dot_codes_avx2(act_table_.data(), wgt_table_.data(), acc, a, w, n)
                            : dot_codes_generic(act_table_.data(), wgt_table_.data(), acc, a, w, n);
}

}  // namespace ffp8
