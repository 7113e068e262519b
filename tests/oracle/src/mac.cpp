#include "oracle/mac.hpp"

#include <bit>
#include <cstdlib>
#include <mpfr.h>

namespace oracle {

namespace {

// Binary32 in MPFR's convention (significand in [1/2, 1)): 24 bits, exponents -148 .. 128.
constexpr mpfr_prec_t binary32_precision = 24;
constexpr mpfr_exp_t binary32_emin = -148;
constexpr mpfr_exp_t binary32_emax = 128;
// acc + a*w spans at most 2^128 down to 2^-298 (two minimal subnormals): 640 bits hold it exactly.
constexpr mpfr_prec_t exact_precision = 640;

struct Mpfr {
    mpfr_t x;
    explicit Mpfr(mpfr_prec_t p) { mpfr_init2(x, p); }
    ~Mpfr() { mpfr_clear(x); }
    Mpfr(const Mpfr&) = delete;
    Mpfr& operator=(const Mpfr&) = delete;
};

void require_exact(int ternary) {
    if (ternary != 0) std::abort();  // the oracle's own precision would be wrong
}

void set_exact(mpfr_t out, const ExactValue& v) {
    require_exact(mpfr_set_ui_2exp(out, static_cast<unsigned long>(v.mant), v.exp, MPFR_RNDN));
    if (v.negative) mpfr_neg(out, out, MPFR_RNDN);
}

}  // namespace

ExactValue operand_value(const std::optional<FormatSpec>& format, uint32_t operand) {
    return format ? value_of(*format, operand & 0xFFu) : from_binary32(operand);
}

MacOut mac(uint32_t acc_bits, const ExactValue& a, const ExactValue& w) {
    const ExactValue acc = from_binary32(acc_bits);
    const bool product_negative = a.negative != w.negative;
    const bool zero_times_inf = (a.is_zero() && w.kind == Kind::inf) || (a.kind == Kind::inf && w.is_zero());
    const bool any_nan = acc.kind == Kind::nan || a.kind == Kind::nan || w.kind == Kind::nan;
    const bool any_signalling = (acc.kind == Kind::nan && acc.signalling) || (a.kind == Kind::nan && a.signalling) ||
                                (w.kind == Kind::nan && w.signalling);
    if (any_signalling || zero_times_inf) return {canonical_nan32, flag::invalid};
    if (any_nan) return {canonical_nan32, 0};
    if (a.kind == Kind::inf || w.kind == Kind::inf) {
        if (acc.kind == Kind::inf && acc.negative != product_negative) return {canonical_nan32, flag::invalid};
        return {product_negative ? 0xFF800000u : 0x7F800000u, 0};
    }
    if (acc.kind == Kind::inf) return {acc_bits, 0};

    Mpfr ma(64), mw(64), macc(64), product(128), sum(exact_precision);
    set_exact(ma.x, a);
    set_exact(mw.x, w);
    set_exact(macc.x, acc);
    require_exact(mpfr_mul(product.x, ma.x, mw.x, MPFR_RNDN));
    require_exact(mpfr_add(sum.x, macc.x, product.x, MPFR_RNDN));

    if (mpfr_zero_p(sum.x)) {
        // Exact zero: +0 unless both addends are -0.
        const bool negative = acc.is_zero() && acc.negative && mpfr_zero_p(product.x) && product_negative;
        return {negative ? 0x80000000u : 0u, 0};
    }

    // Round to 24 bits with the exponent unbounded: this is the value tininess is judged on.
    Mpfr r(binary32_precision), min_normal(binary32_precision);
    int ternary = mpfr_set(r.x, sum.x, MPFR_RNDN);
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

}  // namespace oracle
