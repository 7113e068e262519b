#include "mac_top.hpp"

#include <fmt/format.h>
#include <set>

#include "ffp8_blocks.hpp"
#include "fma_blocks.hpp"

namespace ffp8::hw {

using rtl::cat;
using rtl::Expr;
using rtl::lit;
using rtl::Module;
using rtl::mux;

namespace {

// The signals travelling down the decode/multiply pipeline, in a fixed order.
class Bundle {
public:
    void set(const std::string& name, const Expr& e) {
        for (auto& [n, v] : items_)
            if (n == name) {
                v = e;
                return;
            }
        items_.emplace_back(name, e);
    }
    Expr get(const std::string& name) const {
        for (const auto& [n, v] : items_)
            if (n == name) return v;
        throw std::logic_error("pipeline bundle has no " + name);
    }
    void drop(const std::string& name) {
        std::erase_if(items_, [&](const auto& item) { return item.first == name; });
    }
    // Registers every signal: the pipeline stage `stage`.
    void cut(Module& m, int stage) {
        m.comment(fmt::format("Pipeline register stage {}", stage));
        for (auto& [n, v] : items_) v = m.flop(fmt::format("{}_q{}", n, stage), v);
    }

private:
    std::vector<std::pair<std::string, Expr>> items_;
};

// Cut points after the segments operand unpack (1), product exponent (2), multiplier tree (3),
// product adder (4),
// chosen so that each added stage splits the longest remaining piece; stages beyond 4 delay the
// inputs (cut 0), and so does the first stage with `input_stage`.
std::multiset<int> cut_points(int stages, bool input_stage) {
    if (input_stage) {
        std::multiset<int> cuts = cut_points(stages - 1, false);
        cuts.insert(0);
        return cuts;
    }
    static const std::vector<std::vector<int>> table{{}, {4}, {2, 4}, {2, 3, 4}, {1, 2, 3, 4}};
    if (stages <= 4) {
        const auto& t = table[static_cast<std::size_t>(stages)];
        return {t.begin(), t.end()};
    }
    std::multiset<int> cuts{1, 2, 3, 4};
    for (int i = 4; i < stages; ++i) cuts.insert(0);
    return cuts;
}

struct FormatPorts {
    Expr is_signed, exp_bits, bias, policy;
};

// One net per output port of an instance.
std::vector<std::pair<std::string, Expr>> connect_outputs(Module& m, const Module& child, const std::string& prefix,
                                                          std::vector<std::pair<std::string, Expr>> inputs,
                                                          Bundle* into = nullptr) {
    for (const auto& p : child.ports()) {
        if (p.dir != rtl::Dir::out) continue;
        const Expr n = m.net(prefix + p.name, p.width);
        inputs.emplace_back(p.name, n);
        if (into) into->set(prefix + p.name, n);
    }
    return inputs;
}

}  // namespace

MacBuild build_mac(const GenOptions& o) {
    const bool runtime = o.mode == Mode::runtime_formats;
    const std::string& t = o.top;
    MacBuild build;
    auto add = [&](Module mod, BlockKind kind) -> Module {
        build.modules.push_back({std::move(mod), kind});
        return build.modules.back().module;  // a copy: later push_backs may move the vector
    };

    Module top(t, fmt::format("FFP8 MAC: acc <- round_fp32(acc + a * w), a: {}, w: {}{}, {} formats, {} pipeline stage(s){}.",
                              o.act.name(), o.wgt.name(), o.out ? ", output q: " + o.out->name() : "",
                              runtime ? "runtime" : "static", o.stages, o.input_stage ? ", the first on the inputs" : ""));
    top.input("clk", 1, "rising-edge clock");
    top.input("rst", 1, "synchronous reset, active high");
    const Expr in_valid = top.input("in_valid", 1, "an operation enters this cycle");
    const Expr clear = top.input("clear", 1, "with in_valid: add to +0 instead of acc");
    const Expr load = top.input("load", 1, "with in_valid: add to load_value instead of acc");
    const Expr load_value = top.input("load_value", 32, "binary32");
    const Expr a = top.input("a", o.act.is_fp32 ? 32 : 8, "activation, " + o.act.name());
    const Expr w = top.input("w", o.wgt.is_fp32 ? 32 : 8, "weight, " + o.wgt.name());
    const Expr out_valid = top.output("out_valid", 1, "result of the operation that entered L cycles ago");
    const Expr acc_out = top.output("acc", 32, "binary32 accumulator");
    const Expr flags_out = top.output("flags", 5, "invalid, infinite, overflow, underflow, inexact");
    const Expr q_out = o.out ? top.output("q", 8, "acc encoded to " + o.out->name()) : Expr{};
    FormatPorts act_fmt, wgt_fmt;
    if (runtime) {
        auto format_ports = [&](const std::string& p) {
            return FormatPorts{top.input(p + "_signed", 1, "1: signed (bit 7 is the sign)"),
                               top.input(p + "_exp_bits", 4, "E, exponent field width"),
                               top.input(p + "_bias", 9, "bias, two's complement"),
                               top.input(p + "_policy", 2, "0 finite, 1 ieee, 2 fn, 3 fnuz")};
        };
        act_fmt = format_ports("act");
        wgt_fmt = format_ports("wgt");
    }

    Bundle pipe;
    pipe.set("op_valid", in_valid);
    pipe.set("op_clear", clear);
    pipe.set("op_load", load);
    pipe.set("op_load_value", load_value);
    pipe.set("op_a", a);
    pipe.set("op_w", w);
    if (runtime) {
        for (auto [p, f] : {std::pair{std::string("act"), act_fmt}, std::pair{std::string("wgt"), wgt_fmt}}) {
            pipe.set(p + "_signed", f.is_signed);
            pipe.set(p + "_exp_bits", f.exp_bits);
            pipe.set(p + "_bias", f.bias);
            pipe.set(p + "_policy", f.policy);
        }
    }
    const std::multiset<int> cuts = cut_points(o.stages, o.input_stage);
    int stage = 0;
    auto cut_after = [&](int point) {
        for (std::size_t i = 0; i < cuts.count(point); ++i) pipe.cut(top, ++stage);
    };
    cut_after(0);

    // Segment 1: operand unpack. FFP8 operands go through their decoders straight to the
    // FMA's unpacked form; binary32 operands (the baseline) through the classical unpack.
    top.comment("Operand unpack: FFP8 decoders or the binary32 unpack");
    const std::vector<std::pair<std::string, std::string>> operands{{"act", "x"}, {"wgt", "y"}};
    if (runtime) {
        const Module check = add(blocks::format_check(t + "_fmt_check"), BlockKind::format_config);
        const Module dec = add(blocks::runtime_unpack(t + "_dec"), BlockKind::decoder);
        for (const auto& [p, v] : operands) {
            const Expr ok = top.net(p + "_fmt_ok", 1);
            std::vector<std::pair<std::string, Expr>> fmt{{"fmt_signed", pipe.get(p + "_signed")}, {"fmt_exp_bits", pipe.get(p + "_exp_bits")},
                                                          {"fmt_bias", pipe.get(p + "_bias")}, {"fmt_policy", pipe.get(p + "_policy")}};
            auto check_conn = fmt;
            check_conn.emplace_back("ok", ok);
            top.instance(check.name(), p + "_fmt_check", check_conn);
            auto dec_conn = fmt;
            dec_conn.insert(dec_conn.begin(), {"code", pipe.get(p == "act" ? "op_a" : "op_w")});
            dec_conn.emplace_back("fmt_ok", ok);
            top.instance(dec.name(), p + "_dec", connect_outputs(top, dec, v + "_", dec_conn, &pipe));
            for (const char* f : {"_signed", "_exp_bits", "_bias", "_policy"}) pipe.drop(p + f);
        }
    } else {
        for (const auto& [p, v] : operands) {
            const Format& f = p == "act" ? o.act : o.wgt;
            const Expr operand = pipe.get(p == "act" ? "op_a" : "op_w");
            const Module unpack = f.is_fp32 ? add(blocks::fma_unpack(t + "_fp32_unpack"), BlockKind::fp32_unpack)
                                            : add(blocks::static_unpack(t + "_dec_" + p, f), BlockKind::decoder);
            const std::string port = f.is_fp32 ? "x" : "code";
            top.instance(unpack.name(), f.is_fp32 ? "unpack_" + v : p + "_dec",
                         connect_outputs(top, unpack, v + "_", {{port, operand}}, &pipe));
        }
    }
    pipe.drop("op_a");
    pipe.drop("op_w");
    cut_after(1);

    // Segment 2: product classification and exponent.
    top.comment("FMA: product exponent and classification");
    const Module info = add(blocks::fma_product_info(t + "_fma_product_info"), BlockKind::fma_core);
    {
        std::vector<std::pair<std::string, Expr>> conn;
        for (const auto& [p, v] : operands)
            for (const auto& [port, net] : std::vector<std::pair<std::string, std::string>>{
                     {"sign", "sign"}, {"exp", "exp_n"}, {"zero", "is_zero"}, {"inf", "is_inf"}, {"nan", "is_nan"}, {"snan", "is_snan"}}) {
                conn.emplace_back(v + "_" + port, pipe.get(v + "_" + net));
                pipe.drop(v + "_" + net);
            }
        top.instance(info.name(), "product_info", connect_outputs(top, info, "", conn, &pipe));
    }
    cut_after(2);

    // Segment 3: multiplier tree.
    top.comment("FMA: significand multiplier tree");
    const Module tree = add(blocks::fma_mul_tree(t + "_fma_mul_tree"), BlockKind::fma_core);
    top.instance(tree.name(), "mul_tree",
                 connect_outputs(top, tree, "", {{"sig_x", pipe.get("x_sig_n")}, {"sig_y", pipe.get("y_sig_n")}}, &pipe));
    pipe.drop("x_sig_n");
    pipe.drop("y_sig_n");
    cut_after(3);

    // Segment 4: product adder.
    top.comment("FMA: product adder");
    const Module cpa = add(blocks::fma_mul_cpa(t + "_fma_mul_cpa"), BlockKind::fma_core);
    top.instance(cpa.name(), "mul_cpa",
                 connect_outputs(top, cpa, "",
                                 {{"row_a", pipe.get("row_a")}, {"row_b", pipe.get("row_b")}, {"p_tiny", pipe.get("p_tiny")}},
                                 &pipe));
    pipe.drop("row_a");
    pipe.drop("row_b");
    pipe.drop("p_tiny");
    cut_after(4);

    // Accumulate stage: the one-cycle loop.
    top.comment("Accumulate stage: addend select (clear wins over load), FMA add, accumulator register");
    const Module adder = add(blocks::fma_add(t + "_fma_add"), BlockKind::fma_core);
    const Expr acc_q = top.reg("acc_q", 32);
    const Expr addend = top.wire("addend", mux(pipe.get("op_clear"), lit(32, 0), mux(pipe.get("op_load"), pipe.get("op_load_value"), acc_q)));
    const Expr sum = top.net("sum_result", 32);
    const Expr sum_flags = top.net("sum_flags", 5);
    std::vector<std::pair<std::string, Expr>> conn;
    for (const char* p : {"prod", "p_exp_b", "p_sign", "p_zero", "p_inf", "p_nan", "p_snan", "p_zero_times_inf"})
        conn.emplace_back(p, pipe.get(p));
    conn.emplace_back("c", addend);
    conn.emplace_back("result", sum);
    conn.emplace_back("flags", sum_flags);
    top.instance(adder.name(), "fma_add", conn);
    const Expr valid = pipe.get("op_valid");
    top.drive(acc_q, sum, valid);
    const Expr flags_q = top.flop("flags_q", mux(valid, sum_flags, lit(5, 0)));
    const Expr valid_q = top.flop("valid_q", valid);

    if (o.out) {
        top.comment("Output stage: accumulator encoded to " + o.out->name());
        const Module enc = add(blocks::static_encoder(t + "_enc", *o.out), BlockKind::encoder);
        const Expr code = top.net("acc_code", 8);
        top.instance(enc.name(), "out_enc", {{"x", acc_q}, {"code", code}});
        top.assign_output(out_valid, top.flop("out_valid_q", valid_q));
        top.assign_output(acc_out, top.flop("out_acc_q", acc_q));
        top.assign_output(flags_out, top.flop("out_flags_q", flags_q));
        top.assign_output(q_out, top.flop("out_q_q", code));
    } else {
        top.assign_output(out_valid, valid_q);
        top.assign_output(acc_out, acc_q);
        top.assign_output(flags_out, flags_q);
    }
    build.latency = o.stages + 1 + (o.out ? 1 : 0);
    build.modules.push_back({std::move(top), BlockKind::top});
    return build;
}

}  // namespace ffp8::hw
