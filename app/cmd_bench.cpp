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
#include "option_checks.hpp"
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

// The operands every throughput table measures: n random finite code pairs and their values.
struct Operands {
    std::vector<uint8_t> a, w;
    std::vector<float> x, y;  // decoded a and w
};

Operands random_operands(const Format& act, const Format& wgt, std::size_t n, std::mt19937& rng) {
    Operands o{std::vector<uint8_t>(n), std::vector<uint8_t>(n), std::vector<float>(n), std::vector<float>(n)};
    for (std::size_t i = 0; i < n; ++i) {
        // Finite operands only: NaN codes would make every later step a NaN for both loops.
        do o.a[i] = static_cast<uint8_t>(rng()); while (act.is_nan_code(o.a[i]) || act.is_inf_code(o.a[i]));
        do o.w[i] = static_cast<uint8_t>(rng()); while (wgt.is_nan_code(o.w[i]) || wgt.is_inf_code(o.w[i]));
        o.x[i] = std::bit_cast<float>(decode(act, o.a[i]));
        o.y[i] = std::bit_cast<float>(decode(wgt, o.w[i]));
    }
    return o;
}

// The exact paths are slower: timed on a sixteenth of the operations.
std::size_t exact_ops(std::size_t n) { return std::max<std::size_t>(1024, n / 16); }

// MAC throughput, MAC/s: the native fmaf loop (every other table's reference), the golden paths.
struct MacRates {
    double native = 0, fast = 0, exact = 0;
};

MacRates measure_mac(const Format& act, const Format& wgt, const Operands& o, int repeats) {
    const std::size_t n = o.a.size(), exact_n = exact_ops(n);
    const MacKernel kernel(act, wgt);
    volatile uint32_t sink = 0;
    MacRates r;
    r.native = ops_per_second(n, repeats, [&] {
        sink = std::bit_cast<uint32_t>(native_fma_loop(o.x.data(), o.y.data(), n, 0.0f));
    });
    r.fast = ops_per_second(n, repeats, [&] { sink = kernel.dot(0, o.a.data(), o.w.data(), n).bits; });
    r.exact = ops_per_second(exact_n, repeats, [&] {
        uint32_t acc = 0;
        for (std::size_t i = 0; i < exact_n; ++i) acc = mac_exact(act, wgt, acc, o.a[i], o.w[i]).bits;
        sink = acc;
    });
    return r;
}

void print_mac_table(const Format& act, const Format& wgt, std::size_t n, int repeats, const MacRates& r) {
    fmt::print("MAC throughput, A = {}, W = {}, {} operations, best of {}\n", act.name(), wgt.name(), n, repeats);
    fmt::print("{:<28} {:>14} {:>10}\n", "path", "MAC/s", "vs native");
    fmt::print("{:<28} {:>14.4g} {:>10.3f}\n", "native fmaf loop (fp32)", r.native, 1.0);
    fmt::print("{:<28} {:>14.4g} {:>10.3f}\n", "golden fast (MacKernel)", r.fast, r.fast / r.native);
    fmt::print("{:<28} {:>14.4g} {:>10.3f}\n", "golden exact (mac_exact)", r.exact, r.exact / r.native);
}

// The dot product: K products per rounding, in products per second.
constexpr int dot_exact_lanes = 8;
struct DotRates {
    std::vector<std::pair<int, double>> fast;  // per lane count
    double exact = 0;                          // dot_exact at dot_exact_lanes
};

DotRates measure_dot(const Format& act, const Format& wgt, const Operands& o, int repeats) {
    const std::size_t n = o.a.size(), exact_n = exact_ops(n);
    const DotKernel kernel(act, wgt);
    volatile uint32_t sink = 0;
    DotRates r;
    for (const int lanes : {2, 4, 8, 16})
        r.fast.emplace_back(lanes, ops_per_second(n, repeats, [&] {
                                sink = kernel.dot(0, o.a.data(), o.w.data(), n, lanes).bits;
                            }));
    r.exact = ops_per_second(exact_n, repeats, [&] {
        uint32_t acc = 0;
        for (std::size_t i = 0; i + dot_exact_lanes <= exact_n; i += dot_exact_lanes)
            acc = dot_exact(act, wgt, acc, o.a.data() + i, o.w.data() + i, dot_exact_lanes).bits;
        sink = acc;
    });
    return r;
}

void print_dot_table(const DotRates& r, double native) {
    fmt::print("{:<28} {:>14} {:>10}\n", "dot product, one rounding", "products/s", "vs native");
    for (const auto& [lanes, rate] : r.fast)
        fmt::print("{:<28} {:>14.4g} {:>10.3f}\n", fmt::format("golden fast K={} (DotKernel)", lanes), rate, rate / native);
    fmt::print("{:<28} {:>14.4g} {:>10.3f}\n", "golden exact K=8 (dot_exact)", r.exact, r.exact / native);
}

