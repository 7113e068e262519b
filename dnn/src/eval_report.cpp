#include "ffp8/dnn/eval_report.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <iterator>

namespace ffp8::dnn {

namespace {

// "int8-per-channel" -> "int8_per_channel": run names as JSON keys.
std::string json_key(std::string_view run) {
    std::string k(run);
    for (char& c : k)
        if (c == '-') c = '_';
    return k;
}

nlohmann::json sqnr_json(double db) { return std::isinf(db) ? nlohmann::json(nullptr) : nlohmann::json(db); }

std::string db(double v) { return std::isinf(v) ? "inf" : fmt::format("{:.1f}", v); }

nlohmann::json formats_json(const ModelCalibration& c, const std::vector<std::string>& layers) {
    auto f = nlohmann::json::array();
    for (std::size_t i = 0; i < layers.size(); ++i)
        f.push_back({{"layer", layers[i]},
                     {"activation", c.formats[i].activation.name()},
                     {"weight", c.formats[i].weight.name()},
                     {"activation_max_abs", c.activation_max[i]}});
    return f;
}

// A column is at least 8 characters wide, wider for a longer run name.
std::size_t column_width(const RunResult& run) { return std::max<std::size_t>(8, run.name.size()); }

// The column headings: the runs of the first result.
void append_run_names(std::string& out, const std::vector<EvalResult>& results) {
    for (const auto& run : results.front().runs) fmt::format_to(std::back_inserter(out), " {:>{}}", run.name, column_width(run));
}

// The lower of the two one-operand SQNRs names where a layer's error comes from.
const char* main_source(const LayerReportRow& r) {
    return r.sqnr_weights_only < r.sqnr_activations_only ? "weights" : "activations";
}

}  // namespace

nlohmann::json search_json(const NetworkSearch& s) {
    auto score = [](const NetworkScore& n) {
        return nlohmann::json{{"loss", n.loss}, {"correct", n.correct}, {"images", n.images}};
    };
    nlohmann::json j{{"objective", to_string(s.objective)},
                     {"objective_description", describe(s.objective)},
                     {"best_start", s.starts.at(s.best_start).name},
                     {"refinement_trials", s.trials},
                     {"refinements_accepted", s.accepted},
                     {"result", score(s.score)}};
    auto& st = j["starts"] = nlohmann::json::array();
    for (const auto& c : s.starts) st.push_back({{"name", c.name}, {"score", score(c.score)}});
    return j;
}

nlohmann::json result_json(const EvalResult& r) {
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

std::string accuracy_tables(const std::vector<EvalResult>& results) {
    std::string out;
    auto to = std::back_inserter(out);
    fmt::format_to(to, "top-1 accuracy (%) on Fashion-MNIST test images, same engine for every column;\n"
                       "~ : not significantly different from ffp8 (McNemar's exact test, p >= {})\n", significance_level);
    fmt::format_to(to, "{:<13} {:>6}", "model", "images");
    append_run_names(out, results);
    fmt::format_to(to, " {:>10}\n", "ffp8-fp32");
    for (const auto& r : results) {
        fmt::format_to(to, "{:<13} {:>6}", r.model, r.test_images);
        for (const auto& run : r.runs) {
            const bool same = run.name != "ffp8" && !r.comparison("ffp8", run.name).significant(significance_level);
            fmt::format_to(to, " {:>{}}", fmt::format("{:.2f}{}", run.top1, same ? "~" : " "), column_width(run));
        }
        fmt::format_to(to, " {:>+10.2f}\n", r.run("ffp8").top1 - r.run("fp32").top1);
    }
    fmt::format_to(to, "\nagreement with the FP32 run's predicted class (%)\n{:<13} {:>6}", "model", "images");
    append_run_names(out, results);
    fmt::format_to(to, "\n");
    for (const auto& r : results) {
        fmt::format_to(to, "{:<13} {:>6}", r.model, r.test_images);
        for (const auto& run : r.runs) fmt::format_to(to, " {:>{}.2f}", run.agreement_with_fp32, column_width(run));
        fmt::format_to(to, "\n");
    }
    for (const auto& r : results) {
        fmt::format_to(to, "\n{}: paired comparison on {} test images: images only the first gets right / only the second, "
                           "McNemar's exact p\n", r.model, r.test_images);
        for (const auto& p : r.pairs)
            fmt::format_to(to, "  {:>16} vs {:<16} {:>4} / {:<4} p = {:.3g}{}\n", r.runs[p.first].name,
                           r.runs[p.second].name, p.comparison.first_only, p.comparison.second_only, p.comparison.p_value,
                           p.comparison.significant(significance_level) ? "" : "  ~ not significant");
    }
    return out;
}

std::string calibration_summary(const EvalResult& r) {
    std::string out;
    auto to = std::back_inserter(out);
    fmt::format_to(to, "\n{}: FFP8 formats (calibrated on {} held-out training images), activation / weight\n", r.model,
                   r.calibration_images);
    for (std::size_t i = 0; i < r.mac_layer_names.size(); ++i)
        fmt::format_to(to, "  {:<12} {:<12} {:<12}\n", r.mac_layer_names[i], r.calibration.formats[i].activation.name(),
                       r.calibration.formats[i].weight.name());
    const NetworkSearch& s = r.calibration.network;
    if (!s.starts.empty()) {
        auto top1 = [](const NetworkScore& n) { return 100.0 * static_cast<double>(n.correct) / static_cast<double>(n.images); };
        const char* loss = s.objective == NetworkObjective::kl ? "KL from FP32" : "cross-entropy";
        fmt::format_to(to, "  whole-network candidates (calibration {}, top-1 %):", loss);
        for (const auto& c : s.starts) fmt::format_to(to, " {} {:.5f} {:.2f};", c.name, c.score.loss, top1(c.score));
        fmt::format_to(to, "\n  best start {}, {} refinements tried, {} kept: {} {:.5f}, top-1 {:.2f}\n",
                       s.starts[s.best_start].name, s.trials, s.accepted, loss, s.score.loss, top1(s.score));
    }
    fmt::format_to(to, "  CPU time: {} MACs/image; calibration {:.1f} s", r.macs_per_image, r.calibration_seconds);
    for (const auto& run : r.runs) fmt::format_to(to, ", {} {:.1f} s", run.name, run.seconds);
    fmt::format_to(to, "\n");
    return out;
}

std::string layer_report_table(std::string_view model, const std::vector<LayerReportRow>& rows, std::size_t images) {
    std::string out;
    auto to = std::back_inserter(out);
    fmt::format_to(to, "{}: output SQNR (dB) of each MAC layer on {} calibration images. Layer alone (FP32 input): FFP8, OCP E4M3,\n"
                       "INT8 per tensor / per channel; FFP8 error sources: weights only, input activations only; in the FFP8\n"
                       "network (earlier layers' errors included). The lower of weights / activations is the main source.\n",
                   model, images);
    fmt::format_to(to, "  {:<12} {:<11} {:<11} {:>6} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}  {}\n", "layer", "activation",
                   "weight", "ffp8", "e4m3", "int8", "int8pc", "w-only", "a-only", "network", "main source");
    for (const auto& r : rows)
        fmt::format_to(to, "  {:<12} {:<11} {:<11} {:>6} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}  {}\n", r.layer,
                       r.formats.activation.name(), r.formats.weight.name(), db(r.sqnr_ffp8), db(r.sqnr_ocp_e4m3),
                       db(r.sqnr_int8), db(r.sqnr_int8_per_channel), db(r.sqnr_weights_only), db(r.sqnr_activations_only),
                       db(r.sqnr_in_network), main_source(r));
    return out;
}

nlohmann::json layer_report_json(const std::vector<LayerReportRow>& rows) {
    auto rows_json = nlohmann::json::array();
    for (const auto& r : rows)
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
                             {"main_source", main_source(r)}});
    return rows_json;
}

}  // namespace ffp8::dnn
