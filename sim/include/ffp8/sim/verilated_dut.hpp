// A Verilated (--cc) model of a generated MAC as a Dut. Include the model's header first. The
// format ports and q are driven and read only when the model has them (runtime designs, designs
// with an output format), detected at compile time from the model's members.
#pragma once

#include <array>
#include <memory>
#include <type_traits>
#include <vector>

#include "verilated.h"

#include "ffp8/sim/dut.hpp"
#include "ffp8/sim/format_pairs.hpp"

namespace ffp8::sim {

template <class Model>
class VerilatedDut final : public Dut {
public:
    // lanes > 1: a K-lane dot-product unit, a and w driven from the lane codes, a_bits and w_bits
    // per lane (8, or n for a static unit's narrow format).
    explicit VerilatedDut(const std::vector<FormatPair>& pairs, int lanes = 1, int a_bits = 8, int w_bits = 8)
        : context_(std::make_unique<VerilatedContext>()),
          model_(std::make_unique<Model>(context_.get(), "dut")),
          pairs_(pairs),
          lanes_(lanes),
          a_bits_(a_bits),
          w_bits_(w_bits) {}
    ~VerilatedDut() override { model_->final(); }

    CycleOutput cycle(const CycleInput& in) override {
        Model& m = *model_;
        m.clk = 0;
        m.rst = in.rst;
        m.in_valid = in.in_valid;
        m.clear = in.clear;
        m.load = in.load;
        m.load_value = in.load_value;
        if constexpr (std::is_integral_v<std::remove_reference_t<decltype(m.a)>>) {
            if (lanes_ > 1) [[unlikely]] {
                drive_lanes(m.a, in.a_lanes, a_bits_);
                drive_lanes(m.w, in.w_lanes, w_bits_);
            } else {
                m.a = in.a;
                m.w = in.w;
            }
        } else {  // wider than 64 bits: only K-lane units
            drive_lanes(m.a, in.a_lanes, a_bits_);
            drive_lanes(m.w, in.w_lanes, w_bits_);
        }
        if constexpr (requires { m.slot; }) m.slot = in.slot;
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
    // Lane k in bits [n*k+n-1 : n*k]: one machine word up to 64 bits, 32-bit words (VlWide)
    // beyond, where a lane of 5 to 7 bits may straddle two words.
    template <class Port>
    void drive_lanes(Port& port, const std::array<uint8_t, 16>& codes, int bits) const {
        if constexpr (std::is_integral_v<Port>) {
            uint64_t v = 0;
            for (int k = lanes_ - 1; k >= 0; --k) v = (v << bits) | codes[static_cast<std::size_t>(k)];
            port = static_cast<Port>(v);
        } else {
            const int words = (lanes_ * bits + 31) / 32;
            for (int i = 0; i < words; ++i) port[i] = 0;
            for (int k = 0; k < lanes_; ++k) {
                const uint32_t code = codes[static_cast<std::size_t>(k)];
                const int at = bits * k, word = at / 32, offset = at % 32;
                port[word] |= code << offset;
                if (offset + bits > 32) port[word + 1] |= code >> (32 - offset);
            }
        }
    }

    static void drive_formats(Model& m, const FormatPair& p) {
        if constexpr (requires { m.act_exp_bits; }) {
            const FormatPortValues act = format_port_values(p.act), wgt = format_port_values(p.wgt);
            m.act_signed = act.is_signed;
            m.act_exp_bits = act.exp_bits;
            m.act_frac_bits = act.frac_bits;
            m.act_bias = act.bias;
            m.act_policy = act.policy;
            m.wgt_signed = wgt.is_signed;
            m.wgt_exp_bits = wgt.exp_bits;
            m.wgt_frac_bits = wgt.frac_bits;
            m.wgt_bias = wgt.bias;
            m.wgt_policy = wgt.policy;
        }
    }

    std::unique_ptr<VerilatedContext> context_;
    std::unique_ptr<Model> model_;
    const std::vector<FormatPair>& pairs_;
    int lanes_;
    int a_bits_, w_bits_;
    int pair_ = -1;
};

}  // namespace ffp8::sim
