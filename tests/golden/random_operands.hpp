// Random operands shared by the golden suites.
#pragma once

#include <cstdint>
#include <random>

namespace ffp8::test {

// Random binary32 bits with an emphasis on the interesting classes: specials (zeros, infinities,
// quiet and signalling NaNs, extremes), subnormals, values near the overflow threshold and near
// the subnormal boundary, else uniform bits.
uint32_t random_binary32(std::mt19937& rng);

}  // namespace ffp8::test
