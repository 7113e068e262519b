// `ffp8 bench`: throughput of the golden MAC (exact and fast paths), of the K-lane dot product
// (DotKernel::dot, dot_exact; products per second) and of a DNN layer's many chains (mac_chains)
// against a plain native fmaf accumulation loop over the same decoded operands, and of
// TableEncoder::quantize against encode(), all measured in one run.
#include <algorithm>
#include <array>
#include <bit>
#include <chrono>
#include <cmath>
#include <fmt/format.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "commands.hpp"
#include "ffp8/atomic_file.hpp"
#include "ffp8/decode.hpp"
#include "ffp8/dot.hpp"
#include "ffp8/format.hpp"
#include "ffp8/encode.hpp"
#include "ffp8/mac.hpp"
#include "ffp8/mac_chains.hpp"
#include "ffp8/table_encoder.hpp"
#include "ffp8/sim/bench_cosim.hpp"

namespace ffp8::cli {

namespace {

// The reference: what a C++ programmer writes for an FP32 dot product with fused steps.
[[gnu::target_clones("fma", "default"), gnu::noinline]]
float native_fma_loop(const float* x, const float* y, std::size_t n, float acc) {
    for (std::size_t i = 0; i < n; ++i) acc = __builtin_fmaf(x[i], y[i], acc);
    return acc;
}

// Best of `repeats` timings of fn(), in operations per second.
template <class Fn>
double ops_per_second(std::size_t ops, int repeats, Fn&& fn) {
    double best = 0;
    for (int r = 0; r < repeats; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        fn();
        const std::chrono::duration<double> dt = std::chrono::steady_clock::now() - t0;
        best = std::max(best, static_cast<double>(ops) / dt.count());
    }
    return best;
}

}  // namespace

namespace {
void add_bench_command(CLI::App& app) {
    struct Options {
        std::string act = "ue4m4b7", wgt = "se4m3b7", json_file;
        bool json = false, cosim = false;
        std::size_t ops = std::size_t{1} << 24;
        int repeats = 3;
        unsigned seed = 1;
    };
    auto opt = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("bench", "Measure golden MAC throughput against a native fmaf loop");
    cmd->add_option("--act", opt->act, "Activation format")->capture_default_str();
    cmd->add_option("--wgt", opt->wgt, "Weight format")->capture_default_str();
    cmd->add_option("--ops", opt->ops, "Operations per timed run of the fast paths")->capture_default_str()
        ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 30));
    cmd->add_option("--repeats", opt->repeats, "Timed runs per figure (the best is kept)")->capture_default_str()
        ->check(CLI::Range(1, 100));
    cmd->add_option("--seed", opt->seed, "Seed of the random operands")->capture_default_str();
    cmd->add_flag("--cosim", opt->cosim,
                  "Instead: co-simulation of the runtime MAC RTL with per-cycle checks against the Verilated "
                  "model alone (C++ harness)");
    cmd->add_flag("--json", opt->json, "Print one JSON object instead of the table");
    cmd->add_option("--json-file", opt->json_file, "Also write the JSON object to this file");
    cmd->callback([opt] {
        const Format act = Format::parse(opt->act), wgt = Format::parse(opt->wgt);
        if (act.is_fp32 || wgt.is_fp32) throw FormatError("bench measures FFP8 operand formats; fp32 is the reference");
        if (opt->cosim) {
            const sim::CosimBench b = sim::bench_cosim(act, wgt, opt->ops, opt->repeats, opt->seed);
            const nlohmann::json j = {{"act", act.name()},
                                      {"wgt", wgt.name()},
                                      {"ops", b.operations},
                                      {"stages", b.stages},
                                      {"cosim_ops_per_s", b.cosim_ops_per_s},
                                      {"verilated_only_ops_per_s", b.verilated_only_ops_per_s},
                                      {"checking_overhead", b.overhead()},
                                      {"vector_lines", b.vector_lines},
                                      {"vectors_lines_per_s", b.vectors_lines_per_s},
                                      {"vectors_vs_random", b.vectors_lines_per_s / b.cosim_ops_per_s}};
            if (!opt->json_file.empty()) write_file_atomically(opt->json_file, j.dump(2) + "\n");
            if (opt->json) {
                fmt::print("{}\n", j.dump(2));
                return;
            }
            fmt::print("Runtime MAC co-simulation, A = {}, W = {}, stages {}, {} operations, best of {}, one core\n",
                       act.name(), wgt.name(), b.stages, b.operations, opt->repeats);
            fmt::print("{:<40} {:>14}\n", "path", "operations/s");
            fmt::print("{:<40} {:>14.4g}\n", "Verilated model alone", b.verilated_only_ops_per_s);
            fmt::print("{:<40} {:>14.4g}\n", "co-simulation, checked every cycle", b.cosim_ops_per_s);
            fmt::print("{:<40} {:>14.4g}\n", "co-simulation from vectors (lines/s)", b.vectors_lines_per_s);
            fmt::print("checking overhead {:.2f}x; vectors ({} TestFloat-format lines read as --vectors FILE) {:.2f}x "
                       "the random stimulus\n",
                       b.overhead(), b.vector_lines, b.vectors_lines_per_s / b.cosim_ops_per_s);
            return;
        }
        const std::size_t n = opt->ops;
        std::mt19937 rng(opt->seed);
        std::vector<uint8_t> a(n), w(n);
        std::vector<float> x(n), y(n);
        for (std::size_t i = 0; i < n; ++i) {
            // Finite operands only: NaN codes would make every later step a NaN for both loops.
            do a[i] = static_cast<uint8_t>(rng()); while (act.is_nan_code(a[i]) || act.is_inf_code(a[i]));
            do w[i] = static_cast<uint8_t>(rng()); while (wgt.is_nan_code(w[i]) || wgt.is_inf_code(w[i]));
            x[i] = std::bit_cast<float>(decode(act, a[i]));
            y[i] = std::bit_cast<float>(decode(wgt, w[i]));
        }
        const MacKernel kernel(act, wgt);
        volatile uint32_t sink = 0;
        const double native = ops_per_second(n, opt->repeats, [&] {
            sink = std::bit_cast<uint32_t>(native_fma_loop(x.data(), y.data(), n, 0.0f));
        });
        const double fast = ops_per_second(n, opt->repeats, [&] {
            sink = kernel.dot(0, a.data(), w.data(), n).bits;
        });
        const std::size_t exact_n = std::max<std::size_t>(1024, n / 16);
        const double exact = ops_per_second(exact_n, opt->repeats, [&] {
            uint32_t acc = 0;
            for (std::size_t i = 0; i < exact_n; ++i) acc = mac_exact(act, wgt, acc, a[i], w[i]).bits;
            sink = acc;
        });
        // The dot product: K products per rounding, in products per second.
        const DotKernel dot_kernel(act, wgt);
        std::vector<std::pair<int, double>> dot_fast;
        for (const int lanes : {2, 4, 8, 16})
            dot_fast.emplace_back(lanes, ops_per_second(n, opt->repeats, [&] {
                                      sink = dot_kernel.dot(0, a.data(), w.data(), n, lanes).bits;
                                  }));
        constexpr int exact_lanes = 8;
        const double dot_exact_rate = ops_per_second(exact_n, opt->repeats, [&] {
            uint32_t acc = 0;
            for (std::size_t i = 0; i + exact_lanes <= exact_n; i += exact_lanes)
                acc = dot_exact(act, wgt, acc, a.data() + i, w.data() + i, exact_lanes).bits;
            sink = acc;
        });
        // Many independent chains, as in a DNN layer (64 channels x 196 positions x 64 products,
        // rows of x and y): mac_chains, MACs per second; it is bit-identical to MacKernel::dot per chain.
        constexpr std::size_t rows = 64, cols = 196, K = 64;
        const std::size_t layer_macs = rows * cols * K, layers = std::max<std::size_t>(1, n / layer_macs);
        std::vector<float> chain_v(K * cols), chain_s(rows * K), chain_out(rows * cols), zero(rows, 0.0f);
        for (std::size_t i = 0; i < chain_v.size(); ++i) chain_v[i] = x[i % n];
        for (std::size_t i = 0; i < chain_s.size(); ++i) chain_s[i] = y[(i * 7) % n];
        ChainProblem layer;
        layer.v = chain_v.data();
        layer.v_stride = cols;
        layer.s = chain_s.data();
        layer.s_stride = K;
        layer.rows = rows;
        layer.cols = cols;
        layer.K = K;
        layer.init_row = zero.data();
        layer.out = chain_out.data();
        layer.out_stride = cols;
        const bool on_grid = products_on_fp32_grid(act, wgt);
        const double chains = ops_per_second(layers * layer_macs, opt->repeats, [&] {
            for (std::size_t l = 0; l < layers; ++l) mac_chains(layer, on_grid);
            sink = std::bit_cast<uint32_t>(chain_out[0]);
        });
        // Encoding binary32 values (rne, saturate) and decoding them again, values per second:
        // TableEncoder::quantize against encode() + decode table.
        const TableEncoder encoder(act);
        std::array<float, 256> act_value{};
        for (unsigned c = 0; c < 256; ++c) act_value[c] = std::bit_cast<float>(decode(act, static_cast<uint8_t>(c)));
        std::vector<float> values(n), quantized(n);
        const float top = std::bit_cast<float>(decode(act, act.max_finite_code(false)));
        for (std::size_t i = 0; i < n; ++i)
            values[i] = std::ldexp(static_cast<float>(rng() % 100000) / 100000.0f, -static_cast<int>(rng() % 8)) * top *
                        (act.is_signed && (rng() & 1u) ? -1.0f : 1.0f);
        const std::size_t encode_n = std::max<std::size_t>(1024, n / 8);
        const double encode_rate = ops_per_second(encode_n, opt->repeats, [&] {
            for (std::size_t i = 0; i < encode_n; ++i)
                quantized[i] = act_value[encode(act, std::bit_cast<uint32_t>(values[i])).code];
            sink = std::bit_cast<uint32_t>(quantized[encode_n - 1]);
        });
        const double table_rate = ops_per_second(n, opt->repeats, [&] {
            encoder.quantize(values.data(), n, act_value, quantized.data());
            sink = std::bit_cast<uint32_t>(quantized[n - 1]);
        });
        (void)sink;
        nlohmann::json j;
        j["act"] = act.name();
        j["wgt"] = wgt.name();
        j["ops"] = n;
        j["native_fma_per_s"] = native;
        j["golden_fast_mac_per_s"] = fast;
        j["golden_exact_mac_per_s"] = exact;
        j["fast_vs_native"] = fast / native;
        j["exact_vs_native"] = exact / native;
        for (const auto& [lanes, rate] : dot_fast) {
            j["golden_fast_dot_products_per_s"][std::to_string(lanes)] = rate;
            j["fast_dot_vs_native"][std::to_string(lanes)] = rate / native;
        }
        j["golden_exact_dot8_products_per_s"] = dot_exact_rate;
        j["exact_dot8_vs_native"] = dot_exact_rate / native;
        j["golden_mac_chains_per_s"] = chains;
        j["mac_chains_vs_native"] = chains / native;
        j["encode_values_per_s"] = encode_rate;
        j["table_encoder_values_per_s"] = table_rate;
        j["table_encoder_vs_encode"] = table_rate / encode_rate;
        if (!opt->json_file.empty()) write_file_atomically(opt->json_file, j.dump(2) + "\n");
        if (opt->json) {
            fmt::print("{}\n", j.dump(2));
            return;
        }
        fmt::print("MAC throughput, A = {}, W = {}, {} operations, best of {}\n", act.name(), wgt.name(), n,
                   opt->repeats);
        fmt::print("{:<28} {:>14} {:>10}\n", "path", "MAC/s", "vs native");
        fmt::print("{:<28} {:>14.4g} {:>10.3f}\n", "native fmaf loop (fp32)", native, 1.0);
        fmt::print("{:<28} {:>14.4g} {:>10.3f}\n", "golden fast (MacKernel)", fast, fast / native);
        fmt::print("{:<28} {:>14.4g} {:>10.3f}\n", "golden exact (mac_exact)", exact, exact / native);
        fmt::print("{:<28} {:>14} {:>10}\n", "dot product, one rounding", "products/s", "vs native");
        for (const auto& [lanes, rate] : dot_fast)
            fmt::print("{:<28} {:>14.4g} {:>10.3f}\n", fmt::format("golden fast K={} (DotKernel)", lanes), rate,
                       rate / native);
        fmt::print("{:<28} {:>14.4g} {:>10.3f}\n", "golden exact K=8 (dot_exact)", dot_exact_rate,
                   dot_exact_rate / native);
        fmt::print("{:<28} {:>14} {:>10}\n", "independent chains", "MAC/s", "vs native");
        fmt::print("{:<28} {:>14.4g} {:>10.3f}\n", "golden layer (mac_chains)", chains, chains / native);
        fmt::print("{:<28} {:>14} {:>10}\n", "encode + decode", "values/s", "vs encode");
        fmt::print("{:<28} {:>14.4g} {:>10.3f}\n", "encode() (rne, saturate)", encode_rate, 1.0);
        fmt::print("{:<28} {:>14.4g} {:>10.3f}\n", "TableEncoder::quantize", table_rate, table_rate / encode_rate);
    });
}

const Registration registration{90, add_bench_command};
}  // namespace

}  // namespace ffp8::cli
