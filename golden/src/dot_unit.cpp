#include "ffp8/dot_unit.hpp"

#include <stdexcept>
#include <string>

#include "ffp8/encode.hpp"

namespace ffp8 {

namespace {
const DotUnitConfig& validated(const DotUnitConfig& c) {
    if (!lanes_supported(c.lanes))
        throw std::invalid_argument("unsupported lane count " + std::to_string(c.lanes) + ": expected 1, 2, 4, 8 or 16");
    if (c.act.is_fp32 || c.wgt.is_fp32) throw std::invalid_argument("the dot-product unit takes FFP8 operands only");
    if (c.stages < 0) throw std::invalid_argument("stages must be >= 0");
    return c;
}
}  // namespace

DotUnit::DotUnit(const DotUnitConfig& config)
    : config_(validated(config)), pipe_(static_cast<std::size_t>(config.stages)), kernel_(config.act, config.wgt) {
    for (auto& op : pipe_) {
        op.act = config.act;
        op.wgt = config.wgt;
    }
}

const DotKernel& DotUnit::runtime_kernel_for(const Format& act, const Format& wgt) {
    const auto matches = [&](const DotKernel& k) { return k.act() == act && k.wgt() == wgt; };
    if (last_runtime_ < runtime_kernels_.size() && matches(runtime_kernels_[last_runtime_]))
        return runtime_kernels_[last_runtime_];
    for (std::size_t i = 0; i < runtime_kernels_.size(); ++i)
        if (matches(runtime_kernels_[i])) return runtime_kernels_[last_runtime_ = i];
    constexpr std::size_t max_kernels = 64;
    if (runtime_kernels_.size() < max_kernels) {
        runtime_kernels_.emplace_back(act, wgt);
        last_runtime_ = runtime_kernels_.size() - 1;
    } else {
        last_runtime_ = (last_runtime_ + 1) % max_kernels;
        runtime_kernels_[last_runtime_] = DotKernel(act, wgt);
    }
    return runtime_kernels_[last_runtime_];
}

const MacOutputs& DotUnit::step(const DotInputs& in) {
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

    // pipe_ is a ring: the entering operation takes the slot the reaching one leaves.
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
        const MacResult r =
            kernel_for(reaching.act, reaching.wgt)(addend, reaching.a.data(), reaching.w.data(), config_.lanes);
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
