// The golden cycle model (ffp8::MacUnit, or ffp8::DotUnit for a K-lane unit) driven by
// CycleInputs: the reference every output port of the RTL is compared with. Format pairs are
// looked up by index and handed to the unit only when the pair changes, so a cycle costs one step.
#pragma once

#include <optional>
#include <vector>

#include "ffp8/dot_unit.hpp"
#include "ffp8/hw/unit_config.hpp"
#include "ffp8/mac_unit.hpp"
#include "ffp8/sim/format_pairs.hpp"
#include "ffp8/sim/ports.hpp"

namespace ffp8::sim {

class GoldenModel {
public:
    // The cycle model of `unit` with the operand formats act x wgt (a runtime unit: the pair under
    // test, its format inputs then driven from `pairs`). lanes > 1: DotUnit.
    GoldenModel(const hw::UnitConfig& unit, const Format& act, const Format& wgt, const std::vector<FormatPair>& pairs)
        : unit_(unit.golden_mac(act, wgt)), pairs_(pairs), runtime_(unit.runtime()), lanes_(unit.lanes) {
        if (unit.is_dot()) dot_.emplace(unit.golden_dot(act, wgt));
    }

    const CycleOutput& step(const CycleInput& in) {
        const MacOutputs& o = dot_ ? step_dot(in) : step_mac(in);
        out_.out_valid = o.out_valid;
        out_.acc = o.acc;
        out_.flags = o.flags;
        out_.q = o.q;
        return out_;
    }

private:
    const MacOutputs& step_mac(const CycleInput& in) {
        inputs_.rst = in.rst;
        inputs_.in_valid = in.in_valid;
        inputs_.clear = in.clear;
        inputs_.load = in.load;
        inputs_.load_value = in.load_value;
        inputs_.a = in.a;
        inputs_.w = in.w;
        inputs_.slot = in.slot;
        if (runtime_ && in.pair != pair_) {
            pair_ = in.pair;
            inputs_.act = pairs_[pair_].act;
            inputs_.wgt = pairs_[pair_].wgt;
        }
        return unit_.step(inputs_);
    }

    const MacOutputs& step_dot(const CycleInput& in) {
        dot_inputs_.rst = in.rst;
        dot_inputs_.in_valid = in.in_valid;
        dot_inputs_.clear = in.clear;
        dot_inputs_.load = in.load;
        dot_inputs_.load_value = in.load_value;
        dot_inputs_.slot = in.slot;
        for (int k = 0; k < lanes_; ++k) {
            dot_inputs_.a[static_cast<std::size_t>(k)] = in.a_lanes[static_cast<std::size_t>(k)];
            dot_inputs_.w[static_cast<std::size_t>(k)] = in.w_lanes[static_cast<std::size_t>(k)];
        }
        if (runtime_ && in.pair != pair_) {
            pair_ = in.pair;
            dot_inputs_.act = pairs_[pair_].act;
            dot_inputs_.wgt = pairs_[pair_].wgt;
        }
        return dot_->step(dot_inputs_);
    }

    MacUnit unit_;
    std::optional<DotUnit> dot_;
    const std::vector<FormatPair>& pairs_;
    bool runtime_;
    int lanes_;
    MacInputs inputs_;
    DotInputs dot_inputs_;
    int pair_ = -1;
    CycleOutput out_;
};

}  // namespace ffp8::sim
