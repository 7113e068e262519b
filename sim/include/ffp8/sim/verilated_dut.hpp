// A Verilated (--cc) model of a generated MAC as a Dut. Include the model's header first. The
// format ports and q are driven and read only when the model has them (runtime designs, designs
// with an output format), detected at compile time from the model's members.
#pragma once

#include <memory>
#include <vector>

#include "verilated.h"

#include "ffp8/sim/dut.hpp"
#include "ffp8/sim/format_pairs.hpp"

namespace ffp8::sim {

template <class Model>
class VerilatedDut final : public Dut {
public:
    explicit VerilatedDut(const std::vector<FormatPair>& pairs)
        : context_(std::make_unique<VerilatedContext>()),
          model_(std::make_unique<Model>(context_.get(), "dut")),
          pairs_(pairs) {}
    ~VerilatedDut() override { model_->final(); }

    CycleOutput cycle(const CycleInput& in) override {
        Model& m = *model_;
        m.clk = 0;
        m.rst = in.rst;
        m.in_valid = in.in_valid;
        m.clear = in.clear;
        m.load = in.load;
        m.load_value = in.load_value;
        m.a = in.a;
        m.w = in.w;
        if constexpr (requires { m.act_exp_bits; }) {
            if (in.pair != pair_) {
                pair_ = in.pair;
                drive_formats(m, pairs_[pair_]);
            }
        }
        m.eval();
        m.clk = 1;
        m.eval();
        CycleOutput out;
        out.out_valid = m.out_valid;
        out.acc = m.acc;
        out.flags = m.flags;
        if constexpr (requires { m.q; }) out.q = m.q;
        return out;
    }

private:
    static void drive_formats(Model& m, const FormatPair& p) {
        if constexpr (requires { m.act_exp_bits; }) {
            const FormatPortValues act = format_port_values(p.act), wgt = format_port_values(p.wgt);
            m.act_signed = act.is_signed;
            m.act_exp_bits = act.exp_bits;
            m.act_bias = act.bias;
            m.act_policy = act.policy;
            m.wgt_signed = wgt.is_signed;
            m.wgt_exp_bits = wgt.exp_bits;
            m.wgt_bias = wgt.bias;
            m.wgt_policy = wgt.policy;
        }
    }

    std::unique_ptr<VerilatedContext> context_;
    std::unique_ptr<Model> model_;
    const std::vector<FormatPair>& pairs_;
    int pair_ = -1;
};

}  // namespace ffp8::sim
