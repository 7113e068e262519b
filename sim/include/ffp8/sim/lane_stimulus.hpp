// The lanes of a K-lane dot-product unit's operations, drawn around the MAC stimulus's (a, w):
// each cycle one of these shapes (seeded, so a run is reproducible):
//   alone       lane 0 = (a, w), every other lane a zero product (+0 or -0): the MAC's corner
//               cases, the directed accumulator corners and the zero-sign rule pass unchanged;
//   cancel      lane 0 = (a, w), lane 1 its negation, further lanes in negated pairs of random
//               products, the last lane a small product: the exact sum is what survives an exact
//               cancellation of much larger products (the adversarial case of any window + sticky);
//   near        lane 0 = (a, w), lane 1 = -(a, w) with the weight's last bit flipped: cancellation
//               down to one unit of the product;
//   mixed       every lane drawn from the formats' corner codes and random codes (NaN, Inf, zeros,
//               subnormals, extremes among them).
#pragma once

#include <bitset>
#include <cstdint>
#include <vector>

#include "ffp8/format.hpp"
#include "ffp8/sim/format_pairs.hpp"
#include "ffp8/sim/ports.hpp"
#include "ffp8/sim/stimulus.hpp"

namespace ffp8::sim {

class LaneFiller {
public:
    LaneFiller(const std::vector<FormatPair>& pairs, int lanes, uint64_t seed);

    // Fills in.a_lanes / in.w_lanes from in.a, in.w and the cycle's shape.
    void fill(CycleInput& in);

    int lanes() const { return lanes_; }

private:
    struct Codes {
        std::vector<uint8_t> corners;  // corner_codes of the format
        std::vector<uint8_t> finite;   // every finite (non-NaN, non-Inf) code
        std::bitset<256> special;      // indexed by code (2^n entries used)
        const Format* format;
    };
    static Codes codes_of(const Format& f);
    uint8_t any_code(const Codes& c);
    uint8_t finite_code(const Codes& c);
    // The code of -value when the format can express it (false for unsigned formats, fnuz's NaN).
    static bool negated(const Format& f, uint8_t code, uint8_t& out);
    void negate_lane(const FormatPair& p, std::size_t from, std::size_t to, CycleInput& in);

    const std::vector<FormatPair>& pairs_;
    int lanes_;
    FastRng rng_;
    std::vector<Codes> act_, wgt_;
};

}  // namespace ffp8::sim
