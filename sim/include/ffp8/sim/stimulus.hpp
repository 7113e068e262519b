// The cycle-by-cycle stimulus, generated on the fly from a seed (a 10^8-operation run needs no
// memory): reset, directed corners, then either every (a, w) code pair against a set of addends
// (--exhaustive) or seeded random operations with idle cycles, clear, load and resets, and
// finally enough idle cycles to bring the last result out of the pipeline.
#pragma once

#include <bit>
#include <bitset>
#include <cstdint>
#include <vector>

#include "ffp8/format.hpp"
#include "ffp8/sim/format_pairs.hpp"
#include "ffp8/sim/job.hpp"
#include "ffp8/sim/ports.hpp"

namespace ffp8::sim {

// xoshiro256** seeded through splitmix64: a few cycles a draw where std::mt19937_64 took a
// noticeable share of a checked co-simulation cycle. Satisfies UniformRandomBitGenerator.
class FastRng {
public:
    using result_type = uint64_t;
    explicit FastRng(uint64_t seed) {
        for (uint64_t& word : s_) {
            seed += 0x9E3779B97F4A7C15ull;
            uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
            word = z ^ (z >> 31);
        }
    }
    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return ~result_type{0}; }
    result_type operator()() {
        const uint64_t result = std::rotl(s_[1] * 5, 7) * 9;
        const uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = std::rotl(s_[3], 45);
        return result;
    }

private:
    uint64_t s_[4];
};

class Stimulus {
public:
    // `pairs` must outlive the stimulus; more than one pair only in runtime mode.
    Stimulus(const StimulusOptions& options, const std::vector<FormatPair>& pairs, int latency);

    // The next cycle's inputs; false when the run is over.
    bool next(CycleInput& in) {
        if (phase_ == Phase::directed && next_directed(in)) return true;
        if (phase_ == Phase::exhaustive && next_exhaustive(in)) return true;
        if (phase_ == Phase::random && next_random(in)) return true;
        return next_drain(in);
    }

    // Operations that will enter over the whole run (for progress and summaries).
    uint64_t total_operations() const { return total_ops_; }

    // The addends of --exhaustive and of the directed corners (binary32 bits).
    static const std::vector<uint32_t>& corner_addends();

private:
    enum class Phase { directed, exhaustive, random, drain, done };
    bool next_directed(CycleInput& in);
    bool next_exhaustive(CycleInput& in);
    // The (a, w) code pairs of --exhaustive: 2^(n_A + n_W) for the first format pair (65,536 at 8 bits).
    uint64_t exhaustive_pairs() const {
        return uint64_t{pairs_.front().act.code_count()} * pairs_.front().wgt.code_count();
    }
    bool next_random(CycleInput& in);
    bool next_drain(CycleInput& in);
    void build_directed();
    // What random operands of one format are drawn from (precomputed: drawn twice a cycle).
    struct OperandSource {
        const Format* format;
        std::vector<uint32_t> corners;  // corner_codes(format)
        std::bitset<256> nan;           // the NaN codes
    };
    static OperandSource operand_source(const Format& f);
    uint32_t random_operand(const OperandSource& source);
    uint32_t random_binary32();

    StimulusOptions options_;
    const std::vector<FormatPair>& pairs_;
    int latency_;
    FastRng rng_;
    Phase phase_ = Phase::directed;
    uint64_t total_ops_ = 0;

    std::vector<OperandSource> act_, wgt_;  // per pair
    std::vector<CycleInput> directed_;
    std::size_t directed_pos_ = 0;
    std::vector<uint32_t> exhaustive_addends_;
    uint64_t exhaustive_pos_ = 0;
    uint64_t random_left_ = 0;
    uint32_t run_left_ = 0;  // operations left in the current accumulation
    uint8_t pair_ = 0;       // format pair of the current accumulation
    int drain_left_ = 0;
};

// Codes worth hitting in every format: zeros, smallest and largest subnormals and normals,
// largest finite values, NaN and Inf codes, the ends of the code space.
std::vector<uint32_t> corner_codes(const Format& f);

}  // namespace ffp8::sim
