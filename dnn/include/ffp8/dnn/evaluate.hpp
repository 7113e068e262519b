// Per-layer format calibration of a model and top-1 evaluation of the five arithmetics.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ffp8/dnn/engine.hpp"
#include "ffp8/dnn/fashion_mnist.hpp"
#include "ffp8/dnn/model.hpp"

namespace ffp8::dnn {

// output: per-layer joint (activation, weight) choice by the error of the layer's output, layer by
//         layer through the already-quantized network (the default);
// search: each tensor on its own by quantization MSE (FP32 activations);
// rule:   the paper's closed-form observation-based rule per tensor.
enum class CalibrationMode { output, search, rule };
CalibrationMode parse_calibration_mode(std::string_view name);  // "output" | "search" | "rule"

// Activation tensors larger than this are calibrated on an evenly strided sample of this size.
inline constexpr std::size_t max_activation_sample = std::size_t{1} << 18;
// Output mode: the best few formats of each tensor by tensor MSE are paired (n x n pairs)...
inline constexpr std::size_t output_mode_candidates = 5;
// ...and each pair is scored on sampled dot products costing about this many MACs.
inline constexpr std::size_t output_mode_sample_macs = std::size_t{1} << 22;

struct ModelCalibration {
    std::vector<LayerFormats> formats;  // one per MAC layer
    std::vector<float> activation_max;  // max |input| of every MAC layer (int8 scales)
};

// Runs the FP32 engine on the given (training) images, and chooses every MAC layer's activation
// format from the values of its input and its weight format from its weights (search, rule);
// in output mode, then refines layer by layer (see output_error.hpp): for MAC layer i, the
// network with the formats already chosen for layers 0..i-1 gives its inputs, the FP32 network
// its target outputs, and the pair of the best tensor-MSE candidates with the lowest output MSE
// wins. The INT8 activation ranges are the FP32 maxima in every mode.
ModelCalibration calibrate_model(const Model& model, const ImageSet& images, const std::vector<std::size_t>& indices,
                                 CalibrationMode mode);

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
    std::size_t calibration_images = 512;  // training images, evenly spaced
    CalibrationMode mode = CalibrationMode::output;
    int lanes = 1;  // K > 1: also run the calibrated FFP8 formats on a K-lane dot-product unit
};

struct EvalResult {
    std::string model;
    std::size_t test_images = 0, calibration_images = 0, macs_per_image = 0;
    double fp32_top1 = 0, ffp8_top1 = 0, ocp_e4m3_top1 = 0, ocp_e5m2_top1 = 0, int8_top1 = 0;  // percent
    // Percent of the test images on which each run predicts the class the FP32 run predicts
    // (same order as the run seconds; the first is 100).
    double agreement_with_fp32[5] = {};
    ModelCalibration calibration;
    std::vector<std::string> mac_layer_names;
    // CPU seconds (one core): calibration, then each of the five runs (same order as the top-1s).
    double calibration_seconds = 0;
    double run_seconds[5] = {};
    // With EvalOptions::lanes K > 1: the calibrated FFP8 formats with one rounding per K products.
    int lanes = 1;
    double ffp8_lanes_top1 = 0, ffp8_lanes_agreement_with_fp32 = 0, ffp8_lanes_seconds = 0;
};

EvalResult evaluate_model(const Model& model, const ImageSet& train, const ImageSet& test, const EvalOptions& options,
                          const Progress& progress = {});

}  // namespace ffp8::dnn
