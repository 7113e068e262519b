// What MacUnit and DotUnit share: the registers of a generated unit (entry pipeline, accumulate
// stage, optional output stage) with their timing rules (mac_unit.hpp), and the lookup of the
// kernel for the format pair an operation carries (runtime mode). Header-only so that a unit's
// step inlines into one function: the co-simulation calls it every cycle.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "ffp8/encode.hpp"
#include "ffp8/flags.hpp"
#include "ffp8/format.hpp"
#include "ffp8/mac.hpp"

namespace ffp8 {

struct MacOutputs {
    bool out_valid = false;
    uint32_t acc = 0;
    Flags flags = 0;
    uint8_t q = 0;
    friend bool operator==(const MacOutputs&, const MacOutputs&) = default;
};

namespace detail {

// Operation and Inputs (MacInputs, DotInputs) share the field names of the ports: Operation has
// `valid, clear, load, load_value, a, w, act, wgt`, Inputs `rst, in_valid, clear, load,
// load_value, a, w` and the optional runtime formats `act, wgt`.
template <class Operation>
class UnitPipeline {
public:
    // act, wgt: the configuration's formats (of operations without runtime format inputs).
    UnitPipeline(const std::optional<Format>& out, int stages, const Format& act, const Format& wgt)
        : out_format_(out), act_(act), wgt_(wgt), pipe_(static_cast<std::size_t>(stages), idle(act, wgt)) {}

    // One rising edge; compute(const Operation&, uint32_t addend) -> MacResult runs the operation
    // reaching the accumulate stage.
    template <class Inputs, class Compute>
    const MacOutputs& step(const Inputs& in, Compute&& compute) {
        if (in.rst) {
            for (auto& op : pipe_) op.valid = false;
            acc_ = 0;
            acc_valid_ = false;
            acc_flags_ = 0;
            out_ = MacOutputs{};
            return out_;
        }
        // The output register stage samples the accumulate stage before this edge updates it.
        if (out_format_) publish(encode(*out_format_, acc_).code);

        // pipe_ is a ring: the entering operation is written in place into the slot the reaching
        // one leaves, so no stage is copied along (nor read back from a just-built temporary).
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
        entering.act = in.act ? *in.act : act_;
        entering.wgt = in.wgt ? *in.wgt : wgt_;
        if (reaching.valid) {
            const uint32_t addend = reaching.clear ? 0u : reaching.load ? reaching.load_value : acc_;
            const MacResult r = compute(reaching, addend);
            acc_ = r.bits;
            acc_flags_ = r.flags;
        } else {
            acc_flags_ = 0;
        }
        acc_valid_ = reaching.valid;
        if (!out_format_) publish(0);
        return out_;
    }

    const MacOutputs& outputs() const { return out_; }

private:
    static Operation idle(const Format& act, const Format& wgt) {
        Operation op;
        op.act = act;
        op.wgt = wgt;
        return op;
    }

    void publish(uint8_t q) {
        out_.out_valid = acc_valid_;
        out_.acc = acc_;
        out_.flags = acc_flags_;
        out_.q = q;
    }

    std::optional<Format> out_format_;
    Format act_, wgt_;
    std::vector<Operation> pipe_;  // pipe_[oldest_] is the stage next to the accumulate stage
    std::size_t oldest_ = 0;
    uint32_t acc_ = 0;
    bool acc_valid_ = false;
    Flags acc_flags_ = 0;
    MacOutputs out_;
};

// The configuration's kernel inline (almost every step), the others looked up. Kernel has a
// (act, wgt) constructor and act(), wgt() accessors.
template <class Kernel>
class KernelCache {
public:
    KernelCache(const Format& act, const Format& wgt) : kernel_(act, wgt) {}

    const Kernel& operator()(const Format& act, const Format& wgt) {
        return act == kernel_.act() && wgt == kernel_.wgt() ? kernel_ : runtime(act, wgt);
    }

private:
    // Kernels of the runtime-mode format pairs seen so far (a handful per run), newest used first
    // in the search, so switching formats between accumulations costs no table rebuild.
    const Kernel& runtime(const Format& act, const Format& wgt) {
        const auto matches = [&](const Kernel& k) { return k.act() == act && k.wgt() == wgt; };
        if (last_ < others_.size() && matches(others_[last_])) return others_[last_];
        for (std::size_t i = 0; i < others_.size(); ++i)
            if (matches(others_[i])) return others_[last_ = i];
        // Bounded: a long run over many pairs rebuilds the oldest entry's slot instead of growing.
        constexpr std::size_t max_kernels = 64;
        if (others_.size() < max_kernels) {
            others_.emplace_back(act, wgt);
            last_ = others_.size() - 1;
        } else {
            last_ = (last_ + 1) % max_kernels;
            others_[last_] = Kernel(act, wgt);
        }
        return others_[last_];
    }

    Kernel kernel_;
    std::vector<Kernel> others_;
    std::size_t last_ = 0;
};

}  // namespace detail
}  // namespace ffp8
