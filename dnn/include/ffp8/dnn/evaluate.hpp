// Top-1 evaluation of the six arithmetics (and the K-lane dot-product unit) on a calibrated model.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ffp8/dnn/engine.hpp"
#include "ffp8/dnn/fashion_mnist.hpp"
#include "ffp8/dnn/mcnemar.hpp"
#include "ffp8/dnn/model.hpp"
#include "ffp8/dnn/model_calibration.hpp"
#include "ffp8/dnn/network_search.hpp"

namespace ffp8::dnn {

// Called now and then with the running stage ("fp32", "ffp8", ...) and images done / total.
using Progress = std::function<void(std::string_view stage, std::size_t done, std::size_t total)>;

// The predicted class (argmax of the logits) of the first `count` images of `set`.
std::vector<uint8_t> predictions(const Engine& engine, const ImageSet& set, std::size_t count, std::string_view stage,
                                 const Progress& progress = {});
// Top-1 accuracy in percent of the first `count` images of `set`.
double top1(const Engine& engine, const ImageSet& set, std::size_t count, std::string_view stage,
            const Progress& progress = {});

struct EvalOptions {
    std::size_t limit = 10000;            // test images (the first ones)
    std::size_t calibration_images = 2048;  // of the calibration split, evenly spaced
    CalibrationMode mode = CalibrationMode::network;
    NetworkObjective objective = NetworkObjective::cross_entropy;  // network mode
    int lanes = 1;  // K > 1: one more run, the calibrated FFP8 formats on a K-lane dot-product unit
};

// The evaluated columns, in table order (with EvalOptions::lanes K > 1, "ffp8-dotK" follows them).
inline constexpr const char* run_names[] = {"fp32", "ffp8", "ocp-e4m3", "ocp-e5m2", "int8", "int8-per-channel"};
inline constexpr std::size_t run_count = std::size(run_names);

struct RunResult {
    std::string name;
    double top1 = 0;                  // percent
    double agreement_with_fp32 = 0;   // percent of images with the FP32 run's predicted class
    double seconds = 0;               // CPU seconds of one core
    std::vector<uint8_t> predictions;
};

// Runs `first` and `second` (indices into runs, first < second) compared image by image.
struct RunPair {
    std::size_t first = 0, second = 0;
    PairedComparison comparison;
};

struct EvalResult {
    std::string model;
    std::size_t test_images = 0, calibration_images = 0, macs_per_image = 0;
    ModelCalibration calibration;
    std::vector<std::string> mac_layer_names;
    double calibration_seconds = 0;  // CPU seconds of one core
    int lanes = 1;                   // EvalOptions::lanes: > 1 adds the run "ffp8-dotK" last
    std::vector<RunResult> runs;     // run_names order
    std::vector<RunPair> pairs;      // every pair of runs

    const RunResult& run(std::string_view name) const;
    // The pair in the order asked (counts swapped when the table holds it the other way round).
    PairedComparison comparison(std::string_view first, std::string_view second) const;
};

EvalResult evaluate_model(const Model& model, const ImageSet& train, const ImageSet& test, const EvalOptions& options,
                          const Progress& progress = {});

}  // namespace ffp8::dnn
