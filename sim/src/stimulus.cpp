#include "ffp8/sim/stimulus.hpp"

#include <algorithm>

#include "ffp8/binary32.hpp"
#include "ffp8/decode.hpp"
#include "ffp8/mac.hpp"

namespace ffp8::sim {

namespace {

constexpr uint32_t one = 0x3F800000u;
constexpr uint32_t float_max = 0x7F7FFFFFu;

CycleInput operation(uint8_t pair, uint32_t a, uint32_t w) {
    CycleInput in;
    in.in_valid = true;
    in.pair = pair;
    in.a = a;
    in.w = w;
    return in;
}

CycleInput load_operation(uint8_t pair, uint32_t addend, uint32_t a, uint32_t w) {
    CycleInput in = operation(pair, a, w);
    in.load = true;
    in.load_value = addend;
    return in;
}

CycleInput clear_operation(uint8_t pair, uint32_t a, uint32_t w) {
    CycleInput in = operation(pair, a, w);
    in.clear = true;
    return in;
}

// Largest-magnitude finite code of f with the given sign, or fp32's largest finite.
uint32_t max_operand(const Format& f, bool negative) {
    if (f.is_fp32) return float_max | (negative ? b32::sign_mask : 0u);
    return f.max_finite_code(negative);
}

bool is_special(const Format& f, uint32_t v) {
    if (f.is_fp32) return !b32::is_finite(v);
    return f.is_nan_code(static_cast<uint8_t>(v)) || f.is_inf_code(static_cast<uint8_t>(v));
}

// The same magnitude with the other sign, when the format has one.
bool negate(const Format& f, uint32_t& v) {
    if (f.is_fp32) {
        v ^= b32::sign_mask;
        return true;
    }
    if (!f.is_signed) return false;
    v ^= f.sign_mask();
    return !(f.policy == Policy::fnuz && v == f.sign_mask());  // the sign bit alone is NaN under fnuz
}

}  // namespace

std::vector<uint32_t> corner_codes(const Format& f) {
    std::vector<uint32_t> codes;
    if (f.is_fp32) {
        codes = {0x00000000u, 0x80000000u, 0x00000001u, 0x807FFFFFu, 0x00800000u, one, 0xBFC00000u,
                 float_max,   0xFF7FFFFFu, 0x7F800000u, 0xFF800000u, 0x7FC00000u, 0x7FA00000u, 0x5F800000u};
        return codes;
    }
    const uint32_t sign = f.sign_mask();
    const uint32_t min_normal = 1u << f.M;
    for (uint32_t s : {0u, sign}) {
        codes.push_back(s | 0u);
        codes.push_back(s | 1u);
        if (f.M > 0) codes.push_back(s | (min_normal - 1u));
        codes.push_back(s | min_normal);
        codes.push_back(f.max_finite_code(s != 0));
        codes.push_back(s | f.magnitude_mask());
    }
    if (f.has_nan()) codes.push_back(f.canonical_nan());
    if (f.has_inf()) {
        codes.push_back(f.inf_code(false));
        if (f.is_signed) codes.push_back(f.inf_code(true));
    }
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    return codes;
}

const std::vector<uint32_t>& Stimulus::corner_addends() {
    static const std::vector<uint32_t> addends = {
        0x00000000u, 0x80000000u,            // signed zeros
        0x00000001u, 0x80000001u,            // smallest subnormals
        0x007FFFFFu, 0x807FFFFFu,            // largest subnormals
        0x00800000u, 0x80800000u,            // smallest normals
        one,         0xBFC00000u,            // 1, -1.5
        float_max,   0xFF7FFFFFu,            // overflow boundary
        0x7F800000u, 0xFF800000u,            // infinities
        0x7FC00000u, 0xFFC00001u,            // quiet NaNs (one not canonical)
        0x7FA00000u,                         // signalling NaN: invalid
    };
    return addends;
}

Stimulus::Stimulus(const StimulusOptions& options, const std::vector<FormatPair>& pairs, int latency)
    : options_(options), pairs_(pairs), latency_(latency), rng_(options.seed) {
    for (const FormatPair& p : pairs_) {
        act_.push_back(operand_source(p.act));
        wgt_.push_back(operand_source(p.wgt));
    }
    build_directed();
    total_ops_ = static_cast<uint64_t>(std::count_if(directed_.begin(), directed_.end(), enters));
    if (options_.exhaustive) {
        exhaustive_addends_ = corner_addends();
        // Two seeded ordinary addends besides the corners.
        exhaustive_addends_.push_back((random_binary32() & ~b32::exp_mask) | 0x3F000000u);
        exhaustive_addends_.push_back((random_binary32() & ~b32::exp_mask) | 0x42000000u);
        total_ops_ += exhaustive_addends_.size() * exhaustive_pairs();
    } else {
        random_left_ = options_.ops;
        total_ops_ += options_.ops;
    }
    drain_left_ = latency_ + 2;
}

void Stimulus::build_directed() {
    // Two reset cycles first: the RTL's registers start unknown.
    CycleInput rst;
    rst.rst = true;
    directed_.push_back(rst);
    rst.in_valid = true;  // an operation presented with rst does not enter
    rst.a = 0x3Cu & operand_mask(pairs_.front().act);
    rst.w = 0x3Cu & operand_mask(pairs_.front().wgt);
    directed_.push_back(rst);

    for (std::size_t p = 0; p < pairs_.size(); ++p) {
        const auto pair = static_cast<uint8_t>(p);
        const Format& act = pairs_[p].act;
        const Format& wgt = pairs_[p].wgt;
        const std::vector<uint32_t>& a_codes = act_[p].corners;
        const std::vector<uint32_t>& w_codes = wgt_[p].corners;
        const MacKernel kernel(act, wgt);

        // Every corner operand pair against every corner addend (signed zeros, subnormal
        // accumulators, NaN/Inf operands, overflow at FLT_MAX), then once more on its own result
        // with no idle cycle between, so the accumulator feedback sees the corner too.
        for (uint32_t addend : corner_addends())
            for (uint32_t a : a_codes)
                for (uint32_t w : w_codes) {
                    directed_.push_back(load_operation(pair, addend, a, w));
                    directed_.push_back(operation(pair, a, w));
                }
        for (uint32_t a : a_codes)
            for (uint32_t w : w_codes) directed_.push_back(clear_operation(pair, a, w));

        // Cancellation: load an exact product p, then add -p (exact zero, +0) or p with a flipped
        // last bit (a result of one ulp of p).
        for (int i = 0; i < 64; ++i) {
            const uint32_t a = random_operand(act_[p]), w = random_operand(wgt_[p]);
            if (is_special(act, a) || is_special(wgt, w)) continue;
            const MacResult p = kernel(0, a, w);
            if (p.flags != 0 || b32::is_zero(p.bits)) continue;
            uint32_t neg_a = a, neg_w = w;
            if (negate(wgt, neg_w)) {
                directed_.push_back(load_operation(pair, p.bits, a, neg_w));
            } else if (negate(act, neg_a)) {
                directed_.push_back(load_operation(pair, p.bits, neg_a, w));
            }
            directed_.push_back(load_operation(pair, p.bits ^ b32::sign_mask, a, w));
            directed_.push_back(load_operation(pair, (p.bits ^ 1u) ^ b32::sign_mask, a, w));
        }

        // Overflow to Inf by accumulation from FLT_MAX, in both directions.
        const uint32_t max_a = max_operand(act, false), max_w = max_operand(wgt, false);
        directed_.push_back(load_operation(pair, float_max, max_a, max_w));
        for (int i = 0; i < 3; ++i) directed_.push_back(operation(pair, max_a, max_w));
        uint32_t neg_max_w = max_w;
        if (negate(wgt, neg_max_w)) {
            directed_.push_back(load_operation(pair, 0xFF7FFFFFu, max_a, neg_max_w));
            for (int i = 0; i < 3; ++i) directed_.push_back(operation(pair, max_a, neg_max_w));
        }

        // Controls: clear wins over load; idle cycles keep acc; rst in a busy pipeline; an
        // operation presented with rst does not enter.
        CycleInput both = load_operation(pair, one, max_a, max_w);
        both.clear = true;
        directed_.push_back(both);
        CycleInput idle = operation(pair, max_a, max_w);
        idle.in_valid = false;
        idle.clear = idle.load = true;
        for (int i = 0; i < 3; ++i) directed_.push_back(idle);
        for (int i = 0; i < 4; ++i) directed_.push_back(load_operation(pair, one, max_a, max_w));
        CycleInput busy_rst = operation(pair, max_a, max_w);
        busy_rst.rst = true;
        directed_.push_back(busy_rst);
        directed_.push_back(operation(pair, max_a, max_w));
        directed_.push_back(idle);
    }
}

bool Stimulus::next_directed(CycleInput& in) {
    if (directed_pos_ < directed_.size()) {
        in = directed_[directed_pos_++];
        return true;
    }
    directed_ = {};
    phase_ = options_.exhaustive ? Phase::exhaustive : Phase::random;
    return false;
}

bool Stimulus::next_exhaustive(CycleInput& in) {
    const uint64_t pairs = exhaustive_pairs(), n = exhaustive_addends_.size() * pairs;
    if (exhaustive_pos_ >= n) {
        phase_ = Phase::drain;
        return false;
    }
    const uint64_t i = exhaustive_pos_++, w_codes = pairs_.front().wgt.code_count();
    in = load_operation(0, exhaustive_addends_[i / pairs], static_cast<uint32_t>(i % pairs / w_codes),
                        static_cast<uint32_t>(i % w_codes));
    return true;
}

uint32_t Stimulus::random_binary32() {
    const uint64_t r = rng_();
    const auto mantissa = static_cast<uint32_t>(r) & b32::frac_mask;
    const uint32_t sign = (r >> 23) & 1u ? b32::sign_mask : 0u;
    const auto exp_near = [&](uint32_t base, uint32_t spread) {
        return ((base + static_cast<uint32_t>((r >> 32) % spread)) << 23) & b32::exp_mask;
    };
    switch ((r >> 60) & 7u) {
        case 0: return static_cast<uint32_t>(r >> 24);                          // any bits
        case 1: return sign | exp_near(0, 6) | mantissa;                        // subnormal, tiny
        case 2: return sign | exp_near(230, 25) | mantissa;                     // huge
        case 3: return corner_addends()[(r >> 32) % corner_addends().size()];  // corners
        default: return sign | exp_near(107, 40) | mantissa;                    // ordinary
    }
}

Stimulus::OperandSource Stimulus::operand_source(const Format& f) {
    OperandSource s{&f, corner_codes(f), {}};
    if (!f.is_fp32)
        for (unsigned code = 0; code < f.code_count(); ++code) s.nan[code] = f.is_nan_code(static_cast<uint8_t>(code));
    return s;
}

uint32_t Stimulus::random_operand(const OperandSource& source) {
    if (source.format->is_fp32) return random_binary32();
    const uint64_t r = rng_();
    const std::vector<uint32_t>& corners = source.corners;
    if ((r & 7u) == 0) return corners[(r >> 8) % corners.size()];
    const uint32_t mask = source.format->code_count() - 1u;
    auto code = static_cast<uint32_t>(r >> 8) & mask;
    // A NaN poisons the rest of an accumulation: keep only a quarter of the NaN draws.
    if (source.nan[code] && ((r >> 16) & 3u) != 0) code = static_cast<uint32_t>(r >> 24) & mask;
    return code;
}

bool Stimulus::next_random(CycleInput& in) {
    if (random_left_ == 0) {
        phase_ = Phase::drain;
        return false;
    }
    const uint64_t r = rng_();
    in = CycleInput{};
    in.pair = pair_;
    if ((r & 7u) == 0 || ((r >> 3) & 4095u) == 0) {
        // An idle cycle (or a reset) with junk on every other input: the RTL must ignore it.
        in.rst = (r & 7u) != 0;
        in.in_valid = in.rst && ((r >> 15) & 1u);
        in.clear = (r >> 16) & 1u;
        in.load = (r >> 17) & 1u;
        in.load_value = static_cast<uint32_t>(r >> 32);
        in.a = static_cast<uint32_t>(r >> 18) & operand_mask(pairs_[pair_].act);
        in.w = static_cast<uint32_t>(r >> 26) & operand_mask(pairs_[pair_].wgt);
        in.pair = static_cast<uint8_t>((r >> 40) % pairs_.size());
        if (in.rst) run_left_ = 0;
        return true;
    }
    in.in_valid = true;
    --random_left_;
    if (run_left_ == 0) {
        // A new accumulation: starts with clear or load, maybe in another format pair.
        const uint64_t s = rng_();
        run_left_ = 1 + static_cast<uint32_t>(s % 48u);
        if (pairs_.size() > 1 && ((s >> 8) & 3u) == 0)
            pair_ = static_cast<uint8_t>(1 + (s >> 16) % (pairs_.size() - 1));
        else
            pair_ = 0;
        in.pair = pair_;
        const unsigned kind = (s >> 12) & 7u;
        in.clear = kind < 4 || kind == 7;
        in.load = kind >= 4;
        in.load_value = random_binary32();
    } else {
        in.load_value = static_cast<uint32_t>(r >> 32);  // ignored without load
    }
    --run_left_;
    in.a = random_operand(act_[in.pair]);
    in.w = random_operand(wgt_[in.pair]);
    return true;
}

bool Stimulus::next_drain(CycleInput& in) {
    phase_ = Phase::drain;
    if (drain_left_ == 0) {
        phase_ = Phase::done;
        return false;
    }
    --drain_left_;
    in = CycleInput{};
    in.pair = pair_;
    return true;
}

}  // namespace ffp8::sim
