#include "dot_blocks.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <stdexcept>

#include "arith.hpp"

namespace ffp8::hw::blocks {

using rtl::cat;
using rtl::Expr;
using rtl::lit;
using rtl::Module;
using rtl::mux;
using rtl::ones;
using rtl::reduce_and;
using rtl::reduce_or;
using rtl::rep;
using rtl::sext;
using rtl::zext;

namespace {

int log2_exact(int lanes) {
    int lg = 0;
    while ((1 << lg) < lanes) ++lg;
    if ((1 << lg) != lanes) throw std::invalid_argument(fmt::format("lane count {} is not a power of two", lanes));
    return lg;
}

// The smallest binary32 bit that rounding can need: 2^-151 (one below the round bit of the
// smallest subnormal's half); lower bits only matter as a sticky bit at 2^-152.
constexpr int kept_lsb_exp = -151;

}  // namespace

DotShape DotShape::of(const Format& act, const Format& wgt, int lanes) {
    if (act.is_fp32 || wgt.is_fp32) throw std::invalid_argument("dot-product lanes need FFP8 formats");
    DotShape s;
    s.lanes = lanes;
    s.sig_a = act.M + 1;
    s.sig_w = wgt.M + 1;
    s.prod_bits = s.sig_a + s.sig_w;
    // k' = max(k, 1) - 1 over every exponent field (special codes too: their lanes' values are
    // overridden, but their shifts must stay inside the word).
    s.span = ((1 << act.E) - 2) + ((1 << wgt.E) - 2);
    s.shift_bits = bits_for(s.span);
    s.word_bits = s.prod_bits + s.span + log2_exact(lanes) + 1;
    s.word_lsb_exp = (1 - act.bias - act.M) + (1 - wgt.bias - wgt.M);
    // exp_n = max(k, 1) + 127 - bias, so k' = exp_n - 128 + bias.
    s.bias_offset = act.bias + wgt.bias - 256;
    const int magnitude_bits = s.word_bits - 1;
    s.dropped_bits = std::max(0, kept_lsb_exp - s.word_lsb_exp);
    const int field_lsb_exp = s.dropped_bits > 0 ? kept_lsb_exp - 1 : s.word_lsb_exp;
    s.field_bits = s.dropped_bits == 0 ? magnitude_bits
                   : s.dropped_bits >= magnitude_bits ? 1
                                                      : magnitude_bits - s.dropped_bits + 1;
    FusedAddShape& a = s.add;
    a.prod_bits = s.field_bits;
    a.guard_bits = 26;
    const int top_field = field_lsb_exp + s.field_bits + 152;
    const int window = s.field_bits + a.guard_bits + 27;
    a.exp_bits = std::max({10, bits_for(top_field + 1), bits_for(window) + 1});
    a.top_field = top_field;
    a.description = fmt::format(
        "Dot-product accumulate: result = round_rne(sum * 2^{} + c), the exact lane sum's magnitude with {} guard bits "
        "below it, IEEE specials and flags.",
        field_lsb_exp, a.guard_bits);
    a.prod_comment = fmt::format("|exact sum of the lanes' products| in units of 2^{}{}", field_lsb_exp,
                                 s.dropped_bits > 0 ? " (bit 0: sticky of the bits below 2^-151)" : "");
    a.exp_comment = "";
    a.zi_comment = "0 * Inf in a lane (invalid)";
    a.inf_clash_port = true;
    return s;
}

DotShape DotShape::for_runtime(int lanes) {
    DotShape s;
    s.runtime = true;
    s.lanes = lanes;
    s.sig_a = s.sig_w = 8;
    s.prod_bits = 16;
    s.span = 254 + 254;
    s.shift_bits = bits_for(s.span);
    s.word_bits = s.prod_bits + s.span + log2_exact(lanes) + 1;
    s.field_bits = s.word_bits - 1;
    FusedAddShape& a = s.add;
    a.prod_bits = s.field_bits;
    a.guard_bits = 26;
    const int window = s.field_bits + a.guard_bits + 27;
    // top field = e_S + P + 152 with e_S = -12 - bias_a - bias_w in [-312, 240]
    a.exp_bits = std::max({10, bits_for(240 + s.field_bits + 152 + 1), bits_for(window) + 1});
    a.description = fmt::format(
        "Dot-product accumulate, runtime formats: result = round_rne(sum * 2^e + c), the exact lane sum's magnitude with {} "
        "guard bits below it, IEEE specials and flags.",
        a.guard_bits);
    a.prod_comment = "|exact sum of the lanes' products| in units of 2^(-12 - bias_a - bias_w)";
    a.exp_comment = "exponent field of the window's top bit: -12 - bias_a - bias_w + P + 152";
    a.zi_comment = "0 * Inf in a lane (invalid)";
    a.inf_clash_port = true;
    return s;
}

Module dot_lane(const std::string& name, const DotShape& s) {
    Module m(name, fmt::format("Dot-product lane: the exact signed product a * w shifted into the {}-bit sum word.",
                               s.word_bits));
    struct Operand {
        Expr sign, exp, sig, zero, inf, nan;
    };
    auto operand = [&](const std::string& p, int sig_bits) {
        return Operand{m.input(p + "_sign", 1),
                       m.input(p + "_exp", 10, "decoder exp_n: max(k, 1) + 127 - bias"),
                       m.input(p + "_sig", sig_bits, "significand, hidden bit first"),
                       m.input(p + "_zero", 1),
                       m.input(p + "_inf", 1),
                       m.input(p + "_nan", 1)};
    };
    const Operand x = operand("x", s.sig_a), y = operand("y", s.sig_w);
    const Expr offset = s.runtime ? m.input("bias_offset", 10, "bias_a + bias_w - 256 (two's complement)") : Expr{};
    const Expr row = m.output("row", s.word_bits, "the signed product times 2^(k'_a + k'_w), two's complement");
    const Expr l_sign = m.output("l_sign", 1, "sign of the product");
    const Expr l_zero = m.output("l_zero", 1, "an operand is zero");
    const Expr l_inf = m.output("l_inf", 1, "an operand is infinite");
    const Expr l_nan = m.output("l_nan", 1, "an operand is NaN");
    const Expr l_zi = m.output("l_zero_times_inf", 1, "0 * Inf");

    m.comment("Significand product: a small Booth tree and adder (the significands have at most 8 bits)");
    const int pb = s.prod_bits;
    Expr prod;
    if (s.sig_a == 1 || s.sig_w == 1) {  // a 1-bit significand (M = 0): an AND
        const Expr one_bit = s.sig_a == 1 ? x.sig : y.sig, other = s.sig_a == 1 ? y.sig : x.sig;
        prod = m.wire("prod", zext(other & rep(other.width, one_bit), pb));
    } else {
        const ProductRows rows = multiplier_tree(m, "mul", x.sig, y.sig);
        prod = prefix_add(m, "mul_cpa", rows.row_a, rows.row_b, lit(1, 0));
    }
    const Expr sign = m.wire("prod_sign", x.sign ^ y.sign);
    m.comment("Two's complement (invert and increment when negative), then the shift by k'_a + k'_w");
    const Expr signed_prod = prefix_increment(m, "prod_signed", cat({lit(1, 0), prod}) ^ rep(pb + 1, sign), sign);
    const Expr shift_sum = s.runtime ? sum_of_three(m, "word_shift", x.exp, y.exp, offset)
                                     : sum_plus_constant(m, "word_shift", x.exp, y.exp, s.bias_offset);
    if (s.shift_bits < 10) m.sink_unused(shift_sum.slice(9, s.shift_bits));
    const Expr shift = m.wire("shift", shift_sum.slice(s.shift_bits - 1, 0));
    m.assign_output(row, shift_left(m, "placed", sext(signed_prod, s.word_bits), shift));
    m.assign_output(l_sign, sign);
    m.assign_output(l_zero, x.zero | y.zero);
    m.assign_output(l_inf, x.inf | y.inf);
    m.assign_output(l_nan, x.nan | y.nan);
    m.assign_output(l_zi, (x.inf & y.zero) | (x.zero & y.inf));
    return m;
}

namespace {

// The tree's inputs: the lanes' rows and classes (bit k: lane k).
struct LaneInputs {
    std::vector<Expr> rows;
    Expr sign, zero, inf, nan, zero_times_inf;
};

LaneInputs lane_inputs(Module& m, const DotShape& s) {
    LaneInputs in;
    for (int k = 0; k < s.lanes; ++k) in.rows.push_back(m.input(fmt::format("row{}", k), s.word_bits));
    in.sign = m.input("lane_sign", s.lanes, "bit k: lane k");
    in.zero = m.input("lane_zero", s.lanes);
    in.inf = m.input("lane_inf", s.lanes);
    in.nan = m.input("lane_nan", s.lanes);
    in.zero_times_inf = m.input("lane_zero_times_inf", s.lanes);
    return in;
}

// The lanes' classes combined: what the sum adder needs of them.
struct LaneClasses {
    Expr any_nan, any_zi, pos_inf, neg_inf, all_neg_zero;
};

LaneClasses lane_class_outputs(Module& m) {
    return {m.output("any_nan", 1), m.output("any_zero_times_inf", 1), m.output("pos_inf", 1, "a lane's product is +Inf"),
            m.output("neg_inf", 1, "a lane's product is -Inf"), m.output("all_neg_zero", 1, "every lane's product is -0")};
}

void combine_lane_classes(Module& m, const LaneInputs& in, const LaneClasses& out) {
    m.assign_output(out.any_nan, reduce_or(in.nan));
    m.assign_output(out.any_zi, reduce_or(in.zero_times_inf));
    m.assign_output(out.pos_inf, reduce_or(in.inf & ~in.sign));
    m.assign_output(out.neg_inf, reduce_or(in.inf & in.sign));
    m.assign_output(out.all_neg_zero, reduce_and(in.zero & in.sign));
}

}  // namespace

int dot_cut_rows(int lanes) { return carry_save_midpoint(lanes + 1); }

Module dot_tree(const std::string& name, const DotShape& s) {
    Module m(name, fmt::format("Dot-product reduction: {} lane rows and a constant -1 row to two carry-save rows "
                               "(sum = S - 1); lane classes combined.",
                               s.lanes));
    LaneInputs in = lane_inputs(m, s);
    const Expr sum_a = m.output("sum_a", s.word_bits);
    const Expr sum_b = m.output("sum_b", s.word_bits, "sum_a + sum_b = S - 1 (modulo 2^W)");
    const LaneClasses classes = lane_class_outputs(m);
    // The -1 lets the final compound adder give S - 1 and S: |S| = S < 0 ? ~(S - 1) : S.
    in.rows.push_back(ones(s.word_bits));
    const ProductRows two = carry_save_reduce(m, "csa", in.rows);
    m.assign_output(sum_a, two.row_a);
    m.assign_output(sum_b, two.row_b);
    combine_lane_classes(m, in, classes);
    return m;
}

Module dot_tree_rows(const std::string& name, const DotShape& s) {
    const int down_to = dot_cut_rows(s.lanes);
    Module m(name, fmt::format("Dot-product reduction, first part: {} lane rows and a constant -1 row to {} carry-save "
                               "rows (a register cut follows); lane classes combined.",
                               s.lanes, down_to));
    LaneInputs in = lane_inputs(m, s);
    std::vector<Expr> outs;
    for (int i = 0; i < down_to; ++i) outs.push_back(m.output(fmt::format("rows_{}", i), s.word_bits));
    const LaneClasses classes = lane_class_outputs(m);
    in.rows.push_back(ones(s.word_bits));  // as in dot_tree: the sum is S - 1
    const std::vector<Expr> rows = carry_save_rows(m, "csa", in.rows, down_to);
    if (rows.size() != outs.size()) throw std::logic_error("dot_tree_rows: row count");
    for (std::size_t i = 0; i < rows.size(); ++i) m.assign_output(outs[i], rows[i]);
    combine_lane_classes(m, in, classes);
    return m;
}

Module dot_tree_reduce(const std::string& name, const DotShape& s) {
    const int from = dot_cut_rows(s.lanes);
    // Two lanes: the whole tree is one stage, done before the cut (the rows pass through).
    Module m(name, fmt::format("Dot-product reduction, second part: carry-save rows from {} down to two.", from));
    std::vector<Expr> rows;
    for (int i = 0; i < from; ++i) rows.push_back(m.input(fmt::format("rows_{}", i), s.word_bits));
    const Expr sum_a = m.output("sum_a", s.word_bits);
    const Expr sum_b = m.output("sum_b", s.word_bits, "sum_a + sum_b = S - 1 (modulo 2^W)");
    const ProductRows two = carry_save_reduce(m, "csa", rows);
    m.assign_output(sum_a, two.row_a);
    m.assign_output(sum_b, two.row_b);
    return m;
}

Module dot_cpa(const std::string& name, const DotShape& s) {
    Module m(name, "Dot-product sum adder: the exact sum S as sign and magnitude, the lanes' special cases.");
    const int W = s.word_bits;
    const Expr sum_a = m.input("sum_a", W);
    const Expr sum_b = m.input("sum_b", W);
    const Expr any_nan = m.input("any_nan", 1);
    const Expr any_zi = m.input("any_zero_times_inf", 1);
    const Expr pos_inf = m.input("pos_inf", 1);
    const Expr neg_inf = m.input("neg_inf", 1);
    const Expr all_neg_zero = m.input("all_neg_zero", 1);
    const Expr prod = m.output("prod", s.field_bits, s.add.prod_comment);
    const Expr p_sign = m.output("p_sign", 1);
    const Expr p_zero = m.output("p_zero", 1, "the exact sum is zero");
    const Expr p_inf = m.output("p_inf", 1);
    const Expr p_nan = m.output("p_nan", 1, "a lane operand is NaN");
    const Expr p_snan = m.output("p_snan", 1, "never: FFP8 NaNs are quiet");
    const Expr p_zi = m.output("p_zero_times_inf", 1, "0 * Inf in a lane");
    const Expr p_clash = m.output("p_inf_clash", 1, "+Inf and -Inf products, no NaN product");

    const CompoundSum sums = prefix_add_compound(m, "sum", sum_a, sum_b);  // S - 1, S
    const Expr s_neg = m.wire("sum_negative", sums.plus1.bit(W - 1));
    m.sink_unused(sums.plus0.bit(W - 1));
    const Expr mag = m.wire("sum_mag", mux(s_neg, ~sums.plus0.slice(W - 2, 0), sums.plus1.slice(W - 2, 0)));
    const Expr s_zero = m.wire("sum_zero", !reduce_or(sums.plus1));
    if (s.dropped_bits == 0) {
        m.assign_output(prod, mag);
    } else if (s.dropped_bits >= W - 1) {
        m.comment("The whole word lies below 2^-151: only its sticky bit reaches the rounding");
        m.assign_output(prod, reduce_or(mag));
    } else {
        m.comment("Bits below 2^-151 only matter as a sticky bit (the exact sum is rounded to binary32)");
        m.assign_output(prod, cat({mag.slice(W - 2, s.dropped_bits), reduce_or(mag.slice(s.dropped_bits - 1, 0))}));
    }
    // A NaN term makes the sum NaN (quietly); 0 * Inf is invalid whatever else; otherwise +Inf and
    // -Inf among the products are invalid (the fused add also pairs an infinite sum with c).
    const Expr zi = any_zi;
    const Expr clash = m.wire("inf_clash", pos_inf & neg_inf & !any_nan & !zi);
    const Expr inf = m.wire("inf_product", (pos_inf | neg_inf) & !any_nan & !zi & !clash);
    m.assign_output(p_sign, mux(inf, neg_inf, mux(s_zero, all_neg_zero, s_neg)));
    m.assign_output(p_zero, s_zero & !any_nan & !zi & !inf);
    m.assign_output(p_inf, inf);
    m.assign_output(p_nan, any_nan);
    m.assign_output(p_snan, lit(1, 0));
    m.assign_output(p_zi, zi);
    m.assign_output(p_clash, clash);
    return m;
}

}  // namespace ffp8::hw::blocks
