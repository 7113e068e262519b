#include "oracle/encode.hpp"

#include <bit>

namespace oracle {

namespace {

struct Rounded {
    uint64_t n;  // the magnitude is n * 2^quantum_exp
    bool inexact;
};

// Rounds mant * 2^exp (a magnitude; `negative` only steers rdn/rup) to a multiple of 2^qe.
Rounded round_to_quantum(uint64_t mant, int exp, int qe, Rounding mode, bool negative) {
    if (exp >= qe) return {mant << (exp - qe), false};
    const int shift = qe - exp;
    uint64_t n, rem_cmp_half;  // rem_cmp_half: 0 below half, 1 exactly half, 2 above half
    bool inexact;
    if (shift > 40) {  // mant < 2^24 is below half of the quantum
        n = 0;
        inexact = mant != 0;
        rem_cmp_half = 0;
    } else {
        n = mant >> shift;
        const uint64_t rem = mant & ((uint64_t{1} << shift) - 1);
        const uint64_t half = uint64_t{1} << (shift - 1);
        inexact = rem != 0;
        rem_cmp_half = rem < half ? 0 : rem == half ? 1 : 2;
    }
    bool up = false;
    switch (mode) {
        case Rounding::rne: up = rem_cmp_half == 2 || (rem_cmp_half == 1 && (n & 1) != 0); break;
        case Rounding::rna: up = rem_cmp_half >= 1; break;
        case Rounding::rtz: up = false; break;
        case Rounding::rdn: up = inexact && negative; break;
        case Rounding::rup: up = inexact && !negative; break;
    }
    return {n + (up ? 1 : 0), inexact};
}

}  // namespace

Encoder::Encoder(const FormatSpec& f)
    : f_(f),
      has_nan_(has_nan(f)),
      has_inf_(has_inf(f)),
      has_negative_zero_(has_negative_zero(f)),
      canonical_nan_(canonical_nan_code(f)),
      max_finite_code_{max_finite_code(f, false), max_finite_code(f, true)},
      inf_code_{0, 0},
      max_finite_(value_of(f, max_finite_code(f, false))) {
    for (unsigned c = 0; c < code_count(f); ++c) {
        const ExactValue v = value_of(f, c);
        if (v.kind == Kind::inf) inf_code_[v.negative ? 1 : 0] = c;
    }
    if (!f.is_signed) inf_code_[1] = inf_code_[0];
}

unsigned Encoder::zero_code(bool negative) const { return negative && has_negative_zero_ ? sign_bit(f_) : 0x00u; }

// What an infinite result becomes: the Inf code, else the canonical NaN (fn, fnuz), else the
// largest finite magnitude (finite).
unsigned Encoder::infinity_result(bool negative) const {
    if (has_inf_) return inf_code_[negative ? 1 : 0];
    if (has_nan_) return canonical_nan_;
    return max_finite_code_[negative ? 1 : 0];
}

EncodeOut Encoder::operator()(uint32_t binary32, Rounding mode, bool saturate) const {
    const FormatSpec& f = f_;
    const ExactValue x = from_binary32(binary32);
    if (x.kind == Kind::nan) return has_nan_ ? EncodeOut{canonical_nan_, 0} : EncodeOut{0x00u, flag::invalid};
    // Unsigned formats: any negative input (also -Inf) is +0, inexact unless it was -0.
    if (!f.is_signed && x.negative) return {0x00u, x.is_zero() ? 0u : flag::inexact};
    const bool neg = x.negative;
    const bool saturating = saturate || f.policy == Policy::finite;
    if (x.kind == Kind::inf) return {saturating ? max_finite_code_[neg ? 1 : 0] : infinity_result(neg), 0};
    if (x.is_zero()) return {zero_code(neg), 0};

    const int emin = 1 - f.bias;                                   // exponent of the smallest normal
    const int q = x.exp + static_cast<int>(std::bit_width(x.mant)) - 1;  // |x| in [2^q, 2^(q+1))
    const int qe = (q > emin ? q : emin) - f.M;                    // quantum at |x| (gradual underflow)
    Rounded r = round_to_quantum(x.mant, x.exp, qe, mode, neg);

    // Tininess after rounding: |x| rounded to M+1 significant bits, exponent unbounded, < 2^emin.
    bool tiny = false;
    if (q < emin) {
        const Rounded u = round_to_quantum(x.mant, x.exp, q - f.M, mode, neg);
        tiny = q + 1 < emin || u.n < (uint64_t{1} << (f.M + 1));
    }

    const ExactValue rounded{Kind::finite, false, r.n, qe};
    if (compare_magnitude(rounded, max_finite_) > 0) {
        const unsigned flags = flag::overflow | flag::inexact;
        if (saturating) return {max_finite_code_[neg ? 1 : 0], flags};
        bool to_inf = false;
        switch (mode) {
            case Rounding::rne:
            case Rounding::rna: to_inf = true; break;
            case Rounding::rtz: to_inf = false; break;
            case Rounding::rdn: to_inf = neg; break;
            case Rounding::rup: to_inf = !neg; break;
        }
        return {to_inf ? infinity_result(neg) : max_finite_code_[neg ? 1 : 0], flags};
    }
    const unsigned flags = r.inexact ? flag::inexact | (tiny ? flag::underflow : 0u) : 0u;
    if (r.n == 0) return {zero_code(neg), flags};

    int e = qe;
    uint64_t n = r.n;
    if (n >= (uint64_t{1} << (f.M + 1))) {  // rounded up to the next power of two
        n >>= 1;
        ++e;
    }
    unsigned k, frac;
    if (n >= (uint64_t{1} << f.M)) {
        k = static_cast<unsigned>(e + f.M - emin + 1);
        frac = static_cast<unsigned>(n - (uint64_t{1} << f.M));
    } else {
        k = 0;  // only reachable at the subnormal quantum emin - M
        frac = static_cast<unsigned>(n);
    }
    const unsigned sign = neg ? sign_bit(f) : 0x00u;
    return {sign | (k << f.M) | frac, flags};
}

}  // namespace oracle
