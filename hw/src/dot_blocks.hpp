// The blocks of the K-lane fused dot-product unit (static or runtime formats): the K products of
// one cycle summed EXACTLY in a two's-complement fixed-point word, then one fused add with the
// binary32 accumulator (fused_add, fma_blocks.hpp) and one rounding.
//
//   lane k: decoded a_k, w_k -> sig_a * sig_w (small Booth tree + adder) -> +-product
//           -> shifted left by (k'_a + k'_w) into the W-bit word          (dot_lane, K instances)
//   tree:   K rows + a constant -1 row -> two carry-save rows; lane classes ORed    (dot_tree)
//   cpa:    one compound adder: S - 1 and S -> |S|, sign, zero; |S| truncated at 2^-151 with a
//           sticky (the product field of fused_add)                                  (dot_cpa)
#pragma once

#include <string>

#include "ffp8/format.hpp"
#include "ffp8/hw/netlist.hpp"
#include "fma_blocks.hpp"

namespace ffp8::hw::blocks {

// The fixed-point word of a format pair and lane count (`of`; in runtime mode one word for every
// legal pair, `for_runtime`). A code's value is sig * 2^(q_min + k') with sig the M+1 significand
// bits (hidden bit included), k' = max(k, 1) - 1 and q_min = 1 - bias - M; a product is
// sig_a * sig_w * 2^(q_min_a + q_min_w + k'_a + k'_w), so with bit 0 of the word weighing
// 2^(q_min_a + q_min_w) every product is an integer shifted left by k'_a + k'_w <= span, and K of
// them fit in W bits without overflow.
struct DotShape {
    int lanes = 1;
    int sig_a = 1, sig_w = 1;  // significand widths M + 1
    int prod_bits = 2;         // sig_a + sig_w
    int span = 0;              // largest k'_a + k'_w
    int shift_bits = 1;        // width of the lane shift amount
    int word_bits = 0;         // W = prod_bits + span + log2(lanes) + 1 (sign)
    int word_lsb_exp = 0;      // q_min_a + q_min_w: the weight of word bit 0
    int bias_offset = 0;       // k'_a + k'_w = exp_n_a + exp_n_w + bias_offset (decoders' exp_n)
    // The fused add's product field: the magnitude bits at or above 2^-151 (all of them when the
    // word starts there), plus a sticky bit at 2^-152 for the bits below.
    int dropped_bits = 0;      // magnitude bits below 2^-151 (ORed into the sticky bit)
    int field_bits = 0;        // P of fused_add
    FusedAddShape add;

    bool runtime = false;      // formats on ports: bias_offset and the fused add's p_exp_b are inputs

    static DotShape of(const Format& act, const Format& wgt, int lanes);
    // Every legal format pair (runtime mode): 8-bit significands (the decoders left-align the
    // fraction), k' up to 254 per operand, so W = 16 + 508 + log2 K + 1 and bit 0 of the word
    // weighs 2^(-12 - bias_a - bias_w) >= 2^-312: with P = W - 1 the fused add's top field
    // (>= 369) needs no truncation, and its normalisation limit handles results below 2^-126.
    static DotShape for_runtime(int lanes);
};

// Lane: unpacked a and w (decoder outputs, significands as sig_a/sig_w bits) -> the signed product
// shifted into the word (row) and the lane's classes.
rtl::Module dot_lane(const std::string& name, const DotShape& shape);

// K rows -> two carry-save rows; the lanes' classes combined (NaN, 0*Inf, +Inf, -Inf, all -0).
rtl::Module dot_tree(const std::string& name, const DotShape& shape);
// The same tree cut in two (cut point dot_rows): the rows after the first half of its stages,
// dot_cut_rows(lanes) of them, registered between the parts; the first combines the classes.
int dot_cut_rows(int lanes);
rtl::Module dot_tree_rows(const std::string& name, const DotShape& shape);
rtl::Module dot_tree_reduce(const std::string& name, const DotShape& shape);

// Two rows -> the fused add's product field, sign and classes (SPEC section 3 over all lanes).
rtl::Module dot_cpa(const std::string& name, const DotShape& shape);

}  // namespace ffp8::hw::blocks
