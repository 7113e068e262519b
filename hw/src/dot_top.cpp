#include "dot_top.hpp"

#include <fmt/format.h>

#include "dot_blocks.hpp"
#include "ffp8_blocks.hpp"
#include "fma_blocks.hpp"
#include "pipeline.hpp"

namespace ffp8::hw {

using rtl::cat;
using rtl::Expr;
using rtl::Module;

ModuleSet build_dot(const UnitConfig& o) {
    const std::string t = o.top_name();
    const int K = o.lanes;
    const bool runtime = o.mode == Mode::runtime_formats;
    const blocks::DotShape shape = runtime ? blocks::DotShape::for_runtime(K) : blocks::DotShape::of(o.act, o.wgt, K);
    ModuleSet build;
    auto add = [&](Module mod, BlockKind kind) -> Module {
        build.modules.push_back({std::move(mod), kind});
        return build.modules.back().module;  // a copy: later push_backs may move the vector
    };

    // Lane widths (SPEC section 6): n_A and n_W bits of a static unit's formats, 8 at runtime.
    const int na = o.act_lane_bits(), nw = o.wgt_lane_bits();
    const auto lane_bits = [](int n, const char* name) { return fmt::format("[{}k+{}:{}k] of {}", n, n - 1, n, name); };
    Module top(t, fmt::format("FFP8 dot product of {} lanes: acc <- round_fp32(acc + sum_k a[k] * w[k]), the exact sum "
                              "rounded once; a: {}, w: {}{}, {} formats, {} pipeline stage(s){}. Lane k: bits {}.",
                              K, o.act.name(), o.wgt.name(), o.out ? ", output q: " + o.out->name() : "",
                              runtime ? "runtime" : "static", o.stages,
                              o.input_stage ? ", the first on the inputs" : "",
                              na == 8 && nw == 8 ? "[8k+7:8k] of a and w"
                                                 : lane_bits(na, "a") + ", bits " + lane_bits(nw, "w")) +
                      slots_description(o));
    TopPorts ports = declare_ports(top, o, na * K, fmt::format("{} activation codes, {}", K, o.act.name()), nw * K,
                                   fmt::format("{} weight codes, {}", K, o.wgt.name()));
    Bundle& pipe = ports.operation;
    if (runtime) declare_format_ports(top, pipe);
    StagePlacer stages(top, pipe, o);
    stages.after("inputs");

    // Segment 1: the FFP8 decoders, one per operand and lane (one module per format; in runtime
    // mode one module for both, the formats from the ports, checked once per operand).
    top.comment("Operand decoders, one per lane and operand");
    if (runtime) {
        // The word's position: lanes shift by exp_n_a + exp_n_w + bias_a + bias_w - 256; bit 0 of the
        // word weighs 2^(-12 - bias_a - bias_w), the fused add's window top P + 140 - bias_a - bias_w.
        const int EW = shape.add.exp_bits;
        const Expr bias_a = pipe.get("act_bias"), bias_w = pipe.get("wgt_bias");
        pipe.set("bias_offset", top.wire("bias_offset", rtl::sext(bias_a, 10) + rtl::sext(bias_w, 10) - rtl::lit(10, 256)));
        pipe.set("p_exp_b", top.wire("sum_top_field", rtl::lit(EW, static_cast<uint64_t>(shape.field_bits + 140)) -
                                                          (rtl::sext(bias_a, EW) + rtl::sext(bias_w, EW))));
    }
    const std::vector<std::tuple<std::string, std::string, const Format*, int>> operands{
        {"act", "x", &o.act, shape.sig_a}, {"wgt", "y", &o.wgt, shape.sig_w}};
    const Module runtime_dec = runtime ? add(blocks::runtime_unpack(t + "_dec"), BlockKind::decoder) : Module(t, "");
    const Module check = runtime ? add(blocks::format_check(t + "_fmt_check"), BlockKind::format_config) : Module(t, "");
    for (const auto& [p, v, f, sig_bits] : operands) {
        const Module dec = runtime ? runtime_dec : add(blocks::static_unpack(t + "_dec_" + p, *f), BlockKind::decoder);
        const Expr codes = pipe.get(p == "act" ? "op_a" : "op_w");
        const int n = p == "act" ? na : nw;
        Connections fmt_conn;
        if (runtime) {
            const Connections fmt = format_connections(pipe, p);
            const Expr ok = top.net(p + "_fmt_ok", 1);
            Connections check_conn = fmt;
            check_conn.emplace_back("ok", ok);
            top.instance(check.name(), p + "_fmt_check", check_conn);
            fmt_conn = fmt;
            fmt_conn.emplace_back("fmt_ok", ok);
            for (const char* field : {"_signed", "_exp_bits", "_frac_bits", "_bias", "_policy"}) pipe.drop(p + field);
        }
        for (int k = 0; k < K; ++k) {
            const std::string lane = fmt::format("{}{}_", v, k);
            Connections conn{{"code", codes.slice(n * k + n - 1, n * k)}};
            conn.insert(conn.end(), fmt_conn.begin(), fmt_conn.end());
            top.instance(dec.name(), fmt::format("{}_dec{}", p, k), connect_outputs(top, dec, lane, conn));
            const Expr sig_n = Expr::net_ref(lane + "sig_n", 24);
            pipe.set(lane + "sign", Expr::net_ref(lane + "sign", 1));
            pipe.set(lane + "exp", Expr::net_ref(lane + "exp_n", 10));
            pipe.set(lane + "sig", sig_n.slice(23, 24 - sig_bits));
            pipe.set(lane + "zero", Expr::net_ref(lane + "is_zero", 1));
            pipe.set(lane + "inf", Expr::net_ref(lane + "is_inf", 1));
            pipe.set(lane + "nan", Expr::net_ref(lane + "is_nan", 1));
            if (sig_bits < 24) top.sink_unused(sig_n.slice(23 - sig_bits, 0));
            top.sink_unused(Expr::net_ref(lane + "is_snan", 1));  // FFP8 NaNs are quiet
        }
    }
    pipe.drop("op_a");
    pipe.drop("op_w");
    stages.after("decoders");

    // Segment 2: the lanes, each an exact signed product placed in the sum word.
    top.comment("Lanes: significand products shifted into the exact sum word");
    const Module lane = add(blocks::dot_lane(t + "_dot_lane", shape), BlockKind::dot_lanes);
    for (int k = 0; k < K; ++k) {
        Connections conn;
        for (const char* v : {"x", "y"})
            for (const char* port : {"sign", "exp", "sig", "zero", "inf", "nan"}) {
                const std::string key = fmt::format("{}{}_{}", v, k, port);
                conn.emplace_back(fmt::format("{}_{}", v, port), pipe.get(key));
                pipe.drop(key);
            }
        if (runtime) conn.emplace_back("bias_offset", pipe.get("bias_offset"));
        top.instance(lane.name(), fmt::format("lane{}", k), connect_outputs(top, lane, fmt::format("lane{}_", k), conn, &pipe));
    }
    if (runtime) pipe.drop("bias_offset");
    stages.after("lanes");

    // Segment 3: the carry-save tree over the lanes; with a cut at dot_rows in two blocks, the
    // rows after the first half of its stages registered between.
    top.comment("Carry-save reduction of the lanes' rows");
    const bool cut_tree = stages.cuts_at("dot_rows");
    const Module tree = add(cut_tree ? blocks::dot_tree_rows(t + "_dot_tree_rows", shape) : blocks::dot_tree(t + "_dot_tree", shape),
                            BlockKind::dot_reduce);
    {
        Connections conn;
        for (int k = 0; k < K; ++k) {
            const std::string key = fmt::format("lane{}_row", k);
            conn.emplace_back(fmt::format("row{}", k), pipe.get(key));
            pipe.drop(key);
        }
        for (const auto& [port, from] : std::vector<std::pair<std::string, std::string>>{
                 {"lane_sign", "l_sign"}, {"lane_zero", "l_zero"}, {"lane_inf", "l_inf"}, {"lane_nan", "l_nan"},
                 {"lane_zero_times_inf", "l_zero_times_inf"}}) {
            std::vector<Expr> bits;  // most significant (lane K-1) first
            for (int k = K - 1; k >= 0; --k) {
                const std::string key = fmt::format("lane{}_{}", k, from);
                bits.push_back(pipe.get(key));
                pipe.drop(key);
            }
            conn.emplace_back(port, cat(bits));
        }
        top.instance(tree.name(), "tree", connect_outputs(top, tree, "", conn, &pipe));
    }
    if (cut_tree) {
        stages.after("dot_rows");
        const Module reduce = add(blocks::dot_tree_reduce(t + "_dot_tree_reduce", shape), BlockKind::dot_reduce);
        Connections partial;
        for (int i = 0; i < blocks::dot_cut_rows(K); ++i) {
            const std::string port = fmt::format("rows_{}", i);
            partial.emplace_back(port, pipe.get(port));
            pipe.drop(port);
        }
        top.instance(reduce.name(), "tree_reduce", connect_outputs(top, reduce, "", partial, &pipe));
    }
    stages.after("dot_tree");

    // Segment 4: the sum adder (sign and magnitude of the exact sum).
    top.comment("Sum adder: the exact sum's sign and magnitude");
    const Module cpa = add(blocks::dot_cpa(t + "_dot_cpa", shape), BlockKind::dot_reduce);
    {
        Connections conn;
        for (const auto& p : cpa.ports()) {
            if (p.dir == rtl::Dir::out) continue;
            conn.emplace_back(p.name, pipe.get(p.name));
            pipe.drop(p.name);
        }
        top.instance(cpa.name(), "sum_cpa", connect_outputs(top, cpa, "", conn, &pipe));
    }
    stages.after("dot_cpa");

    // Accumulate stage: the loop (one cycle, or loop_cycles() with slots), the exact sum fused with
    // the accumulator.
    blocks::FusedAddShape add_shape = shape.add;
    add_shape.loop_cycles = o.loop_cycles();
    const Module adder = add(blocks::fused_add(t + "_dot_add", add_shape), BlockKind::dot_add);
    accumulate_and_output(top, pipe, adder, "dot_add", o, add, ports.outputs);
    build.latency = o.latency();
    build.loop_module = adder.name();
    build.modules.push_back({std::move(top), BlockKind::top});
    return build;
}

}  // namespace ffp8::hw
