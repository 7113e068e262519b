#include "random_operands.hpp"

#include <iterator>

namespace ffp8::test {

uint32_t random_binary32(std::mt19937& rng) {
    static const uint32_t specials[] = {0x00000000u, 0x80000000u, 0x7F800000u, 0xFF800000u, 0x7FC00000u, 0xFFC00000u,
                                        0x7F800001u, 0xFFBFFFFFu, 0x7FFFFFFFu, 0x00000001u, 0x80000001u, 0x007FFFFFu,
                                        0x00800000u, 0x7F7FFFFFu, 0xFF7FFFFFu, 0x3F800000u, 0xBF800000u};
    std::uniform_int_distribution<uint32_t> bits;
    switch (std::uniform_int_distribution<int>(0, 9)(rng)) {
        case 0:
            return specials[std::uniform_int_distribution<std::size_t>(0, std::size(specials) - 1)(rng)];
        case 1:  // subnormal
            return (bits(rng) & 0x807FFFFFu);
        case 2:  // near the overflow threshold
            return (bits(rng) & 0x807FFFFFu) | (std::uniform_int_distribution<uint32_t>(250, 254)(rng) << 23);
        case 3:  // near the subnormal boundary
            return (bits(rng) & 0x807FFFFFu) | (std::uniform_int_distribution<uint32_t>(1, 4)(rng) << 23);
        default:
            return bits(rng);
    }
}

}  // namespace ffp8::test
