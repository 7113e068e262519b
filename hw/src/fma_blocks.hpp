// The classical IEEE binary32 fused multiply-add, split into the blocks the MAC pipelines:
//   unpack (x2) -> product_info + mul_tree -> mul_cpa -> [accumulate loop] add
// The product is exact (48 bits); `add` aligns the addend to it, adds in a 75-bit window,
// normalises, rounds to nearest even and handles the specials. The core takes significands
// with up to 7 leading zeros each (FFP8 subnormals, see ffp8_blocks.hpp): the product then
// keeps at least 33 significant window bits above bit 0, more than the 26 rounding needs.
#pragma once

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

// Final product adder; a product far below binary32's range becomes a 1 (a sticky bit).
rtl::Module fma_mul_cpa(const std::string& name);

// The accumulate step: product + c, rounded; the one-cycle loop of the MAC.
rtl::Module fma_add(const std::string& name);

}  // namespace ffp8::hw::blocks
