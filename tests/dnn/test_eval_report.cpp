// The reports of `ffp8 eval` on hand-made results: every column, mark and number where the
// layout puts it, and the JSON fields dnn/README.md documents.
#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <nlohmann/json.hpp>

#include "ffp8/dnn/eval_report.hpp"

namespace {

using namespace ffp8;
using namespace ffp8::dnn;

LayerFormats formats(const char* act, const char* wgt) { return {Format::parse(act), Format::parse(wgt)}; }

RunResult run(const char* name, double top1, double agreement, double seconds) {
    RunResult r;
    r.name = name;
    r.top1 = top1;
    r.agreement_with_fp32 = agreement;
    r.seconds = seconds;
    return r;
}

// Three runs (one with a name wider than a column), two MAC layers, a whole-network search: fp32 is
// not significantly different from ffp8, int8-per-channel is.
EvalResult small_result() {
    EvalResult r;
    r.model = "net";
    r.test_images = 200;
    r.calibration_images = 64;
    r.macs_per_image = 1234;
    r.mac_layer_names = {"conv", "fc"};
    r.calibration.formats = {formats("ue4m4b7", "se4m3b7"), formats("ue3m5b3", "se2m5b2")};
    r.calibration.activation_max = {6.5f, 3.25f};
    NetworkSearch& s = r.calibration.network;
    s.objective = NetworkObjective::cross_entropy;
    s.starts = {{"search", {}, {0.5, 150, 200}}, {"ocp-e4m3", {}, {0.25, 160, 200}}};
    s.best_start = 1;
    s.trials = 7;
    s.accepted = 2;
    s.score = {0.125, 170, 200};
    r.calibration_seconds = 2.34;
    r.runs = {run("fp32", 90.5, 100, 0.51), run("ffp8", 89, 97.5, 1.04), run("int8-per-channel", 88, 96, 0.76)};
    r.pairs = {{0, 1, {5, 2, 0.453}}, {0, 2, {10, 0, 0.002}}, {1, 2, {8, 1, 0.0391}}};
    return r;
}

TEST(EvalReport, AccuracyTables) {
    EXPECT_EQ(accuracy_tables({small_result()}),
              "top-1 accuracy (%) on Fashion-MNIST test images, same engine for every column;\n"
              "~ : not significantly different from ffp8 (McNemar's exact test, p >= 0.05)\n"
              "model         images     fp32     ffp8 int8-per-channel  ffp8-fp32\n"
              "net              200   90.50~   89.00            88.00       -1.50\n"
              "\n"
              "agreement with the FP32 run's predicted class (%)\n"
              "model         images     fp32     ffp8 int8-per-channel\n"
              "net              200   100.00    97.50            96.00\n"
              "\n"
              "net: paired comparison on 200 test images: images only the first gets right / only the second, "
              "McNemar's exact p\n"
              "              fp32 vs ffp8                5 / 2    p = 0.453  ~ not significant\n"
              "              fp32 vs int8-per-channel   10 / 0    p = 0.002\n"
              "              ffp8 vs int8-per-channel    8 / 1    p = 0.0391\n");
}

TEST(EvalReport, CalibrationSummary) {
    EXPECT_EQ(calibration_summary(small_result()),
              "\n"
              "net: FFP8 formats (calibrated on 64 held-out training images), activation / weight\n"
              "  conv         ue4m4b7      se4m3b7     \n"
              "  fc           ue3m5b3      se2m5b2     \n"
              "  whole-network candidates (calibration cross-entropy, top-1 %): search 0.50000 75.00; "
              "ocp-e4m3 0.25000 80.00;\n"
              "  best start ocp-e4m3, 7 refinements tried, 2 kept: cross-entropy 0.12500, top-1 85.00\n"
              "  CPU time: 1234 MACs/image; calibration 2.3 s, fp32 0.5 s, ffp8 1.0 s, int8-per-channel 0.8 s\n");
}

TEST(EvalReport, CalibrationSummaryWithoutNetworkSearch) {
    EvalResult r = small_result();
    r.calibration.network = {};  // the per-layer modes search no whole network
    EXPECT_EQ(calibration_summary(r),
              "\n"
              "net: FFP8 formats (calibrated on 64 held-out training images), activation / weight\n"
              "  conv         ue4m4b7      se4m3b7     \n"
              "  fc           ue3m5b3      se2m5b2     \n"
              "  CPU time: 1234 MACs/image; calibration 2.3 s, fp32 0.5 s, ffp8 1.0 s, int8-per-channel 0.8 s\n");
    EXPECT_FALSE(result_json(r).contains("calibration_search"));
}

TEST(EvalReport, KlObjectiveNamesItsLoss) {
    EvalResult r = small_result();
    r.calibration.network.objective = NetworkObjective::kl;
    const std::string text = calibration_summary(r);
    EXPECT_NE(text.find("(calibration KL from FP32, top-1 %)"), std::string::npos) << text;
    EXPECT_NE(text.find("kept: KL from FP32 0.12500"), std::string::npos) << text;
    EXPECT_EQ(result_json(r)["calibration_search"]["objective"], "kl");
}

TEST(EvalReport, ResultJson) {
    const nlohmann::json j = result_json(small_result());
    const nlohmann::json expected_keys = {"agreement_with_fp32", "calibration_images", "calibration_search", "comparisons",
                                          "ffp8_top1", "formats", "fp32_top1", "int8_per_channel_top1", "lanes",
                                          "macs_per_image", "model", "seconds", "test_images"};
    nlohmann::json keys = nlohmann::json::array();
    for (const auto& [k, v] : j.items()) keys.push_back(k);
    EXPECT_EQ(keys, expected_keys);
    EXPECT_EQ(j["model"], "net");
    EXPECT_EQ(j["test_images"], 200);
    EXPECT_EQ(j["calibration_images"], 64);
    EXPECT_EQ(j["macs_per_image"], 1234);
    EXPECT_EQ(j["fp32_top1"], 90.5);
    EXPECT_EQ(j["ffp8_top1"], 89.0);
    EXPECT_EQ(j["int8_per_channel_top1"], 88.0);
    EXPECT_EQ(j["lanes"], 1);
    EXPECT_EQ(j["formats"], nlohmann::json::parse(R"([
        {"layer": "conv", "activation": "ue4m4b7", "weight": "se4m3b7", "activation_max_abs": 6.5},
        {"layer": "fc", "activation": "ue3m5b3", "weight": "se2m5b2", "activation_max_abs": 3.25}])"));
    EXPECT_EQ(j["agreement_with_fp32"], nlohmann::json::parse(R"({"fp32": 100.0, "ffp8": 97.5, "int8-per-channel": 96.0})"));
    EXPECT_EQ(j["comparisons"], nlohmann::json::parse(R"([
        {"first": "fp32", "second": "ffp8", "first_right_second_wrong": 5, "second_right_first_wrong": 2,
         "mcnemar_exact_p": 0.453, "significant_at_5_percent": false},
        {"first": "fp32", "second": "int8-per-channel", "first_right_second_wrong": 10, "second_right_first_wrong": 0,
         "mcnemar_exact_p": 0.002, "significant_at_5_percent": true},
        {"first": "ffp8", "second": "int8-per-channel", "first_right_second_wrong": 8, "second_right_first_wrong": 1,
         "mcnemar_exact_p": 0.0391, "significant_at_5_percent": true}])"));
    EXPECT_EQ(j["seconds"], nlohmann::json::parse(R"({"calibration": 2.34, "fp32": 0.51, "ffp8": 1.04, "int8-per-channel": 0.76})"));
    nlohmann::json search = j["calibration_search"];
    EXPECT_EQ(search["objective_description"], describe(NetworkObjective::cross_entropy));
    search.erase("objective_description");
    EXPECT_EQ(search, nlohmann::json::parse(R"({
        "objective": "cross-entropy", "best_start": "ocp-e4m3", "refinement_trials": 7, "refinements_accepted": 2,
        "result": {"loss": 0.125, "correct": 170, "images": 200},
        "starts": [{"name": "search", "score": {"loss": 0.5, "correct": 150, "images": 200}},
                   {"name": "ocp-e4m3", "score": {"loss": 0.25, "correct": 160, "images": 200}}]})"));
}

// Two layers: errors mostly from the weights (and none for INT8 per tensor), and from the
// activations only (the weights exact).
std::vector<LayerReportRow> small_rows() {
    constexpr double inf = std::numeric_limits<double>::infinity();
    return {{"conv", formats("ue4m4b7", "se4m3b7"), 25.46, 32.2, inf, 45.66, 28.44, 28.5, 25.46},
            {"fc", formats("ue3m5b3", "se2m5b2"), 30.06, 31.04, 40.5, 41.5, inf, 20.0, 19.94}};
}

TEST(EvalReport, LayerReportTable) {
    EXPECT_EQ(layer_report_table("net", small_rows(), 64),
              "net: output SQNR (dB) of each MAC layer on 64 calibration images. Layer alone (FP32 input): FFP8, "
              "OCP E4M3,\n"
              "INT8 per tensor / per channel; FFP8 error sources: weights only, input activations only; in the FFP8\n"
              "network (earlier layers' errors included). The lower of weights / activations is the main source.\n"
              "  layer        activation  weight        ffp8   e4m3   int8 int8pc  w-only  a-only network  main source\n"
              "  conv         ue4m4b7     se4m3b7       25.5   32.2    inf   45.7    28.4    28.5    25.5  weights\n"
              "  fc           ue3m5b3     se2m5b2       30.1   31.0   40.5   41.5     inf    20.0    19.9  activations\n");
}

TEST(EvalReport, LayerReportJson) {
    EXPECT_EQ(layer_report_json(small_rows()), nlohmann::json::parse(R"([
        {"layer": "conv", "activation": "ue4m4b7", "weight": "se4m3b7",
         "sqnr_db": {"ffp8": 25.46, "ocp_e4m3": 32.2, "int8": null, "int8_per_channel": 45.66,
                     "ffp8_weights_only": 28.44, "ffp8_activations_only": 28.5, "ffp8_in_network": 25.46},
         "main_source": "weights"},
        {"layer": "fc", "activation": "ue3m5b3", "weight": "se2m5b2",
         "sqnr_db": {"ffp8": 30.06, "ocp_e4m3": 31.04, "int8": 40.5, "int8_per_channel": 41.5,
                     "ffp8_weights_only": null, "ffp8_activations_only": 20.0, "ffp8_in_network": 19.94},
         "main_source": "activations"}])"));
}

}  // namespace
