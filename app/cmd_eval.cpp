// `ffp8 eval --list` | `ffp8 eval --model NAME|all [--json FILE] [--limit N] [--layers] ...`: top-1
// accuracy of the shipped Fashion-MNIST models on the bit-accurate engine in FP32, FFP8 with
// calibrated per-tensor formats, OCP E4M3 and E5M2 everywhere, INT8 with per-tensor and with
// per-channel weight scales, each pair of columns compared with McNemar's exact test; or, with
// --layers, where each layer's error comes from. With --lanes K > 1 one more column: the calibrated
// FFP8 formats on a K-lane dot-product unit (one rounding per K products).
#include <cmath>
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
#include "ffp8/dnn/layer_report.hpp"
#include "ffp8/dnn/model.hpp"

namespace ffp8::cli {

namespace {

constexpr double significance_level = 0.05;

std::string json_key(std::string_view run) {
    std::string k(run);
    for (char& c : k)
        if (c == '-') c = '_';
    return k;
}

nlohmann::json sqnr_json(double db) { return std::isinf(db) ? nlohmann::json(nullptr) : nlohmann::json(db); }

nlohmann::json formats_json(const dnn::ModelCalibration& c, const std::vector<std::string>& layers) {
    auto f = nlohmann::json::array();
    for (std::size_t i = 0; i < layers.size(); ++i)
        f.push_back({{"layer", layers[i]},
                     {"activation", c.formats[i].activation.name()},
                     {"weight", c.formats[i].weight.name()},
                     {"activation_max_abs", c.activation_max[i]}});
    return f;
}

nlohmann::json search_json(const dnn::NetworkSearch& s) {
    auto score = [](const dnn::NetworkScore& n) {
        return nlohmann::json{{"loss", n.loss}, {"correct", n.correct}, {"images", n.images}};
    };
    nlohmann::json j{{"objective", dnn::to_string(s.objective)},
                     {"objective_description", dnn::describe(s.objective)},
                     {"best_start", s.starts.at(s.best_start).name},
                     {"refinement_trials", s.trials},
                     {"refinements_accepted", s.accepted},
                     {"result", score(s.score)}};
    auto& st = j["starts"] = nlohmann::json::array();
    for (const auto& c : s.starts) st.push_back({{"name", c.name}, {"score", score(c.score)}});
    return j;
}

nlohmann::json result_json(const dnn::EvalResult& r) {
    nlohmann::json j{{"model", r.model},
                     {"test_images", r.test_images},
                     {"calibration_images", r.calibration_images},
                     {"macs_per_image", r.macs_per_image}};
    for (const auto& run : r.runs) j[json_key(run.name) + "_top1"] = run.top1;
    j["formats"] = formats_json(r.calibration, r.mac_layer_names);
    if (!r.calibration.network.starts.empty()) j["calibration_search"] = search_json(r.calibration.network);
    auto& a = j["agreement_with_fp32"];
    for (const auto& run : r.runs) a[run.name] = run.agreement_with_fp32;
    auto& cmp = j["comparisons"] = nlohmann::json::array();
    for (const auto& p : r.pairs)
        cmp.push_back({{"first", r.runs[p.first].name},
                       {"second", r.runs[p.second].name},
                       {"first_right_second_wrong", p.comparison.first_only},
                       {"second_right_first_wrong", p.comparison.second_only},
                       {"mcnemar_exact_p", p.comparison.p_value},
                       {"significant_at_5_percent", p.comparison.significant(significance_level)}});
    j["lanes"] = r.lanes;
    auto& s = j["seconds"];
    s["calibration"] = r.calibration_seconds;
    for (const auto& run : r.runs) s[run.name] = run.seconds;
    return j;
}

// The column headings: the runs of the first result (every result has the same runs).
void print_run_names(const std::vector<dnn::EvalResult>& results) {
    for (const auto& run : results.front().runs) fmt::print(" {:>{}}", run.name, std::max<std::size_t>(8, run.name.size()));
}

void print_table(const std::vector<dnn::EvalResult>& results) {
    fmt::print("top-1 accuracy (%) on Fashion-MNIST test images, same engine for every column;\n"
               "~ : not significantly different from ffp8 (McNemar's exact test, p >= {})\n", significance_level);
    fmt::print("{:<13} {:>6}", "model", "images");
    print_run_names(results);
    fmt::print(" {:>10}\n", "ffp8-fp32");
    for (const auto& r : results) {
        fmt::print("{:<13} {:>6}", r.model, r.test_images);
        for (const auto& run : r.runs) {
            const bool same = run.name != "ffp8" && !r.comparison("ffp8", run.name).significant(significance_level);
            fmt::print(" {:>{}}", fmt::format("{:.2f}{}", run.top1, same ? "~" : " "), std::max<std::size_t>(8, run.name.size()));
        }
        fmt::print(" {:>+10.2f}\n", r.run("ffp8").top1 - r.run("fp32").top1);
    }
    fmt::print("\nagreement with the FP32 run's predicted class (%)\n{:<13} {:>6}", "model", "images");
    print_run_names(results);
    fmt::print("\n");
    for (const auto& r : results) {
        fmt::print("{:<13} {:>6}", r.model, r.test_images);
        for (const auto& run : r.runs) fmt::print(" {:>{}.2f}", run.agreement_with_fp32, std::max<std::size_t>(8, run.name.size()));
        fmt::print("\n");
    }
    for (const auto& r : results) {
        fmt::print("\n{}: paired comparison on {} test images: images only the first gets right / only the second, "
                   "McNemar's exact p\n", r.model, r.test_images);
        for (const auto& p : r.pairs)
            fmt::print("  {:>16} vs {:<16} {:>4} / {:<4} p = {:.3g}{}\n", r.runs[p.first].name, r.runs[p.second].name,
                       p.comparison.first_only, p.comparison.second_only, p.comparison.p_value,
                       p.comparison.significant(significance_level) ? "" : "  ~ not significant");
    }
}

void print_calibration(const dnn::EvalResult& r) {
    fmt::print("\n{}: FFP8 formats (calibrated on {} held-out training images), activation / weight\n", r.model,
               r.calibration_images);
    for (std::size_t i = 0; i < r.mac_layer_names.size(); ++i)
        fmt::print("  {:<12} {:<12} {:<12}\n", r.mac_layer_names[i], r.calibration.formats[i].activation.name(),
                   r.calibration.formats[i].weight.name());
    const dnn::NetworkSearch& s = r.calibration.network;
    if (!s.starts.empty()) {
        const char* loss = s.objective == dnn::NetworkObjective::kl ? "KL from FP32" : "cross-entropy";
        fmt::print("  whole-network candidates (calibration {}, top-1 %):", loss);
        for (const auto& c : s.starts)
            fmt::print(" {} {:.5f} {:.2f};", c.name, c.score.loss,
                       100.0 * static_cast<double>(c.score.correct) / static_cast<double>(c.score.images));
        fmt::print("\n  best start {}, {} refinements tried, {} kept: {} {:.5f}, top-1 {:.2f}\n", s.starts[s.best_start].name,
                   s.trials, s.accepted, loss, s.score.loss, 100.0 * static_cast<double>(s.score.correct) / static_cast<double>(s.score.images));
    }
    fmt::print("  CPU time: {} MACs/image; calibration {:.1f} s", r.macs_per_image, r.calibration_seconds);
    for (const auto& run : r.runs) fmt::print(", {} {:.1f} s", run.name, run.seconds);
    fmt::print("\n");
}

std::string db(double v) { return std::isinf(v) ? "inf" : fmt::format("{:.1f}", v); }

nlohmann::json print_layer_report(const dnn::Model& model, const std::vector<dnn::LayerReportRow>& rows, std::size_t images) {
    fmt::print("{}: output SQNR (dB) of each MAC layer on {} calibration images. Layer alone (FP32 input): FFP8, OCP E4M3,\n"
               "INT8 per tensor / per channel; FFP8 error sources: weights only, input activations only; in the FFP8\n"
               "network (earlier layers' errors included). The lower of weights / activations is the main source.\n",
               model.name, images);
    fmt::print("  {:<12} {:<11} {:<11} {:>6} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}  {}\n", "layer", "activation", "weight",
               "ffp8", "e4m3", "int8", "int8pc", "w-only", "a-only", "network", "main source");
    auto rows_json = nlohmann::json::array();
    for (const auto& r : rows) {
        const char* source = r.sqnr_weights_only < r.sqnr_activations_only ? "weights" : "activations";
        fmt::print("  {:<12} {:<11} {:<11} {:>6} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}  {}\n", r.layer,
                   r.formats.activation.name(), r.formats.weight.name(), db(r.sqnr_ffp8), db(r.sqnr_ocp_e4m3), db(r.sqnr_int8),
                   db(r.sqnr_int8_per_channel), db(r.sqnr_weights_only), db(r.sqnr_activations_only), db(r.sqnr_in_network), source);
        rows_json.push_back({{"layer", r.layer},
                             {"activation", r.formats.activation.name()},
                             {"weight", r.formats.weight.name()},
                             {"sqnr_db",
                              {{"ffp8", sqnr_json(r.sqnr_ffp8)},
                               {"ocp_e4m3", sqnr_json(r.sqnr_ocp_e4m3)},
                               {"int8", sqnr_json(r.sqnr_int8)},
                               {"int8_per_channel", sqnr_json(r.sqnr_int8_per_channel)},
                               {"ffp8_weights_only", sqnr_json(r.sqnr_weights_only)},
                               {"ffp8_activations_only", sqnr_json(r.sqnr_activations_only)},
                               {"ffp8_in_network", sqnr_json(r.sqnr_in_network)}}},
                             {"main_source", source}});
    }
    return rows_json;
}

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
    cmd->add_option("--json", opt->json_file, "Also write the results as JSON to this file");
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
            throw std::runtime_error(fmt::format("unknown model '{}' in {} (ffp8 eval --list names them)", opt->model,
                                                 models_dir.string()));
        }
        dnn::EvalOptions eo;
        eo.limit = opt->limit;
        eo.calibration_images = opt->calibration_images;
        eo.mode = dnn::parse_calibration_mode(opt->mode);
        eo.objective = dnn::parse_network_objective(opt->objective);
        eo.lanes = opt->lanes;
        std::vector<dnn::Model> models;  // all loaded first: a damaged model fails before any work
        for (const auto& name : chosen) models.push_back(dnn::load_model(models_dir / name));
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
                m["layers"] = print_layer_report(model, rows, indices.size());
                if (!c.network.starts.empty()) m["calibration_search"] = search_json(c.network);
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
            print_table(results);
            for (const auto& r : results) print_calibration(r);
            for (const auto& r : results) j["models"].push_back(result_json(r));
        }
        if (!opt->json_file.empty()) write_file_atomically(opt->json_file, j.dump(2) + "\n");
    });
}

const Registration registration{61, add_eval_command};

}  // namespace

}  // namespace ffp8::cli
