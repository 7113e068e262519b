#include "pipeline.hpp"

#include <fmt/format.h>
#include <stdexcept>

#include "ffp8_blocks.hpp"

namespace ffp8::hw {

using rtl::Expr;
using rtl::lit;
using rtl::Module;
using rtl::mux;
using rtl::eq_const;
using rtl::rep;

void Bundle::set(const std::string& name, const Expr& e) {
    for (auto& [n, v] : items_)
        if (n == name) {
            v = e;
            return;
        }
    items_.emplace_back(name, e);
}

Expr Bundle::get(const std::string& name) const {
    for (const auto& [n, v] : items_)
        if (n == name) return v;
    throw std::logic_error("pipeline bundle has no " + name);
}

void Bundle::drop(const std::string& name) {
    std::erase_if(items_, [&](const auto& item) { return item.first == name; });
}

void Bundle::cut(Module& m, int stage) {
    m.comment(fmt::format("Pipeline register stage {}", stage));
    for (auto& [n, v] : items_) v = m.flop(fmt::format("{}_q{}", n, stage), v);
}

Connections connect_outputs(Module& m, const Module& child, const std::string& prefix, Connections inputs, Bundle* into) {
    for (const auto& p : child.ports()) {
        if (p.dir != rtl::Dir::out) continue;
        const Expr n = m.net(prefix + p.name, p.width);
        inputs.emplace_back(p.name, n);
        if (into) into->set(prefix + p.name, n);
    }
    return inputs;
}

TopPorts declare_ports(Module& top, const UnitConfig& o, int a_width, const std::string& a_comment, int w_width,
                       const std::string& w_comment) {
    top.input("clk", 1, "rising-edge clock");
    top.input("rst", 1, "synchronous reset, active high");
    TopPorts p;
    p.operation.set("op_valid", top.input("in_valid", 1, "an operation enters this cycle"));
    p.operation.set("op_clear", top.input("clear", 1, "with in_valid: add to +0 instead of acc"));
    p.operation.set("op_load", top.input("load", 1, "with in_valid: add to load_value instead of acc"));
    p.operation.set("op_load_value", top.input("load_value", 32, "binary32"));
    p.operation.set("op_a", top.input("a", a_width, a_comment));
    p.operation.set("op_w", top.input("w", w_width, w_comment));
    if (o.slots > 1) {
        const Expr slot = top.input("slot", slot_bits(o.slots),
                                    fmt::format("with in_valid: the accumulator (0..{}) this operation uses", o.slots - 1));
        p.operation.set("op_slot", slot);
        // The loop's addend choice as one-hot selects, decoded here so that they travel the
        // pipeline as register outputs: the loop's first cycle then reads the slots through one
        // AND-OR level instead of a multiplexer tree and the clear/load choice after it.
        top.comment("Addend selects of the accumulate loop: slot k's accumulator, or load_value (none: clear)");
        const Expr clear = p.operation.get("op_clear"), load = p.operation.get("op_load");
        std::vector<Expr> select;  // most significant first: load_value, then slot L-1 .. 0
        select.push_back(!clear & load);
        for (int s = o.slots - 1; s >= 0; --s) select.push_back(!clear & !load & eq_const(slot, static_cast<uint64_t>(s)));
        p.operation.set("op_addend_select", top.wire("addend_select", rtl::cat(select)));
        p.operation.drop("op_clear");
        p.operation.drop("op_load");
    }
    p.outputs = {top.output("out_valid", 1, "result of the operation that entered L cycles ago"),
                 top.output("acc", 32, "binary32 accumulator"),
                 top.output("flags", 5, "invalid, infinite, overflow, underflow, inexact"),
                 o.out ? top.output("q", o.out->width(), "acc encoded to " + o.out->name()) : Expr{}};
    return p;
}

void declare_format_ports(Module& top, Bundle& pipe) {
    for (const std::string p : {"act", "wgt"}) {
        pipe.set(p + "_signed", top.input(p + "_signed", 1, "1: signed (bit n - 1 is the sign)"));
        pipe.set(p + "_exp_bits", top.input(p + "_exp_bits", 4, "E, exponent field width"));
        pipe.set(p + "_frac_bits", top.input(p + "_frac_bits", 3, "M, fraction field width (n = signed + E + M, 4..8)"));
        pipe.set(p + "_bias", top.input(p + "_bias", 9, "bias, two's complement"));
        pipe.set(p + "_policy", top.input(p + "_policy", 2, "0 finite, 1 ieee, 2 fn, 3 fnuz"));
    }
}

Connections format_connections(const Bundle& pipe, const std::string& p) {
    return {{"fmt_signed", pipe.get(p + "_signed")}, {"fmt_exp_bits", pipe.get(p + "_exp_bits")},
            {"fmt_frac_bits", pipe.get(p + "_frac_bits")}, {"fmt_bias", pipe.get(p + "_bias")},
            {"fmt_policy", pipe.get(p + "_policy")}};
}

std::string slots_description(const UnitConfig& o) {
    if (o.slots == 1) return "";
    return fmt::format(" {} accumulators chosen by slot; the loop takes {} cycles (SPEC section 8).", o.slots, o.loop_cycles());
}

namespace {

// The addend of a slotted loop: the AND-OR of acc_slot0..L-1 and load_value under the one-hot
// selects (declare_ports), +0 when none is set (clear).
Expr select_addend(const std::vector<Expr>& slots, const Expr& load_value, const Expr& select) {
    const int L = static_cast<int>(slots.size());
    Expr addend = rep(32, select.bit(L)) & load_value;
    for (int s = 0; s < L; ++s) addend = addend | (rep(32, select.bit(s)) & slots[static_cast<std::size_t>(s)]);
    return addend;
}

}  // namespace

void accumulate_and_output(Module& top, const Bundle& pipe, const Module& adder, const std::string& instance,
                           const UnitConfig& o, const AddModule& add, const TopOutputs& outputs) {
    const bool slotted = o.slots > 1;
    top.comment(slotted ? fmt::format("Accumulate loop ({} cycles): slot read, addend select (clear wins over load), FMA add "
                                      "with its register cuts, slot write",
                                      o.loop_cycles())
                        : "Accumulate stage: addend select (clear wins over load), FMA add, accumulator register");
    const Expr acc_q = top.reg("acc_q", 32);
    std::vector<Expr> slot_acc;
    for (int s = 0; slotted && s < o.slots; ++s) slot_acc.push_back(top.reg(fmt::format("acc_slot{}", s), 32));
    const Expr addend =
        slotted ? top.wire("addend", select_addend(slot_acc, pipe.get("op_load_value"), pipe.get("op_addend_select")))
                : top.wire("addend", mux(pipe.get("op_clear"), lit(32, 0), mux(pipe.get("op_load"), pipe.get("op_load_value"), acc_q)));
    const Expr sum = top.net("sum_result", 32);
    const Expr sum_flags = top.net("sum_flags", 5);
    Connections conn;
    for (const auto& p : adder.ports()) {
        if (p.dir == rtl::Dir::out) continue;
        const bool own = p.name == "c" || p.name == "clk" || p.name == "rst";
        conn.emplace_back(p.name, p.name == "c" ? addend : own ? Expr::net_ref(p.name, 1) : pipe.get(p.name));
    }
    conn.emplace_back("result", sum);
    conn.emplace_back("flags", sum_flags);
    top.instance(adder.name(), instance, conn);
    Expr valid = pipe.get("op_valid");
    if (slotted) {
        // The operation's valid and slot beside the adder's cuts, to the loop's last cycle.
        Expr slot = pipe.get("op_slot");
        for (int c = 1; c < o.loop_cycles(); ++c) {
            valid = top.flop(fmt::format("loop_valid_q{}", c), valid);
            slot = top.data_flop(fmt::format("loop_slot_q{}", c), slot);  // read only with the valid beside it
        }
        for (int s = 0; s < o.slots; ++s)
            top.drive(slot_acc[static_cast<std::size_t>(s)], sum, valid & eq_const(slot, static_cast<uint64_t>(s)));
    }
    top.drive(acc_q, sum, valid);
    const Expr flags_q = top.flop("flags_q", mux(valid, sum_flags, lit(5, 0)));
    const Expr valid_q = top.flop("valid_q", valid);

    if (o.out) {
        top.comment("Output stage: accumulator encoded to " + o.out->name());
        const Module enc = add(blocks::static_encoder(o.top_name() + "_enc", *o.out), BlockKind::encoder);
        const Expr code = top.net("acc_code", o.out->width());
        top.instance(enc.name(), "out_enc", {{"x", acc_q}, {"code", code}});
        top.assign_output(outputs.out_valid, top.flop("out_valid_q", valid_q));
        top.assign_output(outputs.acc, top.flop("out_acc_q", acc_q));
        top.assign_output(outputs.flags, top.flop("out_flags_q", flags_q));
        top.assign_output(outputs.q, top.flop("out_q_q", code));
    } else {
        top.assign_output(outputs.out_valid, valid_q);
        top.assign_output(outputs.acc, acc_q);
        top.assign_output(outputs.flags, flags_q);
    }
}

}  // namespace ffp8::hw
