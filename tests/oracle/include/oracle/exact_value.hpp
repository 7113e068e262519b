// An exact value: (-1)^negative * mant * 2^exp, or an infinity, or a NaN. Every FFP8 value and
// every binary32 value is one of these without rounding.
#pragma once

#include <cstdint>
#include <string>

namespace oracle {

enum class Kind { finite, inf, nan };

struct ExactValue {
    Kind kind = Kind::finite;
    bool negative = false;
    uint64_t mant = 0;  // finite only
    int exp = 0;        // finite only
    bool signalling = false;  // NaN only: a signalling NaN (only binary32 inputs can be one)

    bool is_zero() const { return kind == Kind::finite && mant == 0; }
};

// Decodes binary32 bits by the IEEE 754 layout.
ExactValue from_binary32(uint32_t bits);

// Same number (NaNs all equal each other, zeros compare their signs too).
bool same_value(const ExactValue& x, const ExactValue& y);

// Compares the magnitudes of two finite values: -1, 0 or 1.
int compare_magnitude(const ExactValue& x, const ExactValue& y);

// The binary32 nearest to a finite value toward zero (the largest finite binary32 when above
// it): the exact bits when the value is a binary32.
uint32_t binary32_toward_zero(const ExactValue& v);

// For test messages: "-0x1.8p+3 (mant=3, exp=2)", "inf", "nan".
std::string to_string(const ExactValue& v);

}  // namespace oracle