// Many independent chains, as in a DNN layer (64 channels x 196 positions x 64 products, rows of
// x and y): mac_chains, MACs per second; it is bit-identical to MacKernel::dot per chain.
double measure_chains(const Format& act, const Format& wgt, const Operands& o, int repeats) {
    constexpr std::size_t rows = 64, cols = 196, K = 64;
    const std::size_t n = o.x.size(), layer_macs = rows * cols * K, layers = std::max<std::size_t>(1, n / layer_macs);
    std::vector<float> chain_v(K * cols), chain_s(rows * K), chain_out(rows * cols), zero(rows, 0.0f);
    for (std::size_t i = 0; i < chain_v.size(); ++i) chain_v[i] = o.x[i % n];
    for (std::size_t i = 0; i < chain_s.size(); ++i) chain_s[i] = o.y[(i * 7) % n];
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
    volatile uint32_t sink = 0;
    return ops_per_second(layers * layer_macs, repeats, [&] {
        for (std::size_t l = 0; l < layers; ++l) mac_chains(layer, on_grid);
        sink = std::bit_cast<uint32_t>(chain_out[0]);
    });
}

void print_chains_table(double chains, double native) {
    fmt::print("{:<28} {:>14} {:>10}\n", "independent chains", "MAC/s", "vs native");
    fmt::print("{:<28} {:>14.4g} {:>10.3f}\n", "golden layer (mac_chains)", chains, chains / native);
}

// Encoding binary32 values (rne, saturate) and decoding them again, values per second:
// TableEncoder::quantize against encode() + decode table.
struct EncodeRates {
    double encode = 0, table = 0;
};

EncodeRates measure_encode(const Format& act, std::size_t n, int repeats, std::mt19937& rng) {
    const TableEncoder encoder(act);
    std::array<float, 256> act_value{};
    for (unsigned c = 0; c < act.code_count(); ++c) act_value[c] = std::bit_cast<float>(decode(act, static_cast<uint8_t>(c)));
    std::vector<float> values(n), quantized(n);
    const float top = std::bit_cast<float>(decode(act, act.max_finite_code(false)));
    for (std::size_t i = 0; i < n; ++i)
        values[i] = std::ldexp(static_cast<float>(rng() % 100000) / 100000.0f, -static_cast<int>(rng() % 8)) * top *
                    (act.is_signed && (rng() & 1u) ? -1.0f : 1.0f);
    const std::size_t encode_n = std::max<std::size_t>(1024, n / 8);
    volatile uint32_t sink = 0;
    EncodeRates r;
    r.encode = ops_per_second(encode_n, repeats, [&] {
        for (std::size_t i = 0; i < encode_n; ++i) quantized[i] = act_value[encode(act, std::bit_cast<uint32_t>(values[i])).code];
        sink = std::bit_cast<uint32_t>(quantized[encode_n - 1]);
    });
    r.table = ops_per_second(n, repeats, [&] {
        encoder.quantize(values.data(), n, act_value, quantized.data());
        sink = std::bit_cast<uint32_t>(quantized[n - 1]);
    });
    return r;
}

void print_encode_table(const EncodeRates& r) {
    fmt::print("{:<28} {:>14} {:>10}\n", "encode + decode", "values/s", "vs encode");
    fmt::print("{:<28} {:>14.4g} {:>10.3f}\n", "encode() (rne, saturate)", r.encode, 1.0);
    fmt::print("{:<28} {:>14.4g} {:>10.3f}\n", "TableEncoder::quantize", r.table, r.table / r.encode);
}

// The four throughput tables in one JSON object.
nlohmann::json throughput_json(const Format& act, const Format& wgt, std::size_t n, const MacRates& mac,
                               const DotRates& dot, double chains, const EncodeRates& enc) {
    nlohmann::json j;
    j["act"] = act.name();
    j["wgt"] = wgt.name();
    j["ops"] = n;
    j["native_fma_per_s"] = mac.native;
    j["golden_fast_mac_per_s"] = mac.fast;
    j["golden_exact_mac_per_s"] = mac.exact;
    j["fast_vs_native"] = mac.fast / mac.native;
    j["exact_vs_native"] = mac.exact / mac.native;
    for (const auto& [lanes, rate] : dot.fast) {
        j["golden_fast_dot_products_per_s"][std::to_string(lanes)] = rate;
        j["fast_dot_vs_native"][std::to_string(lanes)] = rate / mac.native;
    }
    j["golden_exact_dot8_products_per_s"] = dot.exact;
    j["exact_dot8_vs_native"] = dot.exact / mac.native;
    j["golden_mac_chains_per_s"] = chains;
    j["mac_chains_vs_native"] = chains / mac.native;
    j["encode_values_per_s"] = enc.encode;
    j["table_encoder_values_per_s"] = enc.table;
    j["table_encoder_vs_encode"] = enc.table / enc.encode;
    return j;
}

