// Exception flags in TestFloat bit order (SPEC section 2).
#pragma once

#include <cstdint>

namespace ffp8 {

using Flags = uint8_t;

namespace flag {
inline constexpr Flags inexact = 1u << 0;
inline constexpr Flags underflow = 1u << 1;
inline constexpr Flags overflow = 1u << 2;
inline constexpr Flags infinite = 1u << 3;  // divide by zero: never raised by this project
inline constexpr Flags invalid = 1u << 4;
}  // namespace flag

}  // namespace ffp8
