#include "ffp8_blocks.hpp"

#include "arith.hpp"
#include "fma_blocks.hpp"

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

uint64_t tc(int v, int width) { return static_cast<uint64_t>(v) & ((uint64_t{1} << width) - 1); }

// FFP8 codes keep a subnormal's leading zeros (the FMA core allows up to 7, fma_blocks.hpp).
UnpackedOperand ffp8_unpacked_ports(Module& m) {
    return unpacked_operand_ports(m, "significand, hidden bit at bit 23 (0 for a subnormal code): not normalised");
}

// The sign and class ports of an FFP8 operand: a zero magnitude is zero unless its code is NaN
// (fnuz 0x80); FFP8 NaN codes are quiet, so is_snan is 0.
void assign_ffp8_class(Module& m, const UnpackedOperand& out, const Expr& sign, const Expr& mag_zero, const Expr& inf,
                       const Expr& nan) {
    m.assign_output(out.sign, sign);
    m.assign_output(out.is_zero, mag_zero & !nan);
    m.assign_output(out.is_inf, inf);
    m.assign_output(out.is_nan, nan);
    m.assign_output(out.is_snan, lit(1, 0));
}

}  // namespace

Module static_unpack(const std::string& name, const Format& f) {
    Module m(name, "FFP8 operand unpack, format " + f.name() + " (constants folded): code -> the FMA's unpacked operand.");
    const Expr code = m.input("code", f.width());  // n bits: 8, or 4..7 for a narrow format
    const UnpackedOperand out = ffp8_unpacked_ports(m);
    const int E = f.E, M = f.M;
    const Expr k = m.wire("exp_field", code.slice(E + M - 1, M));
    const Expr fr = M > 0 ? m.wire("frac_field", code.slice(M - 1, 0)) : Expr{};
    const Expr k_zero = m.wire("exp_zero", eq_const(k, 0));
    // The significand as the binary32 datapath holds it: hidden bit at 23, fraction below it.
    m.assign_output(out.sig_n, M > 0 ? cat({!k_zero, fr, zeros(23 - M)}) : cat({!k_zero, zeros(23)}));
    // exp_n = max(k, 1) - bias + 127: a subnormal code's bit 23 weighs 2^(1 - bias).
    const Expr k1 = E == 1 ? lit(1, 1) : m.wire("exp_eff", cat({k.slice(E - 1, 1), k.bit(0) | k_zero}));
    m.assign_output(out.exp_n, zext(k1, 10) + lit(10, tc(127 - f.bias, 10)));

    const Expr k_max = m.wire("exp_all_ones", reduce_and(k));
    Expr nan = lit(1, 0), inf = lit(1, 0);
    switch (f.policy) {
        case Policy::finite: m.sink_unused(k_max); break;
        case Policy::ieee: {
            const Expr f_zero = M > 0 ? m.wire("frac_zero", eq_const(fr, 0)) : lit(1, 1);
            inf = m.wire("code_inf", k_max & f_zero);
            nan = m.wire("code_nan", k_max & !f_zero);
            break;
        }
        case Policy::fn: nan = m.wire("code_nan", k_max & reduce_and(fr)); break;
        case Policy::fnuz:
            m.sink_unused(k_max);
            nan = m.wire("code_nan", eq_const(code, f.sign_mask()));
            break;
    }
    if (E == 1) m.sink_unused(k);
    assign_ffp8_class(m, out, f.is_signed ? code.bit(f.width() - 1) : lit(1, 0), eq_const(code.slice(E + M - 1, 0), 0),
                      inf, nan);
    return m;
}

