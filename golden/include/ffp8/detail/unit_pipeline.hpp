// What MacUnit and DotUnit share: the registers of a generated unit (entry pipeline, accumulate
// loop with its slots, optional output stage) with their timing rules (mac_unit.hpp), and the lookup of the
// kernel for the format pair an operation carries (runtime mode). Header-only so that a unit's
// step inlines into one function: the co-simulation calls it every cycle.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "ffp8/encode.hpp"
#include "ffp8/flags.hpp"
#include "ffp8/format.hpp"
#include "ffp8/mac.hpp"
#include "ffp8/slots.hpp"

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
// `valid, clear, load, load_value, a, w, act, wgt, slot`, Inputs `rst, in_valid, clear, load,
// load_value, a, w, slot` and the optional runtime formats `act, wgt`.
//
// With L slots the loop takes D = accumulate_loop_cycles(L) cycles: an operation reaching it reads
// its slot's accumulator, and its result reaches the acc register of the ports D - 1 edges later.
// The schedule rule (slots.hpp) keeps every read after the write of the slot's previous operation,
// so the model writes the slot at once and only delays what the ports show.
template <class Operation>
class UnitPipeline {
public:
    // act, wgt: the configuration's formats (of operations without runtime format inputs).
    UnitPipeline(const std::optional<Format>& out, int stages, int slots, const Format& act, const Format& wgt)
        : out_format_(out), act_(act), wgt_(wgt), pipe_(static_cast<std::size_t>(stages), idle(act, wgt)),
          schedule_(slots), loop_(static_cast<std::size_t>(accumulate_loop_cycles(slots) - 1)) {}

    // One rising edge; compute(const Operation&, uint32_t addend) -> MacResult runs the operation
    // reaching the accumulate stage.
    template <class Inputs, class Compute>
    const MacOutputs& step(const Inputs& in, Compute&& compute) {
        const uint64_t cycle = cycle_++;
        if (in.rst) {
            for (auto& op : pipe_) op.valid = false;
            for (auto& r : loop_) r = LoopResult{};
            slot_acc_.fill(0);
            schedule_.clear();
            acc_ = 0;
            acc_valid_ = false;
            acc_flags_ = 0;
            out_ = MacOutputs{};
            return out_;
        }
        if (in.in_valid) schedule_.enter(in.slot, cycle);  // before any state changes: a violation throws
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
        entering.slot = in.slot;
        if (loop_.empty()) {  // one slot: the loop is the acc register itself
            if (reaching.valid) {
                const uint32_t addend = reaching.clear ? 0u : reaching.load ? reaching.load_value : acc_;
                const MacResult r = compute(reaching, addend);
                acc_ = r.bits;
                acc_flags_ = r.flags;
            } else {
                acc_flags_ = 0;
            }
            acc_valid_ = reaching.valid;
        } else {
            LoopResult& oldest = loop_[loop_oldest_];  // leaves the loop into the acc register now
            if (oldest.valid) acc_ = oldest.bits;
            acc_flags_ = oldest.valid ? oldest.flags : 0;
            acc_valid_ = oldest.valid;
            oldest.valid = reaching.valid;
            if (reaching.valid) {
                uint32_t& slot = slot_acc_[static_cast<std::size_t>(reaching.slot)];
                const uint32_t addend = reaching.clear ? 0u : reaching.load ? reaching.load_value : slot;
                const MacResult r = compute(reaching, addend);
                slot = r.bits;
                oldest.bits = r.bits;
                oldest.flags = r.flags;
            }
            loop_oldest_ = loop_oldest_ + 1 == loop_.size() ? 0 : loop_oldest_ + 1;
        }
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

    struct LoopResult {
        bool valid = false;
        uint32_t bits = 0;
        Flags flags = 0;
    };

    std::optional<Format> out_format_;
    Format act_, wgt_;
    std::vector<Operation> pipe_;  // pipe_[oldest_] is the stage next to the accumulate stage
    std::size_t oldest_ = 0;
    SlotSchedule schedule_;
    uint64_t cycle_ = 0;                          // edges so far: the cycle a violation names
    std::vector<LoopResult> loop_;                // the loop's D - 1 inner stages, a ring
    std::size_t loop_oldest_ = 0;
    std::array<uint32_t, kMaxSlots> slot_acc_{};  // the accumulators with more than one slot
    uint32_t acc_ = 0;  // the acc register of the ports (the accumulator itself with one slot)
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
