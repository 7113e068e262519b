// SPEC section 1, restated independently of the golden model: the five choices of an FFP8
// format, which combinations are legal, the legal bias range, canonical names and the value of
// every code.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "oracle/exact_value.hpp"

namespace oracle {

enum class Policy { finite, ieee, fn, fnuz };
inline constexpr Policy all_policies[] = {Policy::finite, Policy::ieee, Policy::fn, Policy::fnuz};

std::string policy_name(Policy p);

struct FormatSpec {
    bool is_signed = true;
    int E = 4;
    int M = 3;
    int bias = 7;
    Policy policy = Policy::finite;
};

struct BiasLimits {
    int min;
    int max;
};

// The code width n = s + E + M (SPEC section 1: 8 for FFP8 proper, 4..7 for narrow formats).
inline int width(const FormatSpec& f) { return (f.is_signed ? 1 : 0) + f.E + f.M; }
inline constexpr int narrowest = 4, widest = 8;

// Fraction width of an n-bit format with this signedness and exponent width.
inline int fraction_width(bool is_signed, int E, int n = widest) { return n - (is_signed ? 1 : 0) - E; }

// Number of codes, 2^n; the sign bit of a signed format is bit n - 1.
inline unsigned code_count(const FormatSpec& f) { return 1u << width(f); }
inline unsigned sign_bit(const FormatSpec& f) { return f.is_signed ? 1u << (width(f) - 1) : 0u; }

// Whether E, M and the policy are a legal combination for this signedness (ignores the bias).
bool shape_is_legal(bool is_signed, int E, int M, Policy policy);

// The biases for which every finite value is exactly a binary32: the smallest nonzero step
// 2^(1-B-M) must be >= 2^-149, and the largest finite exponent must be <= 127.
BiasLimits legal_bias(int E, int M, Policy policy);

bool is_legal(const FormatSpec& f);

// Every legal (signedness, E, M, policy) of widths min_width..max_width, bias left at 0.
std::vector<FormatSpec> legal_shapes(int min_width = narrowest, int max_width = widest);

// `<s|u>e<E>m<M>b<B>[-<policy>]`, bias always written, policy omitted when finite.
std::string canonical_name(const FormatSpec& f);

// The exact value of a code (SPEC section 1 formula and special policies).
ExactValue value_of(const FormatSpec& f, unsigned code);

bool has_nan(const FormatSpec& f);
bool has_inf(const FormatSpec& f);
bool has_negative_zero(const FormatSpec& f);
// SPEC: sign 0, exponent and fraction all ones; the sign bit alone under fnuz. Only when has_nan().
unsigned canonical_nan_code(const FormatSpec& f);
// The code of the largest finite magnitude with this sign, found by scanning all codes.
unsigned max_finite_code(const FormatSpec& f, bool negative);

// The presets of SPEC section 1 (not fp32); nullopt for any other name.
std::optional<FormatSpec> preset(const std::string& name);

}  // namespace oracle
