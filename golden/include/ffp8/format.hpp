// The FFP8 format family (SPEC section 1), 4 to 8 bits wide, and IEEE binary32 as a pseudo-format.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ffp8 {

// Which codes are not numbers.
enum class Policy : uint8_t { finite, ieee, fn, fnuz };

std::string_view to_string(Policy p);

// Any error in a user-given format name, bias, policy combination, rounding mode, ...
struct FormatError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct BiasRange {
    int min;
    int max;
};

// One FFP8 format, or binary32 (`fp32`, the accumulator and the baseline unit's operands).
// Construct only through make() or parse(): both validate.
struct Format {
    static constexpr int min_width = 4;  // narrowest code (SPEC section 1), e.g. mx-e2m1
    static constexpr int max_width = 8;

    bool is_fp32 = false;
    bool is_signed = true;
    int E = 4;  // exponent field width
    int M = 3;  // fraction field width
    int bias = 7;
    Policy policy = Policy::finite;

    // Validates every SPEC rule; throws FormatError naming the rule (and the legal bias range).
    static Format make(bool is_signed, int E, int M, int bias, Policy policy);
    static Format fp32();
    // Canonical names, names without bias or policy, and the presets (`ocp-e4m3`, `fp32`, ...).
    static Format parse(std::string_view name);

    // Canonical spelling, bias always written: `se4m3b7-fn`, `ue5m3b20`, `fp32`.
    std::string name() const;

    static int default_bias(int E) { return (1 << (E - 1)) - 1; }
    // Biases for which every finite value is exactly a binary32 (normal or subnormal).
    static BiasRange legal_bias(int E, int M, Policy policy);

    int sign_bit() const { return is_signed ? 1 : 0; }
    // Code width n = s + E + M: 8 for FFP8 proper, 4..7 for the narrow formats (32 for fp32).
    int width() const { return is_fp32 ? 32 : sign_bit() + E + M; }
    // Number of codes, 2^n (256 for FFP8 proper; 0 for fp32, which has no code table).
    unsigned code_count() const { return is_fp32 ? 0u : 1u << width(); }
    // Whether an operand fits the format: below 2^n, or any 32 bits for fp32.
    bool is_code(uint32_t operand) const { return is_fp32 || operand < code_count(); }
    // The sign bit of a code, bit n - 1 (0 for unsigned formats).
    uint8_t sign_mask() const { return is_signed ? static_cast<uint8_t>(1u << (width() - 1)) : 0; }
    // The magnitude bits of a code: exponent and fraction fields.
    uint8_t magnitude_mask() const { return static_cast<uint8_t>((1u << (E + M)) - 1u); }
    int exp_field_max() const { return (1 << E) - 1; }
    // Largest exponent field that holds finite values.
    int k_max_finite() const { return policy == Policy::ieee ? exp_field_max() - 1 : exp_field_max(); }
    // Largest fraction field at k_max_finite().
    int f_max_finite() const {
        return policy == Policy::fn ? (1 << M) - 2 : (1 << M) - 1;
    }
    int emin() const { return 1 - bias; }  // exponent of the smallest normal
    bool has_inf() const { return policy == Policy::ieee; }
    // False only for `finite`, and for `ieee` with M = 0 (the reserved exponent holds only Inf).
    bool has_nan() const;
    bool has_negative_zero() const { return is_signed && policy != Policy::fnuz; }
    // The canonical NaN code (only when has_nan()).
    uint8_t canonical_nan() const;
    // Code of the largest finite magnitude with the given sign (sign ignored for unsigned).
    uint8_t max_finite_code(bool negative = false) const;
    uint8_t inf_code(bool negative) const;  // only when has_inf()
    uint8_t zero_code(bool negative) const;

    bool is_nan_code(uint8_t code) const;
    bool is_inf_code(uint8_t code) const;

    friend bool operator==(const Format&, const Format&) = default;
};

}  // namespace ffp8
