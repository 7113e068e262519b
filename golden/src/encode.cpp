#include "ffp8/encode.hpp"

#include <algorithm>

#include "ffp8/binary32.hpp"
#include "round_magnitude.hpp"

namespace ffp8 {

namespace {

// What an overflow (or an Inf input without saturation) turns into.
uint8_t infinity_or_substitute(const Format& f, bool negative) {
    if (f.has_inf()) return f.inf_code(negative);
    if (f.policy == Policy::fn || f.policy == Policy::fnuz) return f.canonical_nan();
    return f.max_finite_code(negative);  // `finite`
}

}  // namespace

EncodeResult encode(const Format& f, uint32_t x, Rounding mode, bool saturate) {
    if (f.policy == Policy::finite) saturate = true;
    const bool negative = b32::sign(x);

    if (b32::is_nan(x)) {
        if (f.has_nan()) return {f.canonical_nan(), 0};
        return {0x00, flag::invalid};
    }
    if (!f.is_signed && negative) return {0x00, b32::is_zero(x) ? Flags{0} : flag::inexact};
    if (b32::is_inf(x)) {
        if (saturate) return {f.max_finite_code(negative), 0};
        return {infinity_or_substitute(f, negative), 0};
    }
    if (b32::is_zero(x)) return {f.zero_code(negative), 0};

    // value = sig * 2^exp
    const uint32_t biased = (x & b32::exp_mask) >> 23;
    const uint64_t sig = biased == 0 ? (x & b32::frac_mask) : ((x & b32::frac_mask) | 0x800000u);
    const int exp = biased == 0 ? -149 : static_cast<int>(biased) - 150;
    const int e = exp + (63 - __builtin_clzll(sig));  // exponent of the leading bit
    const int emin = f.emin();

    // Round to M fraction bits at the value's own exponent, gradual below emin.
    const int qe = std::max(e, emin) - f.M;
    const auto [m0, inexact] = detail::round_magnitude(sig, qe - exp, mode, negative);
    Flags flags = inexact ? flag::inexact : Flags{0};

    // Tininess after rounding: rounding with unbounded exponent lands below 2^emin.
    if (inexact && e < emin) {
        const auto unbounded = detail::round_magnitude(sig, (e - f.M) - exp, mode, negative);
        // unbounded.m * 2^(e - M) < 2^emin  <=>  unbounded.m < 2^(emin - e + M)
        const int limit = emin - e + f.M;
        const bool tiny = limit > 62 || unbounded.m < (uint64_t{1} << limit);
        if (tiny) flags |= flag::underflow;
    }

    uint64_t m = m0;
    int q = qe;
    if (m == 0) return {f.zero_code(negative), flags};
    if (m == (uint64_t{1} << (f.M + 1))) {  // rounding carried into the next binade
        m >>= 1;
        ++q;
    }
    unsigned k, frac;
    if (m < (uint64_t{1} << f.M)) {  // subnormal (q == emin - M)
        k = 0;
        frac = static_cast<unsigned>(m);
    } else {
        const long kk = static_cast<long>(q) + f.M + f.bias;
        const bool over = kk > f.k_max_finite() ||
                          (kk == f.k_max_finite() &&
                           (m - (uint64_t{1} << f.M)) > static_cast<uint64_t>(f.f_max_finite()));
        if (over) {
            flags = flag::overflow | flag::inexact;
            if (saturate) return {f.max_finite_code(negative), flags};
            bool to_infinity = false;
            switch (mode) {
                case Rounding::rne:
                case Rounding::rna: to_infinity = true; break;
                case Rounding::rtz: to_infinity = false; break;
                case Rounding::rdn: to_infinity = negative; break;
                case Rounding::rup: to_infinity = !negative; break;
            }
            return {to_infinity ? infinity_or_substitute(f, negative) : f.max_finite_code(negative), flags};
        }
        k = static_cast<unsigned>(kk);
        frac = static_cast<unsigned>(m - (uint64_t{1} << f.M));
    }
    const unsigned mag = (k << f.M) | frac;
    return {static_cast<uint8_t>(mag | (negative ? f.sign_mask() : 0u)), flags};
}

}  // namespace ffp8
