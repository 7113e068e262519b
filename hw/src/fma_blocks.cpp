#include "fma_blocks.hpp"

#include "arith.hpp"

#include <fmt/format.h>

namespace ffp8::hw::blocks {

using rtl::cat;
using rtl::eq_const;
using rtl::lit;
using rtl::mux;
using rtl::reduce_and;
using rtl::reduce_or;
using rtl::zeros;
using rtl::zext;

namespace {
constexpr uint64_t canonical_nan = 0x7FC00000u;
// Exponents are 10-bit two's complement; the product exponent of a tiny product is clamped
// here: every product below 2^-152 behaves like a sticky bit at 2^-199 (it cannot change any
// rounded result except through inexact/underflow), which keeps the window above 2^-126's
// subnormal boundary reachable by the normaliser (see fma_add).
constexpr int pe_min = -199;
uint64_t tc10(int v) { return static_cast<uint64_t>(v) & 0x3FFu; }

}  // namespace

UnpackedOperand unpacked_operand_ports(Module& m, const std::string& sig_comment) {
    return {m.output("sign", 1),
            m.output("exp_n", 10, "biased binary32 exponent of sig_n's bit 23 (two's complement)"),
            m.output("sig_n", 24, sig_comment),
            m.output("is_zero", 1),
            m.output("is_inf", 1),
            m.output("is_nan", 1),
            m.output("is_snan", 1, "signalling NaN (never from an FFP8 code: FFP8 NaNs are quiet)")};
}

Module fma_unpack(const std::string& name) {
    Module m(name, "FMA operand unpack: classify binary32 x, normalise a subnormal significand.");
    const Expr x = m.input("x", 32, "binary32 operand");
    const UnpackedOperand out = unpacked_operand_ports(m, "significand with its leading one at bit 23 (0 for zero)");

    const Expr ef = m.wire("exp_field", x.slice(30, 23));
    const Expr fr = m.wire("frac_field", x.slice(22, 0));
    const Expr ef_zero = m.wire("exp_zero", eq_const(ef, 0));
    const Expr ef_max = m.wire("exp_max", reduce_and(ef));
    const Expr fr_zero = m.wire("frac_zero", eq_const(fr, 0));
    const Expr sig = m.wire("sig", cat({!ef_zero, fr}));
    const Expr lz = leading_zeros(m, "sig_lz", sig);
    const Expr norm = shift_left(m, "sig_norm", sig, lz);
    // max(exp_field, 1) - lz: lz is 0 unless the field is 0, so a small 1 - lz replaces a
    // full-width subtraction after the leading-zero count.
    const Expr sub_exp = m.wire("subnormal_exp", lit(10, 1) - zext(lz, 10));
    m.assign_output(out.sign, x.bit(31));
    m.assign_output(out.exp_n, mux(ef_zero, sub_exp, cat({lit(2, 0), ef})));
    m.assign_output(out.sig_n, norm);
    m.assign_output(out.is_zero, ef_zero & fr_zero);
    m.assign_output(out.is_inf, ef_max & fr_zero);
    m.assign_output(out.is_nan, ef_max & !fr_zero);
    m.assign_output(out.is_snan, ef_max & !fr_zero & !x.bit(22));
    return m;
}

Module fma_product_info(const std::string& name) {
    Module m(name, "FMA product classification and exponent.");
    struct Operand {
        Expr sign, exp, zero, inf, nan, snan;
    };
    auto operand = [&](const std::string& p) {
        return Operand{m.input(p + "_sign", 1), m.input(p + "_exp", 10), m.input(p + "_zero", 1),
                       m.input(p + "_inf", 1),  m.input(p + "_nan", 1),  m.input(p + "_snan", 1)};
    };
    const Operand x = operand("x"), y = operand("y");
    const Expr p_sign = m.output("p_sign", 1);
    const Expr p_exp = m.output("p_exp_b", 10, "exponent of product bit 0 plus 200 (1..408; clamped, see p_tiny)");
    const Expr p_tiny = m.output("p_tiny", 1, "product below 2^-152: replaced by a sticky 1 at 2^-199");
    const Expr p_zero = m.output("p_zero", 1);
    const Expr p_inf = m.output("p_inf", 1);
    const Expr p_nan = m.output("p_nan", 1, "an operand is NaN");
    const Expr p_snan = m.output("p_snan", 1, "an operand is a signalling NaN");
    const Expr p_zi = m.output("p_zero_times_inf", 1, "0 * Inf (invalid)");

    // Each significand weighs 2^(exp - 150) at bit 0, so the 48-bit product weighs 2^(ex + ey - 300).
    // The +200 bias (done here, before the accumulate loop) makes the loop's exponent arithmetic
    // unsigned. Both sums below are one carry-save row and a prefix adder, in parallel: the
    // exponent path runs through here into the aligner.
    const Expr pe200 = sum_plus_constant(m, "prod_exp_b", x.exp, y.exp, 200 - 300);
    // tiny: pe < pe_min, the sign of pe - pe_min
    const Expr below = sum_plus_constant(m, "prod_exp_minus_min", x.exp, y.exp, -300 - pe_min);
    const Expr tiny = m.wire("tiny", below.top());
    m.sink_unused(below.slice(8, 0));
    const Expr nan = m.wire("any_nan", x.nan | y.nan);
    const Expr zi = m.wire("zero_times_inf", (x.inf & y.zero) | (x.zero & y.inf));
    m.assign_output(p_sign, x.sign ^ y.sign);
    m.assign_output(p_exp, mux(tiny, lit(10, tc10(pe_min + 200)), pe200));
    m.assign_output(p_tiny, tiny);
    m.assign_output(p_zero, (x.zero | y.zero) & !nan & !zi);
    m.assign_output(p_inf, (x.inf | y.inf) & !nan & !zi);
    m.assign_output(p_nan, nan);
    m.assign_output(p_snan, x.snan | y.snan);
    m.assign_output(p_zi, zi);
    return m;
}

Module fma_mul_tree(const std::string& name) {
    Module m(name, "24x24 significand multiplier: Booth partial products and carry-save rows down to two rows.");
    const Expr sx = m.input("sig_x", 24);
    const Expr sy = m.input("sig_y", 24);
    const Expr ra = m.output("row_a", 48);
    const Expr rb = m.output("row_b", 48);
    const ProductRows rows = multiplier_tree(m, "mul", sx, sy);
    m.assign_output(ra, rows.row_a);
    m.assign_output(rb, rows.row_b);
    return m;
}

Module fma_mul_rows(const std::string& name) {
    Module m(name, fmt::format("24x24 significand multiplier, first part: Booth partial products and carry-save rows down to {} "
                               "rows (a register cut follows).",
                               mul_cut_rows));
    const Expr sx = m.input("sig_x", 24);
    const Expr sy = m.input("sig_y", 24);
    const std::vector<Expr> rows = multiplier_rows(m, "mul", sx, sy, mul_cut_rows);
    if (rows.size() != static_cast<std::size_t>(mul_cut_rows)) throw std::logic_error("fma_mul_rows: row count");
    for (std::size_t i = 0; i < rows.size(); ++i) m.assign_output(m.output(fmt::format("rows_{}", i), 48), rows[i]);
    return m;
}

Module fma_mul_reduce(const std::string& name) {
    Module m(name, fmt::format("24x24 significand multiplier, second part: carry-save rows from {} down to two.", mul_cut_rows));
    std::vector<Expr> rows;
    for (int i = 0; i < mul_cut_rows; ++i) rows.push_back(m.input(fmt::format("rows_{}", i), 48));
    const Expr ra = m.output("row_a", 48);
    const Expr rb = m.output("row_b", 48);
    const ProductRows two = carry_save_reduce(m, "mul", rows);
    m.assign_output(ra, two.row_a);
    m.assign_output(rb, two.row_b);
    return m;
}

Module fma_mul_cpa(const std::string& name) {
    Module m(name, "Product final adder (parallel prefix).");
    const Expr ra = m.input("row_a", 48);
    const Expr rb = m.input("row_b", 48);
    const Expr tiny = m.input("p_tiny", 1);
    const Expr prod = m.output("prod", 48, "exact product of the significands");
    const Expr sum = prefix_add(m, "cpa", ra, rb, lit(1, 0));
    m.assign_output(prod, mux(tiny, lit(48, 1), sum));
    return m;
}

Module fma_add(const std::string& name, int loop_cycles) {
    FusedAddShape shape;
    shape.loop_cycles = loop_cycles;
    return fused_add(name, shape);
}

Module fused_add(const std::string& name, const FusedAddShape& shape) {
    // Window: N = P + G + 27 bits. The product sits at [P+G : G+1], the addend's 24 bits at the top
    // [N-1 : N-24] before its right shift; window bit 0 collects the addend's sticky.
    const int P = shape.prod_bits, G = shape.guard_bits, N = P + G + 27, EW = shape.exp_bits;
    const int SA = bits_for(N);  // alignment shift bits: 2^SA - 1 >= N shifts everything into the sticky
    const int SN = bits_for(N);  // normalisation shift bits (leading_zeros' width)
    // The loop's register cuts (loop_cycles 2: after the addition; 4: after the alignment, the
    // addition and the normalisation; 5: also after the exponent difference, before the shifter). With cuts the special cases are settled first and travel as
    // one choice, and each cut registers only what the later parts read.
    const int D = shape.loop_cycles;
    if (D != 1 && D != 2 && D != 4 && D != 5) throw std::logic_error("fused_add: loop_cycles must be 1, 2, 4 or 5");
    const bool cut_exp = D == 5, cut_align = D >= 4, cut_add = D >= 2, cut_norm = D >= 4;
    const bool cuts = D > 1;
    int stage = 0;
    Module m(name, cuts ? fmt::format("{} The loop takes {} cycles: registers after {}.", shape.description, D,
                                      D == 2   ? "the addition"
                                      : D == 4 ? "the alignment, the addition and the normalisation"
                                               : "the exponent difference, the alignment, the addition and the normalisation")
                        : shape.description);
    if (cuts) m.input("clk", 1, "rising-edge clock (the loop's register cuts, without reset: the caller's valid gates them)");
    Expr prod = m.input("prod", P, shape.prod_comment);
    Expr pe200 = shape.top_field ? m.wire("p_exp_b", lit(EW, static_cast<uint64_t>(*shape.top_field)))
                                       : m.input("p_exp_b", EW, shape.exp_comment);
    Expr p_sign = m.input("p_sign", 1);
    Expr p_zero = m.input("p_zero", 1);
    const Expr p_inf = m.input("p_inf", 1);
    const Expr p_nan = m.input("p_nan", 1);
    const Expr p_snan = m.input("p_snan", 1);
    const Expr p_zi = m.input("p_zero_times_inf", 1, shape.zi_comment);
    const Expr clash = shape.inf_clash_port
                           ? m.input("p_inf_clash", 1, "+Inf and -Inf products, no NaN product (invalid unless c is NaN)")
                           : Expr{};
    const Expr c = m.input("c", 32, "binary32 addend");
    const Expr result = m.output("result", 32);
    const Expr flags = m.output("flags", 5, "invalid, infinite, overflow, underflow, inexact");

    m.comment("Addend unpack");
    Expr c_sign = m.wire("c_sign", c.bit(31));
    const Expr ec = m.wire("c_exp_field", c.slice(30, 23));
    const Expr fc = m.wire("c_frac_field", c.slice(22, 0));
    const Expr ec_zero = m.wire("c_exp_zero", eq_const(ec, 0));
    const Expr ec_max = m.wire("c_exp_max", reduce_and(ec));
    const Expr fc_zero = m.wire("c_frac_zero", eq_const(fc, 0));
    Expr c_zero = m.wire("c_zero", ec_zero & fc_zero);
    const Expr c_inf = m.wire("c_inf", ec_max & fc_zero);
    const Expr c_nan = m.wire("c_nan", ec_max & !fc_zero);
    const Expr c_snan = m.wire("c_snan", c_nan & !c.bit(22));
    Expr sc = m.wire("c_sig", cat({!ec_zero, fc}));
    Expr ce1 = m.wire("c_exp_eff", cat({lit(EW - 8, 0), ec.slice(7, 1), ec.bit(0) | ec_zero}));

    // The special cases: NaN (canonical), Inf, zero product (exact, sign rule for 0 + 0).
    Expr eff_sub_early;  // with cuts: computed with the special cases
    struct Specials {
        Expr res_nan, invalid;
    };
    const auto specials = [&](const Expr& eff_sub) {
        const Expr inf_minus_inf = m.wire("inf_minus_inf", p_inf & c_inf & eff_sub);
        const Expr res_nan = m.wire("result_nan", shape.inf_clash_port ? p_nan | c_nan | p_zi | inf_minus_inf | clash
                                                                       : p_nan | c_nan | p_zi | inf_minus_inf);
        const Expr invalid = m.wire("invalid", shape.inf_clash_port ? p_snan | c_snan | p_zi | inf_minus_inf | (clash & !c_nan)
                                                                    : p_snan | c_snan | p_zi | inf_minus_inf);
        return Specials{res_nan, invalid};
    };
    // With cuts: the special result settled now, as the few bits that say it (NaN, an infinity or a
    // zero and its sign); `special` selects it over the rounded sum. A zero product with a nonzero
    // addend is no special case here: the addend then enters the window unshifted (addend_at_top)
    // and the datapath returns it exactly, so no 32-bit result travels through the cuts.
    Expr special, special_sign, special_exp_ones, special_nan, special_invalid;
    if (cuts) {
        m.comment("IEEE special cases, settled before the loop's register cuts");
        eff_sub_early = m.wire("eff_sub", p_sign ^ c_sign);
        const Specials sp = specials(eff_sub_early);
        special = m.wire("special", sp.res_nan | p_inf | c_inf | (p_zero & c_zero));
        special_sign = m.wire("special_sign", !sp.res_nan & mux(p_inf, p_sign, mux(c_inf, c_sign, p_sign & c_sign)));
        special_exp_ones = m.wire("special_exp_ones", sp.res_nan | p_inf | c_inf);
        special_nan = m.wire("special_nan", sp.res_nan);
        special_invalid = m.wire("special_invalid", sp.res_nan & sp.invalid);
    }
    // Registers the signals at a loop cut, when the loop has it.
    const auto cut = [&](bool here, const std::string& what, std::vector<std::pair<Expr*, std::string>> live) {
        if (!here) return;
        ++stage;
        m.comment(fmt::format("Loop register cut {}: after {}", stage, what));
        for (auto& [e, n] : live) *e = m.data_flop(fmt::format("{}_q{}", n, stage), *e);
    };

    m.comment(fmt::format(
        "Alignment. Window bit i weighs 2^(wref - {0} + i), wref = max(p_exp, c_exp - {1}): the product sits at\n"
        "  // bits [{2}:{3}]; the addend's bit 0 at bit {4} shifted right by max(p_exp + {1} - c_exp, 0), sticky into bit 0.\n"
        "  // In exponent-field units (c_exp = c_exp_eff - 150): shift = p_exp + {5} - c_exp_eff, wbias = wref + {5}.",
        G + 1, P + 2, P + G, G + 1, P + G + 3, P + 152));
    const Expr diff = m.wire("exp_diff", zext(pe200, EW + 1) - zext(ce1, EW + 1));
    const Expr diff_neg = m.wire("exp_diff_neg", diff.bit(EW));
    const Expr shift_big = m.wire("shift_big", reduce_or(diff.slice(EW - 1, SA)));
    const uint64_t shift_max = (uint64_t{1} << SA) - 1;
    // With cuts a zero product also keeps the addend at the top of the window (exact: see above).
    Expr top_sel = cuts ? m.wire("addend_at_top", diff_neg | p_zero) : diff_neg;
    Expr shift = m.wire("align_shift", mux(top_sel, lit(SA, 0), mux(shift_big, lit(SA, shift_max), diff.slice(SA - 1, 0))));
    Expr wbias = m.wire("window_bias", mux(top_sel, ce1, pe200));
    // With five cycles the shift amount is registered before the shifter reads it.
    cut(cut_exp, "the exponent difference",
        {{&prod, "prod"}, {&p_zero, "p_zero"}, {&pe200, "p_exp_b"}, {&ce1, "c_exp_eff"}, {&sc, "c_sig"}, {&c_zero, "c_zero"},
         {&shift, "align_shift"}, {&top_sel, "addend_at_top"}, {&wbias, "window_bias"}, {&p_sign, "p_sign"},
         {&c_sign, "c_sign"}, {&eff_sub_early, "eff_sub"}, {&special, "special"}, {&special_sign, "special_sign"},
         {&special_exp_ones, "special_exp_ones"}, {&special_nan, "special_nan"}, {&special_invalid, "special_invalid"}});
    Expr addend, y_operand;  // y_operand: the adder's second operand, made before the first cut
    if (cuts) {
        // The sticky of the shifted-out bits from the shift amount and the significand's trailing
        // zeros (its lowest one sits at window bit P+G+3+tz before the shift), beside the shifter
        // instead of an OR tree after it.
        const int K = P + G + 3;
        const Expr tz = trailing_zeros(m, "c_sig_tz", sc);
        const int W = std::max(SA, tz.width) + 2;
        const Expr sticky = m.wire("addend_sticky", !c_zero & (zext(shift, W) > zext(tz, W) + lit(W, static_cast<uint64_t>(K))));
        if (cut_align) {
            // The operand complemented for an effective subtraction before the shift, not after
            // it: the significand's bits flipped, and the shift fills with the subtraction bit.
            const int fill = static_cast<int>(shift_max) + 1;
            const Expr flipped = m.wire("addend_flipped", cat({sc ^ rep(24, eff_sub_early), rep(K, eff_sub_early)}));
            const Expr shifted_all = shift_right(m, "addend_shifted", cat({rep(fill, eff_sub_early), flipped}), shift);
            m.sink_unused(shifted_all.slice(shifted_all.width - 1, N));  // the fill, shifted out of the window
            const Expr shifted = shifted_all.slice(N - 1, 0);
            const Expr bit0 = m.wire("addend_operand_bit0",
                                     mux(eff_sub_early, shifted.bit(0) & !sticky, shifted.bit(0) | sticky));
            y_operand = m.wire("addend_operand", cat({eff_sub_early, shifted.slice(N - 1, 1), bit0}));
        } else {
            const Expr shifted = shift_right(m, "addend_shifted", cat({sc, zeros(K)}), shift);
            addend = m.wire("addend_aligned", cat({shifted.slice(N - 1, 1), shifted.bit(0) | sticky}));
        }
    } else {
        addend = shift_right_sticky(m, "addend_aligned", cat({sc, zeros(P + G + 3)}), shift);
    }
    // limit = window_bias - 1, from both candidates in parallel with the alignment
    const auto normalise_limit = [&] {
        const Expr limit_p = m.wire("norm_limit_p", pe200 - lit(EW, 1));
        const Expr limit_c = m.wire("norm_limit_c", ce1 - lit(EW, 1));
        return m.wire("norm_limit_sat", mux(top_sel, mux(reduce_or(limit_c.slice(EW - 1, SN)), lit(SN, (uint64_t{1} << SN) - 1), limit_c.slice(SN - 1, 0)),
                                            mux(reduce_or(limit_p.slice(EW - 1, SN)), lit(SN, (uint64_t{1} << SN) - 1), limit_p.slice(SN - 1, 0))));
    };
    Expr limit7 = cuts ? normalise_limit() : Expr{};
    // With cuts a zero product must be zero in the window too (the FP32 unpack leaves bits there).
    Expr prod_in = cuts ? m.wire("prod_or_zero", mux(p_zero, zeros(P), prod)) : prod;
    cut(cut_align, "the alignment",
        {{&prod_in, "prod"}, {&y_operand, "addend_operand"}, {&p_sign, "p_sign"}, {&c_sign, "c_sign"}, {&eff_sub_early, "eff_sub"},
         {&wbias, "window_bias"}, {&limit7, "norm_limit"}, {&special, "special"}, {&special_sign, "special_sign"},
         {&special_exp_ones, "special_exp_ones"}, {&special_nan, "special_nan"}, {&special_invalid, "special_invalid"}});
    const Expr window_p = m.wire("prod_window", G == 0 ? cat({zeros(26), prod_in, lit(1, 0)}) : cat({zeros(26), prod_in, zeros(G + 1)}));

    m.comment("Add or subtract: one prefix tree gives X + Y' and X + Y' + 1; |X - Y| = X <= Y ? ~(X + ~Y) : X + ~Y + 1");
    const Expr eff_sub = cuts ? eff_sub_early : m.wire("eff_sub", p_sign ^ c_sign);
    const Expr y_ext = cut_align ? Expr{} : m.wire("addend_ext", cat({lit(1, 0), addend}));
    const CompoundSum sums =
        prefix_add_compound(m, "sum", cat({lit(1, 0), window_p}), cut_align ? y_operand : mux(eff_sub, ~y_ext, y_ext));
    const Expr neg = m.wire("addend_larger", eff_sub & sums.plus0.bit(N));
    Expr mag = m.wire("mag", mux(eff_sub, mux(sums.plus0.bit(N), ~sums.plus0.slice(N - 1, 0), sums.plus1.slice(N - 1, 0)),
                                 sums.plus0.slice(N - 1, 0)));
    m.sink_unused(sums.plus1.bit(N));
    Expr r_sign = m.wire("sum_sign", mux(neg, c_sign, p_sign));
    // With cuts: the limit decoded before the cut into one-hots of its low 3 bits and its high bits
    // (limit = 8 hi + lo), so that the normalising cycle ANDs two register outputs per stop bit.
    // limit_lo is mirrored (bit b: lo == 7 - b) so that each group of 8 stop bits is one AND.
    const int lo_bits = 3, hi_values = (N + 7) / 8;
    Expr limit_lo, limit_hi;
    if (cuts) {
        std::vector<Expr> lo, hi;  // most significant first: lo == 0 .. 7; hi == hi_values-1 .. 0
        for (int v = 0; v < 8; ++v) lo.push_back(eq_const(limit7.slice(lo_bits - 1, 0), static_cast<uint64_t>(v)));
        for (int v = hi_values - 1; v >= 0; --v) hi.push_back(eq_const(limit7.slice(SN - 1, lo_bits), static_cast<uint64_t>(v)));
        limit_lo = m.wire("limit_lo", cat(lo));
        limit_hi = m.wire("limit_hi", cat(hi));
    }
    cut(cut_add, "the addition",
        {{&mag, "mag"}, {&r_sign, "sum_sign"}, {&wbias, "window_bias"}, {&limit_lo, "limit_lo"}, {&limit_hi, "limit_hi"}, {&special, "special"},
         {&special_sign, "special_sign"}, {&special_exp_ones, "special_exp_ones"}, {&special_nan, "special_nan"},
         {&special_invalid, "special_invalid"}});
    Expr mag_zero = m.wire("mag_zero", !reduce_or(mag));

    m.comment("Normalise: shift left by the leading zeros, but not below the binary32 subnormal boundary");
    Expr norm_shift;
    if (cuts) {
        // min(leading zeros, limit) in one count: a one at window bit N-1-limit stops it there (the
        // AND of the limit's one-hots, registered at the cut), so no compare and select follow the
        // count. Group g holds limits 8g .. 8g+7 from the top down: window bits N-1-8g downwards.
        std::vector<Expr> groups;
        for (int g = 0; g < hi_values; ++g) groups.push_back(rep(8, limit_hi.bit(g)) & limit_lo);
        const Expr stop_groups = m.wire("norm_stop_groups", cat(groups));
        const Expr stop_bits = m.wire("norm_stop", stop_groups.slice(8 * hi_values - 1, 8 * hi_values - N));
        if (8 * hi_values > N) m.sink_unused(stop_groups.slice(8 * hi_values - N - 1, 0));
        const Expr lz = leading_zeros(m, "mag_lz", mag | stop_bits);
        if (lz.width != SN) throw std::logic_error("fused_add: leading_zeros width");
        norm_shift = m.wire("norm_shift", lz);
    } else {
        const Expr lz = leading_zeros(m, "mag_lz", mag);
        if (lz.width != SN) throw std::logic_error("fused_add: leading_zeros width");
        limit7 = normalise_limit();
        norm_shift = m.wire("norm_shift", mux(lz < limit7, lz, limit7));
    }
    const Expr norm = shift_left(m, "norm", mag, norm_shift, cuts);  // with cuts: the count's high bits first

    m.comment(fmt::format("Round to nearest even at bit {}; the increment carries into the exponent field", N - 24));
    // With the cut after normalisation the round step reads the top 26 bits of norm and the OR of the rest.
    Expr top_bits = norm.slice(N - 1, N - 26), low_or;
    Expr is_normal = cut_norm ? Expr{} : m.wire("is_normal", norm.bit(N - 1));
    // With the normalisation cut the exponent is subtracted after it (exp_base - 1 - shift), beside
    // the fraction's increment, instead of after the count in the normalising cycle.
    const Expr exp_pre = cut_norm ? Expr{} : m.wire("exp_pre", mux(is_normal, wbias - zext(norm_shift, EW), lit(EW, 0)));
    Expr exp_base, shift_q;
    if (cut_norm) {
        top_bits = m.wire("norm_top", norm.slice(N - 1, N - 26));
        m.sink_unused(norm.slice(N - 27, 0));  // counted by low_or instead
        // The OR of norm's bits below the top 26: mag's lowest one (tz) lands at tz + shift, so
        // they hold a one when tz + shift <= N - 27 (tz = N for a zero mag): counted beside the
        // left shift instead of an OR tree after it.
        const Expr tz = trailing_zeros(m, "mag_tz", mag);
        // As (N - 27 - tz) - shift >= 0: the room from tz beside the count, one prefix subtraction after it.
        const int W = SN + 2;  // holds N - 27 - tz - shift, down to -N - 2^SN
        const Expr room = m.wire("norm_low_room", lit(W, static_cast<uint64_t>(N - 27)) - zext(tz, W));
        const Expr left = prefix_add(m, "norm_low_left", room, ~zext(norm_shift, W), lit(1, 1));
        low_or = m.wire("norm_low_or", !left.bit(W - 1));
        m.sink_unused(left.slice(W - 2, 0));  // its sign is the answer
        exp_base = m.wire("exp_base", wbias + lit(EW, 1));
        shift_q = norm_shift;
        cut(true, "the normalisation",
            {{&top_bits, "norm_top"}, {&low_or, "norm_low_or"}, {&exp_base, "exp_base"}, {&shift_q, "norm_shift"},
             {&r_sign, "sum_sign"}, {&mag_zero, "mag_zero"}, {&special, "special"}, {&special_sign, "special_sign"},
             {&special_exp_ones, "special_exp_ones"}, {&special_nan, "special_nan"}, {&special_invalid, "special_invalid"}});
        is_normal = top_bits.bit(25);
    }
    // norm bit i (i >= N - 26) is top_bits bit i - (N - 26).
    const auto nb = [&](int i) { return top_bits.bit(i - (N - 26)); };
    const Expr round_bit = m.wire("round_bit", nb(N - 25));
    const Expr sticky = m.wire("sticky", cut_norm ? nb(N - 26) | low_or : reduce_or(norm.slice(N - 26, 0)));
    const Expr inexact = m.wire("inexact", round_bit | sticky);
    const Expr round_up = m.wire("round_up", round_bit & (sticky | nb(N - 24)));
    Expr rounded;
    if (cut_norm) {
        // One compound adder gives the exponent wbias - shift and wbias - shift + 1 (exp_base + ~shift,
        // + 1); the fraction increment's carry picks one (0 or 1 below the normal range).
        const CompoundSum exp = prefix_add_compound(m, "exp", exp_base, ~zext(shift_q, EW));
        const Expr frac = prefix_increment(m, "fraction", cat({lit(1, 0), top_bits.slice(24, 2)}), round_up);
        const Expr carry = m.wire("fraction_carry_out", frac.bit(23));
        const Expr exp_rounded = m.wire("exp_rounded", mux(is_normal, mux(carry, exp.plus1, exp.plus0), zext(carry, EW)));
        rounded = m.wire("rounded", cat({exp_rounded, frac.slice(22, 0)}));
    } else {
        rounded = prefix_increment(m, "round", cat({exp_pre, top_bits.slice(24, 2)}), round_up);
    }
    const Expr overflow = m.wire("overflow", rounded.slice(EW + 22, 23) >= lit(EW, 255));
    // Tininess after rounding: below 2^-126 before rounding, unless rounding with unbounded
    // exponent (24 bits from bit N-2) carries up to 2^-126.
    const Expr tiny = m.wire("tiny", (!is_normal) & !reduce_and(top_bits.slice(24, 0)));
    const Expr fin_result = m.wire(
        "finite_result", mux(overflow, cat({r_sign, lit(8, 255), lit(23, 0)}), cat({r_sign & !mag_zero, rounded.slice(30, 0)})));
    const Expr fin_flags = m.wire("finite_flags", cat({lit(2, 0), overflow, tiny & inexact, inexact | overflow}));

    if (cuts) {
        m.comment("The special result, chosen before the cuts, or the rounded sum");
        const Expr special_result = m.wire("special_result", cat({special_sign, rep(8, special_exp_ones), special_nan, lit(22, 0)}));
        m.assign_output(result, mux(special, special_result, fin_result));
        m.assign_output(flags, mux(special, cat({special_invalid, lit(4, 0)}), fin_flags));
        return m;
    }
    m.comment("IEEE special cases: NaN (canonical), Inf, zero product (exact, sign rule for 0 + 0)");
    const Specials sp = specials(eff_sub);
    const Expr zero_sum = m.wire("zero_product_result", mux(c_zero, cat({p_sign & c_sign, lit(31, 0)}), c));
    m.assign_output(result,
                    mux(sp.res_nan, lit(32, canonical_nan),
                        mux(p_inf, cat({p_sign, lit(31, 0x7F800000u)}), mux(c_inf, c, mux(p_zero, zero_sum, fin_result)))));
    m.assign_output(flags, mux(sp.res_nan, cat({sp.invalid, lit(4, 0)}), mux(p_inf | c_inf | p_zero, lit(5, 0), fin_flags)));
    return m;
}

}  // namespace ffp8::hw::blocks
