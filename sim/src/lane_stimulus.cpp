#include "ffp8/sim/lane_stimulus.hpp"

namespace ffp8::sim {

LaneFiller::LaneFiller(const std::vector<FormatPair>& pairs, int lanes, uint64_t seed)
    : pairs_(pairs), lanes_(lanes), rng_(seed ^ 0x6C616E6573ull) {
    for (const FormatPair& p : pairs_) {
        act_.push_back(codes_of(p.act));
        wgt_.push_back(codes_of(p.wgt));
    }
}

LaneFiller::Codes LaneFiller::codes_of(const Format& f) {
    Codes c;
    c.format = &f;
    for (uint32_t code : corner_codes(f)) c.corners.push_back(static_cast<uint8_t>(code));
    for (unsigned code = 0; code < f.code_count(); ++code) {
        const auto k = static_cast<uint8_t>(code);
        const bool special = f.is_nan_code(k) || f.is_inf_code(k);
        c.special[code] = special;
        if (!special) c.finite.push_back(k);
    }
    return c;
}

uint8_t LaneFiller::any_code(const Codes& c) {
    const uint64_t r = rng_();
    if ((r & 3u) == 0) return c.corners[(r >> 8) % c.corners.size()];
    auto code = static_cast<uint8_t>((r >> 16) & (c.format->code_count() - 1u));
    // NaN and Inf poison the whole sum: keep only some of them.
    if (c.special[code] && ((r >> 24) & 3u) != 0) code = c.finite[(r >> 32) % c.finite.size()];
    return code;
}

uint8_t LaneFiller::finite_code(const Codes& c) { return c.finite[rng_() % c.finite.size()]; }

bool LaneFiller::negated(const Format& f, uint8_t code, uint8_t& out) {
    if (!f.is_signed) return false;
    out = code ^ f.sign_mask();
    return !(f.policy == Policy::fnuz && (out == f.sign_mask() || code == f.sign_mask()));
}

// Lane `to` = -(lane `from`): the weight negated, else the activation; else left as it is.
void LaneFiller::negate_lane(const FormatPair& p, std::size_t from, std::size_t to, CycleInput& in) {
    uint8_t code = 0;
    if (negated(p.wgt, in.w_lanes[from], code)) {
        in.a_lanes[to] = in.a_lanes[from];
        in.w_lanes[to] = code;
    } else if (negated(p.act, in.a_lanes[from], code)) {
        in.a_lanes[to] = code;
        in.w_lanes[to] = in.w_lanes[from];
    }
}

void LaneFiller::fill(CycleInput& in) {
    const std::size_t K = static_cast<std::size_t>(lanes_);
    const FormatPair& p = pairs_[in.pair];
    const Codes &ca = act_[in.pair], &cw = wgt_[in.pair];
    in.a_lanes[0] = static_cast<uint8_t>(in.a);
    in.w_lanes[0] = static_cast<uint8_t>(in.w);
    const uint64_t shape = rng_() % 8;
    if (shape < 2) {  // alone: zero products beside lane 0
        for (std::size_t k = 1; k < K; ++k) {
            const uint64_t r = rng_();
            const bool neg = (r & 1u) != 0;
            in.a_lanes[k] = r & 2u ? p.act.zero_code(neg && p.act.has_negative_zero()) : finite_code(ca);
            in.w_lanes[k] = r & 2u ? finite_code(cw) : p.wgt.zero_code(neg && p.wgt.has_negative_zero());
        }
    } else if (shape < 4) {  // cancel: negated pairs, a small product left over
        for (std::size_t k = 2; k < K; ++k) {
            in.a_lanes[k] = finite_code(ca);
            in.w_lanes[k] = finite_code(cw);
        }
        for (std::size_t k = 0; k + 1 < K; k += 2) negate_lane(p, k, k + 1, in);
        if (K > 2) {  // the smallest codes: a subnormal or tiny normal product survives
            in.a_lanes[K - 1] =
                static_cast<uint8_t>((rng_() & 0x0Fu & p.act.magnitude_mask()) | (p.act.is_signed ? rng_() & p.act.sign_mask() : 0u));
            in.w_lanes[K - 1] =
                static_cast<uint8_t>((rng_() & 0x0Fu & p.wgt.magnitude_mask()) | (p.wgt.is_signed ? rng_() & p.wgt.sign_mask() : 0u));
        }
    } else if (shape == 4) {  // near: one unit of a product left
        for (std::size_t k = 2; k < K; ++k) {
            in.a_lanes[k] = p.act.zero_code(false);
            in.w_lanes[k] = finite_code(cw);
        }
        negate_lane(p, 0, 1, in);
        in.w_lanes[1] ^= 1u;
    } else {  // mixed
        for (std::size_t k = 1; k < K; ++k) {
            in.a_lanes[k] = any_code(ca);
            in.w_lanes[k] = any_code(cw);
        }
    }
    // Lanes the unit does not have stay zero (the golden model and the RTL ignore them anyway).
    for (std::size_t k = K; k < in.a_lanes.size(); ++k) in.a_lanes[k] = in.w_lanes[k] = 0;
}

}  // namespace ffp8::sim
