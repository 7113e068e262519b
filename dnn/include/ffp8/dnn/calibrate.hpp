// Choosing the FFP8 format of one tensor (the paper's per-tensor format selection).
//
// Quantization is the golden conversion: encode (rne, saturate) then decode. Two modes:
//  - search: every legal (signedness, E, M = n - s - E) of the chosen width n (8, or 4..7 for the
//    narrow formats of SPEC section 1) with policy `finite` and each bias within
//    a few steps of the max-magnitude bias, ranked by mean squared quantization error (MSE);
//    unsigned formats are candidates only for tensors without negative values.
//  - rule: the paper's observation as a closed-form choice: unsigned for a non-negative tensor
//    (after ReLU), the bias from the maximum magnitude (the largest bias whose largest finite
//    value still covers max |x|), the exponent width from the spread of the magnitudes.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "ffp8/format.hpp"

namespace ffp8::dnn {

// Whether a tensor holds a layer's weights or its input activations. The choice itself depends
// only on the data (the paper's difference between the two, signed and bell-shaped with a small
// maximum versus non-negative after ReLU with a larger one, shows in the statistics); the role
// labels reports.
enum class TensorRole { weight, activation };
std::string_view to_string(TensorRole r);
TensorRole parse_role(std::string_view name);  // throws std::runtime_error naming the choices

struct TensorStats {
    std::size_t count = 0, nonzero = 0;
    float min = 0, max = 0, max_abs = 0;
    float low_abs = 0;     // 1st percentile of the nonzero magnitudes: the low end of the spread
    double spread = 0;     // log2(max_abs / low_abs), in binades; 0 without nonzero values
};
TensorStats tensor_stats(std::span<const float> x);

// Throws std::runtime_error naming the first NaN or infinite element ("element 12 of 784 is NaN; ..."):
// formats are chosen, and layers run, on finite values only.
void require_finite(std::span<const float> x);

struct QuantError {
    double mse = 0;      // mean of (x - q(x))^2
    double sqnr_db = 0;  // 10 log10(sum x^2 / sum (x - q(x))^2); +inf when there is no error
};
QuantError quantization_error(const Format& f, std::span<const float> x);

// The largest legal bias of the `finite` format (sign, E, bits - s - E) whose largest finite value is
// at least max_abs (clamped to the legal bias range; the default bias when max_abs is 0).
int max_magnitude_bias(bool is_signed, int E, float max_abs, int bits = 8);

// Throws std::runtime_error naming the legal widths unless 4 <= bits <= 8.
void check_bits(int bits);

struct Candidate {
    Format format;
    QuantError error;
};

// Search mode: all candidates, best first (lowest MSE; ties: more fraction bits, then lower bias).
// `bits` is the code width n of every candidate (4..8).
std::vector<Candidate> search_formats(std::span<const float> x, int bits = 8);

// Rule mode: the single format of the rule, with its error.
Candidate rule_format(std::span<const float> x, int bits = 8);

}  // namespace ffp8::dnn
