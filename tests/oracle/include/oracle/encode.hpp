// SPEC section 2 (binary32 -> FFP8 code), restated in exact integer arithmetic: the input is
// split into an integer mantissa and a power of two, rounded to the format's quantum at that
// magnitude, and the result is checked against the largest finite value found by scanning codes.
#pragma once

#include <cstdint>

#include "oracle/flags.hpp"
#include "oracle/format_spec.hpp"

namespace oracle {

enum class Rounding { rne, rna, rtz, rdn, rup };
inline constexpr Rounding all_roundings[] = {Rounding::rne, Rounding::rna, Rounding::rtz, Rounding::rdn,
                                             Rounding::rup};

struct EncodeOut {
    unsigned code;
    unsigned flags;
    friend bool operator==(const EncodeOut&, const EncodeOut&) = default;
};

// Holds what encode needs to know about a format (largest finite value, Inf and NaN codes),
// found once by scanning the format's codes.
class Encoder {
public:
    explicit Encoder(const FormatSpec& f);
    EncodeOut operator()(uint32_t binary32, Rounding mode, bool saturate) const;

private:
    unsigned zero_code(bool negative) const;
    unsigned infinity_result(bool negative) const;

    FormatSpec f_;
    bool has_nan_, has_inf_, has_negative_zero_;
    unsigned canonical_nan_;
    unsigned max_finite_code_[2];  // [negative]
    unsigned inf_code_[2];         // [negative], when has_inf_
    ExactValue max_finite_;
};

inline EncodeOut encode(const FormatSpec& f, uint32_t binary32, Rounding mode, bool saturate) {
    return Encoder(f)(binary32, mode, saturate);
}

}  // namespace oracle
