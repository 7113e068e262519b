// IEEE binary32 bit-level helpers shared by the golden model, tests and tools.
#pragma once

#include <bit>
#include <cstdint>

namespace ffp8::b32 {

inline constexpr uint32_t sign_mask = 0x80000000u;
inline constexpr uint32_t exp_mask = 0x7F800000u;
inline constexpr uint32_t frac_mask = 0x007FFFFFu;
inline constexpr uint32_t quiet_bit = 0x00400000u;
inline constexpr uint32_t canonical_nan = 0x7FC00000u;
inline constexpr uint32_t pos_inf = 0x7F800000u;

constexpr bool is_nan(uint32_t x) { return (x & exp_mask) == exp_mask && (x & frac_mask) != 0; }
constexpr bool is_snan(uint32_t x) { return is_nan(x) && (x & quiet_bit) == 0; }
constexpr bool is_inf(uint32_t x) { return (x & ~sign_mask) == pos_inf; }
constexpr bool is_zero(uint32_t x) { return (x & ~sign_mask) == 0; }
constexpr bool is_finite(uint32_t x) { return (x & exp_mask) != exp_mask; }
constexpr bool sign(uint32_t x) { return (x >> 31) != 0; }

inline float to_float(uint32_t x) { return std::bit_cast<float>(x); }
inline uint32_t from_float(float f) { return std::bit_cast<uint32_t>(f); }

}  // namespace ffp8::b32
