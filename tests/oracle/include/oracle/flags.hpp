// Exception flags in TestFloat bit order (SPEC section 2), restated for the oracle.
#pragma once

namespace oracle::flag {
inline constexpr unsigned inexact = 1u << 0;
inline constexpr unsigned underflow = 1u << 1;
inline constexpr unsigned overflow = 1u << 2;
inline constexpr unsigned infinite = 1u << 3;
inline constexpr unsigned invalid = 1u << 4;
}  // namespace oracle::flag
