// `ffp8 eval --list` | `ffp8 eval --model NAME|all [--json FILE] [--limit N] [--layers] ...`: top-1
// accuracy of the shipped Fashion-MNIST models on the bit-accurate engine in FP32, FFP8 with
// calibrated per-tensor formats, OCP E4M3 and E5M2 everywhere, INT8 with per-tensor and with
// per-channel weight scales, each pair of columns compared with McNemar's exact test; or, with
// --layers, where each layer's error comes from. With --lanes K > 1 one more column: the calibrated
// FFP8 formats on a K-lane dot-product unit (one rounding per K products).
#include <algorithm>
#include <fmt/format.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <unistd.h>

#include "commands.hpp"
#include "output_paths.hpp"
#include "ffp8/atomic_file.hpp"
#include "ffp8/dnn/eval_report.hpp"
#include "ffp8/dnn/evaluate.hpp"
#include "ffp8/dnn/fashion_mnist.hpp"
#include "ffp8/dnn/layer_report.hpp"
#include "ffp8/dnn/model.hpp"
#include "ffp8/dnn/model_calibration.hpp"
#include "ffp8/dot.hpp"
#include "ffp8/quoted_text.hpp"
#include "option_checks.hpp"

namespace ffp8::cli {

namespace {

void add_eval_command(CLI::App& app) {
    struct Options {
        bool list = false, layers = false;
        std::string model, json_file, models_dir, data_dir{dnn::default_fashion_mnist_dir}, mode = "network",
                    objective = "cross-entropy";
        std::size_t limit = 10000, calibration_images = dnn::EvalOptions{}.calibration_images;
        int lanes = 1;
    };
    auto opt = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("eval", "Top-1 accuracy of the shipped Fashion-MNIST models: FP32, FFP8 with "
                                           "calibrated per-tensor formats, OCP E4M3/E5M2, INT8 per tensor and per channel");
    cmd->add_flag("--list", opt->list, "Print the model names, one per line");
    cmd->add_option("--model", opt->model, "Model name, or 'all'");
    cmd->add_flag("--layers", opt->layers,
                  "Instead of the test-set table: calibrate, then print each MAC layer's formats and output SQNR "
                  "under FFP8, OCP E4M3 and INT8, and where its error comes from");
    cmd->add_option("--json", opt->json_file, "Also write the results as JSON to this file")->check(output_file());
    cmd->add_option("--limit", opt->limit, "Evaluate the first N test images")->capture_default_str()
        ->check(CLI::Range(std::size_t{1}, std::size_t{10000}));
    cmd->add_option("--calibration-images", opt->calibration_images,
                    "Images of the calibration split (training images 55000-59999, never trained on; evenly spaced) "
                    "for choosing formats and INT8 ranges")
        ->capture_default_str()->check(CLI::Range(std::size_t{1}, std::size_t{60000 - dnn::calibration_split_begin}));
    cmd->add_option("--calibration", opt->mode,
                    "Format choice: network (whole-network candidates scored by the calibration loss, then refined), "
                    "output (per layer, lowest output error), search (per tensor, lowest MSE) or rule")
        ->capture_default_str();
    cmd->add_option("--objective", opt->objective,
                    "Network mode's calibration loss: cross-entropy (of the labels) or kl (from the FP32 network's "
                    "class probabilities)")
        ->capture_default_str();
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
            throw std::runtime_error(fmt::format("unknown model {} in {} (ffp8 eval --list names them)", quoted_text(opt->model),
                                                 models_dir.string()));
        }
        std::vector<RunPath> inputs;
        for (const auto& name : chosen) inputs.push_back({fmt::format("the model folder of {}", name), models_dir / name, true});
        for (const auto& file : dnn::fashion_mnist_files(opt->data_dir)) inputs.push_back({"a Fashion-MNIST file", file});
        check_outputs_apart({{"--json", opt->json_file}}, inputs);
        dnn::EvalOptions eo;
        eo.limit = opt->limit;
        eo.calibration_images = opt->calibration_images;
        eo.mode = dnn::parse_calibration_mode(opt->mode);
        eo.objective = dnn::parse_network_objective(opt->objective);
        eo.lanes = opt->lanes;
        std::vector<dnn::Model> models;  // all loaded first: a damaged model fails before any work
        for (const auto& name : chosen) {
            models.push_back(dnn::load_model(models_dir / name));
            if (models.back().classes != 10)  // Fashion-MNIST's labels are 0..9
                throw std::runtime_error(fmt::format("{}: the model has {} classes; Fashion-MNIST has 10",
                                                     (models_dir / name / "model.json").string(), models.back().classes));
        }
        const dnn::ImageSet train = dnn::load_fashion_mnist(opt->data_dir, dnn::Split::train);

        nlohmann::json j{{"dataset", "fashion-mnist"},
                         {"calibration", opt->mode},
                         {"objective", opt->objective},
                         {"calibration_split", fmt::format("training images {}-{}", dnn::calibration_split_begin, train.size() - 1)},
                         {"top1_unit", "percent"},
                         {"models", nlohmann::json::array()}};
        if (opt->layers) {
            const auto indices = dnn::calibration_indices(train, eo.calibration_images);
            for (const dnn::Model& model : models) {
                const dnn::ModelCalibration c = dnn::calibrate_model(model, train, indices, eo.mode, eo.objective);
                const auto rows = dnn::layer_report(model, c.formats, c.activation_max, train, indices);
                auto m = nlohmann::json{{"model", model.name}, {"calibration_images", indices.size()}};
                fmt::print("{}", dnn::layer_report_table(model.name, rows, indices.size()));
                m["layers"] = dnn::layer_report_json(rows);
                if (!c.network.starts.empty()) m["calibration_search"] = dnn::search_json(c.network);
                j["models"].push_back(std::move(m));
            }
        } else {
            const dnn::ImageSet test = dnn::load_fashion_mnist(opt->data_dir, dnn::Split::test);
            std::vector<dnn::EvalResult> results;
            for (const dnn::Model& model : models) {
                dnn::Progress progress;
                if (isatty(STDERR_FILENO))
                    progress = [&model](std::string_view stage, std::size_t done, std::size_t total) {
                        fmt::print(stderr, "\r\033[K{}: {} {}/{}", model.name, stage, done, total);
                        std::fflush(stderr);
                    };
                results.push_back(dnn::evaluate_model(model, train, test, eo, progress));
                if (progress) fmt::print(stderr, "\r\033[K");
            }
            fmt::print("{}", dnn::accuracy_tables(results));
            for (const auto& r : results) fmt::print("{}", dnn::calibration_summary(r));
            for (const auto& r : results) j["models"].push_back(dnn::result_json(r));
        }
        if (!opt->json_file.empty()) write_file_atomically(opt->json_file, j.dump(2) + "\n");
    });
}

const Registration registration{61, add_eval_command};

}  // namespace

}  // namespace ffp8::cli
