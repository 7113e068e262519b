#include "ffp8/mac_unit.hpp"

#include "ffp8/encode.hpp"

namespace ffp8 {

MacUnit::MacUnit(const MacUnitConfig& config)
    : config_(config), pipe_(static_cast<std::size_t>(config.stages)), kernel_(config.act, config.wgt) {
    for (auto& op : pipe_) {
        op.act = config.act;
        op.wgt = config.wgt;
    }
}

const MacKernel& MacUnit::runtime_kernel_for(const Format& act, const Format& wgt) {
    const auto matches = [&](const MacKernel& k) { return k.act() == act && k.wgt() == wgt; };
    if (last_runtime_ < runtime_kernels_.size() && matches(runtime_kernels_[last_runtime_]))
        return runtime_kernels_[last_runtime_];
    for (std::size_t i = 0; i < runtime_kernels_.size(); ++i)
        if (matches(runtime_kernels_[i])) return runtime_kernels_[last_runtime_ = i];
    // Bounded: a long run over many pairs rebuilds the oldest entry's slot instead of growing.
    constexpr std::size_t max_kernels = 64;
    if (runtime_kernels_.size() < max_kernels) {
        runtime_kernels_.emplace_back(act, wgt);
        last_runtime_ = runtime_kernels_.size() - 1;
    } else {
        last_runtime_ = (last_runtime_ + 1) % max_kernels;
        runtime_kernels_[last_runtime_] = MacKernel(act, wgt);
    }
    return runtime_kernels_[last_runtime_];
}

const MacOutputs& MacUnit::step(const MacInputs& in) {
    if (in.rst) {
        for (auto& op : pipe_) op.valid = false;
        acc_ = 0;
        acc_valid_ = false;
        acc_flags_ = 0;
        out_ = MacOutputs{};
        return out_;
    }
    // The output register stage samples the accumulate stage before this edge updates it.
    if (config_.out) {
        out_.out_valid = acc_valid_;
        out_.acc = acc_;
        out_.flags = acc_flags_;
        out_.q = encode(*config_.out, acc_).code;
    }

    // The operation reaching the accumulate stage at this edge. pipe_ is a ring: the entering
    // operation is written in place into the slot the reaching one leaves, so no stage is copied
    // along (nor read back from a just-built temporary).
    Operation reaching;
    Operation& entering = pipe_.empty() ? reaching : pipe_[oldest_];
    if (!pipe_.empty()) {
        reaching = entering;
        oldest_ = oldest_ + 1 == pipe_.size() ? 0 : oldest_ + 1;
    }
    entering.valid = in.in_valid;
    entering.clear = in.clear;
    entering.load = in.load;
    entering.load_value = in.load_value;
    entering.a = in.a;
    entering.w = in.w;
    entering.act = in.act ? *in.act : config_.act;
    entering.wgt = in.wgt ? *in.wgt : config_.wgt;
    if (reaching.valid) {
        const uint32_t addend = reaching.clear ? 0u : reaching.load ? reaching.load_value : acc_;
        const MacResult r = kernel_for(reaching.act, reaching.wgt)(addend, reaching.a, reaching.w);
        acc_ = r.bits;
        acc_flags_ = r.flags;
    } else {
        acc_flags_ = 0;
    }
    acc_valid_ = reaching.valid;

    if (!config_.out) {
        out_.out_valid = acc_valid_;
        out_.acc = acc_;
        out_.flags = acc_flags_;
        out_.q = 0;
    }
    return out_;
}

}  // namespace ffp8
