#include "mac_top.hpp"

#include <fmt/format.h>
#include <set>

#include "ffp8_blocks.hpp"
#include "fma_blocks.hpp"
#include "pipeline.hpp"

namespace ffp8::hw {

using rtl::cat;
using rtl::Expr;
using rtl::lit;
using rtl::Module;
using rtl::mux;

ModuleSet build_mac(const UnitConfig& o) {
    const bool runtime = o.mode == Mode::runtime_formats;
    const std::string t = o.top_name();
    ModuleSet build;
    auto add = [&](Module mod, BlockKind kind) -> Module {
        build.modules.push_back({std::move(mod), kind});
        return build.modules.back().module;  // a copy: later push_backs may move the vector
    };

    Module top(t, fmt::format("FFP8 MAC: acc <- round_fp32(acc + a * w), a: {}, w: {}{}, {} formats, {} pipeline stage(s){}.",
                              o.act.name(), o.wgt.name(), o.out ? ", output q: " + o.out->name() : "",
                              runtime ? "runtime" : "static", o.stages, o.input_stage ? ", the first on the inputs" : "") +
                          slots_description(o));
    // Operand ports as wide as their formats: 32 for fp32, n for an n-bit format (SPEC section 5).
    TopPorts ports = declare_ports(top, o, o.act_lane_bits(), "activation, " + o.act.name(), o.wgt_lane_bits(),
                                   "weight, " + o.wgt.name());
    Bundle& pipe = ports.operation;
    if (runtime) declare_format_ports(top, pipe);
    StagePlacer stages(top, pipe, o);
    stages.after("inputs");

    // Segment 1: operand unpack. FFP8 operands go through their decoders straight to the
    // FMA's unpacked form; binary32 operands (the baseline) through the classical unpack.
    top.comment("Operand unpack: FFP8 decoders or the binary32 unpack");
    const std::vector<std::pair<std::string, std::string>> operands{{"act", "x"}, {"wgt", "y"}};
    if (runtime) {
        const Module check = add(blocks::format_check(t + "_fmt_check"), BlockKind::format_config);
        const Module dec = add(blocks::runtime_unpack(t + "_dec"), BlockKind::decoder);
        for (const auto& [p, v] : operands) {
            const Expr ok = top.net(p + "_fmt_ok", 1);
            const Connections fmt = format_connections(pipe, p);
            auto check_conn = fmt;
            check_conn.emplace_back("ok", ok);
            top.instance(check.name(), p + "_fmt_check", check_conn);
            auto dec_conn = fmt;
            dec_conn.insert(dec_conn.begin(), {"code", pipe.get(p == "act" ? "op_a" : "op_w")});
            dec_conn.emplace_back("fmt_ok", ok);
            top.instance(dec.name(), p + "_dec", connect_outputs(top, dec, v + "_", dec_conn, &pipe));
            for (const char* f : {"_signed", "_exp_bits", "_frac_bits", "_bias", "_policy"}) pipe.drop(p + f);
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
    stages.after("unpack");

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
    stages.after("product_info");

    // Segment 3: multiplier tree; with a cut at mul_rows in two blocks, four carry-save rows between.
    top.comment("FMA: significand multiplier tree");
    const Connections significands{{"sig_x", pipe.get("x_sig_n")}, {"sig_y", pipe.get("y_sig_n")}};
    pipe.drop("x_sig_n");
    pipe.drop("y_sig_n");
    if (stages.cuts_at("mul_rows")) {
        const Module rows = add(blocks::fma_mul_rows(t + "_fma_mul_rows"), BlockKind::fma_core);
        top.instance(rows.name(), "mul_rows", connect_outputs(top, rows, "mul_", significands, &pipe));
        stages.after("mul_rows");
        const Module reduce = add(blocks::fma_mul_reduce(t + "_fma_mul_reduce"), BlockKind::fma_core);
        Connections partial;
        for (int i = 0; i < blocks::mul_cut_rows; ++i) {
            const std::string port = fmt::format("rows_{}", i);
            partial.emplace_back(port, pipe.get("mul_" + port));
            pipe.drop("mul_" + port);
        }
        top.instance(reduce.name(), "mul_reduce", connect_outputs(top, reduce, "", partial, &pipe));
    } else {
        const Module tree = add(blocks::fma_mul_tree(t + "_fma_mul_tree"), BlockKind::fma_core);
        top.instance(tree.name(), "mul_tree", connect_outputs(top, tree, "", significands, &pipe));
    }
    stages.after("mul_tree");

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
    stages.after("mul_cpa");

    // Accumulate stage: the loop (one cycle, or loop_cycles() with slots).
    const Module adder = add(blocks::fma_add(t + "_fma_add", o.loop_cycles()), BlockKind::fma_core);
    accumulate_and_output(top, pipe, adder, "fma_add", o, add, ports.outputs);
    build.latency = o.latency();
    build.loop_module = adder.name();
    build.modules.push_back({std::move(top), BlockKind::top});
    return build;
}

}  // namespace ffp8::hw
