// Arithmetic building blocks emitted as structure (the synthesis tool gets gates, not `*` or a
// wide `+` it would map to ripple adders and array multipliers).
#pragma once

#include <string>
#include <vector>

#include "ffp8/hw/netlist.hpp"

namespace ffp8::hw::blocks {

using rtl::Expr;
using rtl::Module;

// Parallel-prefix (Sklansky) adder: a + b + cin, truncated to the operands' width.
Expr prefix_add(Module& m, const std::string& name, const Expr& a, const Expr& b, const Expr& cin);

// a + b and a + b + 1 from one prefix tree (a flagged compound adder).
struct CompoundSum {
    Expr plus0;
    Expr plus1;
};
CompoundSum prefix_add_compound(Module& m, const std::string& name, const Expr& a, const Expr& b);

// a + inc for a 1-bit inc: a prefix AND chain (the rounding incrementer).
Expr prefix_increment(Module& m, const std::string& name, const Expr& a, const Expr& inc);

// Number of leading zeros of v (v.width when v is zero), a tree of width bits_for(v.width).
Expr leading_zeros(Module& m, const std::string& name, const Expr& v);
// Number of trailing zeros of v (v.width when v is zero), the same tree from bit 0 up.
Expr trailing_zeros(Module& m, const std::string& name, const Expr& v);
int bits_for(int max_value);  // bits needed to hold 0..max_value

// Logarithmic shifters. The right shift ORs every bit shifted out into bit 0 (sticky).
Expr shift_right_sticky(Module& m, const std::string& name, const Expr& v, const Expr& amount);
// largest_first: the levels in the order of the amount's bits from the top, for an amount whose
// high bits are ready first (a leading-zero count's).
Expr shift_left(Module& m, const std::string& name, const Expr& v, const Expr& amount, bool largest_first = false);
// The right shift without the sticky (bits shifted out are dropped).
Expr shift_right(Module& m, const std::string& name, const Expr& v, const Expr& amount);

// Unsigned x * y reduced to two rows (Booth partial-product rows, word-level 3:2 carry-save rows);
// row_a + row_b == x * y modulo 2^(x.width + y.width).
struct ProductRows {
    Expr row_a;
    Expr row_b;
};
ProductRows multiplier_tree(Module& m, const std::string& name, const Expr& x, const Expr& y);

// The same tree stopped early: the Booth rows reduced to at most `down_to` rows (0: not reduced),
// for a register cut inside the tree; carry_save_reduce on them ends it.
std::vector<Expr> multiplier_rows(Module& m, const std::string& name, const Expr& x, const Expr& y, int down_to);

// Word-level 3:2 carry-save rows (Dadda row schedule) from `rows` (>= 2, same width) down to
// two rows with the same sum modulo 2^width.
ProductRows carry_save_reduce(Module& m, const std::string& name, std::vector<Expr> rows);
// The stages of that schedule that leave at least `down_to` (>= 2) rows.
std::vector<Expr> carry_save_rows(Module& m, const std::string& name, std::vector<Expr> rows, int down_to);
// The height after the first half of that schedule for `rows` rows (ceil(stages / 2) stages; 2
// rows: none): where a register cut splits the tree into halves of equal depth, or one more first.
int carry_save_midpoint(int rows);

// a + b + k modulo 2^width (two's complement): a carry-save row folds the constant, a prefix
// adder ends.
Expr sum_plus_constant(Module& m, const std::string& name, const Expr& a, const Expr& b, int k);
// a + b + c modulo 2^width, the same way (c a signal or a constant).
Expr sum_of_three(Module& m, const std::string& name, const Expr& a, const Expr& b, const Expr& c);

// Makes e a named net (for slicing) unless it already is.
Expr named(Module& m, const std::string& name, const Expr& e);

}  // namespace ffp8::hw::blocks
