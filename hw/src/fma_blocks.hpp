// The classical IEEE binary32 fused multiply-add, split into the blocks the MAC pipelines:
//   unpack (x2) -> product_info + mul_tree -> mul_cpa -> [accumulate loop] add
// The product is exact (48 bits); `add` aligns the addend to it, adds in a 75-bit window,
// normalises, rounds to nearest even and handles the specials. The core takes significands
// with up to 7 leading zeros each (FFP8 subnormals, see ffp8_blocks.hpp): the product then
// keeps at least 33 significant window bits above bit 0, more than the 26 rounding needs.
#pragma once

#include <optional>
#include <string>

#include "ffp8/hw/netlist.hpp"

namespace ffp8::hw::blocks {

// The unpacked operand, the FMA core's input: output ports declared on m (sign, exp_n[9:0],
// sig_n[23:0], is_zero, is_inf, is_nan, is_snan). Driven by fma_unpack and by the FFP8 decoders,
// which say in `sig_comment` how sig_n is aligned.
struct UnpackedOperand {
    rtl::Expr sign, exp_n, sig_n, is_zero, is_inf, is_nan, is_snan;
};
UnpackedOperand unpacked_operand_ports(rtl::Module& m, const std::string& sig_comment);

// x[31:0] -> sign, exp_n[9:0] (biased exponent of sig_n's bit 23, two's complement, may be <= 0
// for subnormals), sig_n[23:0] (normalised: leading one at bit 23 unless zero), class bits.
// The classical binary32 operand unpack; FFP8 designs use their decoders in its place.
rtl::Module fma_unpack(const std::string& name);

// Classes and exponents of x and y -> the product's sign, exponent (of bit 0 of the 48-bit
// product, clamped, see p_tiny), class bits.
rtl::Module fma_product_info(const std::string& name);

// sig_x * sig_y as two rows (Booth partial products and carry-save rows).
rtl::Module fma_mul_tree(const std::string& name);

// The tree cut in two (the cut point mul_rows): Booth rows reduced to mul_cut_rows rows
// (rows_0..), then those reduced to row_a and row_b; together the same logic as fma_mul_tree.
inline constexpr int mul_cut_rows = 4;
rtl::Module fma_mul_rows(const std::string& name);
rtl::Module fma_mul_reduce(const std::string& name);

// Final product adder; a product far below binary32's range becomes a 1 (a sticky bit).
rtl::Module fma_mul_cpa(const std::string& name);

// The accumulate step: product + c, rounded; the loop of the MAC (loop_cycles: FusedAddShape's).
rtl::Module fma_add(const std::string& name, int loop_cycles = 1);

// The same step for an exact P-bit magnitude `prod` (not necessarily normalised) whose bit 0
// weighs 2^p_exp: the window is P + G + 27 bits, the product at [P+G : G+1]. With G = 0 the
// product must keep its leading one at bit 32 or above (the MAC's case, FusedAddShape{} is
// fma_add); with G >= 26 any nonzero product is exact: when the addend falls below the window
// (its bits jammed into bit 0) the product, at bit G+1 or above, keeps the result's leading one
// at bit 26 or above, so the jammed bit stays below the round bit after normalisation.
struct FusedAddShape {
    int prod_bits = 48;  // P
    int guard_bits = 0;  // G
    int exp_bits = 10;   // width of p_exp_b and the exponent arithmetic (>= 10)
    // p_exp_b = exponent field of the window's top bit = p_exp + P + 152 (>= 1). Set: a constant
    // inside the block (static dot-product units), else an input port.
    std::optional<int> top_field{};
    // An input p_inf_clash: +Inf and -Inf among the products (no NaN product): NaN, invalid unless
    // c is a NaN (a NaN term makes the sum NaN quietly). p_zero_times_inf stays invalid with any c.
    bool inf_clash_port = false;
    std::string description = "FMA add/normalise/round: result = round_rne(prod * 2^p_exp + c), IEEE specials and flags.";
    std::string prod_comment = "";
    std::string exp_comment = "product exponent + 200";
    std::string zi_comment = "";
    // Cycles of the accumulate loop (accumulate_loop_cycles of the unit's slots): 1, or 2, 4 and 5
    // with register cuts inside the block (after the addition; after the alignment, the addition and
    // the normalisation; also after the exponent difference), which then takes clk and rst.
    int loop_cycles = 1;
};
rtl::Module fused_add(const std::string& name, const FusedAddShape& shape);

}  // namespace ffp8::hw::blocks
