#include "oracle/mac.hpp"

#include "mpfr_support.hpp"

namespace oracle {

using detail::Mpfr;
using detail::require_exact;
using detail::set_exact;

// acc + a*w spans at most 2^128 down to 2^-298 (two minimal subnormals): 640 bits hold it exactly.
constexpr mpfr_prec_t exact_precision = 640;

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

    return detail::round_nonzero(sum.x);
}

}  // namespace oracle
