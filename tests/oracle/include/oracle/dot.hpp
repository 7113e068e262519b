// The K-lane dot product of issue 11, restated from SPEC section 3 with MPFR: the n products and
// acc summed exactly in high precision, then one binary32 rounding (nearest even, tininess after
// rounding). Specials: each product is formed first (NaN operand -> NaN, 0 * Inf -> invalid NaN,
// x * Inf -> an infinity); then the sum of acc and the products is NaN if any term is NaN
// (invalid only for a signalling NaN acc or a 0 * Inf lane), invalid if it has +Inf and -Inf,
// else an infinity if it has one. An exact zero is -0 only when acc and every product are -0.
#pragma once

#include <cstdint>
#include <vector>

#include "oracle/exact_value.hpp"
#include "oracle/mac.hpp"

namespace oracle {

// round_binary32(acc + sum_k a[k]*w[k]); a and w have the same length (any, including 0).
MacOut dot(uint32_t acc, const std::vector<ExactValue>& a, const std::vector<ExactValue>& w);

}  // namespace oracle
