// What the MAC top and the dot-product top share: the bundle of signals travelling down the
// decode/multiply pipeline, where its register stages go, instance wiring, and the accumulate
// stage with the optional output encoder stage.
#pragma once

#include <functional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "ffp8/hw/netlist.hpp"
#include "ffp8/hw/unit_config.hpp"
#include "module_set.hpp"

namespace ffp8::hw {

// The signals travelling down the decode/multiply pipeline, in a fixed order.
class Bundle {
public:
    void set(const std::string& name, const rtl::Expr& e);
    rtl::Expr get(const std::string& name) const;
    void drop(const std::string& name);
    // Registers every signal: the pipeline stage `stage`.
    void cut(rtl::Module& m, int stage);

private:
    std::vector<std::pair<std::string, rtl::Expr>> items_;
};

using Connections = std::vector<std::pair<std::string, rtl::Expr>>;

// One net per output port of an instance (named prefix + port), appended to `inputs`; also set in
// `into` when given.
Connections connect_outputs(rtl::Module& m, const rtl::Module& child, const std::string& prefix, Connections inputs,
                            Bundle* into = nullptr);

struct TopOutputs {
    rtl::Expr out_valid, acc, flags, q;  // q only with an output format
};

// The SPEC section 5 ports in their order: clk, rst, in_valid, clear, load, load_value, a and w
// (widths and comments given), slot with more than one slot (section 8), then the outputs (q with
// an output format). Returns the bundle of the operation's inputs (op_valid, op_clear, op_load,
// op_load_value, op_a, op_w; with slots op_slot and op_addend_select, the loop's one-hot addend
// choice, in place of op_clear and op_load) and the outputs.
struct TopPorts {
    Bundle operation;
    TopOutputs outputs;
};
TopPorts declare_ports(rtl::Module& top, const UnitConfig& o, int a_width, const std::string& a_comment, int w_width,
                       const std::string& w_comment);

// Runtime mode: the format ports act_* and wgt_* after the SPEC ports, set in the bundle (as
// act_signed, act_exp_bits, act_frac_bits, act_bias, act_policy, wgt_...) so they travel with the operation.
void declare_format_ports(rtl::Module& top, Bundle& pipe);

// The fmt_* connections of operand p's (act or wgt) format from the bundle.
Connections format_connections(const Bundle& pipe, const std::string& p);

// Places the register stages at the unit's cut points (UnitConfig::cut_point_names(): the inputs,
// then after the segments: MAC operand unpack, product exponent, multiplier tree (inside it at
// mul_rows), product adder; dot product decoders, lanes, carry-save tree, sum adder), as the
// segments are built.
class StagePlacer {
public:
    StagePlacer(rtl::Module& top, Bundle& pipe, const UnitConfig& o)
        : top_(top), pipe_(pipe) {
        if (o.auto_stages) throw std::logic_error("the unit's --stages auto is not planned yet (synth::plan_pipeline)");
        for (const std::string& p : o.stage_points()) cuts_.insert(p);
    }
    void after(const std::string& point) {
        for (std::size_t i = 0; i < cuts_.count(point); ++i) pipe_.cut(top_, ++stage_);
    }
    bool cuts_at(const std::string& point) const { return cuts_.count(point) > 0; }

private:
    rtl::Module& top_;
    Bundle& pipe_;
    std::multiset<std::string> cuts_;
    int stage_ = 0;
};

// The top's description of its slots: "" for one, else " 4 accumulators chosen by slot; the loop
// takes 4 cycles (SPEC section 8)."
std::string slots_description(const UnitConfig& o);

// Adds a generated module to the build (returns a copy of it).
using AddModule = std::function<rtl::Module(rtl::Module, BlockKind)>;

// The accumulate stage: addend select (clear wins over load), the `adder` instance (its input
// ports other than c, clk and rst taken from the bundle by name), the accumulator and flag
// registers, and the output stage with the encoder when o.out is set. With slots: one accumulator
// per slot, read by the entering operation's slot and written by the one leaving the loop, whose
// valid and slot travel beside the adder's register cuts.
void accumulate_and_output(rtl::Module& top, const Bundle& pipe, const rtl::Module& adder, const std::string& instance,
                           const UnitConfig& o, const AddModule& add, const TopOutputs& outputs);

}  // namespace ffp8::hw
