// The (activation, weight) format pairs a run drives. Pair 0 is the pair under test; in runtime
// mode the stimulus switches to the other (random, legal) pairs between accumulations, so the
// format ports are exercised without a new build.
#pragma once

#include <cstdint>
#include <vector>

#include "ffp8/format.hpp"

namespace ffp8::sim {

struct FormatPair {
    Format act;
    Format wgt;
};

// A uniformly chosen legal FFP8 format (signedness, split, policy, then a bias in the legal
// range, extremes included), from 64 random bits.
Format random_format(uint64_t bits);

// Pair 0 = (act, wgt), then `extra` random pairs derived from seed.
std::vector<FormatPair> make_format_pairs(const Format& act, const Format& wgt, int extra, uint64_t seed);

}  // namespace ffp8::sim
