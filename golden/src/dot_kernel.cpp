#include <bit>
#include <cmath>
#include <stdexcept>

#include "ffp8/binary32.hpp"
#include "ffp8/decode.hpp"
#include "ffp8/dot.hpp"

namespace ffp8 {

namespace {

// Every finite value of an FFP8 format is an integer multiple of its quantum 2^(1 - bias - M),
// the last place of its subnormals (and of its smallest normals).
int quantum_exponent(const Format& f) { return 1 - f.bias - f.M; }

// The tables of a format: code -> value (0 for NaN/Inf codes), code -> value / 2^quantum when that
// fits an int64, code -> NaN or Inf. Returns the bit width of the largest integer, or 63 when some
// value does not fit.
int code_tables(const Format& f, std::array<double, 256>& value, std::array<int64_t, 256>& units,
                std::array<uint8_t, 256>& special) {
    int width = 0;
    for (unsigned c = 0; c < f.code_count(); ++c) {  // entries at or above 2^n (no code) stay 0
        const uint32_t bits = decode(f, static_cast<uint8_t>(c));
        special[c] = b32::is_finite(bits) ? 0 : 1;
        value[c] = b32::is_finite(bits) ? static_cast<double>(b32::to_float(bits)) : 0.0;
        // Exact: the value is a binary32 and the scaling a power of two, within double's range.
        const double u = std::ldexp(value[c], -quantum_exponent(f));
        units[c] = std::fabs(u) < 0x1p62 ? static_cast<int64_t>(u) : 0;
        width = std::fabs(u) < 0x1p62
                    ? std::max(width, static_cast<int>(std::bit_width(static_cast<uint64_t>(std::llabs(units[c])))))
                    : 63;
    }
    return width;
}

}  // namespace

DotKernel::DotKernel(const Format& act, const Format& wgt) : act_(act), wgt_(wgt), mac_(act, wgt) {
    if (act.is_fp32 || wgt.is_fp32) throw std::invalid_argument("DotKernel takes FFP8 formats only");
    const int act_width = code_tables(act, act_value_, act_int_, act_special_);
    const int wgt_width = code_tables(wgt, wgt_value_, wgt_int_, wgt_special_);
    // n products of at most act_width + wgt_width bits sum below 2^62 when n <= 2^(62 - width).
    const int headroom = 62 - act_width - wgt_width;
    max_integer_lanes_ = headroom < 0 ? 0 : headroom >= 20 ? (1 << 20) : (1 << headroom);
    has_special_ = act.has_inf() || act.has_nan() || wgt.has_inf() || wgt.has_nan();
    scale_ = std::ldexp(1.0, quantum_exponent(act) + quantum_exponent(wgt));
}

MacResult DotKernel::operator()(uint32_t acc, const uint8_t* a, const uint8_t* w, int n) const {
    return chunk(acc, a, w, n);
}

namespace {

struct RoundedSum {
    float r;
    bool inexact;
};

// binary32 rounding (nearest even) of p + c, p and c doubles. TwoSum gives p + c as s + err
// exactly, and rounding s to odd (setting its last bit when err != 0: the exact value lies strictly
// between s and its neighbour on err's side) before the conversion to binary32 makes that single
// conversion round p + c correctly, since double has more than 24 + 1 bits (round-to-odd theorem;
// also for binary32 subnormal results, whose last place is far above double's there). This file is
// built with -ffp-contract=off (global), so TwoSum stays plain sums.
[[gnu::always_inline]] inline RoundedSum round_sum(double p, double c) {
    const double s = p + c;
    const double bv = s - p;
    const double err = (p - (s - bv)) + (c - bv);
    uint64_t s_bits = std::bit_cast<uint64_t>(s);
    if (err != 0.0 && (s_bits & 1) == 0) s_bits += (err > 0.0) == (s > 0.0) ? 1 : -1;
    const double odd = std::bit_cast<double>(s_bits);
    const float r = static_cast<float>(odd);
    return {r, err != 0.0 || static_cast<double>(r) != odd};
}

constexpr int64_t exact_double_limit = int64_t{1} << 53;

}  // namespace

// One rounding of acc + sum of n products. The products' sum p is exact: from the integer sum S
// (S * scale_ is an exact double while |S| < 2^53; scale_ >= 2^-298 keeps it normal), or, for
// format pairs too wide for 64-bit integers, from double sums whose TwoSum errors are all zero
// (each product is exact in double: at most 16 significant bits, magnitudes 2^-298 .. 2^256).
MacResult DotKernel::chunk(uint32_t acc, const uint8_t* a, const uint8_t* w, int n) const {
    if (!b32::is_finite(acc)) return dot_exact(act_, wgt_, acc, a, w, n);
    unsigned special = 0;
    if (has_special_)
        for (int k = 0; k < n; ++k) special |= act_special_[a[k]] | wgt_special_[w[k]];
    if (special) return dot_exact(act_, wgt_, acc, a, w, n);
    double p = 0;
    if (n <= max_integer_lanes_) {
        int64_t sum = 0;
        for (int k = 0; k < n; ++k) sum += act_int_[a[k]] * wgt_int_[w[k]];
        if (sum >= exact_double_limit || sum <= -exact_double_limit) return dot_exact(act_, wgt_, acc, a, w, n);
        p = static_cast<double>(sum) * scale_;
    } else {
        double err = 0;
        for (int k = 0; k < n; ++k) {
            const double q = act_value_[a[k]] * wgt_value_[w[k]];
            const double s = p + q, bv = s - p;
            err += std::fabs((p - (s - bv)) + (q - bv));
            p = s;
        }
        if (err != 0.0) return dot_exact(act_, wgt_, acc, a, w, n);
    }
    if (p == 0.0) {
        // acc + 0 is acc, except that -0 + (products all -0 or not) needs the products' signs.
        if (acc == b32::sign_mask) return dot_exact(act_, wgt_, acc, a, w, n);
        return {acc, 0};
    }
    const RoundedSum rs = round_sum(p, static_cast<double>(b32::to_float(acc)));
    const float mag = std::fabs(rs.r);
    if (mag > 0x1.fffffep127f) return {b32::from_float(rs.r), static_cast<Flags>(flag::overflow | flag::inexact)};
    // Inexact at or below 2^-126: tininess after rounding needs the exact rule.
    if (rs.inexact && mag <= 0x1p-126f) return dot_exact(act_, wgt_, acc, a, w, n);
    return {b32::from_float(rs.r), rs.inexact ? flag::inexact : Flags{0}};
}

// A long vector in blocks of chunks: first every chunk's exact integer sum (independent of the
// others), then the dependent chain acc <- float(p + acc) (three instructions of latency, as a
// native loop, but it may round twice) with the full check of the chunk four steps behind it
// (round_sum and chunk()'s fallback conditions), which does not wait for the chain. Where the
// chain and round_sum agree and no chunk needs dot_exact (a special code, |S| >= 2^53, a -0 acc
// with a zero sum, overflow, an inexact tiny result), the chain is the answer; otherwise the block
// is redone chunk by chunk.
template <int Lanes>
MacResult DotKernel::blocked_dot(uint32_t acc, const uint8_t* a, const uint8_t* w, std::size_t n, int lanes) const {
    constexpr std::size_t block = 256;
    const std::size_t step = Lanes > 0 ? static_cast<std::size_t>(Lanes) : static_cast<std::size_t>(lanes);
    alignas(64) double ps[block];
    alignas(64) int64_t sums[block];
    alignas(64) float cs[block + 1];
    unsigned flags = 0;
    const std::size_t full = n / step;  // whole chunks; the n % step rest is one more chunk
    for (std::size_t base = 0; base < full; base += block) {
        const std::size_t m = std::min(block, full - base);
        const uint8_t* ab = a + base * step;
        const uint8_t* wb = w + base * step;
        unsigned special = 0;
        if (has_special_)
            for (std::size_t i = 0; i < m * step; ++i) special |= act_special_[ab[i]] | wgt_special_[wb[i]];
        for (std::size_t j = 0; j < m; ++j) {
            int64_t sum = 0;
            for (std::size_t k = 0; k < step; ++k) sum += act_int_[ab[j * step + k]] * wgt_int_[wb[j * step + k]];
            sums[j] = sum;
            ps[j] = static_cast<double>(sum) * scale_;
        }
        // The check of chunk j needs cs[j] and cs[j + 1] only: run `lag` chunks behind, it fills
        // the chain's latency.
        constexpr std::size_t lag = 4;
        bool redo = special || !b32::is_finite(acc);
        bool inexact = false;
        const auto check = [&](std::size_t j) {
            const RoundedSum rs = round_sum(ps[j], static_cast<double>(cs[j]));
            const float mag = std::fabs(rs.r);
            redo |= sums[j] >= exact_double_limit || sums[j] <= -exact_double_limit ||
                    (sums[j] == 0 && b32::from_float(cs[j]) == b32::sign_mask) ||
                    b32::from_float(rs.r) != b32::from_float(cs[j + 1]) || !(mag <= 0x1.fffffep127f) ||
                    (rs.inexact && mag <= 0x1p-126f);
            inexact |= rs.inexact;
        };
        float c = b32::to_float(acc);
        cs[0] = c;
        for (std::size_t j = 0; j < m; ++j) {
            c = static_cast<float>(ps[j] + static_cast<double>(c));
            cs[j + 1] = c;
            if (j >= lag) check(j - lag);
        }
        for (std::size_t j = m > lag ? m - lag : 0; j < m; ++j) check(j);
        if (redo) [[unlikely]] {
            for (std::size_t j = 0; j < m; ++j) {
                const MacResult r = chunk(acc, ab + j * step, wb + j * step, static_cast<int>(step));
                acc = r.bits;
                flags |= r.flags;
            }
        } else {
            acc = b32::from_float(cs[m]);
            flags |= inexact ? flag::inexact : 0u;
        }
    }
    if (n % step) {
        const MacResult r = chunk(acc, a + full * step, w + full * step, static_cast<int>(n % step));
        acc = r.bits;
        flags |= r.flags;
    }
    return {acc, static_cast<Flags>(flags)};
}

MacResult DotKernel::dot(uint32_t acc, const uint8_t* a, const uint8_t* w, std::size_t n, int lanes) const {
    if (lanes < 1) throw std::invalid_argument("DotKernel::dot needs lanes >= 1");
    if (lanes == 1) return mac_.dot(acc, a, w, n);
    if (lanes <= max_integer_lanes_) {
        switch (lanes) {
            case 2: return blocked_dot<2>(acc, a, w, n, lanes);
            case 4: return blocked_dot<4>(acc, a, w, n, lanes);
            case 8: return blocked_dot<8>(acc, a, w, n, lanes);
            case 16: return blocked_dot<16>(acc, a, w, n, lanes);
            default: return blocked_dot<0>(acc, a, w, n, lanes);
        }
    }
    unsigned flags = 0;
    const std::size_t step = static_cast<std::size_t>(lanes);
    for (std::size_t i = 0; i < n; i += step) {
        const MacResult r = chunk(acc, a + i, w + i, static_cast<int>(std::min(step, n - i)));
        acc = r.bits;
        flags |= r.flags;
    }
    return {acc, static_cast<Flags>(flags)};
}

}  // namespace ffp8