// --cosim: the runtime MAC's checked co-simulation against the Verilated model alone.
nlohmann::json cosim_json(const Format& act, const Format& wgt, const sim::CosimBench& b) {
    return {{"act", act.name()},
            {"wgt", wgt.name()},
            {"ops", b.operations},
            {"stages", b.stages},
            {"cosim_ops_per_s", b.cosim_ops_per_s},
            {"verilated_only_ops_per_s", b.verilated_only_ops_per_s},
            {"checking_overhead", b.overhead()},
            {"vector_lines", b.vector_lines},
            {"vectors_lines_per_s", b.vectors_lines_per_s},
            {"vectors_vs_random", b.vectors_lines_per_s / b.cosim_ops_per_s}};
}

void print_cosim_table(const Format& act, const Format& wgt, const sim::CosimBench& b, int repeats) {
    fmt::print("Runtime MAC co-simulation, A = {}, W = {}, stages {}, {} operations, best of {}, one core\n", act.name(),
               wgt.name(), b.stages, b.operations, repeats);
    fmt::print("{:<40} {:>14}\n", "path", "operations/s");
    fmt::print("{:<40} {:>14.4g}\n", "Verilated model alone", b.verilated_only_ops_per_s);
    fmt::print("{:<40} {:>14.4g}\n", "co-simulation, checked every cycle", b.cosim_ops_per_s);
    fmt::print("{:<40} {:>14.4g}\n", "co-simulation from vectors (lines/s)", b.vectors_lines_per_s);
    fmt::print("checking overhead {:.2f}x; vectors ({} TestFloat-format lines read as --vectors FILE) {:.2f}x "
               "the random stimulus\n",
               b.overhead(), b.vector_lines, b.vectors_lines_per_s / b.cosim_ops_per_s);
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
    cmd->add_option("--seed", opt->seed, "Seed of the random operands")->check(whole_number())->capture_default_str();
    cmd->add_flag("--cosim", opt->cosim,
                  "Instead: co-simulation of the runtime MAC RTL with per-cycle checks against the Verilated "
                  "model alone (C++ harness)");
    cmd->add_flag("--json", opt->json, "Print one JSON object instead of the table");
    cmd->add_option("--json-file", opt->json_file, "Also write the JSON object to this file")->check(output_file());
    cmd->callback([opt] {
        const Format act = Format::parse(opt->act), wgt = Format::parse(opt->wgt);
        if (act.is_fp32 || wgt.is_fp32) throw FormatError("bench measures FFP8 operand formats; fp32 is the reference");
        // The JSON object is written to --json-file, then printed instead of the tables with --json.
        auto json_or_tables = [&opt](const nlohmann::json& j, auto&& print_tables) {
            if (!opt->json_file.empty()) write_file_atomically(opt->json_file, j.dump(2) + "\n");
            if (opt->json)
                fmt::print("{}\n", j.dump(2));
            else
                print_tables();
        };
        if (opt->cosim) {
            const sim::CosimBench b = sim::bench_cosim(act, wgt, opt->ops, opt->repeats, opt->seed);
            json_or_tables(cosim_json(act, wgt, b), [&] { print_cosim_table(act, wgt, b, opt->repeats); });
            return;
        }
        std::mt19937 rng(opt->seed);  // the operands', then the encoded values' draws
        const Operands operands = random_operands(act, wgt, opt->ops, rng);
        const MacRates mac = measure_mac(act, wgt, operands, opt->repeats);
        const DotRates dot = measure_dot(act, wgt, operands, opt->repeats);
        const double chains = measure_chains(act, wgt, operands, opt->repeats);
        const EncodeRates enc = measure_encode(act, opt->ops, opt->repeats, rng);
        json_or_tables(throughput_json(act, wgt, opt->ops, mac, dot, chains, enc), [&] {
            print_mac_table(act, wgt, opt->ops, opt->repeats, mac);
            print_dot_table(dot, mac.native);
            print_chains_table(chains, mac.native);
            print_encode_table(enc);
        });
    });
}

const Registration registration{90, add_bench_command};
}  // namespace

}  // namespace ffp8::cli
