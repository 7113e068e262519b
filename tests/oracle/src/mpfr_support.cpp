#include "mpfr_support.hpp"

#include <bit>
#include <cstdlib>

namespace oracle::detail {

// Binary32 in MPFR's convention (significand in [1/2, 1)): 24 bits, exponents -148 .. 128.
constexpr mpfr_prec_t binary32_precision = 24;
constexpr mpfr_exp_t binary32_emin = -148;
constexpr mpfr_exp_t binary32_emax = 128;

void require_exact(int ternary) {
    if (ternary != 0) std::abort();  // the oracle's own precision would be wrong
}

void set_exact(mpfr_t out, const ExactValue& v) {
    require_exact(mpfr_set_ui_2exp(out, static_cast<unsigned long>(v.mant), v.exp, MPFR_RNDN));
    if (v.negative) mpfr_neg(out, out, MPFR_RNDN);
}
MacOut round_nonzero(const mpfr_t sum) {
    // Round to 24 bits with the exponent unbounded: this is the value tininess is judged on.
    Mpfr r(binary32_precision), min_normal(binary32_precision);
    int ternary = mpfr_set(r.x, sum, MPFR_RNDN);
    mpfr_set_ui_2exp(min_normal.x, 1, -126, MPFR_RNDN);
    const bool tiny = mpfr_cmpabs(r.x, min_normal.x) < 0;

    // Then into binary32's exponent range, with subnormals and overflow, without double rounding.
    const mpfr_exp_t old_emin = mpfr_get_emin(), old_emax = mpfr_get_emax();
    mpfr_set_emin(binary32_emin);
    mpfr_set_emax(binary32_emax);
    ternary = mpfr_check_range(r.x, ternary, MPFR_RNDN);
    ternary = mpfr_subnormalize(r.x, ternary, MPFR_RNDN);
    mpfr_set_emin(old_emin);
    mpfr_set_emax(old_emax);

    const bool inexact = ternary != 0;
    const bool overflow = mpfr_inf_p(r.x) != 0;
    unsigned flags = 0;
    if (inexact) flags |= flag::inexact;
    if (inexact && tiny) flags |= flag::underflow;
    if (overflow) flags |= flag::overflow;

    const uint32_t sign = mpfr_signbit(r.x) ? 0x80000000u : 0u;
    if (overflow) return {sign | 0x7F800000u, flags};
    if (mpfr_zero_p(r.x)) return {sign, flags};
    const float f = mpfr_get_flt(r.x, MPFR_RNDN);
    Mpfr back(binary32_precision);
    mpfr_set_flt(back.x, f, MPFR_RNDN);
    if (mpfr_cmp(back.x, r.x) != 0) std::abort();  // r must be a binary32 already
    return {std::bit_cast<uint32_t>(f), flags};
}

}  // namespace oracle::detail
