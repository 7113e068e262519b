// The K-lane fused dot product acc <- round_fp32(acc + sum_{k<n} a[k]*w[k]) (issue 11), in two
// paths: dot_exact (integer reference) and DotKernel (integer tables + double, bit-identical).
//
// Semantics (SPEC section 3 extended to n products, golden/README.md "The dot product"):
// - the n products and acc are summed exactly and rounded once to binary32, round to nearest
//   even, tininess after rounding; overflow gives Inf with overflow and inexact;
// - the products are formed first: a NaN code in a lane makes that product NaN, 0 * Inf in a
//   lane is invalid (also when another lane or acc is NaN), x * Inf is an infinity;
// - then the n + 1 terms are added: any NaN term gives the canonical NaN (quietly, unless acc is
//   a signalling NaN, which is invalid); otherwise +Inf and -Inf among the terms is invalid;
//   otherwise an infinity wins;
// - an exact zero sum is -0 only when acc and every product are -0 (round to nearest), else +0;
// - n = 1 is bit-identical to mac_exact, n = 0 returns acc (canonical NaN for NaN acc).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "ffp8/format.hpp"
#include "ffp8/mac.hpp"

namespace ffp8 {

// Lane counts the dot-product unit supports: 1, 2, 4, 8, 16.
bool lanes_supported(int lanes);
inline constexpr int kMaxLanes = 16;

// a, w: FFP8 codes of formats act, wgt (neither may be fp32); any n >= 0.
MacResult dot_exact(const Format& act, const Format& wgt, uint32_t acc, const uint8_t* a, const uint8_t* w, int n);

// The fast path, bit-identical to dot_exact. For format pairs whose products all fit a 64-bit
// fixed-point integer (every pair with E <= 5 in both formats), the products are summed exactly
// as integers; for wider pairs in double, while every TwoSum error is zero. The sum is added to
// acc in double with an exact TwoSum and rounded to binary32 through round-to-odd. NaN/Inf codes
// and accumulators, a -0 accumulator with a zero sum, sums that are not exact doubles and inexact
// results at or below 2^-126 go to dot_exact.
class DotKernel {
public:
    DotKernel(const Format& act, const Format& wgt);

    MacResult operator()(uint32_t acc, const uint8_t* a, const uint8_t* w, int n) const;

    // acc + a.w over a long vector in chunks of `lanes` products (the last chunk holds the
    // n % lanes rest), one rounding per chunk, flags ORed: the dot unit's arithmetic for a DNN
    // layer. lanes = 1 equals MacKernel::dot.
    MacResult dot(uint32_t acc, const uint8_t* a, const uint8_t* w, std::size_t n, int lanes) const;

    const Format& act() const { return act_; }
    const Format& wgt() const { return wgt_; }

private:
    MacResult chunk(uint32_t acc, const uint8_t* a, const uint8_t* w, int n) const;
    template <int Lanes>  // 0: lanes at run time
    MacResult blocked_dot(uint32_t acc, const uint8_t* a, const uint8_t* w, std::size_t n, int lanes) const;

    Format act_, wgt_;
    MacKernel mac_;
    // code -> value / 2^(quantum of the format), a signed integer (0 for NaN and Inf codes, and
    // for values beyond 2^62 units: such formats never take the integer path)
    std::array<int64_t, 256> act_int_{}, wgt_int_{};
    std::array<double, 256> act_value_{}, wgt_value_{};  // code -> value (0 for NaN and Inf codes)
    std::array<uint8_t, 256> act_special_{}, wgt_special_{};  // NaN or Inf code
    bool has_special_ = false;
    // The largest n for which n products always fit in 62 bits (0: no integer path).
    int max_integer_lanes_ = 0;
    double scale_ = 1.0;  // 2^(quantum of act + quantum of wgt)
};

}  // namespace ffp8
