// `ffp8 eval --list` | `ffp8 eval --model NAME|all [--json FILE] [--limit N] ...`: top-1 accuracy of
// the shipped Fashion-MNIST models on the bit-accurate engine in FP32, FFP8 with calibrated
// per-tensor formats, OCP E4M3 and E5M2 everywhere, and INT8 with per-tensor symmetric scaling;
// with --lanes K > 1 also the calibrated FFP8 formats on a K-lane dot-product unit.
#include <fmt/format.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <unistd.h>

#include "commands.hpp"
#include "ffp8/atomic_file.hpp"
#include "ffp8/dot.hpp"
#include "ffp8/dnn/evaluate.hpp"
#include "ffp8/dnn/fashion_mnist.hpp"
#include "ffp8/dnn/model.hpp"

namespace ffp8::cli {

namespace {

constexpr const char* run_names[] = {"fp32", "ffp8", "ocp-e4m3", "ocp-e5m2", "int8"};

nlohmann::json result_json(const dnn::EvalResult& r) {
    nlohmann::json j{{"model", r.model},
                     {"test_images", r.test_images},
                     {"calibration_images", r.calibration_images},
                     {"macs_per_image", r.macs_per_image},
                     {"fp32_top1", r.fp32_top1},
                     {"ffp8_top1", r.ffp8_top1},
                     {"ocp_e4m3_top1", r.ocp_e4m3_top1},
                     {"ocp_e5m2_top1", r.ocp_e5m2_top1},
                     {"int8_top1", r.int8_top1}};
    auto& f = j["formats"] = nlohmann::json::array();
    for (std::size_t i = 0; i < r.mac_layer_names.size(); ++i)
        f.push_back({{"layer", r.mac_layer_names[i]},
                     {"activation", r.calibration.formats[i].activation.name()},
                     {"weight", r.calibration.formats[i].weight.name()},
                     {"activation_max_abs", r.calibration.activation_max[i]}});
    auto& a = j["agreement_with_fp32"];
    for (std::size_t i = 0; i < std::size(run_names); ++i) a[run_names[i]] = r.agreement_with_fp32[i];
    auto& s = j["seconds"];
    s["calibration"] = r.calibration_seconds;
    for (std::size_t i = 0; i < std::size(run_names); ++i) s[run_names[i]] = r.run_seconds[i];
    j["lanes"] = r.lanes;
    if (r.lanes > 1) {
        j["ffp8_dot_top1"] = r.ffp8_lanes_top1;
        a["ffp8-dot"] = r.ffp8_lanes_agreement_with_fp32;
        s["ffp8-dot"] = r.ffp8_lanes_seconds;
    }
    return j;
}

void print_table(const std::vector<dnn::EvalResult>& results, int lanes) {
    // With lanes K > 1, a last column: the calibrated FFP8 formats on the K-lane dot-product unit.
    const std::string dot_column = lanes > 1 ? fmt::format("ffp8-dot{}", lanes) : "";
    const auto dot_cell = [&](double v) { return lanes > 1 ? fmt::format(" {:>10.2f}", v) : std::string(); };
    fmt::print("top-1 accuracy (%) on Fashion-MNIST test images, same engine for every column\n");
    fmt::print("{:<10} {:>6} {:>7} {:>7} {:>9} {:>9} {:>7} {:>10}{}\n", "model", "images", "fp32", "ffp8", "ocp-e4m3",
               "ocp-e5m2", "int8", "ffp8-fp32", lanes > 1 ? fmt::format(" {:>10}", dot_column) : "");
    for (const auto& r : results)
        fmt::print("{:<10} {:>6} {:>7.2f} {:>7.2f} {:>9.2f} {:>9.2f} {:>7.2f} {:>+10.2f}{}\n", r.model, r.test_images,
                   r.fp32_top1, r.ffp8_top1, r.ocp_e4m3_top1, r.ocp_e5m2_top1, r.int8_top1, r.ffp8_top1 - r.fp32_top1,
                   dot_cell(r.ffp8_lanes_top1));
    fmt::print("\nagreement with the FP32 run's predicted class (%)\n");
    fmt::print("{:<10} {:>6} {:>7} {:>7} {:>9} {:>9} {:>7}{}\n", "model", "images", "fp32", "ffp8", "ocp-e4m3", "ocp-e5m2", "int8",
               lanes > 1 ? fmt::format(" {:>10}", dot_column) : "");
    for (const auto& r : results) {
        fmt::print("{:<10} {:>6}", r.model, r.test_images);
        for (std::size_t i = 0; i < std::size(run_names); ++i) fmt::print(" {:>{}.2f}", r.agreement_with_fp32[i], i < 2 || i == 4 ? 7 : 9);
        fmt::print("{}\n", dot_cell(r.ffp8_lanes_agreement_with_fp32));
    }
    for (const auto& r : results) {
        fmt::print("\n{}: FFP8 formats (calibrated on {} training images), activation / weight\n", r.model,
                   r.calibration_images);
        for (std::size_t i = 0; i < r.mac_layer_names.size(); ++i)
            fmt::print("  {:<10} {:<12} {:<12}\n", r.mac_layer_names[i], r.calibration.formats[i].activation.name(),
                       r.calibration.formats[i].weight.name());
        fmt::print("  CPU time: {} MACs/image; calibration {:.1f} s", r.macs_per_image, r.calibration_seconds);
        for (std::size_t i = 0; i < std::size(run_names); ++i) fmt::print(", {} {:.1f} s", run_names[i], r.run_seconds[i]);
        if (lanes > 1) fmt::print(", {} {:.1f} s", dot_column, r.ffp8_lanes_seconds);
        fmt::print("\n");
    }
}

void add_eval_command(CLI::App& app) {
    struct Options {
        bool list = false;
        std::string model, json_file, models_dir, data_dir{dnn::default_fashion_mnist_dir}, mode = "output";
        std::size_t limit = 10000, calibration_images = 512;
        int lanes = 1;
    };
    auto opt = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("eval", "Top-1 accuracy of the shipped Fashion-MNIST models: FP32, FFP8 with "
                                           "calibrated per-tensor formats, OCP E4M3/E5M2, INT8");
    cmd->add_flag("--list", opt->list, "Print the model names, one per line");
    cmd->add_option("--model", opt->model, "Model name, or 'all'");
    cmd->add_option("--json", opt->json_file, "Also write the results as JSON to this file");
    cmd->add_option("--limit", opt->limit, "Evaluate the first N test images")->capture_default_str()
        ->check(CLI::Range(std::size_t{1}, std::size_t{10000}));
    cmd->add_option("--calibration-images", opt->calibration_images,
                    "Training images (evenly spaced) for choosing formats and INT8 scales")
        ->capture_default_str()->check(CLI::Range(std::size_t{1}, std::size_t{60000}));
    cmd->add_option("--calibration", opt->mode, "Format choice: output (per layer, lowest output error of the FFP8 dot products), search (per tensor, lowest MSE) or rule")->capture_default_str();
    cmd->add_option("--lanes", opt->lanes,
                    "Also run the calibrated FFP8 formats on a K-lane dot-product unit (one rounding per K "
                    "products): 2, 4, 8 or 16; 1 runs the MAC only")
        ->capture_default_str();
    cmd->add_option("--models-dir", opt->models_dir, "Directory of models (default: the repository's dnn/models)");
    cmd->add_option("--data-dir", opt->data_dir, "Fashion-MNIST IDX files")->capture_default_str();
    cmd->callback([opt] {
        const std::filesystem::path models_dir = opt->models_dir.empty() ? dnn::default_models_dir() : std::filesystem::path(opt->models_dir);
        const std::vector<std::string> names = dnn::list_models(models_dir);
        if (opt->list) {
            for (const auto& n : names) fmt::print("{}\n", n);
            return;
        }
        if (opt->model.empty()) throw std::runtime_error("eval needs --model NAME (or all), or --list");
        if (!lanes_supported(opt->lanes))
            throw std::runtime_error(fmt::format("unsupported lane count {}: expected 1, 2, 4, 8 or 16", opt->lanes));
        std::vector<std::string> chosen;
        if (opt->model == "all") {
            chosen = names;
        } else if (std::find(names.begin(), names.end(), opt->model) != names.end()) {
            chosen = {opt->model};
        } else {
            throw std::runtime_error(fmt::format("unknown model '{}' in {} (ffp8 eval --list names them)", opt->model,
                                                 models_dir.string()));
        }
        dnn::EvalOptions eo;
        eo.limit = opt->limit;
        eo.calibration_images = opt->calibration_images;
        eo.mode = dnn::parse_calibration_mode(opt->mode);
        eo.lanes = opt->lanes;
        const dnn::ImageSet train = dnn::load_fashion_mnist(opt->data_dir, dnn::Split::train);
        const dnn::ImageSet test = dnn::load_fashion_mnist(opt->data_dir, dnn::Split::test);

        std::vector<dnn::EvalResult> results;
        for (const auto& name : chosen) {
            const dnn::Model model = dnn::load_model(models_dir / name);
            dnn::Progress progress;
            if (isatty(STDERR_FILENO))
                progress = [&name](std::string_view stage, std::size_t done, std::size_t total) {
                    fmt::print(stderr, "\r\033[K{}: {} {}/{}", name, stage, done, total);
                    std::fflush(stderr);
                };
            results.push_back(dnn::evaluate_model(model, train, test, eo, progress));
            if (progress) fmt::print(stderr, "\r\033[K");
        }
        print_table(results, opt->lanes);
        if (!opt->json_file.empty()) {
            nlohmann::json j{{"dataset", "fashion-mnist"},
                             {"calibration", opt->mode},
                             {"top1_unit", "percent"},
                             {"models", nlohmann::json::array()}};
            for (const auto& r : results) j["models"].push_back(result_json(r));
            write_file_atomically(opt->json_file, j.dump(2) + "\n");
        }
    });
}

const Registration registration{61, add_eval_command};

}  // namespace

}  // namespace ffp8::cli
