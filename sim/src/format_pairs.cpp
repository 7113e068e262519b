#include "ffp8/sim/format_pairs.hpp"

#include <random>

namespace ffp8::sim {

Format random_format(uint64_t bits) {
    std::mt19937_64 rng(bits);
    for (;;) {
        const bool is_signed = rng() & 1u;
        // Half the draws 8 bits wide, the others 4 to 7 (SPEC section 1's narrow formats).
        const uint64_t n = rng();
        const int bits = (n & 1u) ? 8 : 4 + static_cast<int>((n >> 1) % 4u);
        const int width = bits - (is_signed ? 1 : 0);  // exponent and fraction bits
        const int E = 1 + static_cast<int>(rng() % static_cast<uint64_t>(width));
        const int M = width - E;
        auto policy = static_cast<Policy>(rng() % 4u);
        if ((policy == Policy::ieee && E < 2) || (policy == Policy::fn && M < 1) ||
            (policy == Policy::fnuz && !is_signed))
            continue;
        const BiasRange range = Format::legal_bias(E, M, policy);
        // Half the draws at an end of the legal range: subnormal products and huge products.
        const uint64_t r = rng();
        const int span = range.max - range.min + 1;
        const int bias = (r & 3u) == 0   ? range.min
                         : (r & 3u) == 1 ? range.max
                                         : range.min + static_cast<int>((r >> 2) % static_cast<uint64_t>(span));
        return Format::make(is_signed, E, M, bias, policy);
    }
}

std::vector<FormatPair> make_format_pairs(const Format& act, const Format& wgt, int extra, uint64_t seed) {
    std::vector<FormatPair> pairs{{act, wgt}};
    std::mt19937_64 rng(seed ^ 0x9E3779B97F4A7C15ull);
    for (int i = 0; i < extra; ++i) pairs.push_back({random_format(rng()), random_format(rng())});
    return pairs;
}

}  // namespace ffp8::sim
