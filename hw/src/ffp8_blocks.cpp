#include "ffp8_blocks.hpp"

#include "arith.hpp"

namespace ffp8::hw::blocks {

using rtl::cat;
using rtl::eq_const;
using rtl::lit;
using rtl::mux;
using rtl::reduce_and;
using rtl::reduce_or;
using rtl::sext;
using rtl::shl;
using rtl::shr;
using rtl::zeros;
using rtl::zext;

namespace {

constexpr uint64_t canonical_nan = 0x7FC00000u;
uint64_t tc(int v, int width) { return static_cast<uint64_t>(v) & ((uint64_t{1} << width) - 1); }

// A small significand sig (n <= 8 bits) weighing 2^exp_lsb at bit 0 (exp_lsb: 11-bit two's
// complement) -> the binary32 magnitude bits[30:0]. Exact for every legal FFP8 format.
// `may_be_subnormal` false (a static format whose smallest value is >= 2^-126) prunes the
// binary32-subnormal path.
Expr small_to_binary32(Module& m, const Expr& sig, const Expr& exp_lsb, bool may_be_subnormal) {
    const int n = sig.width;
    const Expr sig_zero = m.wire("sig_zero", eq_const(sig, 0));
    const Expr lz = leading_zeros(m, "sig_lz", sig);
    // Biased exponent of the leading one: exp_lsb + (n - 1 - lz) + 127.
    const Expr biased = m.wire("biased_exp", exp_lsb + lit(11, static_cast<uint64_t>(n - 1 + 127)) - zext(lz, 11));
    const Expr norm = shift_left(m, "sig_norm", sig, lz);
    const Expr frac_normal =
        m.wire("frac_normal", n == 1 ? lit(23, 0) : cat({norm.slice(n - 2, 0), zeros(23 - (n - 1))}));
    if (n == 1) m.sink_unused(norm);
    else m.sink_unused(norm.top());
    if (!may_be_subnormal) {
        m.sink_unused(biased.slice(10, 8));
        return m.wire("magnitude", mux(sig_zero, lit(31, 0), cat({biased.slice(7, 0), frac_normal})));
    }
    const Expr normal = m.wire("is_normal", (!biased.top()) & (biased != lit(11, 0)) & !sig_zero);
    // binary32 subnormal: value = bits * 2^-149, shift = exp_lsb + 149 (0..22 when legal)
    const Expr sub_shift = m.wire("sub_shift", exp_lsb + lit(11, 149));
    const Expr frac_sub = m.wire("frac_subnormal", shl(cat({zeros(23 - n), sig}), sub_shift.slice(4, 0)));
    m.sink_unused(sub_shift.slice(10, 5));
    m.sink_unused(biased.slice(9, 8));
    return m.wire("magnitude", mux(normal, cat({biased.slice(7, 0), frac_normal}), cat({lit(8, 0), frac_sub})));
}

}  // namespace

Module static_decoder(const std::string& name, const Format& f) {
    Module m(name, "FFP8 decoder, format " + f.name() + " (constants folded): code -> binary32, exact.");
    const Expr code = m.input("code", 8);
    const Expr bits = m.output("bits", 32, "binary32 value; NaN codes give 0x7FC00000");
    const int E = f.E, M = f.M;
    const Expr sign = f.is_signed ? m.wire("sign", code.bit(7)) : lit(1, 0);
    const Expr k = m.wire("exp_field", code.slice(E + M - 1, M));
    const Expr fr = M > 0 ? m.wire("frac_field", code.slice(M - 1, 0)) : Expr{};
    const Expr k_zero = m.wire("exp_zero", eq_const(k, 0));
    const Expr sig = m.wire("sig", M > 0 ? cat({!k_zero, fr}) : !k_zero);
    // exp_lsb = max(k, 1) - bias - M
    const Expr k1 = E == 1 ? lit(1, 1) : m.wire("exp_eff", cat({k.slice(E - 1, 1), k.bit(0) | k_zero}));
    if (E == 1) m.sink_unused(k);
    const Expr exp_lsb = m.wire("exp_lsb", zext(k1, 11) + lit(11, tc(-f.bias - M, 11)));
    // Smallest nonzero value 2^(1 - bias - M): a binary32 normal unless bias > 127 - M.
    const Expr mag = small_to_binary32(m, sig, exp_lsb, f.bias > 127 - M);

    Expr value = cat({sign, mag});
    const Expr k_max = m.wire("exp_all_ones", reduce_and(k));
    switch (f.policy) {
        case Policy::finite: m.sink_unused(k_max); break;
        case Policy::ieee: {
            const Expr f_zero = M > 0 ? m.wire("frac_zero", eq_const(fr, 0)) : lit(1, 1);
            const Expr inf = m.wire("is_inf", k_max & f_zero);
            const Expr nan = m.wire("is_nan", k_max & !f_zero);
            value = mux(nan, lit(32, canonical_nan), mux(inf, cat({sign, lit(31, 0x7F800000u)}), value));
            break;
        }
        case Policy::fn: {
            const Expr nan = m.wire("is_nan", k_max & reduce_and(fr));
            value = mux(nan, lit(32, canonical_nan), value);
            break;
        }
        case Policy::fnuz: {
            m.sink_unused(k_max);
            const Expr nan = m.wire("is_nan", eq_const(code, 0x80));
            value = mux(nan, lit(32, canonical_nan), value);
            break;
        }
    }
    if (!f.is_signed && E + M < 8) m.sink_unused(code.slice(7, E + M));
    m.assign_output(bits, value);
    return m;
}

Module runtime_decoder(const std::string& name) {
    Module m(name, "FFP8 decoder, format from ports: code -> binary32, exact for every legal format.");
    const Expr code = m.input("code", 8);
    const Expr is_signed = m.input("fmt_signed", 1, "1: bit 7 is the sign");
    const Expr e = m.input("fmt_exp_bits", 4, "E, exponent field width");
    const Expr bias = m.input("fmt_bias", 9, "bias, two's complement");
    const Expr policy = m.input("fmt_policy", 2, "0 finite, 1 ieee, 2 fn, 3 fnuz");
    const Expr ok = m.input("fmt_ok", 1, "format is legal (else every code decodes to NaN)");
    const Expr bits = m.output("bits", 32, "binary32 value; NaN codes and illegal formats give 0x7FC00000");

    const Expr mag8 = m.wire("mag8", mux(is_signed, cat({lit(1, 0), code.slice(6, 0)}), code));
    const Expr frac_bits = m.wire("frac_bits", lit(4, 8) - zext(is_signed, 4) - e);  // M
    const Expr k = m.wire("exp_field", shr(mag8, frac_bits));
    const Expr fmask = m.wire("frac_mask", ~shl(lit(8, 0xFF), frac_bits));
    const Expr fr = m.wire("frac_field", mag8 & fmask);
    const Expr k_zero = m.wire("exp_zero", eq_const(k, 0));
    const Expr k_all = m.wire("exp_all_ones_value", shl(lit(9, 1), e) - lit(9, 1));
    m.sink_unused(k_all.bit(8));
    const Expr k_max = m.wire("exp_all_ones", k == k_all.slice(7, 0));
    const Expr f_zero = m.wire("frac_zero", eq_const(fr, 0));
    const Expr f_ones = m.wire("frac_all_ones", fr == fmask);
    const Expr sig = m.wire("sig", fr | shl(cat({lit(7, 0), !k_zero}), frac_bits));
    const Expr k1 = m.wire("exp_eff", mux(k_zero, lit(8, 1), k));
    const Expr exp_lsb = m.wire("exp_lsb", zext(k1, 11) - sext(bias, 11) - zext(frac_bits, 11));
    const Expr mag = small_to_binary32(m, sig, exp_lsb, true);

    const Expr pol_ieee = m.wire("policy_ieee", eq_const(policy, 1));
    const Expr nan = m.wire("is_nan", (pol_ieee & k_max & !f_zero) | (eq_const(policy, 2) & k_max & f_ones) |
                                          (eq_const(policy, 3) & eq_const(code, 0x80)));
    const Expr inf = m.wire("is_inf", pol_ieee & k_max & f_zero);
    const Expr sign = m.wire("sign", is_signed & code.bit(7));
    m.assign_output(bits, mux((!ok) | nan, lit(32, canonical_nan), mux(inf, cat({sign, lit(31, 0x7F800000u)}), cat({sign, mag}))));
    return m;
}

Module format_check(const std::string& name) {
    Module m(name, "FFP8 runtime format legality (SPEC section 1): E range, policy rules, legal bias range.");
    const Expr is_signed = m.input("fmt_signed", 1);
    const Expr e = m.input("fmt_exp_bits", 4);
    const Expr bias = m.input("fmt_bias", 9);
    const Expr policy = m.input("fmt_policy", 2);
    const Expr ok = m.output("ok", 1);
    const Expr e_ok = m.wire("exp_bits_ok", (e != lit(4, 0)) & (e <= mux(is_signed, lit(4, 7), lit(4, 8))));
    const Expr frac_bits = m.wire("frac_bits", lit(4, 8) - zext(is_signed, 4) - e);
    const Expr ieee = m.wire("policy_ieee", eq_const(policy, 1));
    const Expr policy_ok = m.wire("policy_ok", mux(ieee, e >= lit(4, 2),
                                                   mux(eq_const(policy, 2), frac_bits != lit(4, 0),
                                                       mux(eq_const(policy, 3), is_signed, lit(1, 1)))));
    // Largest finite exponent field k_max = 2^E - 1 - ieee; legal bias: k_max - 127 .. 150 - M.
    const Expr k_max = m.wire("exp_max_finite", shl(lit(11, 1), e) - lit(11, 1) - zext(ieee, 11));
    const Expr b = m.wire("bias_ext", sext(bias, 11));
    const Expr above_min = m.wire("bias_minus_min", b - (k_max - lit(11, 127)));
    const Expr below_max = m.wire("max_minus_bias", lit(11, 150) - zext(frac_bits, 11) - b);
    m.assign_output(ok, e_ok & policy_ok & !above_min.top() & !below_max.top());
    m.sink_unused(above_min.slice(9, 0));
    m.sink_unused(below_max.slice(9, 0));
    return m;
}

Module static_encoder(const std::string& name, const Format& f) {
    Module m(name, "FFP8 encoder, format " + f.name() + ": binary32 -> code, round to nearest even, saturating.");
    const Expr x = m.input("x", 32);
    const Expr code = m.output("code", 8);
    const int E = f.E, M = f.M;
    const Expr sgn = m.wire("sign", x.bit(31));
    const Expr ef = m.wire("exp_field", x.slice(30, 23));
    const Expr fr = m.wire("frac_field", x.slice(22, 0));
    const Expr ef_zero = m.wire("exp_zero", eq_const(ef, 0));
    const Expr ef_max = m.wire("exp_max", reduce_and(ef));
    const Expr fr_zero = m.wire("frac_zero", eq_const(fr, 0));
    const Expr is_nan = m.wire("is_nan", ef_max & !fr_zero);
    const Expr is_inf = m.wire("is_inf", ef_max & fr_zero);
    const Expr is_zero = m.wire("is_zero", ef_zero & fr_zero);
    const Expr sig = m.wire("sig", cat({!ef_zero, fr}));
    const Expr ex1 = m.wire("exp_eff", cat({lit(4, 0), ef.slice(7, 1), ef.bit(0) | ef_zero}));
    // Formats reaching below 2^-126 need binary32 subnormal inputs normalised; others do not.
    Expr sig_n = sig, exp_n = ex1;
    if (f.emin() < -126) {
        const Expr lz = leading_zeros(m, "sig_lz", sig);
        sig_n = shift_left(m, "sig_norm", sig, lz);
        exp_n = m.wire("exp_norm", ex1 - zext(lz, 12));
    }
    // The quantum is 2^(max(e, emin) - M): right shift of the 24-bit significand by (23 - M) plus
    // the distance below emin (exponent field 128 - bias).
    const Expr below = m.wire("below_emin", lit(12, tc(128 - f.bias, 12)) - exp_n);
    const Expr sub = m.wire("is_subnormal", (!below.top()) & (below != lit(12, 0)));
    const Expr extra = m.wire("extra_shift", mux(sub, mux(reduce_or(below.slice(10, 5)), lit(5, 31), below.slice(4, 0)), lit(5, 0)));
    const Expr total = m.wire("total_shift", zext(extra, 6) + lit(6, static_cast<uint64_t>(23 - M)));
    const Expr shifted = shift_right_sticky(m, "sig_shifted", cat({sig_n, lit(2, 0)}), total);
    const Expr mant = m.wire("mant", shifted.slice(M + 2, 2));
    m.sink_unused(shifted.slice(25, M + 3));
    const Expr round_up = m.wire("round_up", shifted.bit(1) & (shifted.bit(0) | mant.bit(0)));
    const Expr mant_r = m.wire("mant_rounded", zext(mant, M + 2) + zext(round_up, M + 2));
    // code magnitude = ((k - 1) << M) + mant_r (the hidden bit carries into the exponent field)
    const Expr k_base = m.wire("exp_base", mux(sub, lit(12, 0), exp_n + lit(12, tc(f.bias - 128, 12))));
    const int wide = 12 + M;
    const Expr mag = m.wire("mag_wide", (M > 0 ? cat({k_base, zeros(M)}) : k_base) + zext(mant_r, wide));
    const uint64_t max_mag = f.max_finite_code(false) & (f.is_signed ? 0x7Fu : 0xFFu);
    const Expr over = m.wire("overflow", mag > lit(wide, max_mag));
    const Expr mag_sat = m.wire("mag_sat", mux(is_zero, lit(E + M, 0), mux(over | is_inf, lit(E + M, max_mag), mag.slice(E + M - 1, 0))));
    const Expr nan_code = lit(8, f.has_nan() ? f.canonical_nan() : 0);
    Expr value;
    if (f.is_signed) {
        const Expr neg = f.policy == Policy::fnuz ? sgn & (mag_sat != lit(E + M, 0)) : sgn;
        value = cat({neg, mag_sat});
    } else {
        value = mux(sgn, lit(8, 0), mag_sat);
    }
    m.assign_output(code, mux(is_nan, nan_code, value));
    return m;
}

}  // namespace ffp8::hw::blocks
