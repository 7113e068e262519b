#include "oracle/dot.hpp"

#include <cstdlib>

#include "mpfr_support.hpp"

namespace oracle {

namespace {

// A product's class before the sum: a NaN, an infinity, or a finite value.
struct Term {
    Kind kind;
    bool negative;
    bool invalid;  // 0 * Inf
};

Term product_class(const ExactValue& a, const ExactValue& w) {
    const bool negative = a.negative != w.negative;
    if (a.kind == Kind::nan || w.kind == Kind::nan) return {Kind::nan, negative, false};
    if ((a.kind == Kind::inf && w.is_zero()) || (a.is_zero() && w.kind == Kind::inf)) return {Kind::nan, negative, true};
    if (a.kind == Kind::inf || w.kind == Kind::inf) return {Kind::inf, negative, false};
    return {Kind::finite, negative, false};
}

// Terms: 2^-298 .. below 2^262 for up to 2^100 products: 1024 bits hold every partial sum.
constexpr mpfr_prec_t exact_precision = 1024;

}  // namespace

MacOut dot(uint32_t acc_bits, const std::vector<ExactValue>& a, const std::vector<ExactValue>& w) {
    if (a.size() != w.size()) std::abort();
    const ExactValue acc = from_binary32(acc_bits);
    bool nan = acc.kind == Kind::nan, invalid = nan && acc.signalling;
    bool plus_inf = acc.kind == Kind::inf && !acc.negative, minus_inf = acc.kind == Kind::inf && acc.negative;
    for (std::size_t k = 0; k < a.size(); ++k) {
        const Term t = product_class(a[k], w[k]);
        nan = nan || t.kind == Kind::nan;
        invalid = invalid || t.invalid;
        if (t.kind == Kind::inf) (t.negative ? minus_inf : plus_inf) = true;
    }
    if (nan) return {canonical_nan32, invalid ? flag::invalid : 0u};
    if (plus_inf && minus_inf) return {canonical_nan32, flag::invalid};
    if (plus_inf) return {0x7F800000u, 0};
    if (minus_inf) return {0xFF800000u, 0};

    detail::Mpfr sum(exact_precision), x(64), y(64), product(128);
    detail::set_exact(sum.x, acc);
    bool all_negative_zero = acc.is_zero() && acc.negative;
    for (std::size_t k = 0; k < a.size(); ++k) {
        detail::set_exact(x.x, a[k]);
        detail::set_exact(y.x, w[k]);
        detail::require_exact(mpfr_mul(product.x, x.x, y.x, MPFR_RNDN));
        all_negative_zero = all_negative_zero && mpfr_zero_p(product.x) && (a[k].negative != w[k].negative);
        detail::require_exact(mpfr_add(sum.x, sum.x, product.x, MPFR_RNDN));
    }
    if (mpfr_zero_p(sum.x)) return {all_negative_zero ? 0x80000000u : 0u, 0};
    return detail::round_nonzero(sum.x);
}

}  // namespace oracle
