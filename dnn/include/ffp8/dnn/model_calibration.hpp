// Calibration of a whole model: every MAC layer's (activation, weight) FFP8 formats and INT8
// activation range, from the FP32 network on calibration images, in one of four modes. The
// per-tensor choices are calibrate.hpp's; the whole-network search is network_search.hpp's.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "ffp8/dnn/engine.hpp"
#include "ffp8/dnn/fashion_mnist.hpp"
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

}  // namespace ffp8::dnn
