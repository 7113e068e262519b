// Format calibration of a model and top-1 evaluation of the six arithmetics.
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
#include "ffp8/dnn/network_search.hpp"

namespace ffp8::dnn {

// network: whole-network candidates (the three per-layer choices below, each fixed preset
//          everywhere, a uniform INT8-like grid per tensor) scored by the network's loss on the
//          calibration images, the best refined tensor by tensor (network_search.hpp; the default);
// output:  per-layer joint (activation, weight) choice by the error of the layer's output, layer
//          by layer through the already-quantized network;
// search:  each tensor on its own by quantization MSE (FP32 activations);
// rule:    the paper's closed-form observation-based rule per tensor.
enum class CalibrationMode { network, output, search, rule };
CalibrationMode parse_calibration_mode(std::string_view name);  // "network" | "output" | "search" | "rule"
std::string_view to_string(CalibrationMode m);

// The fixed formats the network mode also starts from, each used for every tensor.
inline constexpr const char* fixed_presets[] = {"ocp-e4m3", "ocp-e5m2", "e4m3fnuz", "e5m2fnuz"};

// Activation tensors larger than this are calibrated on an evenly strided sample of this size.
inline constexpr std::size_t max_activation_sample = std::size_t{1} << 18;
// Output mode: the best few formats of each tensor by tensor MSE are paired (n x n pairs)...
inline constexpr std::size_t output_mode_candidates = 5;
// ...and each pair is scored on sampled dot products costing about this many MACs.
inline constexpr std::size_t output_mode_sample_macs = std::size_t{1} << 22;

struct ModelCalibration {
    std::vector<LayerFormats> formats;  // one per MAC layer
    std::vector<float> activation_max;  // max |input| of every MAC layer (int8 scales)
    NetworkSearch network;              // network mode: the starts, their scores, the refinement
};

// Runs the FP32 engine on the given (calibration) images, and chooses every MAC layer's activation
// format from the values of its input and its weight format from its weights (search, rule);
// in output mode, then refines layer by layer (see output_error.hpp): for MAC layer i, the
// network with the formats already chosen for layers 0..i-1 gives its inputs, the FP32 network
// its target outputs, and the pair of the best tensor-MSE candidates with the lowest output MSE
// wins; in network mode, search_network() from all of those starts (the labels of `images` are
// the objective's). The INT8 activation ranges are the FP32 maxima in every mode.
ModelCalibration calibrate_model(const Model& model, const ImageSet& images, const std::vector<std::size_t>& indices,
                                 CalibrationMode mode, NetworkObjective objective = NetworkObjective::cross_entropy);

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
