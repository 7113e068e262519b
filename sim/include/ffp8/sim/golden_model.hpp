// The golden cycle model (ffp8::MacUnit) driven by CycleInputs: the reference every output port
// of the RTL is compared with. Format pairs are looked up by index and handed to MacUnit only
// when the pair changes, so a cycle costs one MacUnit::step.
#pragma once

#include <vector>

#include "ffp8/mac_unit.hpp"
#include "ffp8/sim/format_pairs.hpp"
#include "ffp8/sim/ports.hpp"

namespace ffp8::sim {

class GoldenModel {
public:
    // `runtime`: drive the pair's formats as MacUnit's runtime format inputs.
    GoldenModel(const MacUnitConfig& config, const std::vector<FormatPair>& pairs, bool runtime)
        : unit_(config), pairs_(pairs), runtime_(runtime) {}

    const CycleOutput& step(const CycleInput& in) {
        inputs_.rst = in.rst;
        inputs_.in_valid = in.in_valid;
        inputs_.clear = in.clear;
        inputs_.load = in.load;
        inputs_.load_value = in.load_value;
        inputs_.a = in.a;
        inputs_.w = in.w;
        if (runtime_ && in.pair != pair_) {
            pair_ = in.pair;
            inputs_.act = pairs_[pair_].act;
            inputs_.wgt = pairs_[pair_].wgt;
        }
        const MacOutputs& o = unit_.step(inputs_);
        out_.out_valid = o.out_valid;
        out_.acc = o.acc;
        out_.flags = o.flags;
        out_.q = o.q;
        return out_;
    }

private:
    MacUnit unit_;
    const std::vector<FormatPair>& pairs_;
    bool runtime_;
    MacInputs inputs_;
    int pair_ = -1;
    CycleOutput out_;
};

}  // namespace ffp8::sim