Module runtime_unpack(const std::string& name) {
    Module m(name, "FFP8 operand unpack, format from ports: code -> the FMA's unpacked operand, every legal format "
                   "of 4 to 8 bits (the code in the low n bits of the lane).");
    const Expr code = m.input("code", 8);
    const Expr is_signed = m.input("fmt_signed", 1, "1: bit n - 1 is the sign");
    const Expr e = m.input("fmt_exp_bits", 4, "E, exponent field width");
    const Expr frac = m.input("fmt_frac_bits", 3, "M, fraction field width (n = signed + E + M)");
    const Expr bias = m.input("fmt_bias", 9, "bias, two's complement");
    const Expr policy = m.input("fmt_policy", 2, "0 finite, 1 ieee, 2 fn, 3 fnuz");
    const Expr ok = m.input("fmt_ok", 1, "format is legal (else every code unpacks to NaN)");
    const UnpackedOperand out = ffp8_unpacked_ports(m);

    // Shifting the code left by 8 - M (1 + ~M: a fixed shift and one by the port itself, no
    // arithmetic in front of the shifter) left-aligns the fraction in bits [7:1] and puts the
    // exponent field k in bits [E+7:8], the sign (if any) just above it, bits above the code's n
    // higher still.
    const Expr fields = shift_left(m, "fields", cat({lit(7, 0), code, lit(1, 0)}), ~frac);
    const Expr k_ones = m.wire("exp_ones_value", ~shl(lit(8, 0xFF), e));  // 2^E - 1: k's mask
    const Expr k = m.wire("exp_field", fields.slice(15, 8) & k_ones);
    const Expr fr = m.wire("frac_left", fields.slice(7, 1));
    m.sink_unused(fields.bit(0));  // M <= 7
    const Expr k_zero = m.wire("exp_zero", eq_const(k, 0));
    m.assign_output(out.sig_n, cat({!k_zero, fr, zeros(16)}));
    // exp_n = max(k, 1) + (127 - bias)
    const Expr offset = m.wire("exp_offset", lit(10, 127) - sext(bias, 10));
    m.assign_output(out.exp_n, zext(cat({k.slice(7, 1), k.bit(0) | k_zero}), 10) + offset);

    // The sign is the bit just above k (bit E of fields[15:8]); specials with masks that depend
    // on the format only: k all ones is k == 2^E - 1; the fraction all ones is its top M bits.
    const Expr sign_at = m.wire("sign_onehot", ~k_ones & cat({k_ones.slice(6, 0), lit(1, 1)}));
    const Expr sign = m.wire("code_sign", is_signed & reduce_or(fields.slice(15, 8) & sign_at));
    const Expr k_max = m.wire("exp_all_ones", k == k_ones);
    const Expr f_zero = m.wire("frac_zero", eq_const(fr, 0));
    const Expr f_ones = m.wire("frac_all_ones", fr == ~shr(lit(7, 0x7F), frac));
    const Expr mag_zero = m.wire("mag_zero", k_zero & f_zero);
    const Expr pol_ieee = m.wire("policy_ieee", eq_const(policy, 1));
    const Expr nan = m.wire("code_nan", (!ok) | (pol_ieee & k_max & !f_zero) | (eq_const(policy, 2) & k_max & f_ones) |
                                            (eq_const(policy, 3) & sign & mag_zero));
    assign_ffp8_class(m, out, sign, mag_zero, ok & pol_ieee & k_max & f_zero, nan);
    return m;
}

Module format_check(const std::string& name) {
    Module m(name, "FFP8 runtime format legality (SPEC section 1): widths, policy rules, legal bias range.");
    const Expr is_signed = m.input("fmt_signed", 1);
    const Expr e = m.input("fmt_exp_bits", 4);
    const Expr frac = m.input("fmt_frac_bits", 3);
    const Expr bias = m.input("fmt_bias", 9);
    const Expr policy = m.input("fmt_policy", 2);
    const Expr ok = m.output("ok", 1);
    // E >= 1 and n = signed + E + M in 4..8.
    const Expr width = m.wire("code_bits", zext(is_signed, 5) + zext(e, 5) + zext(frac, 5));
    const Expr e_ok = m.wire("widths_ok", (e != lit(4, 0)) & (width >= lit(5, 4)) & (width <= lit(5, 8)));
    const Expr ieee = m.wire("policy_ieee", eq_const(policy, 1));
    const Expr policy_ok = m.wire("policy_ok", mux(ieee, e >= lit(4, 2),
                                                   mux(eq_const(policy, 2), frac != lit(3, 0),
                                                       mux(eq_const(policy, 3), is_signed, lit(1, 1)))));
    // Largest finite exponent field k_max = 2^E - 1 - ieee; legal bias: k_max - 127 .. 150 - M.
    const Expr k_max = m.wire("exp_max_finite", shl(lit(11, 1), e) - lit(11, 1) - zext(ieee, 11));
    const Expr b = m.wire("bias_ext", sext(bias, 11));
    const Expr above_min = m.wire("bias_minus_min", b - (k_max - lit(11, 127)));
    const Expr below_max = m.wire("max_minus_bias", lit(11, 150) - zext(frac, 11) - b);
    m.assign_output(ok, e_ok & policy_ok & !above_min.top() & !below_max.top());
    m.sink_unused(above_min.slice(9, 0));
    m.sink_unused(below_max.slice(9, 0));
    return m;
}

Module static_encoder(const std::string& name, const Format& f) {
    Module m(name, "FFP8 encoder, format " + f.name() + ": binary32 -> code, round to nearest even, saturating.");
    const Expr x = m.input("x", 32);
    const Expr code = m.output("code", f.width());
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
    const uint64_t max_mag = f.max_finite_code(false) & f.magnitude_mask();
    const Expr over = m.wire("overflow", mag > lit(wide, max_mag));
    const Expr mag_sat = m.wire("mag_sat", mux(is_zero, lit(E + M, 0), mux(over | is_inf, lit(E + M, max_mag), mag.slice(E + M - 1, 0))));
    const Expr nan_code = lit(f.width(), f.has_nan() ? f.canonical_nan() : 0);
    Expr value;
    if (f.is_signed) {
        const Expr neg = f.policy == Policy::fnuz ? sgn & (mag_sat != lit(E + M, 0)) : sgn;
        value = cat({neg, mag_sat});
    } else {
        value = mux(sgn, lit(f.width(), 0), mag_sat);
    }
    m.assign_output(code, mux(is_nan, nan_code, value));
    return m;
}

}  // namespace ffp8::hw::blocks
