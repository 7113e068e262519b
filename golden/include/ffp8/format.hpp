// The FFP8 format family (SPEC section 1) and IEEE binary32 as a pseudo-format.
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
